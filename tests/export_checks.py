"""Checks shared by the export tests: a sheet read back with openpyxl has the house look, and
prints as a person can read it: no text below 9 pt, no wrapped text over the next row."""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# LibreOffice lays a column of width w out about 1.3 × Excel's (7w + 5) px: rendering the old
# roster fitted to A4 gave 5.8 pt text there against 7.5 pt by Excel's measure
LIBREOFFICE_WIDER = 1.3
A4_LANDSCAPE_PT = 297 / 25.4 * 72


def printed_scale(ws: Worksheet) -> float:
    """The scale the sheet prints at, as read from the file (fit to width: from the widths)."""
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        last = ws.max_column
        if ws.print_area:
            last = max(
                ws[ref.split("!")[-1].replace("$", "")][0][-1].column
                for ref in str(ws.print_area).split(",")
            )
        total = 0.0
        for i in range(1, last + 1):
            width = ws.column_dimensions[get_column_letter(i)].width or 8.43
            total += int(width * 7 + 5) * 0.75
        page = A4_LANDSCAPE_PT - (ws.page_margins.left + ws.page_margins.right) * 72
        pages = int(ws.page_setup.fitToWidth or 1)
        return min(1.0, page * pages / (total * LIBREOFFICE_WIDER))
    return int(ws.page_setup.scale or 100) / 100


def assert_legible(ws: Worksheet, minimum: float = 9.0) -> None:
    """Every text on the sheet prints at ``minimum`` pt or more (font size × print scale)."""
    scale = printed_scale(ws)
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.font is None:
                continue
            size = float(cell.font.sz or 11) * scale
            assert size >= minimum, f"{ws.title}!{cell.coordinate} 打印出来只有 {size:.1f} 磅"


def _width(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E80 else 1.0 for ch in text)


def assert_rows_fit_wrapped_text(ws: Worksheet, first_row: int) -> None:
    """Each row from ``first_row`` is at least as tall as its longest wrapped cell needs
    (about 14 pt a line), so the second line never prints over the next row."""
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            if str(cell.coordinate) in {str(r).split(":")[0] for r in ws.merged_cells.ranges}:
                continue
            width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
            needed = math.ceil(_width(cell.value) / max(width - 1, 1))
            lines = max(lines, needed)
        if lines > 1:
            height = ws.row_dimensions[row[0].row].height
            assert height is not None and height >= lines * 14, (
                f"{ws.title} 第 {row[0].row} 行要 {lines} 行高，实际 {height}"
            )


def assert_house_sheet(ws: Worksheet, ncols: int, *, header_row: int = 3) -> None:
    """Title merge, frozen header, print titles, A4 landscape fitted to width (or across pages
    wide with 序号/姓名 repeated), footer, legible print and rows as tall as their text."""
    last = get_column_letter(ncols)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A1:{last}1" in merged
    assert ws["A1"].font.bold and ws["A1"].value
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.paperSize in ("9", 9)
    assert ws.page_setup.orientation == "landscape"
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert int(ws.page_setup.fitToWidth) == 1
        assert int(ws.page_setup.fitToHeight) == 0
    else:  # too wide for one page at 9 pt: several pages wide, the name on each
        assert int(ws.page_setup.scale) >= 90
        if ws.cell(row=header_row, column=2).value == "姓名":
            assert ws.print_title_cols == "$A:$B"
    assert_legible(ws)
    assert_rows_fit_wrapped_text(ws, header_row + 1)
    # the page number: in the middle, or on the right beside the subtitle when the title rows
    # do not print (several pages wide)
    page_number = ws.oddFooter.right.text if ws.print_area else ws.oddFooter.center.text
    assert page_number == "第 &P 页 共 &N 页"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:{last}")
    header = ws.cell(row=header_row, column=1)
    assert header.font.bold and header.fill.fgColor.rgb.endswith("DDEBF7")
    assert header.border.left.style == "thin"


def assert_no_formulas(ws: Worksheet) -> None:
    """No cell holds a formula (all exported data is values)."""
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} 是公式：{cell.value!r}"
