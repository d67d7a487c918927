"""Importing a unit's spreadsheet as one undoable batch: read → detect → map → check → write.

The wizard and the CLI call the same steps:

1. :func:`open_source` reads the file (any format, see :mod:`..io.readers`), picks the sheet
   whose header names the most person fields (hidden sheets skipped) and finds the header rows;
2. :func:`suggest_mapping` gives one glossary key (or None) per column: the mapping saved for this
   unit and header layout, else the guesses of :mod:`..io.column_synonyms`;
3. :func:`plan_import` normalises every row with the core rules (birth date and gender from the
   ID number, warnings where the sheet disagrees), keeps rows with errors out, flags duplicates
   in the file, matches people already on the roster (ID number, else name + birth date) and
   works out, per person, each field old → new under the duplicate policy — nothing is written;
4. :func:`apply_plan` makes a backup ("导入前") and writes all valid rows in ONE transaction as an
   :class:`ImportBatch` that keeps the before-values; :func:`undo_import` restores them.

Audit: one AuditLog row per batch ("导入", table ``import_batch``) plus the batch's own
ImportBatchPerson rows, which hold each touched person's fields before → after. Writing a
per-person AuditLog row as well would double the rows written for a 100 000-row file for no
information the batch rows do not already hold (see ../../README.md, benchmark).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import itertools
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..core.errors import RuleError
from ..files.header_detect import (
    MIN_FIELDS,
    TableLayout,
    data_rows,
    detect_header,
    header_signature,
)
from ..files.readers import SheetInfo, open_workbook
from ..files.sniff import FORMAT_NAMES, SpreadsheetError
from ..storage import import_models as im
from ..storage.backup import make_backup
from ..storage.database import db
from ..storage.import_models import ColumnMapping, ImportBatch
from ..storage.models import PartyBranch, Person, Unit
from ..storage.person_references import persons_with_dependents
from . import audit
from .bulk_work import collector_paused
from .import_errors import ImportCancelled, ImportServiceError, UndoConflict
from .import_rows import Column, Issue, PlannedRow, check_rows
from .settings import operator_name

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
CHUNK = 2000
# From this many new people (and more than are on the roster) the person indexes are dropped for
# the insert and rebuilt once at the end, inside the same transaction.
DEFER_INDEXES_MIN = 20000
IMPORT_CACHE_KIB = -262144  # 256 MB page cache while writing: the person indexes stay in memory
NORMAL_CACHE_KIB = -16000  # as storage.database sets it
CRASH_ENV = "LAO_GAN_BU_IMPORT_CRASH_AFTER_CHUNKS"  # test hook: os._exit mid-transaction
_DATE_KEYS = tuple(f.key for f in core_fields.PERSON_FIELDS if f.kind == "date")


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
    path: Path, sheet: str | None = None, header_row: int | None = None
) -> ImportSource:
    """Read ``path`` and find its table. ``sheet`` picks a sheet by name (default: the visible
    sheet whose header names the most person fields); ``header_row`` (1-based) forces the header.
    Raises SpreadsheetError with a Chinese message when no table can be found."""
    path = Path(path)
    loader = _load_pinyin_meanwhile()
    try:
        return _open_source(path, sheet, header_row)
    finally:
        if loader is not None:
            loader.join()  # never outlives the reading that it overlaps


def _open_source(path: Path, sheet: str | None, header_row: int | None) -> ImportSource:
    book = open_workbook(path)
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
        for name in candidates:
            rows = _read_sheet(book, name)
            if any(any(c not in (None, "") for c in r) for r in rows[:200]):
                all_empty = False
            layout = detect_header(rows, header_row)
            if best is None or layout.score > best[0]:
                best = (layout.score, name, rows, layout)
        assert best is not None
        score, name, rows, layout = best
        if all_empty:
            raise SpreadsheetError("工作簿是空的，没有可导入的内容。请让单位填写后重新发送。")
        if score < MIN_FIELDS and header_row is None:
            others = [s for s in book.sheets if s.name != name]
            hint = ""
            if others:
                listed = "、".join(s.name + ("（隐藏）" if s.hidden else "") for s in others)
                hint = f"文件中还有工作表：{listed}；如名单在其中，请选择该工作表（命令行用 --sheet）。"
            raise SpreadsheetError(
                f"在工作表“{name}”的前 30 行中没有找到表头（应有“姓名”“身份证号码”等列名）。"
                + hint
                + "请确认这是离退休人员名单，或下载空白模板让单位按模板填写。"
            )
        if score >= MIN_FIELDS and next(data_rows(rows, layout), None) is None:
            raise SpreadsheetError(
                f"工作表“{name}”只有表头，没有人员数据（第 {layout.header_row} 行以下是空的）。"
                "请让单位填写后重新发送。"
            )
        return ImportSource(path, book.format, book.sheets, name, rows, layout, file_hash(path))
    finally:
        book.close()


def _load_pinyin_meanwhile() -> threading.Thread | None:
    """Load the pinyin dictionaries (about 0.1 s; the write needs them for the search keys) on
    a thread while the spreadsheet reader, which releases the GIL, parses the file; the caller
    joins the thread."""
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
    return ImportSource(
        source.path,
        source.format,
        source.sheets,
        source.sheet,
        source.rows,
        layout,
        source.file_hash,
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
    """Every key known, no key twice, a name column present; raises ImportServiceError."""
    seen: set[str] = set()
    for key in mapping:
        if key is None:
            continue
        if key not in core_fields.FIELD_BY_KEY:
            raise ImportServiceError(f"未知的字段“{key}”。")
        if key in seen:
            label = core_fields.FIELD_BY_KEY[key].label
            raise ImportServiceError(f"有两列都对应到了“{label}”，请把其中一列改为“不导入”。")
        seen.add(key)
    if "name" not in seen:
        raise ImportServiceError("没有对应到“姓名”的列。请在“列对应”中为姓名列选择“姓名”。")


# ---------------------------------------------------------------- checking rows


def _roster_index() -> tuple[dict[str, int], dict[tuple[str, _dt.date], tuple[int, str | None]]]:
    by_id: dict[str, int] = {}
    by_name_birth: dict[tuple[str, _dt.date], tuple[int, str | None]] = {}
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


@collector_paused()
def plan_import(
    source: ImportSource,
    unit: str,
    mapping: Sequence[str | None],
    on_duplicate: str = "update",
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Check every row and work out what the import would do; writes nothing.

    ``progress(row, total)`` is called as the rows are checked; ImportCancelled is raised when
    ``should_cancel()`` turns true.

    ``unit`` (may be empty when the sheet has a 原工作单位 column) is set on every person.
    ``on_duplicate``: "update", "fill" or "skip" for people already on the roster.
    """
    if on_duplicate not in POLICIES:
        raise ImportServiceError(
            "重复人员的处理方式应为 update（更新）、fill（补全）或 skip（跳过）。"
        )
    check_mapping(mapping)
    unit = core_fields.normalize_text(unit) if unit else ""
    headers = source.headers
    columns = [
        Column(i, key, headers[i] if i < len(headers) and headers[i] else f"第{i + 1}列")
        for i, key in enumerate(mapping)
        if key
    ]
    planned = check_rows(
        data_rows(source.rows, source.layout),
        columns,
        unit,
        total=len(source.rows),
        progress=progress,
        should_cancel=should_cancel,
    )

    if should_cancel is not None and should_cancel():
        raise ImportCancelled()
    by_id, by_name_birth = _roster_index()
    seen_keys: dict[Any, int] = {}
    seen_persons: dict[int, int] = {}
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
                    Issue(row.row, "", f"与第 {seen_persons[pid]} 行是花名册中的同一人，本行不导入")
                )
                continue
            seen_persons[pid] = row.row
            row.person_id = pid
            matched.append(row)
    if matched:
        keys = {key for row in matched for key in row.values}
        stored = im.stored_values([r.person_id for r in matched], sorted(keys))
        for row in matched:
            if on_duplicate == "skip":
                row.action = "skip"
                continue
            row.changes = _diff(row.values, stored.get(row.person_id, {}), on_duplicate)
            row.action = "update" if row.changes else "unchanged"
    return ImportPlan(source, unit, list(mapping), on_duplicate, planned)


