"""Importing a unit's spreadsheet as one undoable batch: read → detect → map → check → write.

The wizard and the CLI call the same steps:

1. :func:`open_source` reads the file (any format, see :mod:`..files.readers`), picks the sheet
   whose header names the most person fields (hidden sheets skipped) and finds the header rows;
2. :func:`suggest_mapping` gives one glossary key (or None) per column: the mapping saved for this
   unit and header layout, else the guesses of :mod:`..files.column_synonyms`;
3. :func:`plan_import` normalises every row with the core rules (birth date and gender from the
   ID number, warnings where the sheet disagrees), keeps rows with errors out, flags duplicates
   in the file, matches people already on the roster (ID number, else name + birth date) and
   works out, per person, each field old → new under the duplicate policy — nothing is written;
4. :func:`.import_apply.apply_plan` makes a backup ("导入前") and writes all valid rows in ONE
   transaction as an :class:`ImportBatch` that keeps the before-values;
   :func:`.import_undo.undo_import` restores them.

This module holds steps 1–3 (the plan); writing is in :mod:`.import_apply`, undoing in
:mod:`.import_undo`. It loads the storage layer (peewee) only in the functions that use it: the
streamed import's reading process (:mod:`.import_reader`) reads and checks with this module and
never touches the database, and starts that much sooner.

Audit: one AuditLog row per batch ("导入", table ``import_batch``) plus the batch's own
ImportBatchPerson rows, which hold each touched person's fields before → after. Writing a
per-person AuditLog row as well would double the rows written for a 100 000-row file for no
information the batch rows do not already hold (see ../../README.md, benchmark).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import hashlib
import itertools
import json
import logging
import re
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..files.header_detect import (
    MIN_FIELDS,
    SCAN_ROWS,
    TableLayout,
    data_rows,
    detect_header,
    header_signature,
    says_nobody,
)
from ..files.readers import SheetInfo, open_workbook
from ..files.row_facts import RowFacts
from ..files.sniff import FORMAT_NAMES, SpreadsheetError
from .bulk_work import collector_paused
from .import_errors import ImportCancelled, ImportServiceError
from .import_row_facts import hold_back_hidden, in_row_order, note_formula_cells
from .import_rows import Column, Issue, PlannedRow, check_rows

log = logging.getLogger(__name__)

POLICIES: dict[str, str] = {
    "update": "更新：新的非空值替换原有值",
    "fill": "补全：只填写原来空着的字段",
    "skip": "跳过：已在花名册中的人不作改动",
}
ACTION_NAMES = {
    "new": "新增",
    "update": "更新",
    "unchanged": "无变化",
    "skip": "跳过",
    "invalid": "有错误",
    "duplicate": "文件内重复",
}


# ---------------------------------------------------------------- data shapes


@dataclass
class ImportSource:
    """A read file: its format, sheets, the chosen sheet's rows and the detected header."""

    path: Path
    format: str
    sheets: list[SheetInfo]
    sheet: str
    rows: list[list[Any]]
    layout: TableLayout
    file_hash: str
    # Other visible sheets whose header names the same fields (a sheet per 类别): not imported
    # with this one; the plan says so.
    also_rosters: list[str] = field(default_factory=list)
    read_in_pieces: int = 1  # the sheet read in as many pieces on as many cores (.xlsx_split)
    # the sheet's rows hidden in Excel, its formula cells saved without a result (.row_facts)
    row_facts: RowFacts = field(default_factory=RowFacts)

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)

    @property
    def headers(self) -> list[str]:
        return self.layout.headers

    @property
    def signature(self) -> str:
        return header_signature(self.layout.headers)


