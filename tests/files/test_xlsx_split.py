"""A large sheet read in pieces on several cores (files.xlsx_split) gives exactly what calamine
gives for the whole sheet: the same rows from row 1 on, as wide, with the same merged ranges;
and where a piece could go wrong the sheet is read whole instead."""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from lao_gan_bu_desktop.files import xlsx_split
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.xlsx_guard import inspect_xlsx
from tests.import_helpers import make_id, stray_cell_workbook

PART = "xl/worksheets/sheet1.xml"


def _roster_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = [
        ["某某局离退休人员花名册"],
        ["序号", "姓名", "身份证号码", "出生日期", "备注"],
    ]
    for i in range(count):
        birth = _dt.date(1940, 1, 1) + _dt.timedelta(days=37 * i)
        rows.append([i + 1, f"测试{chr(0x4E00 + i)}", make_id(birth, i % 900), birth, None])
    return rows


def _workbook(path: Path, rows: list[list[object]], write_only: bool = False, merges=()) -> Path:
    """Shared strings (the usual Excel file) or inline strings (write-only); dates formatted."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("名单") if write_only else book.active
    if not write_only:
        sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    if not write_only:
        book.create_sheet("说明").append(["填报说明：请按模板填写"])
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """The workbook at ``path`` with its first sheet's XML changed by ``change``."""
    with zipfile.ZipFile(path) as book:
        parts = [(info, book.read(info)) for info in book.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts:
            book.writestr(info.filename, change(data) if info.filename == PART else data)
    return path


def _whole(path: Path, sheet: str = "名单") -> tuple[list[list[object]], list]:
    opened = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    return opened.to_python(skip_empty_area=False), opened.merged_cell_ranges


def _in_pieces(path: Path, pieces: int, sheet: str = "名单"):
    cut = xlsx_split.cut_sheet(path, sheet, PART, pieces=pieces, min_bytes=0)
    assert cut is not None and len(cut.pieces) == pieces
    return xlsx_split.read_cut(cut)


@pytest.mark.parametrize("pieces", [2, 3, 4])
@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_pieces_give_the_whole_sheet(tmp_path: Path, pieces: int, write_only: bool) -> None:
    rows = _roster_rows(400)
    rows[1].append("最后一列只在表头")  # the later pieces are narrower than the sheet
    rows[150:150] = [[None]] * 30  # blank rows where a cut may fall
    for row in rows[250:]:
        if len(row) > 1:
            row[0] = None  # the later rows start in column B
    merges = [] if write_only else ["A1:E1", "B10:B14"]  # a title and a cell merged down
    path = _workbook(tmp_path / "名单.xlsx", rows, write_only, merges)
    assert _in_pieces(path, pieces) == _whole(path)


@pytest.mark.parametrize("pieces", [2, 3])
def test_a_sheet_away_from_a1_with_empty_cells_across_the_cuts(tmp_path: Path, pieces: int) -> None:
    """The table starts at B3, and the rows where the cuts fall hold only empty cells: every
    piece then starts below where the one before ends, and the rows between are filled in."""
    data = [[None, *row] for row in _roster_rows(200)]
    empty = [[None, "", "", "", ""] for _ in range(600)]
    rows = [[], [], *data, *empty, *data[-5:]]
    path = _workbook(tmp_path / "名单.xlsx", rows, write_only=True)
    whole = _whole(path)
    assert whole[0][0] == [""] * 6 and whole[0][2][1] == "某某局离退休人员花名册"
    assert _in_pieces(path, pieces) == whole


def test_a_namespace_prefix_is_cut_as_well(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "名单.xlsx", _roster_rows(300))

    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)(?!\?)", rb"<\1x:", xml)
        return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)

    _rewrite_sheet(path, prefixed)
    assert b"<x:row " in zipfile.ZipFile(path).read(PART)
    assert _in_pieces(path, 2) == _whole(path)


def test_rows_without_numbers_are_not_cut(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "名单.xlsx", _roster_rows(300), write_only=True)
    _rewrite_sheet(path, lambda xml: re.sub(rb'(<row|<c) r="[A-Z]*[0-9]+"', rb"\1", xml))
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=2, min_bytes=0) is None


def test_rows_out_of_order_across_a_cut_are_read_whole(tmp_path: Path, monkeypatch) -> None:
    path = _workbook(tmp_path / "名单.xlsx", _roster_rows(300), write_only=True)

    def late_first_row(xml: bytes) -> bytes:
        # the row numbered 3 moved to the end of the sheet: legal XML, calamine places it
        first = re.search(rb'<row r="3".*?</row>', xml)
        assert first is not None
        xml = xml[: first.start()] + xml[first.end() :]
        return xml.replace(b"</sheetData>", first.group() + b"</sheetData>")

    _rewrite_sheet(path, late_first_row)
    cut = xlsx_split.cut_sheet(path, "名单", PART, pieces=2, min_bytes=0)
    assert cut is not None and xlsx_split.read_cut(cut) is None
    monkeypatch.setattr(xlsx_split, "CUT_MIN_BYTES", 0)
    book = open_workbook(path)
    assert list(book.rows("名单")) == _whole(path)[0]
    assert book.pieces_read == {}


def test_the_reader_reads_a_large_sheet_in_pieces(tmp_path: Path, monkeypatch) -> None:
    path = _workbook(tmp_path / "名单.xlsx", _roster_rows(500), merges=["B10:B14"])
    book = open_workbook(path)
    assert list(book.rows("名单")) and book.pieces_read == {}  # small: read whole
    monkeypatch.setattr(xlsx_split, "CUT_MIN_BYTES", 0)
    monkeypatch.setattr(xlsx_split, "pieces_wanted", lambda: 2)
    book = open_workbook(path)
    rows = list(book.rows("名单"))
    assert book.pieces_read == {"名单": 2}
    plain, _merges = _whole(path)
    assert rows[:9] == plain[:9] and rows[14:] == plain[14:]
    assert [r[1] for r in rows[9:14]] == [plain[9][1]] * 5  # filled down over the merge
    assert list(open_workbook(path).rows("说明")) == [["填报说明：请按模板填写"]]


def test_a_cut_made_before_the_guard_is_read_only_where_the_guard_allows(
    tmp_path: Path, monkeypatch
) -> None:
    path = stray_cell_workbook(tmp_path / "远处有一格.xlsx")
    sheet = next(iter(inspect_xlsx(path).sheet_parts))
    cut = xlsx_split.cut_before_guard(path, None, pieces=2, min_bytes=0)
    assert cut is not None and cut.sheet == sheet  # cutting parses nothing: it may run first
    guard = inspect_xlsx(path)
    guard.cuts[sheet] = cut
    assert guard.plan(sheet) == "sparse"
    assert xlsx_split.cut_for(guard, sheet) is None and guard.cuts == {}
    monkeypatch.setattr(xlsx_split, "CUT_MIN_BYTES", 0)
    book = open_workbook(path, guard)
    assert any(book.rows(sheet)) and book.pieces_read == {}


def test_sizes_and_damage_give_no_cut(tmp_path: Path, monkeypatch) -> None:
    path = _workbook(tmp_path / "名单.xlsx", _roster_rows(300))
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=2) is None  # under CUT_MIN_BYTES
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=1, min_bytes=0) is None
    monkeypatch.setattr(xlsx_split, "CUT_MAX_BYTES", 1000)
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=2, min_bytes=0) is None
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_split, "COMMON_MAX_BYTES", 1000)  # the shared strings too large
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=2, min_bytes=0) is None
    monkeypatch.undo()
    assert xlsx_split.cut_sheet(path, "名单", PART, pieces=2, min_bytes=0) is not None
    data = bytearray(path.read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + 200  # inside the sheet's compressed bytes
    data[at : at + 50] = bytes(50)
    broken = tmp_path / "坏的.xlsx"
    broken.write_bytes(bytes(data))
    assert xlsx_split.cut_sheet(broken, "名单", PART, pieces=2, min_bytes=0) is None
    assert xlsx_split.cut_before_guard(tmp_path / "没有.xlsx", None, 2, 0) is None
