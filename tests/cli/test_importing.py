"""`lao-gan-bu import` and `undo-import`: JSON keys exactly as the issue lists them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.import_helpers import ENCRYPTION_SCHEMES, LI, ZHANG, write_encrypted_xls, write_xlsx

KEYS = {
    "file",
    "ok",
    "error",
    "sheet",
    "rows_read",
    "imported",
    "updated",
    "unchanged",
    "skipped",
    "invalid",
    "warnings",
    "duplicates_in_file",
    "batch_id",
}


def parse_objects(text: str) -> list[dict]:
    decoder = json.JSONDecoder()
    objects, index = [], 0
    text = text.strip()
    while index < len(text):
        obj, end = decoder.raw_decode(text, index)
        objects.append(obj)
        index = end
        while index < len(text) and text[index].isspace():
            index += 1
    return objects


def test_import_json_dry_run_then_real_then_undo(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    rows = [
        ["姓名", "身份证号码", "性别"],
        ["张三", ZHANG, "男"],
        ["", LI, "女"],
        ["张叁", ZHANG, ""],
    ]
    good = write_xlsx(tmp_path / "科技局.xlsx", {"名单": rows})
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    args = ["--data-dir", str(data), "import", str(good), str(bad), "--unit", "科技局", "--json"]
    assert main([*args, "--dry-run"]) == 2
    dry, refused = parse_objects(capsys.readouterr().out)
    assert set(dry) == KEYS and set(refused) == KEYS
    assert dry["ok"] is True and dry["batch_id"] is None and dry["imported"] == 1
    assert dry["invalid"] == [{"row": 3, "column": "姓名", "reason": "姓名不能为空"}]
    assert dry["duplicates_in_file"] == [{"row": 4, "same_as_row": 2}]
    assert refused["ok"] is False and "PNG 图片" in refused["error"]
    assert main(["--data-dir", str(data), "persons", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(args[:4] + args[5:]) == 0
    (done,) = parse_objects(capsys.readouterr().out)
    assert done["batch_id"] == 1 and done["imported"] == 1
    assert main([*args[:4], "--unit", "科技局", "--on-duplicate", "skip", "--json"]) == 0
    (again,) = parse_objects(capsys.readouterr().out)
    assert again["skipped"] == 1 and again["imported"] == 0
    assert main(["--data-dir", str(data), "undo-import", "1"]) == 0
    assert "已撤销导入批次 1" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "undo-import", "1"]) == 2
    assert "撤销过" in capsys.readouterr().err
    main(["--data-dir", str(data), "persons", "--json"])
    assert json.loads(capsys.readouterr().out) == []


def test_import_text_output(tmp_path: Path, capsys) -> None:
    rows = [["姓名", "身份证号码"], ["张三", ZHANG]]
    path = write_xlsx(tmp_path / "a.xlsx", {"名单": rows})
    assert main(["--data-dir", str(tmp_path / "z"), "import", str(path), "--unit", "科技局"]) == 0
    out = capsys.readouterr().out
    assert "新增 1 人" in out and "undo-import 1" in out


def database_dump(data: Path) -> list[str]:
    connection = sqlite3.connect(data / "lao_gan_bu.sqlite3")
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.parametrize("scheme", ENCRYPTION_SCHEMES)
def test_encrypted_xls_refused_and_nothing_changes(tmp_path: Path, capsys, scheme: str) -> None:
    data = tmp_path / "zone"
    first = write_xlsx(tmp_path / "a.xlsx", {"名单": [["姓名", "身份证号码"], ["张三", ZHANG]]})
    assert main(["--data-dir", str(data), "import", str(first), "--unit", "科技局"]) == 0
    capsys.readouterr()
    before = database_dump(data)
    backups = sorted(p.name for p in (data / "backups").iterdir())
    locked = write_encrypted_xls(
        tmp_path / "社会事业局.xls", [["姓名", "身份证号码"], ["李四", LI]], scheme
    )
    args = ["--data-dir", str(data), "import", str(locked), "--unit", "社会事业局", "--json"]
    assert main(args) == 2
    (refused,) = parse_objects(capsys.readouterr().out)
    assert set(refused) == KEYS
    assert refused["ok"] is False and refused["error"].startswith("文件已加密")
    assert refused["batch_id"] is None and refused["imported"] == 0
    assert main(args[:-1]) == 2  # the text form says the same on stderr
    assert "文件已加密" in capsys.readouterr().err
    assert database_dump(data) == before
    assert sorted(p.name for p in (data / "backups").iterdir()) == backups