# ---------------------------------------------------------------- writing


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _unplain(key: str, value: Any) -> Any:
    if key in _DATE_KEYS and isinstance(value, str) and value:
        return _dt.date.fromisoformat(value)
    return value


class _Relations:
    """Unit and party branch names → ids, created when missing (inside the transaction)."""

    def __init__(self) -> None:
        self.units = {u.name: u.id for u in Unit.select(Unit.id, Unit.name)}
        self.branches = {b.name: b.id for b in PartyBranch.select(PartyBranch.id, PartyBranch.name)}
        self._keys: dict[str, str] = {}

    def unit(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.units:
            self.units[name] = Unit.create(name=name).id
        return self.units[name]

    def branch(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.branches:
            self.branches[name] = PartyBranch.create(name=name, kind="共建").id
        return self.branches[name]

    def columns(self, values: dict[str, Any]) -> dict[str, Any]:
        """The Person columns for checked ``values``: unit and branch names as ids, None as the
        column's blank where it may not be NULL, the pinyin search key for a name."""
        columns = dict(values)
        if "unit" in columns:
            columns["unit"] = self.unit(columns["unit"])
        if "party_branch" in columns:
            columns["party_branch"] = self.branch(columns["party_branch"])
        if None in columns.values():
            for key, value in columns.items():
                if value is None and key in im.NOT_NULL_BLANKS:
                    columns[key] = im.NOT_NULL_BLANKS[key]
        name = values.get("name")
        if name:
            columns["search_key"] = self.search_key(name)
        return columns

    def search_key(self, name: str) -> str:
        """The pinyin search key of ``name`` (each name worked out once per import)."""
        key = self._keys.get(name)
        if key is None:
            from ..core.pinyin import search_key

            key = self._keys[name] = search_key(name)
        return key


def _crash_hook(chunks_done: int) -> None:
    limit = os.environ.get(CRASH_ENV)
    if limit and chunks_done >= int(limit):
        log.warning("test hook: leaving the process in the middle of an import")
        os._exit(86)


@collector_paused()
def apply_plan(
    plan: ImportPlan,
    data_dir: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    backup: bool = True,
) -> ImportResult:
    """Write the plan's new and updated people in one transaction after a backup ("导入前").

    ``progress(done, total)`` is called after each chunk; when ``should_cancel()`` turns true the
    transaction is rolled back and ImportCancelled raised. Nothing is written unless it all is.
    """
    new_rows = plan.of("new")
    upd_rows = plan.of("update")
    total = len(new_rows) + len(upd_rows)
    backup_info = make_backup(Path(data_dir), "导入前") if backup else None
    now = clock.now()
    counts = plan.counts
    db.execute_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        return _write(
            plan, new_rows, upd_rows, total, now, counts, progress, should_cancel, backup_info
        )
    finally:
        db.execute_sql(f"PRAGMA cache_size = {NORMAL_CACHE_KIB}")


def _write(
    plan: ImportPlan,
    new_rows: list[PlannedRow],
    upd_rows: list[PlannedRow],
    total: int,
    now: _dt.datetime,
    counts: dict[str, int],
    progress: Callable[[int, int], None] | None,
    should_cancel: Callable[[], bool] | None,
    backup_info: Any,
) -> ImportResult:
    done = chunks = 0

    def chunk_written(count: int) -> None:
        """After each chunk: the crash test hook, progress, and the clerk's cancel."""
        nonlocal done, chunks
        done += count
        chunks += 1
        _crash_hook(chunks)
        if progress is not None:
            progress(done, total)
        if should_cancel is not None and should_cancel():
            raise ImportCancelled()

    with db.atomic():
        batch = ImportBatch.create(
            file_name=plan.source.path.name,
            file_hash=plan.source.file_hash,
            unit_name=plan.unit,
            sheet=plan.source.sheet,
            imported_at=now,
            operator=operator_name(),
            mapping=json.dumps(plan.mapping_by_header, ensure_ascii=False),
            on_duplicate=plan.on_duplicate,
            rows_read=len(plan.rows),
            imported=counts["new"],
            updated=counts["update"],
            unchanged=counts["unchanged"],
            skipped=counts["skip"],
            invalid=counts["invalid"],
            duplicates=counts["duplicate"],
        )
        relations = _Relations()
        existing = Person.select().count()
        defer = len(new_rows) >= DEFER_INDEXES_MIN and len(new_rows) > existing
        with im.DeferredPersonIndexes() if defer else contextlib.nullcontext():
            for start in range(0, len(new_rows), CHUNK):
                chunk = new_rows[start : start + CHUNK]
                ids = im.bulk_insert_persons(
                    [r.values for r in chunk],
                    now,
                    per_value={"unit": relations.unit, "party_branch": relations.branch},
                    derived={"search_key": ("name", relations.search_key)},
                )
                im.bulk_insert_batch_persons(
                    batch.id,
                    [(pid, "新增", r.row, None, None) for pid, r in zip(ids, chunk, strict=True)],
                )
                chunk_written(len(chunk))
        links = []
        for start in range(0, len(upd_rows), CHUNK):
            chunk = upd_rows[start : start + CHUNK]
            updates = []
            for row in chunk:
                updates.append(
                    (
                        row.person_id,
                        relations.columns({k: new for k, (_o, new) in row.changes.items()}),
                    )
                )
                before = {k: _plain(old) for k, (old, _new) in row.changes.items()}
                after = {k: _plain(new) for k, (_old, new) in row.changes.items()}
                links.append(
                    (
                        row.person_id,
                        "修改",
                        row.row,
                        json.dumps(before, ensure_ascii=False),
                        json.dumps(after, ensure_ascii=False),
                    )
                )
            im.bulk_update_persons(updates, now)
            chunk_written(len(chunk))
        im.bulk_insert_batch_persons(batch.id, links)
        save_mapping(plan.unit, plan.source, plan.mapping)
        entry = audit.record(
            "导入",
            "import_batch",
            batch.id,
            f"导入 {plan.source.path.name}（{plan.unit or '未指定单位'}）：新增 {counts['new']} 人，"
            f"更新 {counts['update']} 人，无变化 {counts['unchanged']} 人，跳过 {counts['skip']} 人，"
            f"有错误 {counts['invalid']} 行，文件内重复 {counts['duplicate']} 行",
            {"file_hash": (None, plan.source.file_hash)},
        )
        ImportBatch.update(audit_id=entry.id).where(ImportBatch.id == batch.id).execute()
        if progress is not None:
            progress(total, total)
    return ImportResult(
        batch.id,
        counts["new"],
        counts["update"],
        counts["unchanged"],
        counts["skip"],
        backup_info.path if backup_info else None,
    )


# ---------------------------------------------------------------- undo and history


def _batch(batch_id: int) -> ImportBatch:
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise ImportServiceError(f"没有编号为 {batch_id} 的导入批次。请用导入记录中的编号。")
    if batch.undone_at is not None:
        raise ImportServiceError(
            f"导入批次 {batch_id} 已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销过，不能再次撤销。"
        )
    return batch


def edited_since(batch_id: int) -> list[str]:
    """Names of the batch's people changed after the import (by hand or by a later import)."""
    batch = _batch(batch_id)
    touched = [pid for pid, _action, _before in im.batch_links(batch.id)]
    edited = im.persons_edited_after(batch.id, batch.audit_id, touched)
    if not edited:
        return []
    names = Person.select(Person.name).where(Person.id.in_(sorted(edited))).tuples()
    return [n for (n,) in names]


def undo_import(batch_id: int, data_dir: Path, *, force: bool = False) -> dict[str, int]:
    """Undo a batch: remove the people it added, restore the fields it changed to their values
    before. Refuses with UndoConflict, unless ``force``, when people were edited since or new
    people have records of their own (those are then kept, never deleted with their records).
    Returns {"removed": n, "restored": m, "kept": k}."""
    batch = _batch(batch_id)
    names = edited_since(batch_id)
    links = im.batch_links(batch.id)
    new_ids = [pid for pid, action, _before in links if action == "新增"]
    keep = persons_with_dependents(new_ids)
    kept_names = [
        n for (n,) in Person.select(Person.name).where(Person.id.in_(sorted(keep))).tuples()
    ]
    if (names or kept_names) and not force:
        raise UndoConflict(names, kept_names)
    make_backup(Path(data_dir), "撤销导入前")
    removed = restored = 0
    with db.atomic():
        relations = _Relations()
        doomed = [pid for pid in new_ids if pid not in keep]
        for start in range(0, len(doomed), 500):
            removed += Person.delete().where(Person.id.in_(doomed[start : start + 500])).execute()
        im.forget_persons_in_batches(doomed, except_batch=batch.id)
        now = clock.now()
        restores = []
        for pid, action, before_json in links:
            if action != "修改" or not before_json:
                continue
            before = {k: _unplain(k, v) for k, v in json.loads(before_json).items()}
            restores.append((pid, relations.columns(before)))
        restored = im.bulk_update_persons(restores, now)
        ImportBatch.update(undone_at=now).where(ImportBatch.id == batch.id).execute()
        summary = (
            f"撤销导入 {batch.file_name}：删除新增的 {removed} 人，恢复 {restored} 人的原有信息"
        )
        if keep:
            summary += f"，保留已有其他记录的 {len(keep)} 人"
        audit.record("撤销导入", "import_batch", batch.id, summary)
    return {"removed": removed, "restored": restored, "kept": len(keep)}


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
        "rows_read": len(plan.rows),
        "imported": counts["new"],
        "updated": counts["update"],
        "unchanged": counts["unchanged"],
        "skipped": counts["skip"],
        "invalid": [i.as_dict() for i in plan.invalid],
        "warnings": [i.as_dict() for i in plan.warnings],
        "duplicates_in_file": plan.duplicates_in_file,
        "batch_id": None,
    }


def import_file(
    path: Path,
    unit: str,
    data_dir: Path,
    *,
    sheet: str | None = None,
    on_duplicate: str = "update",
    dry_run: bool = False,
) -> dict[str, Any]:
    """Read, check and (unless ``dry_run``) write one file with the guessed or saved mapping.

    Returns the CLI's JSON object; a file that cannot be read gives ``ok`` false and ``error``.
    """
    try:
        source = open_source(path, sheet=sheet)
        mapping = suggest_mapping(source, unit)
        plan = plan_import(source, unit, mapping, on_duplicate)
    except RuleError as exc:
        return plan_summary(None, file=path, error=exc.message)
    summary = plan_summary(plan, file=path)
    if not dry_run:
        result = apply_plan(plan, data_dir)
        summary["batch_id"] = result.batch_id
    return summary


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
    """The names of the units already known, for the wizard's unit choice."""
    from ..storage.roster_queries import unit_names as _names

    return _names()


def current_data_dir() -> Path:
    """The data folder of the open database (where backups go)."""
    return Path(db.database).parent


def list_sheets(path: Path) -> list[SheetInfo]:
    """The sheets of a file (hidden ones marked), without reading their cells."""
    book = open_workbook(Path(path))
    try:
        return list(book.sheets)
    finally:
        book.close()
