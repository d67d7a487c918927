"""Reading every kind of unit spreadsheet into plain rows of cell values.

:func:`open_workbook` sniffs the real format (see :mod:`.sniff`) and returns a
:class:`WorkbookReader` listing the sheets (hidden ones marked); :meth:`WorkbookReader.rows`
yields each row of a sheet as a list of cell values, row 1 of the list being row 1 in Excel, so
that messages can name the row number the clerk sees. Empty cells are ``""`` or ``None``.

Formats: xlsx/xlsm, xls and ods through python-calamine (fast; never openpyxl's cell reader);
csv/txt through the csv module after encoding detection (quotes read strictly); tables of Word
documents (docx) through python-docx; HTML tables (any declared charset)
through html.parser; Excel 2003 XML (SpreadsheetML) through xml.etree. Every failure is a
:class:`~.sniff.SpreadsheetError` with a Chinese message.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .row_facts import RowFacts
from .sniff import (
    DAMAGED_MESSAGE,
    ENCRYPTED_MESSAGE,
    SpreadsheetError,
    decode_text,
    sniff_format,
)
from .xlsx_guard import XlsxGuard, inspect_xlsx, too_big
from .xlsx_split import cut_for, read_cut

log = logging.getLogger(__name__)

Row = list[object]


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of a workbook (an HTML file has one per table)."""

    name: str
    hidden: bool = False


