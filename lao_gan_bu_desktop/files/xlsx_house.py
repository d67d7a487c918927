"""The house style of every exported workbook, so that each one opens finished in Excel and WPS.

Merged title row, a subtitle (date and filter in words), bold filled header with thin borders,
frozen header, auto-filter, widths that fit Chinese text, real dates shown yyyy-mm-dd, ID
numbers and phones as text, header rows repeated on every printed page and "第 &P 页 共 &N 页"
in the footer. Text from data that begins with = + - @ is written as text, never as a formula.

Paper that reads: every row is as tall as its wrapped text (so a long 现住址 never prints over
the next row), and no text prints below 9 pt (font size × print scale). A table that fits A4
landscape at that size is fitted to the page width; a wider one prints at a fixed scale across
two (or more) pages wide, with 序号 and 姓名 repeated at the left of every page.

Use :func:`write_table` for a sheet of rows; the big roster export may use a faster writer of
its own but must keep this look.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.filenames import dated_filename  # noqa: F401 - re-exported for io users
from ..core.normalize import remove_control_characters

FONT_NAME = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
# 11 pt like the body: a table then fits one page width down to 82 %, still 9 pt on paper
SUBTITLE_FONT = Font(name=FONT_NAME, size=11, color="555555")
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


# shrink to fit: a title longer than a narrow table is made smaller, never cut at both ends
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)
TITLE_LEFT_ALIGNMENT = Alignment(horizontal="left", vertical="center", shrink_to_fit=True)
SUBTITLE_ALIGNMENT = Alignment(horizontal="left", vertical="center", shrink_to_fit=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_HEIGHT = 30
HEADER_HEIGHT = 22
MIN_WIDTH = 6
MAX_WIDTH = 60


MIN_PRINT_PT = 9.0  # smallest text on paper: font size × print scale
LINE_HEIGHT = 15.0  # pt per line of 11 pt 宋体 in Excel, WPS and LibreOffice
ROW_PADDING = 3.0
MARGIN_SIDE_IN = 0.4
PAPER_WIDTH_PT = {"A4": 297 / 25.4 * 72, "A3": 420 / 25.4 * 72}  # landscape
# LibreOffice lays the same column widths out about 30 % wider than Excel's own measure (a
# roster fitted to A4 printed at 5.8 pt there against 7.5 pt by Excel's widths): the print
# set-up is chosen so that the wider of the two still prints at MIN_PRINT_PT.
LIBREOFFICE_WIDER = 1.3
TITLE_COLUMN_TITLES = ("序号", "姓名")


def text_lines(value: Any, width: float) -> int:
    """How many lines ``value`` takes in a wrapping column ``width`` characters wide."""
    if value is None:
        return 1
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    room = max(width - 1.0, 1.0)  # the cell's own padding
    if "\n" not in text and len(text) * 2.1 <= room:
        return 1
    return sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))


def row_height(
    values: Sequence[Any], widths: Sequence[float], wraps: Sequence[bool]
) -> float | None:
    """The height (pt) a body row needs for its wrapped cells; None when one line is enough."""
    lines = 1
    for value, width, wrapped in zip(values, widths, wraps, strict=False):
        if wrapped and value is not None:
            lines = max(lines, text_lines(value, width))
    return None if lines <= 1 else lines * LINE_HEIGHT + ROW_PADDING


def column_points(width: float) -> float:
    """Printed width in pt of a column ``width`` characters wide (Excel's 7-pixel digit)."""
    return int(width * 7 + 5) * 0.75


def printable_width(paper: str = "A4") -> float:
    """The width in pt inside the side margins of a landscape sheet of ``paper``."""
    return PAPER_WIDTH_PT[paper] - 2 * MARGIN_SIDE_IN * 72


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


def title_columns(titles: Sequence[str]) -> str | None:
    """The print title columns ("A:B") of a table whose first columns are 序号 and/or 姓名."""
    count = 0
    for title in titles:
        if title not in TITLE_COLUMN_TITLES:
            break
        count += 1
    return f"A:{get_column_letter(count)}" if count else None


def choose_print_scale(
    widths: Sequence[float], min_font: float, repeat_width: float = 0.0
) -> tuple[bool, int, int]:
    """(fit to width, scale %, pages wide) for a landscape A4 table of column ``widths``.

    Fitted to one page width when that keeps ``min_font`` × scale at :data:`MIN_PRINT_PT` or
    more; otherwise the highest scale from 100 % down to that limit that needs no more pages
    wide than the limit itself (``repeat_width``: the title columns printed on every page).
    """
    need = sum(column_points(w) for w in widths) * LIBREOFFICE_WIDER
    page = printable_width("A4")
    if need <= 0 or page / need >= 1.0:
        return True, 100, 1
    lowest = math.ceil(MIN_PRINT_PT / min_font * 100)
    if page / need * 100 >= lowest:
        return True, int(page / need * 100), 1
    repeat = column_points(repeat_width) * LIBREOFFICE_WIDER if repeat_width else 0.0

    def pages(scale: int) -> int:
        first = page / (scale / 100)
        rest = first - repeat
        if need <= first:
            return 1
        return 1 + math.ceil((need - first) / max(rest, 1.0))

    best = pages(lowest)
    for scale in range(100, lowest - 1, -1):
        if pages(scale) <= best:
            return False, scale, best
    return False, lowest, best


def setup_print(
    ws: Any,
    header_row: int = HEADER_ROW,
    *,
    widths: Sequence[float] | None = None,
    titles: Sequence[str] = (),
    min_font: float | None = None,
) -> bool:
    """A4 landscape, header repeated, page numbers in the footer, and a print scale that keeps
    every text at 9 pt or more: fitted to the page width when the ``widths`` allow it, else a
    fixed scale across pages wide with the 序号/姓名 columns (``titles``) repeated, printed
    left to right before going down. Returns True when the table fits one page width."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # also for write-only sheets
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE_IN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    # the page number sits 0.25 in from the edge: LibreOffice gives the footer only the room
    # between that and the bottom margin (openpyxl's default 0.5 left 7 pt: the number was cut)
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"
    repeat = title_columns(titles)
    repeat_width = 0.0
    if repeat and widths:
        repeat_width = sum(widths[: _column_count(repeat)])
    fit, scale = True, 100
    if widths:
        fit, scale, _pages = choose_print_scale(
            widths, min_font or SUBTITLE_FONT.size, repeat_width
        )
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = scale
        ws.print_options.horizontalCentered = False
        ws.page_setup.pageOrder = "overThenDown"  # a row's right half follows its left half
        if repeat:
            ws.print_title_cols = repeat
    return fit


def heading_on_every_page(ws: Any, title: str, subtitle: str, print_range: str) -> None:
    """A table printed several pages wide: its title rows are left out of the print; the title
    goes into every page's header and the subtitle (date, range, count) into every page's footer
    beside the page number, so each page carries them whole. (Printed as rows, the repeated
    序号/姓名 columns showed the title's first characters cut on every page after the first.)
    ``print_range`` is what prints, from the header row down. One line each: a line break in a
    header is not read back by every spreadsheet program."""
    ws.print_area = print_range
    ws.page_margins.top = 0.85  # room for the 14 pt title below the header margin
    for header, footer in ((ws.oddHeader, ws.oddFooter), (ws.evenHeader, ws.evenFooter)):
        header.center.text = f"&B{title}"
        header.center.size = 14
        footer.left.text = subtitle
        footer.left.size = 8
        footer.right.text = footer.center.text
        footer.center.text = None


def print_scale(ws: Any, widths: Sequence[float]) -> float:
    """The scale (1.0 = 100 %) the sheet ``ws`` prints at, as :func:`setup_print` set it up and
    LibreOffice (the wider of the two programs) lays out columns of ``widths``."""
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        need = sum(column_points(w) for w in widths) * LIBREOFFICE_WIDER
        pages = ws.page_setup.fitToWidth or 1
        return min(1.0, printable_width("A4") * pages / need) if need else 1.0
    return (ws.page_setup.scale or 100) / 100


def _column_count(ref: str) -> int:
    """How many columns "A:B" spans."""
    first, last = ref.split(":")
    return column_index_from_string(last) - column_index_from_string(first) + 1


def fit_row_heights(ws: Worksheet, first: int, last: int, widths: Sequence[float]) -> None:
    """Give rows ``first``..``last`` the height of their wrapped text (CJK counts double)."""
    for r in range(first, last + 1):
        values, wraps = [], []
        for i in range(1, len(widths) + 1):
            cell = ws.cell(row=r, column=i)
            values.append(cell.value)
            wraps.append(bool(cell.alignment is not None and cell.alignment.wrap_text))
        height = row_height(values, widths, wraps)
        current = ws.row_dimensions[r].height
        if height is not None and (current is None or current < height):
            ws.row_dimensions[r].height = height


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
    final = []
    for i, col in enumerate(columns, 1):
        width = col.width or min(max(widths[i - 1], 6), 60)
        ws.column_dimensions[get_column_letter(i)].width = width
        final.append(width)
    fit_row_heights(ws, HEADER_ROW + 1, r, final)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + count}"
    if not setup_print(ws, widths=final, titles=[c.title for c in columns]):
        for ref in ("A1", "A2"):  # a title centred over two pages would be cut in half
            ws[ref].alignment = SUBTITLE_ALIGNMENT if ref == "A2" else TITLE_LEFT_ALIGNMENT
    return count


SIGN_BLANK = "＿＿＿＿＿＿＿＿"


def write_sign_lines(ws: Worksheet, row: int, labels: Sequence[str], ncols: int) -> int:
    """A line of signatures under a table ("经办人：＿＿＿　审核：＿＿＿"), merged across the
    table's ``ncols`` columns at ``row``; returns the next free row."""
    text = "　　　　".join(
        f"{label}：" if label.endswith("盖章") else f"{label}：{SIGN_BLANK}" for label in labels
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = BODY_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[row].height = 36  # room to sign by hand
    return row + 1


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed)."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb
