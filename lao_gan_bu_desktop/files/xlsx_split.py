"""Reading one large xlsx sheet on several cores at once.

python-calamine lets go of the GIL while it parses a sheet, but one sheet is one parse. So the
XML of a large sheet is cut at row boundaries into pieces, each made a small workbook of its own
(stored, not compressed, in memory, with the parts calamine needs: the workbook, the
relationships, the styles and the shared strings), and each piece is parsed by calamine on a
thread of its own. The rows are put back together exactly as one read of the whole sheet gives
them: from row 1 on, blank rows included, every row as wide as the widest.

Cutting only inflates and copies bytes; nothing is parsed. So it may run before the xlsx guard
has passed the file: the streamed import's reading process cuts while the other process guards
(:mod:`..services.import_reader`). What is cut is read only where the guard has said "calamine"
for that sheet (:meth:`.readers.WorkbookReader.rows`).

Anything unexpected gives None, and the sheet is read whole as before: a row without its number
at a cut, rows out of order across a cut, calamine failing on a piece.
"""

from __future__ import annotations

import io
import os
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .xlsx_guard import XlsxGuard, sheet_parts_of, stream_part

# A sheet's XML from which cutting pays: about 20 000 rows of a unit's roster.
CUT_MIN_BYTES = 16 << 20
# The most that is cut: the pieces are held in memory (and calamine copies each: about twice
# the XML in all), where one whole read streams the XML; a larger sheet (about 120 000 rows of
# a dozen columns) is read whole, within the import's memory bound.
CUT_MAX_BYTES = 100 << 20
# Every piece holds a copy of the shared strings, and calamine keeps each copy it reads (an
# 18 MB table cost 180 MB more): beyond this (the text of about 40 000 rows) the sheet is read
# whole. Sheets written with their text inline (as many systems export) have none.
COMMON_MAX_BYTES = 8 << 20
MAX_PIECES = 4
_HEAD_LIMIT = 8 << 20  # the XML before <sheetData> (column widths, views): never this long
# The parts every piece needs besides its sheet (matched on the end of the lower-cased name).
_COMMON_PARTS = (".rels", "[content_types].xml", "workbook.xml", "styles.xml", "sharedstrings.xml")


def pieces_wanted() -> int:
    """How many pieces a large sheet is cut into: one per core, at most :data:`MAX_PIECES`."""
    return max(1, min(os.cpu_count() or 1, MAX_PIECES))


@dataclass
class CutSheet:
    """A sheet cut into workbooks of its own, in the order of its rows."""

    sheet: str
    pieces: list[io.BytesIO]


def cut_sheet(
    path: Path,
    sheet: str,
    part: str,
    pieces: int | None = None,
    min_bytes: int | None = None,
) -> CutSheet | None:
    """``sheet`` (its XML at ``part`` in the zip) cut into ``pieces`` workbooks (default: one
    per core); None when the sheet is smaller than ``min_bytes`` (default
    :data:`CUT_MIN_BYTES`), larger than :data:`CUT_MAX_BYTES`, or cannot be cut."""
    pieces = pieces if pieces is not None else pieces_wanted()
    min_bytes = min_bytes if min_bytes is not None else CUT_MIN_BYTES
    if pieces < 2:
        return None
    try:
        with zipfile.ZipFile(path) as book:
            info = book.getinfo(part)
            if not min_bytes <= info.file_size <= CUT_MAX_BYTES:
                return None
            common = _common_parts(book, part)
            if common is None:
                return None
            return _cut(book, info, sheet, common, pieces)
    except Exception:  # damage is told by the whole read, which meets it too
        return None


def _common_parts(book: zipfile.ZipFile, part: str) -> list[tuple[str, bytes]] | None:
    common = []
    total = 0
    for info in book.infolist():
        lower = info.filename.lower()
        if info.filename == part or info.is_dir() or not lower.endswith(_COMMON_PARTS):
            continue
        total += info.file_size
        if total > COMMON_MAX_BYTES:
            return None
        common.append((info.filename, book.read(info)))
    return common