@dataclass
class WorkbookReader:
    """An opened spreadsheet file: its real format, its sheets, and a row generator per sheet."""

    path: Path
    format: str
    sheets: list[SheetInfo]
    _tables: dict[str, list[Row]] = field(default_factory=dict, repr=False)
    _calamine: object | None = field(default=None, repr=False)
    _xlsx_guard: XlsxGuard | None = field(default=None, repr=False)
    # sheet → how many pieces it was read in on as many cores (see .xlsx_split); 1 if absent
    pieces_read: dict[str, int] = field(default_factory=dict)
    _ods_read: tuple[dict, dict] | None = field(default=None, repr=False)

    @property
    def visible_sheets(self) -> list[SheetInfo]:
        return [s for s in self.sheets if not s.hidden]

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row of ``sheet`` from Excel row 1 on (blank rows included)."""
        if self._xlsx_guard is not None and self._xlsx_guard.plan(sheet) == "sparse":
            yield from self._xlsx_guard.sparse_rows(sheet)
            return
        if self._calamine is not None:
            merges = None
            if self.format == "ods":  # calamine gives no merged ranges for ods
                merges = self._ods()[0].get(sheet, [])
            cut = cut_for(self._xlsx_guard, sheet) if self._xlsx_guard is not None else None
            read = read_cut(cut) if cut is not None else None
            if read is not None:
                data, cut_merges = read
                self.pieces_read[sheet] = len(cut.pieces)
                _fill_merged_down(merges if merges is not None else cut_merges, data)
                yield from data
                return
            yield from _calamine_rows(self._calamine, sheet, merges)
            return
        if sheet not in self._tables:
            raise SpreadsheetError(f"文件中没有名为“{sheet}”的工作表。")
        yield from self._tables[sheet]

    def row_facts(self, sheet: str) -> RowFacts:
        """The rows of ``sheet`` hidden in Excel and its formula cells saved without a result
        (xlsx; other formats give none)."""
        if self._xlsx_guard is not None:
            return self._xlsx_guard.row_facts(sheet)
        if self.format == "ods":
            return RowFacts(hidden_rows=self._ods()[1].get(sheet, set()))
        return RowFacts()

    def _ods(self) -> tuple[dict[str, Merges], dict[str, set[int]]]:
        if self._ods_read is None:
            self._ods_read = _ods_layout(self.path)
        return self._ods_read

    def close(self) -> None:
        if self._calamine is not None:
            try:
                self._calamine.close()  # type: ignore[attr-defined]
            except Exception:  # pragma: no cover - closing is best effort
                log.debug("closing workbook failed", exc_info=True)
            self._calamine = None


# ---------------------------------------------------------------- calamine (xlsx, xls, ods)


def _calamine_error(exc: Exception) -> SpreadsheetError:
    name = type(exc).__name__
    text = str(exc).lower()
    if name == "PasswordError" or "password" in text or "encrypt" in text:
        return SpreadsheetError(ENCRYPTED_MESSAGE)
    if "cell limit exceeded" in text:  # calamine's own guard (ods): a sheet reaching too far
        return too_big("工作表")
    log.info("calamine could not read the file: %s: %s", name, exc)
    return SpreadsheetError(DAMAGED_MESSAGE)


_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}


def _open_calamine(path: Path, fmt: str, guard: XlsxGuard | None = None) -> WorkbookReader:
    from python_calamine import CalamineWorkbook

    # An xlsx is looked into first: calamine would abort the process on a sheet that reaches
    # far (a stray cell at XFD1048576) or on a zip bomb (see .xlsx_guard).
    if fmt == "xlsx" and guard is None:
        guard = inspect_xlsx(path)
    elif fmt != "xlsx":
        guard = None
    try:
        if path.suffix.lower() in _SUFFIXES[fmt]:
            book = CalamineWorkbook.from_path(str(path))
        else:  # a renamed file: calamine would trust the extension, so hand it the bytes
            book = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        sheets = []
        for meta in book.sheets_metadata:
            kind = str(meta.typ).rsplit(".", 1)[-1]
            if kind not in ("WorkSheet", "Unknown"):
                continue  # chart sheets, macro sheets
            visible = str(meta.visible).rsplit(".", 1)[-1]
            sheets.append(SheetInfo(meta.name, hidden=visible != "Visible"))
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise _calamine_error(exc) from None
    return WorkbookReader(path, fmt, sheets, _calamine=book, _xlsx_guard=guard)


Merges = list[tuple[tuple[int, int], tuple[int, int]]]


def _calamine_rows(book: object, sheet: str, merges: Merges | None = None) -> Iterator[Row]:
    try:
        opened = book.get_sheet_by_name(sheet)  # type: ignore[attr-defined]
        data = opened.to_python(skip_empty_area=False)
    except Exception as exc:
        if type(exc).__name__ == "WorksheetNotFound":
            raise SpreadsheetError(f"文件中没有名为“{sheet}”的工作表。") from None
        raise _calamine_error(exc) from None
    if merges is None:
        try:
            merges = opened.merged_cell_ranges  # type: ignore[attr-defined]
        except Exception:  # pragma: no cover - formats without merge information
            merges = None
    _fill_merged_down(merges, data)
    yield from data


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_HIDDEN_RUN = 1 << 16  # hidden rows repeated more often than this are no one's rows


def _ods_layout(path: Path) -> tuple[dict[str, Merges], dict[str, set[int]]]:
    """What calamine does not give of an ods, read from its content.xml, for each sheet: the
    cells merged down ((top, left), (bottom, right), 0-based: table:number-rows-spanned) and
    the rows hidden or filtered out (1-based: table:visibility); nothing when it cannot be
    read."""
    import zipfile

    t = _ODS_TABLE
    found: dict[str, Merges] = {}
    hidden: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            sheet, row, column = "", -1, 0
            for event, element in ET.iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{t}table":
                        sheet, row = element.get(f"{t}name", ""), -1
                    elif tag == f"{t}table-row":
                        row, column = row + 1, 0
                        if element.get(f"{t}visibility") in ("collapse", "filter"):
                            repeated = element.get(f"{t}number-rows-repeated") or "1"
                            count = int(repeated) if repeated.isdigit() else 1
                            if count <= _ODS_HIDDEN_RUN:  # longer: the sheet's empty rest
                                hidden.setdefault(sheet, set()).update(
                                    range(row + 1, row + 1 + count)
                                )
                    elif tag == f"{t}table-cell" or tag == f"{t}covered-table-cell":
                        spanned = element.get(f"{t}number-rows-spanned")
                        if spanned and spanned.isdigit() and int(spanned) > 1:
                            across = element.get(f"{t}number-columns-spanned") or "1"
                            right = column + max(int(across) if across.isdigit() else 1, 1) - 1
                            found.setdefault(sheet, []).append(
                                ((row, column), (row + int(spanned) - 1, right))
                            )
                        repeated = element.get(f"{t}number-columns-repeated") or "1"
                        column += int(repeated) if repeated.isdigit() else 1
                    continue
                if tag == f"{t}table-row":
                    repeated = element.get(f"{t}number-rows-repeated") or "1"
                    row += (int(repeated) if repeated.isdigit() else 1) - 1
                element.clear()
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        log.info("ods merged cells not read", exc_info=True)
        return {}, {}
    return found, hidden


def _fill_merged_down(ranges: Merges | None, data: list[Row]) -> None:
    """A cell merged down over several rows (a 单位 or 类别 over the people it covers) gives its
    value to each row it covers, in its first column; merges across one row stay as they are,
    so a title or a two-level header keeps its empty cells."""
    for (top, left), (bottom, _right) in ranges or ():
        if bottom <= top or top >= len(data):
            continue
        first = data[top]
        value = first[left] if left < len(first) else None
        if value is None or value == "":
            continue
        for number in range(top + 1, min(bottom, len(data) - 1) + 1):
            row = data[number]
            if left < len(row) and (row[left] is None or row[left] == ""):
                row[left] = value


# ---------------------------------------------------------------- csv / txt


def _delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (",", "\t", ";", "|"):
        counts = [ln.count(delim) for ln in lines]
        if not counts or max(counts) == 0:
            continue
        # Prefer the delimiter that splits most lines into the same number of fields.
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * 10 + common
        if common > 0 and score > best_score:
            best, best_score = delim, score
    return best


def _open_csv(path: Path) -> WorkbookReader:
    text, _encoding = decode_text(path.read_bytes())
    text = text.replace("\x00", "")
    if not text.strip():
        raise SpreadsheetError("文件中没有任何内容。请让单位重新发送。")
    delim = _delimiter(text[:20000])
    rows = _csv_rows(text, delim)
    name = path.stem or "表1"
    return WorkbookReader(path, "csv", [SheetInfo(name)], _tables={name: rows})


def _quote_message(line: int, text: str) -> SpreadsheetError:
    opening = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    shown = opening if len(opening) <= 40 else opening[:40] + "…"
    return SpreadsheetError(
        f"文本文件第 {line} 行有一个没有配对的引号（该行内容：“{shown}”），"
        "其后的各行会被当作同一格的内容，无法可靠地读取。"
        "请在记事本或 Excel 中打开文件，补上或删去这个引号后保存，再导入。"
    )


def _csv_rows(text: str, delim: str) -> list[Row]:
    """Every record of a csv text, read strictly: a quote that is never closed, or a quoted
    field whose line breaks hide lines that look like rows of their own (they hold the
    separator), is refused naming the line where the quote opens, so no row is swallowed."""
    # newline=None: \r\n, \n and a lone \r (old Mac files) all end a line.
    if '"' not in text:
        try:
            return [list(r) for r in csv.reader(io.StringIO(text, newline=None), delimiter=delim)]
        except csv.Error:
            raise SpreadsheetError(
                "文本文件的格式不规范，无法按表格读取。请在 Excel 中打开后另存为 xlsx 再导入。"
            ) from None
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delim, strict=True)
    rows: list[Row] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return rows
        except csv.Error:
            raise _quote_message(start, text) from None
        if reader.line_num > start:
            for value in record:
                if "\n" in value and any(delim in line for line in value.splitlines()[1:]):
                    raise _quote_message(start, text)
        rows.append(record)


# ---------------------------------------------------------------- Word tables (docx)


def _docx_table_rows(table: object) -> list[Row]:
    """A Word table as rows of text. A cell merged across gives its text to its first column
    only (like a merged Excel cell); a cell merged down gives it to every row it covers."""
    rows: list[Row] = []
    for row in table.rows:  # type: ignore[attr-defined]
        values: Row = []
        previous = None
        for cell in row.cells:
            element = cell._tc
            text = "" if element is previous else re.sub(r"[ \t\r\n\xa0]+", " ", cell.text).strip()
            previous = element
            values.append(text)
        rows.append(values)
    return rows


def _width(table: list[Row]) -> int:
    return max((len(r) for r in table), default=0)


def _join_continued(tables: list[list[Row]]) -> list[list[Row]]:
    """A roster that Word breaks into several tables (a page break, "续表") is one table: a
    table of the same width as the roster before it, starting with a header that names the same
    fields or having no header of its own, continues it (the repeated header is skipped as
    data by header_detect.data_rows)."""
    from .header_detect import MIN_FIELDS, detect_header

    joined: list[list[Row]] = []
    fields: list[str | None] | None = None  # the fields named by the roster's header
    for table in tables:
        layout = detect_header(table)
        own = layout.guesses if layout.score >= MIN_FIELDS else None
        continues = joined and fields is not None and _width(table) == _width(joined[-1])
        if continues and (own is None or own == fields):
            joined[-1] = joined[-1] + table
            continue
        fields = own
        joined.append(table)
    return joined


def _open_docx(path: Path) -> WorkbookReader:
    try:
        import docx

        document = docx.Document(str(path))
        tables = [_docx_table_rows(t) for t in document.tables]
    except Exception:
        log.info("docx read failed", exc_info=True)
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    tables = [t for t in tables if any(any(str(c).strip() for c in r) for r in t)]
    if not tables:
        raise SpreadsheetError(
            "这个 Word 文档中没有表格，无法导入。请让单位把名单做成表格（最好是 Excel 表格）后重新发送。"
        )
    tables = _join_continued(tables)
    names = [f"表{i}" for i in range(1, len(tables) + 1)]
    return WorkbookReader(
        path, "docx", [SheetInfo(n) for n in names], _tables=dict(zip(names, tables, strict=True))
    )


# ---------------------------------------------------------------- HTML tables

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _decode_html(data: bytes) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data)[0]
    match = _META_CHARSET.search(data[:4096])
    if match:
        charset = match.group(1).decode("ascii").lower()
        if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
            charset = "gb18030"
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_text(data)[0]


class _TableParser(HTMLParser):
    """Collects every <table> as rows of text; colspan leaves empty cells like Excel, rowspan
    repeats the text down the rows it covers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[Row]] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    @property
    def _table(self) -> dict | None:
        return self._stack[-1] if self._stack else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "table":
            self._stack.append({"rows": [], "row": None, "spans": {}, "span_text": {}})
        elif self._table is None:
            return
        elif tag == "tr":
            self._finish_row()
            self._table["row"] = []
        elif tag in ("td", "th"):
            self._finish_cell()
            if self._table["row"] is None:
                self._table["row"] = []
            a = dict(attrs)
            self._cell = []
            self._span = (_int_attr(a.get("colspan")), _int_attr(a.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self._table is None:
            return
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table":
            self._finish_row()
            table = self._stack.pop()
            self.tables.append(table["rows"])

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _skip_spanned(self, table: dict) -> None:
        row = table["row"]
        spans = table["spans"]
        while spans.get(len(row), 0) > 0:
            spans[len(row)] -= 1
            # A cell spanning rows down gives its text to each row it covers (like a merged
            # 单位 cell over its people in Excel).
            row.append(table["span_text"].get(len(row), ""))

    def _finish_cell(self) -> None:
        table = self._table
        if self._cell is None or table is None:
            return
        text = re.sub(r"[ \t\r\n\xa0]+", " ", "".join(self._cell)).strip()
        self._cell = None
        colspan, rowspan = self._span
        self._skip_spanned(table)
        row = table["row"]
        for i in range(colspan):
            col = len(row)
            row.append(text if i == 0 else "")
            if rowspan > 1:
                table["spans"][col] = rowspan - 1
                table["span_text"][col] = text if i == 0 else ""

    def _finish_row(self) -> None:
        table = self._table
        if table is None:
            return
        self._finish_cell()
        if table["row"] is not None:
            self._skip_spanned(table)
            # Columns still covered by a rowspan beyond the written cells.
            width = max(table["spans"], default=-1) + 1
            while len(table["row"]) < width and table["spans"].get(len(table["row"]), 0) > 0:
                self._skip_spanned(table)
            table["rows"].append(table["row"])
            table["row"] = None


def _int_attr(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _open_html(path: Path) -> WorkbookReader:
    text = _decode_html(path.read_bytes())
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        log.info("html parse failed", exc_info=True)
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    tables = [t for t in parser.tables if any(any(str(c).strip() for c in r) for r in t)]
    if not tables:
        raise SpreadsheetError("网页文件中没有表格，无法导入。请让单位导出为 Excel 表格后再发送。")
    names = [f"表{i}" for i in range(1, len(tables) + 1)]
    return WorkbookReader(
        path, "html", [SheetInfo(n) for n in names], _tables=dict(zip(names, tables, strict=True))
    )


# ---------------------------------------------------------------- SpreadsheetML (Excel 2003 XML)

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"


def _xml_value(cell: ET.Element) -> object:
    data = cell.find(f"{_SS}Data")
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number
    if kind == "DateTime":
        try:
            moment = _dt.datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
        return moment.date() if moment.time() == _dt.time() else moment
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    return text


def _fill_down(rows: list[Row], downs: list[tuple[int, int, int, object]]) -> None:
    """A cell merged down (ss:MergeDown) gives its value to the empty cells it covers, as in
    an xlsx (see :func:`_fill_merged_down`)."""
    for top, column, count, value in downs:
        for number in range(top + 1, min(top + count, len(rows) - 1) + 1):
            row = rows[number]
            if len(row) <= column:
                row.extend([""] * (column + 1 - len(row)))
            if row[column] in ("", None):
                row[column] = value


def _open_spreadsheetml(path: Path) -> WorkbookReader:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        raise SpreadsheetError(DAMAGED_MESSAGE) from None
    sheets: list[SheetInfo] = []
    tables: dict[str, list[Row]] = {}
    for index, ws in enumerate(root.iter(f"{_SS}Worksheet"), 1):
        name = ws.get(f"{_SS}Name") or f"Sheet{index}"
        visible = ws.find(f"{_X}WorksheetOptions/{_X}Visible")
        hidden = visible is not None and "hidden" in (visible.text or "").lower()
        rows: list[Row] = []
        downs: list[tuple[int, int, int, object]] = []  # row, column, rows below, value
        table = ws.find(f"{_SS}Table")
        for row_el in table.iter(f"{_SS}Row") if table is not None else ():
            r_index = row_el.get(f"{_SS}Index")
            if r_index and r_index.isdigit():
                while len(rows) < int(r_index) - 1:
                    rows.append([])
            row: Row = []
            for cell in row_el.findall(f"{_SS}Cell"):
                c_index = cell.get(f"{_SS}Index")
                if c_index and c_index.isdigit():
                    while len(row) < int(c_index) - 1:
                        row.append("")
                row.append(_xml_value(cell))
                down = cell.get(f"{_SS}MergeDown")
                if down and down.isdigit() and row[-1] not in ("", None):
                    downs.append((len(rows), len(row) - 1, int(down), row[-1]))
                across = cell.get(f"{_SS}MergeAcross")
                if across and across.isdigit():
                    row.extend([""] * int(across))
            rows.append(row)
        _fill_down(rows, downs)
        sheets.append(SheetInfo(name, hidden))
        tables[name] = rows
    if not sheets:
        raise SpreadsheetError("Excel 2003 XML 文件中没有工作表，无法导入。")
    return WorkbookReader(path, "spreadsheetml", sheets, _tables=tables)


# ---------------------------------------------------------------- entry point


def open_workbook(path: Path, guard: XlsxGuard | None = None) -> WorkbookReader:
    """Open any supported spreadsheet file, detected by content. Raises SpreadsheetError.
    ``guard``: what :func:`.xlsx_guard.inspect_xlsx` found in this xlsx, worked out already
    (by the process that started the one reading it)."""
    path = Path(path)
    fmt = sniff_format(path)
    try:
        if fmt in ("xlsx", "xls", "ods"):
            return _open_calamine(path, fmt, guard)
        if fmt == "csv":
            return _open_csv(path)
        if fmt == "html":
            return _open_html(path)
        if fmt == "docx":
            return _open_docx(path)
        return _open_spreadsheetml(path)
    except SpreadsheetError:
        raise
    except (OSError, MemoryError) as exc:
        raise SpreadsheetError(f"无法读取文件：{path.name}（{exc}）。请检查文件后重试。") from None


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[Row]:
    """Rows of ``sheet`` (default: the first visible sheet) of the file at ``path``."""
    book = open_workbook(path)
    try:
        names = [s.name for s in book.visible_sheets] or [s.name for s in book.sheets]
        if not names:
            raise SpreadsheetError("文件中没有工作表，无法导入。")
        yield from book.rows(sheet or names[0])
    finally:
        book.close()
