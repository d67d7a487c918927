"""Control characters (issue 14, defect 3): removed at every door, cleaned again by every xlsx
writer, and a unit-check export that fails part-way leaves no partial set behind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lao_gan_bu_desktop.__main__ import main
from tests.import_helpers import LI, ZHANG

DIRTY = "文化路\x0b1号\x01院\x1f"


def _zone(tmp_path: Path, capsys, dirty: str = DIRTY) -> Path:
    data = tmp_path / "zone"
    source = tmp_path / "名单.csv"
    source.write_text(
        f"姓名,公民身份号码,原工作单位,家庭住址\n张三,{ZHANG},科技局,{dirty}\n"
        f"李四,{LI},财政局,西大街\x07二号\n".replace("\x07", "\x07" if dirty else ""),
        encoding="utf-8",
    )
    assert main(["--data-dir", str(data), "import", str(source), "--unit", "", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["imported"] == 2 and not summary["invalid"]
    return data


def _addresses(data: Path) -> list[str]:
    with sqlite3.connect(data / "lao_gan_bu.sqlite3") as con:
        rows = [r[0] for r in con.execute("SELECT address FROM person ORDER BY id")]
    con.close()
    return rows


def test_the_core_function_keeps_tab_and_line_break() -> None:
    from lao_gan_bu_desktop.core.normalize import remove_control_characters

    assert remove_control_characters("一\t二\r\n三\x00\x1b\x7f\x85四\ud800") == "一\t二\n三四"


@pytest.mark.sqlite_only("测试直接用 sqlite3 读写数据文件")
def test_import_removes_control_characters(tmp_path: Path, capsys) -> None:
    data = _zone(tmp_path, capsys)
    assert _addresses(data) == ["文化路1号院", "西大街二号"]


def test_the_person_dialog_service_removes_them(ctx) -> None:
    from lao_gan_bu_desktop.services import roster

    pid = roster.create_person({"name": "王\x00五", "address": DIRTY, "notes": "一\x1b\n二"})
    person = roster.get_person(pid)
    assert (person["name"], person["address"], person["notes"]) == ("王五", "文化路1号院", "一\n二")


@pytest.mark.sqlite_only("测试直接用 sqlite3 读写数据文件")
def test_stored_control_characters_never_make_an_export_fail(tmp_path: Path, capsys) -> None:
    data = _zone(tmp_path, capsys)
    with sqlite3.connect(data / "lao_gan_bu.sqlite3") as con:  # written by an older version
        con.execute("UPDATE person SET address = ?, notes = ?", (DIRTY, "备注\x02"))
        con.execute("UPDATE unit SET name = name || '\x03'")
    con.close()
    out = tmp_path / "out"
    out.mkdir()
    base = ["--data-dir", str(data), "export"]
    columns = ["--columns", "name,unit,address,notes"]
    assert main([*base, "roster", str(out / "花名册.xlsx"), *columns]) == 0
    sheet = load_workbook(out / "花名册.xlsx").active
    assert [c.value for c in sheet[4]][2:] == ["文化路1号院", "备注"]
    assert main([*base, "directory", str(out / "通讯录.pdf")]) == 0
    assert main([*base, "unit-check", str(out / "核对")]) == 0
    assert len(list((out / "核对").iterdir())) == 2
    assert main([*base, "report", str(out / "报表.xlsx")]) == 0


@pytest.mark.parametrize("failing", [0, 1])
def test_a_failed_unit_check_export_leaves_no_partial_set(tmp_path: Path, capsys, failing) -> None:
    data = _zone(tmp_path, capsys, dirty="")
    out = tmp_path / "核对"
    units = ["科技局", "财政局"]  # written in this order
    command = ["--data-dir", str(data), "export", "unit-check", str(out)]
    command += ["--unit", units[0], "--unit", units[1]]
    assert main(command) == 0
    files = {unit: p.name for p in out.iterdir() for unit in units if unit in p.name}
    for path in out.iterdir():
        path.unlink()
    blocked = files[units[failing]]
    (out / blocked).mkdir()  # this unit's file cannot be written
    assert main(command) == 2
    err = capsys.readouterr().err
    assert blocked in err and "不能写入" in err
    assert [p.name for p in out.iterdir()] == [blocked]  # only the blocking folder is left
    if failing:
        assert "已写出的 1 个单位的核对表已删除" in err


def test_visits_and_the_sender_are_cleaned_too(ctx) -> None:
    import datetime as _dt

    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.services import labels, roster, visits

    with clock.frozen(_dt.date(2026, 11, 29)):
        pid = roster.create_person({"name": "王五", "birth_date": "1950-01-01"})
        vid = visits.create_visit(
            visits.VisitInput(
                (pid,),
                "节日慰问",
                _dt.date(2026, 12, 3),
                visitors="张\x00科长",
                notes="带\x1b米面油",
            )
        )
        visit = visits.get_visit(vid)
    assert (visit["visitors"], visit["notes"]) == ("张科长", "带米面油")
    labels.set_sender("老干部局\x07", "文化路\x0b1号", "450001")
    assert labels.default_sender() == {
        "name": "老干部局",
        "address": "文化路1号",
        "postcode": "450001",
    }
