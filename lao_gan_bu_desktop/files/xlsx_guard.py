"""Looking inside an xlsx before python-calamine reads it, so that no file can exhaust memory.

calamine builds a sheet as one dense rectangle from A1 to its farthest cell (32 bytes a cell):
one stray value at XFD1048576 in a 5 KB file asks for 550 GB and the process aborts, which no
``except`` can catch. A shared-strings table is kept whole in memory too, and a zip can inflate
a few megabytes into many gigabytes. So before calamine sees a workbook, :func:`inspect_xlsx`
reads the zip's directory and streams the shared strings (Python's zip reader stops at the size
the directory declares and checks the CRC, so a lying size is caught as damage); before a sheet
is read, :meth:`XlsxGuard.plan` finds how far its cells really reach with a few C-speed scans of
the sheet's XML (no per-cell Python work for an ordinary file):

* a sheet whose rectangle fits in :data:`MEMORY_LIMIT` is read by calamine (the fast path);
* a sheet that reaches far with few cells (the stray cell) is read sparsely here, cell by cell,
  so its real rows come back and the far cell costs nothing;
* anything that would need more than :data:`MEMORY_LIMIT` anyway is refused in Chinese before
  it is read.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from .row_facts import RowFacts, RowFactsScanner
from .sniff import DAMAGED_MESSAGE, SpreadsheetError

MEMORY_LIMIT = 1 << 30  # 1 GB for one sheet, or for the shared strings
RANGE_CELL_BYTES = 40  # calamine's cell (32) and the Python list slot (8) of every position
CELL_BYTES = 160  # a cell that holds a value, read sparsely here (objects, list slot, parsing)
STRING_BYTES = 80  # one shared string beyond its characters (Rust String and Python str)
PART_LIMIT = 4 * MEMORY_LIMIT  # the XML of one part, uncompressed
CHUNK = 1 << 20
# Without a reference of 2-3 letters or 6-7 digits, a cell lies within Z99999.
SMALL_COLUMNS = 26
SMALL_ROWS = 99999

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FAR_REF = re.compile(rb' r="(?:([A-Z]{2,3})([0-9]{1,7})|[A-Z]?([0-9]{6,7}))"')
_STRING_TAGS = (b"<si", b":si")  # <si>, <si/>, <x:si>: a bound, which is what is needed


def too_big(what: str, need: float = 0) -> SpreadsheetError:
    """The refusal of a file or sheet that would need ``need`` bytes of memory (0: unknown)."""
    limit = f"{MEMORY_LIMIT / (1 << 30):g} GB"
    amount = f"读取它需要约 {need / (1 << 30):.1f} GB 内存，" if need > 0 else "读取它需要的内存"
    return SpreadsheetError(
        f"{what}太大，{amount}超过了 {limit} 的上限，为保护电脑没有读取。"
        "请在 Excel 中打开它，删除多余的行、列和工作表（按 Ctrl+End 可找到最远的单元格），"
        "或只复制名单部分另存为新的 xlsx 后再导入。"
    )


@dataclass
class SheetScan:
    """How far a sheet's cells reach (a bound, never less than the truth) and how many there
    are; its hidden rows and formula cells without a result, found on the way."""

    rows: int
    columns: int
    cells: int
    facts: RowFacts = field(default_factory=RowFacts)

    @property
    def range_bytes(self) -> int:
        return self.rows * self.columns * RANGE_CELL_BYTES


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def stream_part(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The uncompressed bytes of a part in chunks cut just before a "<", so that no tag is split
    between two chunks and none is seen twice; a lying size or a bad CRC is damage."""
    carry = b""
    try:
        with book.open(info) as handle:
            while True:
                block = handle.read(CHUNK)
                if not block:
                    break
                block = carry + block
                cut = block.rfind(b"<")
                if cut <= 0:  # a long run of text: no tag can start inside it
                    cut = max(len(block) - 64, 0) if len(block) > 4 * CHUNK else 0
                if cut <= 0:
                    carry = block
                    continue
                carry = block[cut:]
                yield block[:cut]
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError):
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    if carry:
        yield carry


def _prefix(block: bytes) -> bytes:
    """The namespace prefix of the sheet's elements ("x:" in <x:sheetData>), usually none."""
    at = block.find(b"sheetData")
    if at <= 0 or block[at - 1 : at] == b"<":
        return b""
    start = block.rfind(b"<", 0, at)
    return block[start + 1 : at] if start >= 0 else b""


def scan_sheet(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> SheetScan:
    """Bound a sheet's extent with C-speed scans of its XML: the cells counted with and without
    a reference, and the few references that reach beyond column Z or row 99 999.

    A cell without a reference sits one column right of the one before it, so it can reach no
    further than the number of such cells; a row without one follows the row before it."""
    cells = referenced = 0
    far_rows = far_columns = 0
    prefix: bytes | None = None
    tags: tuple[bytes, bytes] = (b"", b"")
    facts = RowFactsScanner(b"")
    for block in stream_part(book, info):
        if prefix is None:
            prefix = _prefix(block)
            tags = (b"<" + prefix + b"c", b"<" + prefix + b'c r="')
            facts = RowFactsScanner(prefix)
        facts.feed(block)
        # "<c" also counts the few <col>, <cfRule> … a sheet has: a bound is all that is needed,
        # and one pass fewer over the XML than counting "<c " and "<c>" apart.
        cells += block.count(tags[0])
        referenced += block.count(tags[1])
        for letters, digits, row_only in _FAR_REF.findall(block):
            if letters:
                far_columns = max(far_columns, _column_number(letters))
                far_rows = max(far_rows, int(digits))
            else:
                far_rows = max(far_rows, int(row_only))
    unreferenced = max(cells - referenced, 0)
    columns = max(SMALL_COLUMNS, far_columns) + unreferenced
    rows = max(SMALL_ROWS, far_rows)
    return SheetScan(rows, columns, cells, facts.finish())


@dataclass
class XlsxGuard:
    """The parts of an xlsx that matter for memory: sheet name → its XML part, shared strings."""

    path: Path
    sheet_parts: dict[str, str]
    shared_strings: str | None
    _plans: dict[str, str] = field(default_factory=dict)
    _refusals: dict[str, str] = field(default_factory=dict)
    _facts: dict[str, RowFacts] = field(default_factory=dict)
    # sheet → its XML cut already (.xlsx_split; by the reading process while this guard was
    # worked out in the other)
    cuts: dict[str, Any] = field(default_factory=dict)

    def plan(self, sheet: str) -> str:
        """ "calamine" or "sparse" for ``sheet``; SpreadsheetError when it is too big for either."""
        if sheet in self._plans:
            return self._plans[sheet]
        if sheet in self._refusals:
            raise SpreadsheetError(self._refusals[sheet])
        part = self.sheet_parts.get(sheet)
        if part is None:
            return "calamine"  # calamine names the missing sheet itself
        with zipfile.ZipFile(self.path) as book:
            info = book.getinfo(part)
            if info.file_size > PART_LIMIT:
                raise too_big(f"工作表“{sheet}”", info.file_size)
            scan = scan_sheet(book, info)
        self._facts[sheet] = scan.facts
        if scan.range_bytes <= MEMORY_LIMIT:
            plan = "calamine"
        elif scan.cells * CELL_BYTES <= MEMORY_LIMIT:
            plan = "sparse"
        else:
            raise too_big(f"工作表“{sheet}”", scan.cells * CELL_BYTES)
        self._plans[sheet] = plan
        return plan

    def row_facts(self, sheet: str) -> RowFacts:
        """The hidden rows and formula cells without a result of ``sheet`` (found by
        :meth:`plan`; none for a sheet read sparsely or refused)."""
        if sheet not in self._facts and sheet not in self._refusals:
            with contextlib.suppress(SpreadsheetError):
                self.plan(sheet)
        return self._facts.get(sheet) or RowFacts()

    def plan_all(self) -> None:
        """Work out every sheet's plan now (a refusal is kept and raised when that sheet is
        read), so that this guard can be handed to the process that reads the file."""
        for sheet in self.sheet_parts:
            try:
                self.plan(sheet)
            except SpreadsheetError as exc:
                self._refusals[sheet] = exc.message

    def sparse_rows(self, sheet: str) -> Iterator[list[object]]:
        """The rows of ``sheet`` read cell by cell: row 1 first, each row as long as its last
        cell, blank rows as empty lists; numbers in a date format as dates, as calamine gives."""
        with zipfile.ZipFile(self.path) as book:
            strings = _shared_strings(book, self.shared_strings)
            dates = _DateStyles.read(book)
            rows = _sparse_cells(book, self.sheet_parts[sheet], strings, dates)
        last = 0
        for number in sorted(rows):
            while last < number - 1:
                last += 1
                yield []
            cells = rows[number]
            row: list[object] = [""] * (max(cells) + 1)
            for column, value in cells.items():
                row[column] = value
            last = number
            yield row


def _text(element) -> str:
    """The text of a <si> or <is>: its <t> runs, without phonetic guides (<rPh>)."""
    parts = []
    for child in element.iter():
        if child.tag == f"{_MAIN}rPh":
            continue
        if child.tag == f"{_MAIN}t" and child.text:
            parts.append(child.text)
    for phonetic in element.iter(f"{_MAIN}rPh"):
        for t in phonetic.iter(f"{_MAIN}t"):
            if t.text and t.text in parts:
                parts.remove(t.text)
    return "".join(parts)


def _shared_strings(book: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None:
        return []
    strings: list[str] = []
    try:
        with book.open(part) as handle:
            for _event, element in iterparse(handle):
                if element.tag == f"{_MAIN}si":
                    strings.append(_text(element))
                    element.clear()
    except Exception:
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    return strings


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


# Excel's built-in number formats that show a date (ids 14-22, 27-36, 45-47, 50-58: the last
# two groups are the Chinese and Japanese date formats).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass
class _DateStyles:
    """Which cell styles show a date, and the workbook's date system."""

    styles: frozenset[int]
    epoch_1904: bool

    @classmethod
    def read(cls, book: zipfile.ZipFile) -> _DateStyles:
        custom: dict[int, str] = {}
        formats: list[int] = []
        epoch_1904 = False
        try:
            names = set(book.namelist())
            if "xl/styles.xml" in names:
                with book.open("xl/styles.xml") as handle:
                    in_xfs = False
                    for event, element in iterparse(handle, events=("start", "end")):
                        if element.tag == f"{_MAIN}cellXfs":
                            in_xfs = event == "start"
                        elif event == "end" and element.tag == f"{_MAIN}numFmt":
                            number = element.get("numFmtId", "")
                            if number.isdigit():
                                custom[int(number)] = element.get("formatCode", "")
                        elif event == "end" and in_xfs and element.tag == f"{_MAIN}xf":
                            number = element.get("numFmtId", "0")
                            formats.append(int(number) if number.isdigit() else 0)
            if "xl/workbook.xml" in names:
                with book.open("xl/workbook.xml") as handle:
                    for _event, element in iterparse(handle):
                        if element.tag == f"{_MAIN}workbookPr":
                            epoch_1904 = element.get("date1904", "") in ("1", "true")
        except Exception:
            raise SpreadsheetError(DAMAGED_MESSAGE) from None
        styles = frozenset(
            index for index, number in enumerate(formats) if _is_date_format(number, custom)
        )
        return cls(styles, epoch_1904)

    def value(self, serial: float) -> object:
        """The date (or date and time) of an Excel serial number in this workbook."""
        if serial < 1 or serial > 2958465:  # a time of day alone, or beyond 9999-12-31
            return serial
        if self.epoch_1904:
            epoch = _dt.datetime(1904, 1, 1)
        elif serial < 60:
            epoch = _dt.datetime(1899, 12, 31)
        else:
            epoch = _dt.datetime(1899, 12, 30)
        moment = epoch + _dt.timedelta(milliseconds=round(serial * 86_400_000))
        return moment.date() if float(serial).is_integer() else moment


def _is_date_format(number: int, custom: dict[int, str]) -> bool:
    if number in _BUILTIN_DATE_FORMATS:
        return True
    code = custom.get(number)
    if not code:
        return False
    plain = _QUOTED_OR_BRACKETED.sub("", code.split(";")[0]).lower()
    return any(ch in plain for ch in "ymdhs") and "general" not in plain


def _cell_value(element, kind: str, strings: list[str]) -> object:
    if kind == "inlineStr":
        inline = element.find(f"{_MAIN}is")
        return _text(inline) if inline is not None else ""
    value = element.find(f"{_MAIN}v")
    text = value.text if value is not None and value.text is not None else ""
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return text.strip() == "1"
    if kind in ("str", "e"):
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    return number  # a float, as calamine gives every number


def _sparse_cells(
    book: zipfile.ZipFile, part: str, strings: list[str], dates: _DateStyles
) -> dict[int, dict[int, object]]:
    """row number → {column index (0-based) → value} of the cells that hold a value."""
    rows: dict[int, dict[int, object]] = {}
    row_number = 0
    column = -1
    try:
        with book.open(part) as handle:
            for event, element in iterparse(handle, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{_MAIN}row":
                        given = element.get("r")
                        row_number = int(given) if given and given.isdigit() else row_number + 1
                        column = -1
                    continue
                if tag != f"{_MAIN}c":
                    if tag == f"{_MAIN}row":
                        element.clear()
                    continue
                ref = _REF.fullmatch(element.get("r") or "")
                if ref:
                    column = _column_number(ref.group(1).encode()) - 1
                    number = int(ref.group(2))
                else:
                    column += 1
                    number = row_number
                kind = element.get("t", "n")
                value = _cell_value(element, kind, strings)
                style = element.get("s")
                if (
                    kind == "n"
                    and isinstance(value, (int, float))
                    and style
                    and style.isdigit()
                    and int(style) in dates.styles
                ):
                    value = dates.value(value)
                element.clear()
                if value == "" or value is None:
                    continue
                rows.setdefault(number, {})[column] = value
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    return rows


def sheet_parts_of(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the path of its XML part, from workbook.xml and its relationships."""
    try:
        workbook = "xl/workbook.xml"
        for info in book.infolist():
            if info.filename.lower() == workbook:
                workbook = info.filename
        rels_name = posixpath.join(
            posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels"
        )
        targets = {}
        with book.open(rels_name) as handle:
            for _event, element in iterparse(handle):
                if element.tag == f"{_PKG_REL}Relationship":
                    target = element.get("Target", "")
                    if target.startswith("/"):
                        path = target.lstrip("/")
                    else:
                        path = posixpath.normpath(
                            posixpath.join(posixpath.dirname(workbook), target)
                        )
                    targets[element.get("Id")] = path
        parts = {}
        with book.open(workbook) as handle:
            for _event, element in iterparse(handle):
                if element.tag == f"{_MAIN}sheet":
                    target = targets.get(element.get(f"{_REL}id"))
                    if target:
                        parts[element.get("name", "")] = target
        names = set(book.namelist())
        return {name: part for name, part in parts.items() if part in names}
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    except Exception:
        raise SpreadsheetError(DAMAGED_MESSAGE) from None


def inspect_xlsx(path: Path) -> XlsxGuard:
    """Check the zip of an xlsx before it is opened: no part that inflates past
    :data:`PART_LIMIT`, shared strings that fit in :data:`MEMORY_LIMIT` (counted while
    streaming them). Raises SpreadsheetError with a Chinese message."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    with book:
        infos = book.infolist()
        for info in infos:
            if info.file_size > PART_LIMIT:
                raise too_big("文件", info.file_size)
        shared = next((i for i in infos if i.filename.lower().endswith("sharedstrings.xml")), None)
        if shared is not None:
            count = 0
            for block in stream_part(book, shared):
                count += sum(block.count(tag) for tag in _STRING_TAGS)
                need = shared.file_size + count * STRING_BYTES
                if need > MEMORY_LIMIT:
                    raise too_big("文件中的文字表（共享字符串）", need)
        return XlsxGuard(Path(path), sheet_parts_of(book), shared.filename if shared else None)
