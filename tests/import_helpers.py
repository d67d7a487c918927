"""Builders of real unit spreadsheets for the import tests: valid ID numbers, messy layouts."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from lao_gan_bu_desktop.core.idnumber import check_digit


def make_id(birth: _dt.date, seq: int = 12, male: bool = True, area: str = "410105") -> str:
    """A valid 18-digit ID number for ``birth``; odd 17th digit for men."""
    gender_digit = (seq % 5) * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{seq % 100:02d}{gender_digit}"
    return first17 + check_digit(first17)


ZHANG = make_id(_dt.date(1955, 3, 12), 11, True)
LI = make_id(_dt.date(1960, 7, 1), 22, False)
WANG = make_id(_dt.date(1948, 10, 20), 33, True)


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    *,
    hidden=(),
    merges: dict[str, list[str]] | None = None,
    text_columns: dict[str, str] | None = None,
) -> Path:
    """Write real xlsx sheets (rows of values) with openpyxl; ``hidden`` sheet names hidden."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    """A real Excel 97-2003 file written with xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, _dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def messy_rows() -> list[list[object]]:
    """A unit sheet with a title, a 填报单位 line, a two-level header, 序号, a footer."""
    return [
        ["经济发展局离退休人员花名册", None, None, None, None, None, None, None],
        ["填报单位：经济发展局", None, None, None, "填报时间：2026年11月", None, None, None],
        [None] * 8,
        ["序号", "姓名", "身份证号码", "出生年月", "离/退休", "联系方式", None, "家庭住址"],
        [None, None, None, None, None, "手机", "固定电话", None],
        [
            1,
            "张 三",
            ZHANG.lower()[:-1] + ZHANG[-1].lower(),
            "1955.03",
            "退休",
            "138 0371 1234",
            "0371-67881234",
            "文化路1号",
        ],
        [2, "李四", LI, "1960年7月1日", "退休", "13903712345", None, "农业路2号"],
        [None] * 8,
        [3, "王五", WANG, "1948-10-20", "离休", "13700000000", None, "经三路3号"],
        ["填表人：赵敏", None, None, "审核人：张卫东", None, None, None, None],
    ]
