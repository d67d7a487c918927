"""Checks shared by the export tests: a sheet read back with openpyxl has the house look."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def assert_house_sheet(ws: Worksheet, ncols: int, *, header_row: int = 3) -> None:
    """Title merge, frozen header, print titles, A4 landscape fitted to width, footer."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(ncols)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A1:{last}1" in merged
    assert ws["A1"].font.bold and ws["A1"].value
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.paperSize in ("9", 9)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:{last}")
    header = ws.cell(row=header_row, column=1)
    assert header.font.bold and header.fill.fgColor.rgb.endswith("DDEBF7")
    assert header.border.left.style == "thin"


def assert_no_formulas(ws: Worksheet) -> None:
    """No cell holds a formula (all exported data is values)."""
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} 是公式：{cell.value!r}"
