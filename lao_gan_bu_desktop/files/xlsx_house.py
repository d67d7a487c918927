"""The house style of every exported workbook, so that each one opens finished in Excel and WPS.

Merged title row, a subtitle (date and filter in words), bold filled header with thin borders,
frozen header, auto-filter, widths that fit Chinese text, real dates shown yyyy-mm-dd, ID
numbers and phones as text, A4 landscape fitted to the page width, header rows repeated on
every printed page and "第 &P 页 共 &N 页" in the footer. Text from data that begins with
= + - @ is written as text, never as a formula.

Use :func:`write_table` for a sheet of rows; the big roster export may use a faster writer of
its own but must keep this look.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.filenames import dated_filename  # noqa: F401 - re-exported for io users
from ..core.normalize import remove_control_characters

FONT_NAME = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=10, color="555555")
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=11)
TOTAL_FONT = Font(name=FONT_NAME, size=11, bold=True)
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_ROW = 3  # title, subtitle, header


@dataclass(frozen=True)
class Column:
    """One column of an exported table. ``kind``: text, id, phone, date, money, int."""

    key: str
    title: str
    kind: str = "text"
    width: float | None = None


def display_width(text: str) -> float:
    """Width of ``text`` in Excel character units (a CJK character counts about two)."""
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def clean_cell_text(value: Any) -> Any:
    """``value`` with any control character removed when it is text: the last line of defence
    of every writer, since one such character stored anywhere would make the whole file fail."""
    return remove_control_characters(value) if isinstance(value, str) else value


def cell_value(value: Any, kind: str) -> Any:
    """The value to put in a cell for ``kind`` (ids and phones stay text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = clean_cell_text(value)
    if kind in ("id", "phone", "text"):
        return str(value) if not isinstance(value, _dt.date) or kind != "text" else value
    if kind == "money" and isinstance(value, Decimal):
        return float(value)
    return value


def format_for(kind: str) -> str:
    """The number format of a column ``kind`` (text kinds "@", dates yyyy-mm-dd, money)."""
    return {"id": "@", "phone": "@", "text": "@", "date": DATE_FORMAT, "money": MONEY_FORMAT}.get(
        kind, "General"
    )


_format_for = format_for


def is_formula_like(value: Any) -> bool:
    """True for text that Excel would take for a formula (begins with = + - @)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def body_alignment(kind: str) -> Alignment:
    """Alignment of a body cell of ``kind`` (text wraps)."""
    return Alignment(vertical="center", wrap_text=kind == "text")


TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center")
SUBTITLE_ALIGNMENT = Alignment(horizontal="left", vertical="center")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_HEIGHT = 30
HEADER_HEIGHT = 22
MIN_WIDTH = 6
MAX_WIDTH = 60


def text_width(value: Any) -> float:
    """Display width of a cell value as written (dates as yyyy-mm-dd)."""
    if value is None:
        return 0.0
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    return display_width(text)


def fit_width(width: float) -> float:
    """A column width clamped to the house minimum and maximum."""
    return min(max(width, MIN_WIDTH), MAX_WIDTH)


def _write_cell(ws: Worksheet, row: int, col: int, value: Any, kind: str, font: Font) -> None:
    cell = ws.cell(row=row, column=col)
    value = cell_value(value, kind)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.value = value
        cell.data_type = "s"  # stored as a string, never evaluated
    else:
        cell.value = value
    cell.number_format = _format_for(kind)
    cell.font = font
    cell.border = BORDER
    cell.alignment = Alignment(vertical="center", wrap_text=kind == "text")


def write_cell(ws: Worksheet, row: int, col: int, value: Any, kind: str, font: Font) -> None:
    """Write one bordered body cell in the house style (formula-like text stays text)."""
    _write_cell(ws, row, col, value, kind, font)


def setup_print(ws: Any, header_row: int = HEADER_ROW) -> None:
    """A4 landscape fitted to the page width, header repeated, page numbers in the footer."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # also for write-only sheets
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"


def write_table(
    ws: Worksheet,
    *,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    totals: Mapping[str, Any] | None = None,
    totals_label: str = "合计",
) -> int:
    """Write a titled, formatted table on ``ws``; returns the number of data rows.

    ``rows`` are mappings by column key or sequences in column order. ``totals`` (by key) adds a
    bold last line labelled ``totals_label`` in the first column.
    """
    ncols = len(columns)
    last = get_column_letter(ncols)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = clean_cell_text(title)
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = clean_cell_text(subtitle)
    for ref in ("A1", "A2"):  # a zone or unit name from data never becomes a formula
        if is_formula_like(ws[ref].value):
            ws[ref].data_type = "s"
    ws["A2"].font = SUBTITLE_FONT
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
    widths = [display_width(c.title) + 2 for c in columns]
    for i, col in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=col.title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 22
    r = HEADER_ROW
    for row in rows:
        r += 1
        values = [row.get(c.key) for c in columns] if isinstance(row, Mapping) else list(row)
        for i, (col, value) in enumerate(zip(columns, values, strict=False), 1):
            _write_cell(ws, r, i, value, col.kind, BODY_FONT)
            if value is not None:
                text = value.isoformat() if isinstance(value, _dt.date) else str(value)
                widths[i - 1] = max(widths[i - 1], display_width(text) + 2)
    count = r - HEADER_ROW
    if totals is not None:
        r += 1
        for i, col in enumerate(columns, 1):
            value = totals_label if i == 1 else totals.get(col.key)
            _write_cell(ws, r, i, value, col.kind if i > 1 else "text", TOTAL_FONT)
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width or min(
            max(widths[i - 1], 6), 60
        )
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + count}"
    setup_print(ws)
    return count


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed)."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb
