"""The streaming roster writer keeps the house look, stores data as values, and cancels cleanly."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lao_gan_bu_desktop.files.roster_xlsx import ExportCancelled, write_roster_xlsx
from lao_gan_bu_desktop.files.xlsx_house import Column
from tests.export_checks import assert_house_sheet, assert_no_formulas

COLUMNS = [
    Column("name", "姓名"),
    Column("id_number", "公民身份号码", "id"),
    Column("birth_date", "出生日期", "date"),
    Column("phone", "手机", "phone"),
    Column("age", "年龄", "int"),
    Column("notes", "备注"),
]


def _rows(n: int) -> list[list]:
    return [
        ["张三", "410105195001011234", _dt.date(1950, 1, 1), "01013800000", 76, "=1+1"],
        ["李四", "41010519500101123X", None, "@home", 80, "-负数"],
        *[[f"王{i}", None, _dt.date(1960, 1, 1), None, 66, "+86"] for i in range(n)],
    ]


def test_house_look_and_values(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    count = write_roster_xlsx(
        path, title="高新区离退休干部花名册", subtitle="统计日期", columns=COLUMNS, rows=_rows(3)
    )
    assert count == 5
    ws = load_workbook(path)["花名册"]
    assert_house_sheet(ws, len(COLUMNS))
    assert_no_formulas(ws)
    assert ws["A2"].value == "统计日期"
    assert [c.value for c in ws[3]] == [c.title for c in COLUMNS]
    assert ws["B4"].value == "410105195001011234"
    assert ws["B4"].data_type == "s" and ws["B4"].number_format == "@"
    assert ws["C4"].value == _dt.datetime(1950, 1, 1) and ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value == "01013800000"  # leading zero kept
    assert ws["F4"].value == "=1+1" and ws["F4"].data_type == "s"
    assert ws["D5"].value == "@home"
    assert ws["F5"].value == "-负数"
    assert ws["E4"].value == 76
    assert ws["C5"].border.left.style == "thin"  # empty cells still have borders
    assert ws.auto_filter.ref == "A3:F8"
    assert ws.column_dimensions["B"].width >= 18  # the ID fits


def test_cancel_leaves_earlier_file(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"earlier")

    def progress(done: int) -> bool:
        return done < 500

    with pytest.raises(ExportCancelled):
        write_roster_xlsx(
            path, title="t", subtitle="s", columns=COLUMNS, rows=_rows(1200), progress=progress
        )
    assert path.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_widths_wrap_long_text_and_long_headers(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.files.roster_xlsx import TEXT_WRAP_WIDTH

    columns = [
        Column("kind", "离退休类别"),
        Column("notes", "备注"),
        Column("id", "公民身份号码", "id"),
    ]
    rows = [["退休", "需要定期上门送药并协助到医院复查" * 3, "41010519500101123X"]]
    path = tmp_path / "w.xlsx"
    write_roster_xlsx(path, title="t", subtitle="s", columns=columns, rows=rows)
    ws = load_workbook(path).active
    assert ws.column_dimensions["A"].width < 12  # the title wraps onto two lines
    assert ws.column_dimensions["B"].width == TEXT_WRAP_WIDTH  # long text wraps
    assert ws["B4"].alignment.wrap_text
    assert ws.column_dimensions["C"].width >= 20  # an ID number never wraps
    assert ws.row_dimensions[3].height > 22


def test_dropdown_too_long_is_left_out(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from lao_gan_bu_desktop.files.roster_xlsx import add_dropdown

    ws = Workbook().active
    assert add_dropdown(ws, 0, "长", [f"选项{i:03d}" for i in range(60)], 10) is None
    dv = add_dropdown(ws, 1, "性别", ["男", "女"], 10)
    assert dv is not None and str(dv.sqref) == "B4:B210"