def _cut(
    book: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sheet: str,
    common: list[tuple[str, bytes]],
    pieces: int,
) -> CutSheet | None:
    """Stream the sheet's XML once: the head (up to <sheetData>) and the tail (from
    </sheetData>) go into every piece, the rows between are cut at the first numbered row after
    each 1/``pieces`` of the XML."""
    thresholds = [info.file_size * k // pieces for k in range(1, pieces)]
    made: list[io.BytesIO] = []
    head: bytes | None = None
    pending = b""
    row_start: re.Pattern[bytes] | None = None
    close_tag = b""
    body: list[bytes] = []
    tail: list[bytes] | None = None
    offset = 0
    for block in stream_part(book, info):
        start = offset
        offset += len(block)
        if tail is not None:
            tail.append(block)
            continue
        if head is None:
            pending += block
            found = _sheet_data(pending)
            if found is None:
                if len(pending) > _HEAD_LIMIT:
                    return None
                continue
            end, prefix = found
            if pending[end - 2 : end] == b"/>":
                return None  # <sheetData/>: no rows
            head = pending[:end]
            start = offset - len(pending) + end
            block = pending[end:]
            pending = b""
            row_start = re.compile(b"<" + re.escape(prefix) + rb'row\b[^>]*?\sr="')
            close_tag = b"</" + prefix + b"sheetData"
        assert row_start is not None
        close = block.find(close_tag)
        rows_part = block if close < 0 else block[:close]
        while thresholds and offset > thresholds[0]:
            at = row_start.search(rows_part, max(thresholds[0] - start, 0))
            if at is None:
                break  # the next numbered row is in a later block
            body.append(rows_part[: at.start()])
            made.append(_workbook(common, info.filename, head, body))
            body = []
            rows_part = rows_part[at.start() :]
            start += at.start()
            thresholds.pop(0)
        body.append(rows_part)
        if close >= 0:
            tail = [block[close:]]
    if head is None or tail is None:
        return None
    closing = b"".join(tail)
    made = [_finish(piece, closing) for piece in made]
    made.append(_finish(_workbook(common, info.filename, head, body), closing))
    if len(made) < 2:
        return None
    return CutSheet(sheet, made)


def _sheet_data(data: bytes) -> tuple[int, bytes] | None:
    """(where the <sheetData> tag ends, the namespace prefix before it) or None."""
    at = data.find(b"sheetData")
    if at <= 0:
        return None
    opening = data.rfind(b"<", 0, at)
    end = data.find(b">", at)
    if opening < 0 or end < 0:
        return None
    return end + 1, data[opening + 1 : at]


@dataclass
class _Piece:
    """A piece's workbook being written: its zip, and the open sheet part (its tail follows)."""

    buffer: io.BytesIO
    book: zipfile.ZipFile
    handle: Any


def _workbook(common: list[tuple[str, bytes]], part: str, head: bytes, body: list[bytes]) -> _Piece:
    buffer = io.BytesIO()
    book = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)
    for name, data in common:
        book.writestr(name, data)
    handle = book.open(part, "w")
    handle.write(head)
    for chunk in body:
        handle.write(chunk)
    return _Piece(buffer, book, handle)


def _finish(piece: _Piece, tail: bytes) -> io.BytesIO:
    piece.handle.write(tail)
    piece.handle.close()
    piece.book.close()
    piece.buffer.seek(0)
    return piece.buffer


def read_cut(cut: CutSheet) -> tuple[list[list[Any]], Any] | None:
    """The sheet's rows (as ``to_python(skip_empty_area=False)`` of the whole sheet gives them)
    and its merged ranges, read a piece a thread; None when a piece cannot be read or the
    pieces overlap (rows out of order in the XML)."""
    results: list[Any] = [None] * len(cut.pieces)

    def read(index: int) -> None:
        from python_calamine import CalamineWorkbook

        try:
            opened = CalamineWorkbook.from_filelike(cut.pieces[index])
            cut.pieces[index] = io.BytesIO()  # calamine holds its own copy
            sheet = opened.get_sheet_by_name(cut.sheet)
            data = sheet.to_python(skip_empty_area=index > 0)
            merges = sheet.merged_cell_ranges if index == 0 else None
            results[index] = (sheet.start, data, merges)
        except Exception:
            results[index] = None

    threads = [
        threading.Thread(target=read, args=(index,), name=f"读表-{index}")
        for index in range(1, len(cut.pieces))
    ]
    for thread in threads:
        thread.start()
    read(0)
    for thread in threads:
        thread.join()
    if any(result is None for result in results):
        return None
    _start, rows, merges = results[0]
    for start, data, _merges in results[1:]:
        if not data:
            continue
        first_row, first_column = start
        if first_row < len(rows):
            return None  # a row of this piece lies above the rows of the one before
        rows.extend([] for _ in range(first_row - len(rows)))
        if first_column:
            padding = [""] * first_column
            rows.extend(padding + row for row in data)
        else:
            rows.extend(data)
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows, merges


def cut_for(guard: XlsxGuard, sheet: str) -> CutSheet | None:
    """``sheet`` cut to be read on several cores: the cut made ahead (in ``guard.cuts``), else
    one made now; None where the guard has not said "calamine", or where cutting does not pay."""
    prepared = guard.cuts.pop(sheet, None)
    if guard.plan(sheet) != "calamine":
        return None
    if prepared is not None:
        return prepared
    part = guard.sheet_parts.get(sheet)
    return cut_sheet(guard.path, sheet, part) if part is not None else None


def cut_before_guard(
    path: Path, sheet: str | None, pieces: int | None = None, min_bytes: int | None = None
) -> CutSheet | None:
    """``sheet`` of the xlsx at ``path`` (default: the sheet with the largest XML, the roster
    of a large file) cut ahead, for :attr:`.xlsx_guard.XlsxGuard.cuts`; None when it is no
    xlsx or cutting does not pay."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = sheet_parts_of(book)
            if sheet is None and parts:
                sizes = {name: book.getinfo(part).file_size for name, part in parts.items()}
                sheet = max(sizes, key=sizes.__getitem__)
    except Exception:
        return None
    part = parts.get(sheet) if sheet is not None else None
    if sheet is None or part is None:
        return None
    return cut_sheet(path, sheet, part, pieces, min_bytes)
