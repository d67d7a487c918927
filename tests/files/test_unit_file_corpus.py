"""The corpus of messy unit files (tests/files/unit_file_corpus.py) through the real import:
each file checked by the services (field by field, refused rows by row, column and reason) and
imported by the command line into a scratch data folder, its people read back field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.files.unit_file_corpus import CASES, Case, differences, plan_case, plan_differences


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_file_plans_field_by_field(ctx, tmp_path: Path, case: Case) -> None:
    plan = plan_case(case, tmp_path)
    assert plan_differences(case, plan) == []


def _objects(text: str) -> list[dict]:
    decoder = json.JSONDecoder()
    objects, index = [], 0
    text = text.strip()
    while index < len(text):
        obj, index = decoder.raw_decode(text, index)
        objects.append(obj)
        while index < len(text) and text[index].isspace():
            index += 1
    return objects


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_file_through_the_command_line(tmp_path: Path, case: Case, capsys) -> None:
    path = case.build(tmp_path)
    data = tmp_path / "zone"
    args = ["--data-dir", str(data), "import", str(path), "--unit", case.unit, "--json"]
    if case.sheet:
        args += ["--sheet", case.sheet]
    assert main([*args, "--dry-run"]) == 0
    (dry,) = _objects(capsys.readouterr().out)
    assert dry["ok"] and dry["batch_id"] is None
    assert dry["imported"] == len(case.people)
    assert main(args) == 0
    (done,) = _objects(capsys.readouterr().out)
    assert done["batch_id"] is not None and done["imported"] == len(case.people)
    assert main(["--data-dir", str(data), "persons", "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    rows = [(0, {k: (v if v != "" else None) for k, v in p.items()}, "new") for p in stored]
    issues = [(i["row"], i["column"], i["reason"], "error") for i in done["invalid"]]
    issues += [(i["row"], i["column"], i["reason"], "warning") for i in done["warnings"]]
    assert differences(case, rows, issues) == []