@dataclass
class ImportPlan:
    """Everything :func:`apply_plan` will write, and every problem found; nothing written yet."""

    source: ImportSource
    unit: str
    mapping: list[str | None]
    on_duplicate: str
    rows: list[PlannedRow]

    def of(self, action: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(ACTION_NAMES, 0)
        for r in self.rows:
            result[r.action] += 1
        return result

    @property
    def invalid(self) -> list[Issue]:
        return [i for r in self.rows if r.action == "invalid" for i in r.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for r in self.rows if r.action != "invalid" for i in r.warnings]

    @property
    def duplicates_in_file(self) -> list[dict[str, int]]:
        return [
            {"row": r.row, "same_as_row": r.same_as_row}
            for r in self.rows
            if r.action == "duplicate" and r.same_as_row is not None
        ]

    @property
    def rows_read(self) -> int:
        return len(self.rows)

    @property
    def mapping_by_header(self) -> dict[str, str]:
        return {
            h or f"第{i + 1}列": k
            for i, (h, k) in enumerate(zip(self.source.headers, self.mapping, strict=False))
            if k
        }


@dataclass
class ImportResult:
    """What :func:`apply_plan` wrote."""

    batch_id: int
    imported: int
    updated: int
    unchanged: int
    skipped: int
    backup_path: Path | None


# ---------------------------------------------------------------- reading and detecting


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_sheet(book: Any, name: str) -> list[list[Any]]:
    return list(book.rows(name))


@collector_paused()
def open_source(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    *,
    guard: Any = None,
    pinyin: bool = True,
) -> ImportSource:
    """Read ``path`` and find its table. ``sheet`` picks a sheet by name (default: the visible
    sheet whose header names the most person fields); ``header_row`` (1-based) forces the header.
    ``guard``: the xlsx guard worked out already (see :func:`.readers.open_workbook`);
    ``pinyin``: load the pinyin dictionaries meanwhile (for a process that will write).
    Raises SpreadsheetError with a Chinese message when no table can be found."""
    path = Path(path)
    loader = load_pinyin_meanwhile() if pinyin else None
    try:
        return _open_source(path, sheet, header_row, guard)
    finally:
        if loader is not None:
            loader.join()  # never outlives the reading that it overlaps


def _open_source(path: Path, sheet: str | None, header_row: int | None, guard: Any) -> ImportSource:
    book = open_workbook(path, guard)
    try:
        if not book.sheets:
            raise SpreadsheetError("工作簿中没有工作表，无法导入。请让单位重新发送。")
        if sheet is not None:
            if sheet not in [s.name for s in book.sheets]:
                names = "、".join(s.name for s in book.sheets)
                raise SpreadsheetError(f"文件中没有名为“{sheet}”的工作表，现有工作表：{names}。")
            candidates = [sheet]
        else:
            candidates = [s.name for s in book.visible_sheets] or [book.sheets[0].name]
        best: tuple[int, str, list[list[Any]], TableLayout] | None = None
        all_empty = True
        fields_of: dict[str, set[str]] = {}
        for name in candidates:
            rows = _read_sheet(book, name)
            if any(any(c not in (None, "") for c in r) for r in rows[:200]):
                all_empty = False
            layout = detect_header(rows, header_row)
            if layout.score >= MIN_FIELDS:
                fields_of[name] = {g for g in layout.guesses if g}
            if best is None or layout.score > best[0]:
                best = (layout.score, name, rows, layout)
        assert best is not None
        score, name, rows, layout = best
        also = [n for n, f in fields_of.items() if n != name and f == fields_of.get(name)]
        layout.title = _kind_title(name)
        if all_empty:
            raise SpreadsheetError("工作簿是空的，没有可导入的内容。请让单位填写后重新发送。")
        _refuse_nobody(name, rows, layout if score >= MIN_FIELDS else None)
        if score < MIN_FIELDS and header_row is None:
            others = [s for s in book.sheets if s.name != name]
            hint = ""
            if others:
                listed = "、".join(s.name + ("（隐藏）" if s.hidden else "") for s in others)
                hint = f"文件中还有工作表：{listed}；如名单在其中，请选择该工作表（命令行用 --sheet）。"
            raise SpreadsheetError(
                f"在工作表“{name}”的前 {SCAN_ROWS} 行中没有找到表头（应有“姓名”“身份证号码”等列名）。"
                + hint
                + "请确认这是离退休人员名单，或下载空白模板让单位按模板填写。"
            )
        if score >= MIN_FIELDS and next(data_rows(rows, layout), None) is None:
            raise SpreadsheetError(
                f"工作表“{name}”只有表头，没有人员数据（第 {layout.header_row} 行以下是空的）。"
                "请让单位填写后重新发送。"
            )
        return ImportSource(
            path,
            book.format,
            book.sheets,
            name,
            rows,
            layout,
            file_hash(path),
            also,
            book.pieces_read.get(name, 1),
            book.row_facts(name),
        )
    finally:
        book.close()


NOBODY_MESSAGE = (
    "工作表“{sheet}”写明本单位没有离退休人员（“{said}”），没有可导入的人员，本次未导入任何数据。"
    "如果该单位确有离退休人员，请让单位填写名单后重新发送。"
)


def _refuse_nobody(sheet: str, rows: list[list[Any]], layout: TableLayout | None) -> None:
    """Refuse a sheet that says the unit has no one ("无", "本单位无离退休人员"), in Chinese."""
    if layout is not None:
        below = list(itertools.islice(data_rows(rows, layout), 6))
        if not below or len(below) > 5 or not says_nobody(cells for _n, cells in below):
            return
        said_rows = [cells for _n, cells in below]
    else:
        said_rows = [r for r in rows[:SCAN_ROWS] if any(c not in (None, "") for c in r)]
        # Without a header, the sheet must be little more than its title and the sentence.
        if not said_rows or len(said_rows) > 6 or not says_nobody(said_rows[-1:]):
            return
        said_rows = said_rows[-1:]
    said = next(
        str(c).strip()
        for r in said_rows
        for c in r
        if c not in (None, "") and not str(c).strip().isdigit()
    )
    raise SpreadsheetError(NOBODY_MESSAGE.format(sheet=sheet, said=said))


def load_pinyin_meanwhile() -> threading.Thread | None:
    """Load the pinyin dictionaries (about 0.1 s; the write needs them for the search keys) on
    a thread while the spreadsheet reader, which releases the GIL, parses the file (or the
    streamed import waits for the other process); the caller joins the thread."""
    if "pypinyin" in sys.modules:
        return None
    thread = threading.Thread(target=_load_pinyin, name="加载拼音词典")
    thread.start()
    return thread


def _load_pinyin() -> None:
    from ..core.pinyin import search_key

    search_key("张")


def with_sheet(source: ImportSource, sheet: str) -> ImportSource:
    """The same file with another sheet chosen (header detected afresh)."""
    return open_source(source.path, sheet=sheet)


def with_header_row(source: ImportSource, header_row: int) -> ImportSource:
    """The same sheet with the (last) header row set by the clerk (1-based)."""
    if not 1 <= header_row <= len(source.rows):
        raise ImportServiceError(f"表头行应在第 1 至 {len(source.rows)} 行之间。")
    layout = detect_header(source.rows, header_row)
    layout.title = _kind_title(source.sheet)
    return ImportSource(
        source.path,
        source.format,
        source.sheets,
        source.sheet,
        source.rows,
        layout,
        source.file_hash,
        source.also_rosters,
    )


# ---------------------------------------------------------------- mapping


def sample_rows(source: ImportSource, count: int) -> list[list[Any]]:
    """The first ``count`` data rows under the header (for the column-mapping page)."""
    rows = data_rows(source.rows, source.layout)
    return [cells for _n, cells in itertools.islice(rows, count)]


def suggest_mapping(source: ImportSource, unit: str = "") -> list[str | None]:
    """One glossary key or None per column: the mapping saved for this unit and header layout
    when there is one, else the guesses from the header text."""
    saved = saved_mapping(unit, source.signature) if unit else None
    if saved is not None and len(saved) == len(source.headers):
        return saved
    return list(source.layout.guesses)


def saved_mapping(unit: str, signature: str) -> list[str | None] | None:
    from ..storage.import_models import ColumnMapping

    row = ColumnMapping.get_or_none(
        (ColumnMapping.unit_name == unit) & (ColumnMapping.signature == signature)
    )
    if row is None:
        return None
    keys = json.loads(row.mapping)
    return [k if k in core_fields.FIELD_BY_KEY else None for k in keys]


def save_mapping(unit: str, source: ImportSource, mapping: Sequence[str | None]) -> None:
    """Remember the confirmed mapping for ``unit`` and this header layout."""
    if not unit:
        return
    from ..storage.import_models import ColumnMapping

    ColumnMapping.insert(
        unit_name=unit,
        signature=source.signature,
        mapping=json.dumps(list(mapping), ensure_ascii=False),
        saved_at=clock.now(),
    ).on_conflict(
        conflict_target=[ColumnMapping.unit_name, ColumnMapping.signature],
        update={ColumnMapping.mapping: json.dumps(list(mapping), ensure_ascii=False)},
    ).execute()


def check_mapping(mapping: Sequence[str | None]) -> None:
    """Every key known, no key twice (but 身份证号: a row of two ID columns takes the valid
    one), a name column present; raises ImportServiceError."""
    seen: set[str] = set()
    for key in mapping:
        if key is None:
            continue
        if key not in core_fields.FIELD_BY_KEY:
            raise ImportServiceError(f"未知的字段“{key}”。")
        if key in seen and key != "id_number":  # two ID columns: each row takes the valid one
            label = core_fields.FIELD_BY_KEY[key].label
            raise ImportServiceError(f"有两列都对应到了“{label}”，请把其中一列改为“不导入”。")
        seen.add(key)
    if "name" not in seen:
        raise ImportServiceError("没有对应到“姓名”的列。请在“列对应”中为姓名列选择“姓名”。")


# ---------------------------------------------------------------- checking rows


def _roster_index() -> tuple[dict[str, int], dict[tuple[str, _dt.date], tuple[int, str | None]]]:
    by_id: dict[str, int] = {}
    by_name_birth: dict[tuple[str, _dt.date], tuple[int, str | None]] = {}
    from ..storage import import_models as im

    for pid, number, name, birth in im.roster_keys():
        if number:
            by_id[number] = pid
        if birth:
            by_name_birth.setdefault((name, birth), (pid, number))
    return by_id, by_name_birth


def _is_blank_value(value: Any) -> bool:
    return value is None or value == "" or value is False


def _diff(
    values: dict[str, Any], stored: dict[str, Any], policy: str
) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for key, new in values.items():
        if _is_blank_value(new) and new is not False:
            continue
        old = stored.get(key)
        if old == new:
            continue
        if policy == "fill" and not _is_blank_value(old):
            continue
        changes[key] = (old, new)
    return changes


def _kind_title(sheet: str) -> str:
    """The sheet's name when it names a 类别 ("离休", "退休人员"), for the rows that lack one."""
    return sheet if _section_kind(sheet) else ""


def also_rosters_warning(source: ImportSource, row: int) -> Issue:
    """The warning, on ``row``, that other sheets of the file are rosters too (one sheet is
    imported at a time), and how to import them: the wizard's 完成 page, ``--all-sheets``."""
    names = "、".join(f"“{n}”" for n in source.also_rosters)
    return Issue(
        row,
        "工作表",
        f"{names}也是人员名单（表头与“{source.sheet}”相同），本次只导入工作表"
        f"“{source.sheet}”；在窗口中导入完成后按“继续导入工作表”接着导入{names}，"
        "命令行加 --all-sheets 一次导入全部名单工作表（每张一个导入批次）",
    )


def roster_sheets(source: ImportSource) -> list[str]:
    """The file's roster sheets in the workbook's order: the sheet :func:`open_source` picked by
    itself and the other visible sheets whose header names the same fields (a sheet per 类别).
    Only a source opened without naming a sheet knows the others; one opened with ``sheet=``
    gives that sheet alone."""
    names = {source.sheet, *source.also_rosters}
    return [s.name for s in source.sheets if s.name in names]


def find_roster_sheets(path: Path) -> list[str]:
    """:func:`roster_sheets` of ``path`` (reads the file; raises SpreadsheetError as
    :func:`open_source` does when it holds no roster)."""
    return roster_sheets(open_source(Path(path), pinyin=False))


def _section_kind(title: str) -> str | None:
    if "离休" in title:
        return "离休"
    if "退休" in title:
        return "退休"
    return None


def kinds_from_sections(planned: list[PlannedRow], sections: list[tuple[int, str]]) -> None:
    """Give each row without a 离退休类别 the kind its section title names ("一、离休干部")."""
    starts = [number for number, _title in sections]
    kinds = [_section_kind(title) for _number, title in sections]
    for row in planned:
        if "retirement_kind" in row.values:  # given, or left blank on purpose ("退职")
            continue
        at = bisect.bisect_left(starts, row.row) - 1
        if at >= 0 and kinds[at]:
            row.values["retirement_kind"] = kinds[at]


def mapped_columns(source: ImportSource, mapping: Sequence[str | None]) -> list[Column]:
    """The mapped columns of ``source``: index, glossary key and header as the clerk sees it.
    The 现住址 column takes the sheet's 省 / 市 / 区 columns left unmapped before its text."""
    headers = source.headers
    parts = tuple(i for i in source.layout.address_parts if i >= len(mapping) or mapping[i] is None)
    return [
        Column(
            i,
            key,
            headers[i] if i < len(headers) and headers[i] else f"第{i + 1}列",
            parts if key == "address" else (),
        )
        for i, key in enumerate(mapping)
        if key
    ]


class RosterMatcher:
    """Finds the people of checked rows on the roster (ID number, else name + birth date) and
    the repeats within the file, in one pass over all rows or block by block (the streamed
    import): what it has seen stays with it."""

    def __init__(self, index: tuple[dict[str, int], dict[Any, Any]] | None = None) -> None:
        """``index``: the roster's keys as :attr:`index` gives them, read elsewhere (the
        streamed import's reading process has no database); by default read here."""
        self.by_id, self.by_name_birth = index if index is not None else _roster_index()
        self.seen_keys: dict[Any, int] = {}
        self.seen_persons: dict[int, int] = {}

    @property
    def index(self) -> tuple[dict[str, int], dict[Any, Any]]:
        """The roster's keys: ID number → person, (name, birth date) → (person, ID number)."""
        return self.by_id, self.by_name_birth

    def match(self, planned: Sequence[PlannedRow]) -> list[PlannedRow]:
        """Mark in-file repeats "duplicate"; set ``person_id`` on the rows of people already on
        the roster and return those rows."""
        by_id, by_name_birth = self.by_id, self.by_name_birth
        seen_keys, seen_persons = self.seen_keys, self.seen_persons
        matched: list[PlannedRow] = []
        for row in planned:
            if row.action == "invalid":
                continue
            values = row.values
            number = values.get("id_number")
            birth = values.get("birth_date")
            key: Any = number or ((values["name"], birth) if birth else None)
            if key is not None:
                if key in seen_keys:
                    row.action = "duplicate"
                    row.same_as_row = seen_keys[key]
                    what = "身份证号" if number else "姓名和出生日期"
                    row.warnings.append(
                        Issue(
                            row.row,
                            "",
                            f"与第 {seen_keys[key]} 行的{what}相同，是文件内的重复人员，本行不导入",
                        )
                    )
                    continue
                seen_keys[key] = row.row
            pid = by_id.get(number) if number else None
            if pid is None and birth:
                hit = by_name_birth.get((values["name"], birth))
                if hit is not None and (not number or not hit[1]):
                    pid = hit[0]
            if pid is not None:
                if pid in seen_persons:
                    row.action = "duplicate"
                    row.same_as_row = seen_persons[pid]
                    row.warnings.append(
                        Issue(
                            row.row,
                            "",
                            f"与第 {seen_persons[pid]} 行是花名册中的同一人，本行不导入",
                        )
                    )
                    continue
                seen_persons[pid] = row.row
                row.person_id = pid
                matched.append(row)
        return matched

    @staticmethod
    def resolve(matched: Sequence[PlannedRow], on_duplicate: str) -> None:
        """Work out each matched row's changes under the policy ("update", "unchanged" or
        "skip"), against the stored values, and note the row version each was checked at (a
        person changed after this check is not overwritten blindly)."""
        if not matched:
            return
        from ..storage import import_models as im

        keys = {key for row in matched for key in row.values} if on_duplicate != "skip" else set()
        stored = im.stored_values([r.person_id for r in matched], sorted(keys | {"version"}))
        for row in matched:
            row.version = stored.get(row.person_id, {}).get("version")  # type: ignore[assignment]
            if on_duplicate == "skip":
                row.action = "skip"
                continue
            row.changes = _diff(row.values, stored.get(row.person_id, {}), on_duplicate)
            row.action = "update" if row.changes else "unchanged"


@collector_paused()
def plan_import(
    source: ImportSource,
    unit: str,
    mapping: Sequence[str | None],
    on_duplicate: str = "update",
    *,
    include_hidden: bool = False,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Check every row and work out what the import would do; writes nothing.

    ``progress(row, total)`` is called as the rows are checked; ImportCancelled is raised when
    ``should_cancel()`` turns true.

    ``unit`` is the sender (报送单位), recorded on the batch: where the sheet has a per-row
    原单位 / 工作单位 column, that is each person's unit and ``unit`` only fills its blanks;
    without such a column every person gets ``unit``. A section title over a table
    ("一、离休干部") gives its rows the 离退休类别 the table lacks.
    ``on_duplicate``: "update", "fill" or "skip" for people already on the roster.
    Rows hidden in Excel are refused with the reason unless ``include_hidden``
    (:mod:`.import_row_facts`).
    """
    if on_duplicate not in POLICIES:
        raise ImportServiceError(
            "重复人员的处理方式应为 update（更新）、fill（补全）或 skip（跳过）。"
        )
    check_mapping(mapping)
    unit = core_fields.normalize_text(unit) if unit else ""
    sections: list[tuple[int, str]] = []
    rows = data_rows(source.rows, source.layout, sections)
    columns = mapped_columns(source, mapping)
    held: list[PlannedRow] = []
    if not include_hidden:
        rows = hold_back_hidden(rows, source.row_facts, columns, held)
    planned = check_rows(
        rows,
        columns,
        unit,
        total=len(source.rows),
        progress=progress,
        should_cancel=should_cancel,
    )
    note_formula_cells(planned, source.row_facts, columns)
    planned = in_row_order(planned, held)
    if sections:
        kinds_from_sections(planned, sections)
    if source.also_rosters and planned:
        first = next((r for r in planned if r.action != "invalid"), planned[0])
        first.warnings.insert(0, also_rosters_warning(source, first.row))

    if should_cancel is not None and should_cancel():
        raise ImportCancelled()
    matcher = RosterMatcher()
    matcher.resolve(matcher.match(planned), on_duplicate)
    return ImportPlan(source, unit, list(mapping), on_duplicate, planned)


# ---------------------------------------------------------------- CLI shape


def plan_summary(plan: ImportPlan | None, *, file: Path, error: str = "") -> dict[str, Any]:
    """The JSON object of the CLI for one file (keys exactly as the issue lists them)."""
    if plan is None:
        return {
            "file": str(file),
            "ok": False,
            "error": error,
            "sheet": "",
            "rows_read": 0,
            "imported": 0,
            "updated": 0,
            "unchanged": 0,
            "skipped": 0,
            "invalid": [],
            "warnings": [],
            "duplicates_in_file": [],
            "batch_id": None,
        }
    counts = plan.counts
    return {
        "file": str(file),
        "ok": True,
        "error": "",
        "sheet": plan.source.sheet,
        "rows_read": plan.rows_read,
        "imported": counts["new"],
        "updated": counts["update"],
        "unchanged": counts["unchanged"],
        "skipped": counts["skip"],
        "invalid": [i.as_dict() for i in plan.invalid],
        "warnings": [i.as_dict() for i in plan.warnings],
        "duplicates_in_file": plan.duplicates_in_file,
        "batch_id": None,
    }


# ---------------------------------------------------------------- files for units


def rejected_rows(plan: ImportPlan) -> list[tuple[int, str, list[Any]]]:
    """(row number, reasons, original cells) of every row kept out (errors, in-file repeats)."""
    result = []
    for r in plan.rows:
        if r.action == "invalid":
            reason = "；".join(
                f"{i.column}：{i.reason}" if i.column else i.reason for i in r.errors
            )
        elif r.action == "duplicate":
            reason = f"与第 {r.same_as_row} 行重复，本行未导入"
        else:
            continue
        cells = r.raw if r.raw is not None else _raw_cells(plan.source, r.row)
        result.append((r.row, reason, cells))
    return result


def _raw_cells(source: ImportSource, number: int) -> list[Any]:
    return list(source.rows[number - 1]) if 0 < number <= len(source.rows) else []


def save_rejects(plan: ImportPlan, path: Path, *, day: _dt.date | None = None) -> Path:
    """Save the rows kept out of ``plan`` with their reasons as an xlsx for the unit."""
    from ..files.import_report import write_rejects

    return write_rejects(
        Path(path),
        file_name=plan.source.path.name,
        unit=plan.unit,
        headers=plan.source.headers,
        rows=rejected_rows(plan),
        day=day or clock.today(),
    )


def save_template(path: Path, *, unit: str = "", day: _dt.date | None = None) -> Path:
    """Save the blank import template for units ("下载空白模板")."""
    from ..files.import_template import write_template

    return write_template(Path(path), unit=unit, day=day)


def unit_names() -> list[str]:
    """The names of the units already known, for the wizard's unit choice (the zone's order)."""
    from .units import ordered_units

    return ordered_units()


# What follows the unit in a sheet's title: "金水区教育局[2026年]离退休干部花名册".
_TITLE_TAIL = re.compile(
    r"(\d{4}年度?)?(的)?(离退休|离休|退休)?(老干部|干部|人员|职工|老同志)?(基本)?(信息|情况)?"
    r"(花名册|名册|名单|统计表|登记表|信息表|情况表|一览表)$"
)
_FILED_BY = re.compile(r"(?:填报|报送|填表)单位[:：]\s*([^\s　:：]+)")


def _top_texts(path: Path, rows: int = 8) -> list[list[str]]:
    """The non-empty cell texts of the first rows of the file's first visible sheet."""
    book = open_workbook(Path(path))
    try:
        sheets = book.visible_sheets or book.sheets
        if not sheets:
            return []
        top = itertools.islice(book.rows(sheets[0].name), rows)
        return [[str(c).strip() for c in r if c not in (None, "") and str(c).strip()] for r in top]
    finally:
        book.close()


def guess_unit(path: Path, units: Sequence[str]) -> str:
    """The unit a file most likely comes from, for the wizard to fill in: a known unit named in
    the file's name or its title rows; else the unit its title or "填报单位：" line names
    ("金水区教育局离退休干部花名册" → 金水区教育局), offered as a new unit; else the only known
    unit; "" when nothing says. A file that cannot be read just gives no guess here."""
    known = sorted((u for u in units if u), key=len, reverse=True)
    path = Path(path)
    for name in known:
        if name in path.stem:
            return name
    try:
        texts = _top_texts(path)
    except Exception:  # the 工作表 page says what is wrong with the file
        texts = []
    titles = [row[0].replace(" ", "").replace("　", "") for row in texts if len(set(row)) == 1]
    lines = [" ".join(row) for row in texts if len(row) <= 3]  # titles, 填报单位 lines
    for name in known:
        if any(name in t for t in titles) or any(name in line for line in lines):
            return name
    for line in lines:
        found = _FILED_BY.search(line)
        if found and len(found.group(1)) >= 2:
            return found.group(1)
    for title in titles:
        unit = _TITLE_TAIL.sub("", title)
        if unit != title and len(unit) >= 2:
            return unit
    return known[0] if len(known) == 1 else ""


def current_data_dir() -> Path:
    """The data folder of the open database (where backups go)."""
    from ..storage.database import db

    return Path(db.database).parent


def list_sheets(path: Path) -> list[SheetInfo]:
    """The sheets of a file (hidden ones marked), without reading their cells."""
    book = open_workbook(Path(path))
    try:
        return list(book.sheets)
    finally:
        book.close()
