"""Dates that cannot be true (issue 14, defect 1): refused at every door, and a stored one
(from before the rule, or written by another program) never breaks a listing, count or export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.import_helpers import ZHANG

FUTURE_ID = "410105203101014019"  # a valid number whose birth date is 2031-01-01


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(["姓名,性别,公民身份号码", *rows]) + "\n", encoding="utf-8")
    return path


def test_import_refuses_a_birth_in_the_future(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    source = _csv(tmp_path / "名单.csv", f"王五,男,{FUTURE_ID}", f"张三,男,{ZHANG}")
    code = main(["--data-dir", str(data), "import", str(source), "--unit", "科技局", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["imported"] == 1
    assert len(summary["invalid"]) == 1
    issue = summary["invalid"][0]
    assert issue["row"] == 2 and issue["column"] == "公民身份号码"
    assert "2031-01-01晚于今天" in issue["reason"]


def test_an_import_with_nothing_importable_says_so_and_fails(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    source = _csv(tmp_path / "名单.csv", f"王五,男,{FUTURE_ID}")
    code = main(["--data-dir", str(data), "import", str(source), "--unit", "科技局"])
    out = capsys.readouterr().out
    assert code != 0  # a script must not take it for a done import
    assert "没有导入：" in out and "导入完成" not in out


@pytest.mark.sqlite_only("测试直接用 sqlite3 读写数据文件")
def test_a_stored_impossible_date_breaks_no_listing_count_or_export(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    source = _csv(tmp_path / "名单.csv", f"王五,男,{ZHANG}")
    assert main(["--data-dir", str(data), "import", str(source), "--unit", "科技局"]) == 0
    with sqlite3.connect(data / "lao_gan_bu.sqlite3") as con:  # a damaged or legacy value
        con.execute(
            "UPDATE person SET birth_date = '2031-01-01', id_number = ?, "
            "retirement_date = '2020-01-01'",
            (FUTURE_ID,),
        )
    con.close()
    capsys.readouterr()
    base = ["--data-dir", str(data)]
    assert main([*base, "persons"]) == 0
    listing = capsys.readouterr().out
    assert "王五" in listing and "日期有误" in listing and "晚于今天" in listing
    assert main([*base, "persons", "--json"]) == 0
    (person,) = json.loads(capsys.readouterr().out)
    assert person["age"] is None and "2031-01-01晚于今天" in person["date_issue"]
    assert main([*base, "stats"]) == 0
    out = tmp_path / "out"
    out.mkdir()
    for kind, target in (
        ("roster", out / "花名册.xlsx"),
        ("directory", out / "通讯录.pdf"),
        ("unit-check", out / "核对"),
        ("report", out / "报表.xlsx"),
    ):
        assert main([*base, "export", kind, str(target)]) == 0, kind
    capsys.readouterr()
