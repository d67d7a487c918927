"""Writing a checked import plan: a backup ("导入前"), then every new and updated person in ONE
transaction as an :class:`ImportBatch` that keeps the before-values (undone by
:mod:`.import_undo`); and ``import_file``, the command line's read → check → write of one file,
for a large file streamed: read and checked in a second process (:mod:`.import_reader`) while
this one writes the blocks already checked (:func:`import_streamed`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..core.errors import RuleError
from ..storage import import_models as im
from ..storage.database import db, is_postgres
from ..storage.import_models import ImportBatch
from ..storage.models import PartyBranch, Person, Unit
from . import audit, conflicts
from .backups import backup_if_possible
from .bulk_work import collector_paused
from .errors import ConflictError
from .import_errors import ImportCancelled, ImportServiceError
from .import_rows import Issue, PlannedRow
from .importing import (
    POLICIES,
    ImportPlan,
    ImportResult,
    ImportSource,
    RosterMatcher,
    also_rosters_warning,
    check_mapping,
    load_pinyin_meanwhile,
    open_source,
    plan_import,
    plan_summary,
    save_mapping,
    suggest_mapping,
)
from .settings import operator_name

log = logging.getLogger(__name__)

CHUNK = 2000
# From this many new people (and more than are on the roster) the person indexes are dropped for
# the insert and rebuilt once at the end, inside the same transaction.
DEFER_INDEXES_MIN = 20000
IMPORT_CACHE_KIB = -262144  # 256 MB page cache while writing: the person indexes stay in memory
NORMAL_CACHE_KIB = -16000  # as storage.database sets it
CRASH_ENV = "LAO_GAN_BU_IMPORT_CRASH_AFTER_CHUNKS"  # test hook: os._exit mid-transaction
_DATE_KEYS = tuple(f.key for f in core_fields.PERSON_FIELDS if f.kind == "date")


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
    if nothing_valid(plan):
        raise ImportServiceError(NOTHING_VALID_MESSAGE)
    new_rows = plan.of("new")
    upd_rows = plan.of("update")
    total = len(new_rows) + len(upd_rows)
    backup_info = backup_if_possible(Path(data_dir), "导入前") if backup else None
    now = clock.now()
    counts = plan.counts
    if is_postgres():  # the server sizes its own cache
        return _write(
            plan, new_rows, upd_rows, total, now, counts, progress, should_cancel, backup_info
        )
    db.execute_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        return _write(
            plan, new_rows, upd_rows, total, now, counts, progress, should_cancel, backup_info
        )
    finally:
        db.execute_sql(f"PRAGMA cache_size = {NORMAL_CACHE_KIB}")


NOTHING_VALID_MESSAGE = (
    "文件中每一行都有错误，没有可导入的人员，因此没有导入，也没有备份。"
    "请按错误说明修改后重新导入，或把有错误的行保存下来发回单位修改。"
)


def nothing_valid(plan: ImportPlan) -> bool:
    """True when every row of the plan has errors: such an import writes no batch and makes no
    backup (an empty batch in the history would only mislead)."""
    return bool(plan.rows) and all(r.action == "invalid" for r in plan.rows)


class BatchWriter:
    """Writes one import batch inside the caller's open transaction, block by block: the batch
    row first, then each block of ready rows (new people inserted, matched people updated),
    then :meth:`finish` with the counts, the saved mapping and the audit row.

    ``apply_plan`` hands it the whole plan as one block; the streamed import
    (:mod:`.import_stream`) a block at a time as the rows are checked in the other process.
    ``defer_indexes``: drop the person indexes now and rebuild them in :meth:`finish`.
    """

    def __init__(
        self,
        source: ImportSource,
        unit: str,
        mapping_by_header: dict[str, str],
        on_duplicate: str,
        now: _dt.datetime,
        *,
        defer_indexes: bool = False,
        chunk_written: Callable[[int], None] | None = None,
    ) -> None:
        self.source = source
        self.unit = unit
        self.now = now
        self.batch = ImportBatch.create(
            file_name=source.path.name,
            file_hash=source.file_hash,
            unit_name=unit,
            sheet=source.sheet,
            imported_at=now,
            operator=operator_name(),
            mapping=json.dumps(mapping_by_header, ensure_ascii=False),
            on_duplicate=on_duplicate,
        )
        self.relations = _Relations()
        self._chunk_written = chunk_written or (lambda _count: None)
        self._indexes = im.DeferredPersonIndexes() if defer_indexes else None
        if self._indexes is not None:
            self._indexes.__enter__()
        self._links: list[tuple[int, str, int, str | None, str | None]] = []

    def write(self, new_rows: Sequence[PlannedRow], upd_rows: Sequence[PlannedRow]) -> None:
        """Insert ``new_rows`` and apply the changes of ``upd_rows``, CHUNK rows at a time."""
        relations = self.relations
        for start in range(0, len(new_rows), CHUNK):
            chunk = new_rows[start : start + CHUNK]
            ids = im.bulk_insert_persons(
                [r.values for r in chunk],
                self.now,
                per_value={"unit": relations.unit, "party_branch": relations.branch},
                derived={"search_key": ("name", relations.search_key)},
            )
            im.bulk_insert_batch_persons(
                self.batch.id,
                [(pid, "新增", r.row, None, None) for pid, r in zip(ids, chunk, strict=True)],
            )
            self._chunk_written(len(chunk))
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
                self._links.append(
                    (
                        row.person_id,
                        "修改",
                        row.row,
                        json.dumps(before, ensure_ascii=False),
                        json.dumps(after, ensure_ascii=False),
                    )
                )
            versions = {row.person_id: row.version for row in chunk}
            if im.bulk_update_persons(updates, self.now, versions=versions) < len(updates):
                raise _changed_since_check(chunk)
            self._chunk_written(len(chunk))

    def write_columns(self, rows: Sequence[int], columns: im.PersonColumns) -> None:
        """Insert new people already laid out as the person table's columns (by the streamed
        import's reading process, the search key column holding the names; ``rows``: their row
        numbers in the file), CHUNK at a time."""
        per_value = {
            "unit": self.relations.unit,
            "party_branch": self.relations.branch,
            "search_key": self.relations.search_key,  # given as the names
        }
        for start in range(0, len(rows), CHUNK):
            numbers = rows[start : start + CHUNK]
            chunk = [
                (name, values if isinstance(values, im.Same) else values[start : start + CHUNK])
                for name, values in columns
            ]
            ids = im.insert_person_columns(chunk, len(numbers), per_value=per_value)
            im.bulk_insert_batch_persons(
                self.batch.id, list(zip(ids, repeat("新增"), numbers, repeat(None), repeat(None)))
            )
            self._chunk_written(len(numbers))

    def finish(self, counts: dict[str, int], rows_read: int, mapping: Sequence[str | None]) -> int:
        """Rebuild deferred indexes, link the updated people, save the mapping, write the audit
        row and the batch's counts; returns the batch id."""
        if self._indexes is not None:
            indexes, self._indexes = self._indexes, None
            indexes.__exit__(None, None, None)
        batch_id = self.batch.id
        im.bulk_insert_batch_persons(batch_id, self._links)
        save_mapping(self.unit, self.source, mapping)
        name = self.source.path.name
        entry = audit.record(
            "导入",
            "import_batch",
            batch_id,
            f"导入 {name}（{self.unit or '未指定单位'}）：新增 {counts['new']} 人，"
            f"更新 {counts['update']} 人，无变化 {counts['unchanged']} 人，跳过 {counts['skip']} 人，"
            f"有错误 {counts['invalid']} 行，文件内重复 {counts['duplicate']} 行",
            {"file_hash": (None, self.source.file_hash)},
        )
        ImportBatch.update(
            audit_id=entry.id,
            rows_read=rows_read,
            imported=counts["new"],
            updated=counts["update"],
            unchanged=counts["unchanged"],
            skipped=counts["skip"],
            invalid=counts["invalid"],
            duplicates=counts["duplicate"],
        ).where(ImportBatch.id == batch_id).execute()
        return batch_id


def should_defer_indexes(new_people: int) -> bool:
    """Drop the person indexes for the insert of ``new_people`` (and rebuild them once)?"""
    return new_people >= DEFER_INDEXES_MIN and new_people > Person.select().count()


def chunk_counter(
    total: int,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Callable[[int], None]:
    """After each written chunk: the crash test hook, progress, and the clerk's cancel."""
    done = chunks = 0

    def chunk_written(count: int) -> None:
        nonlocal done, chunks
        done += count
        chunks += 1
        _crash_hook(chunks)
        if progress is not None:
            progress(done, total)
        if should_cancel is not None and should_cancel():
            raise ImportCancelled()

    return chunk_written


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
    with db.atomic():
        writer = BatchWriter(
            plan.source,
            plan.unit,
            plan.mapping_by_header,
            plan.on_duplicate,
            now,
            defer_indexes=should_defer_indexes(len(new_rows)),
            chunk_written=chunk_counter(total, progress, should_cancel),
        )
        writer.write(new_rows, upd_rows)
        batch_id = writer.finish(counts, len(plan.rows), plan.mapping)
        if progress is not None:
            progress(total, total)
    return ImportResult(
        batch_id,
        counts["new"],
        counts["update"],
        counts["unchanged"],
        counts["skip"],
        backup_info.path if backup_info else None,
    )


def _changed_since_check(rows: list[PlannedRow]) -> ConflictError:
    """The refusal when people of the file were changed by someone else after it was checked:
    the import (all of it, in its transaction) is not written rather than overwrite them."""
    ids = [r.person_id for r in rows if r.person_id is not None]
    now_stored = im.stored_values(ids, ["name", "version"])
    changed = [
        r.person_id
        for r in rows
        if r.person_id is not None and now_stored.get(r.person_id, {}).get("version") != r.version
    ] or ids
    names = [str(now_stored.get(pid, {}).get("name") or f"编号 {pid}") for pid in changed]
    shown = "、".join(names[:5]) + (f" 等 {len(names)} 人" if len(names) > 5 else "")
    operator, at = conflicts.last_change("person", changed[0])
    return ConflictError(
        f"检查文件之后，{shown}的信息又被修改过（最近一次：{conflicts.who_when(operator, at)}）。"
        "为了不覆盖别人的修改，这次没有导入任何数据。请重新检查这个文件后再导入。",
        table="person",
        record_id=changed[0],
        record_name=shown,
        operator=operator,
        at=at,
    )


@collector_paused()  # over all three steps: no full collection pass between them either
def import_file(
    path: Path,
    unit: str,
    data_dir: Path,
    *,
    sheet: str | None = None,
    on_duplicate: str = "update",
    dry_run: bool = False,
    include_hidden: bool = False,
) -> dict[str, Any]:
    """Read, check and (unless ``dry_run``) write one file with the guessed or saved mapping;
    rows hidden in Excel are refused unless ``include_hidden``.

    Returns the CLI's JSON object; a file that cannot be read gives ``ok`` false and ``error``.
    A large file is imported streamed (:func:`import_streamed`), with the same result.
    """
    from .import_reader import streamed

    if streamed(path, dry_run):
        return import_streamed(
            path,
            unit,
            data_dir,
            sheet=sheet,
            on_duplicate=on_duplicate,
            include_hidden=include_hidden,
        )
    try:
        source = open_source(path, sheet=sheet)
        mapping = suggest_mapping(source, unit)
        plan = plan_import(source, unit, mapping, on_duplicate, include_hidden=include_hidden)
    except RuleError as exc:
        return plan_summary(None, file=path, error=exc.message)
    summary = plan_summary(plan, file=path)
    if not dry_run and not nothing_valid(plan):
        result = apply_plan(plan, data_dir)
        summary["batch_id"] = result.batch_id
    return summary


READER_FAILED_MESSAGE = (
    "读取或检查表格时程序出错，已全部撤回，数据没有改动。详细信息已写入日志，请联系维护人员。"
)


@collector_paused()
def import_streamed(
    path: Path,
    unit: str,
    data_dir: Path,
    *,
    sheet: str | None = None,
    on_duplicate: str = "update",
    include_hidden: bool = False,
) -> dict[str, Any]:
    """:func:`import_file` with the reading and checking in a second process
    (:mod:`.import_reader`) while this one writes the blocks already checked, all in ONE
    transaction after the backup ("导入前"): the same rows, batch, backup and summary as the
    one-process path, in less time. The process is killed and joined on any error; it never
    outlives the call."""
    from . import import_reader

    today = clock.today()
    reader = import_reader.take(Path(path), sheet, today) or import_reader.start(
        Path(path), sheet, today
    )
    finished = False
    try:
        try:
            summary = _stream(
                reader.conn, Path(path), unit, Path(data_dir), on_duplicate, include_hidden
            )
        except _ReaderError as exc:  # rolled back: nothing written
            summary = plan_summary(None, file=Path(path), error=str(exc))
        finished = True
        return summary
    finally:
        reader.conn.close()
        if not finished:
            reader.process.kill()
        reader.process.join(timeout=None if not finished else 30)
        if reader.process.is_alive():  # pragma: no cover - a reader that will not end after "done"
            reader.process.kill()
            reader.process.join()


def _receive(conn: Any) -> tuple[Any, ...]:
    try:
        message = conn.recv()
    except (EOFError, OSError):
        log.error("the import's reading process ended without a word")
        raise ImportServiceError(READER_FAILED_MESSAGE) from None
    if message[0] == "failed":
        log.error("the import's reading process failed:\n%s", message[1])
        raise ImportServiceError(READER_FAILED_MESSAGE)
    return message


class _ReaderError(Exception):
    """The reading process refused the file (a RuleError there): the summary says why."""


@dataclass
class StreamedPlan(ImportPlan):
    """The plan of a streamed import: its new people are counted (their row numbers and
    warnings kept), not held as rows — they were written as they came."""

    new_rows: list[int] = field(default_factory=list)
    new_warnings: list[Issue] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = super().counts
        counts["new"] += len(self.new_rows)
        return counts

    @property
    def warnings(self) -> list[Issue]:
        return sorted(super().warnings + self.new_warnings, key=attrgetter("row"))

    @property
    def rows_read(self) -> int:
        return len(self.rows) + len(self.new_rows)


def _stream(
    conn: Any, path: Path, unit: str, data_dir: Path, on_duplicate: str, include_hidden: bool
) -> dict[str, Any]:
    matcher = RosterMatcher()  # the roster's keys read while the other process reads the file
    loader = load_pinyin_meanwhile()  # for the search keys: this process works them out
    try:
        message = _receive(conn)
    finally:
        if loader is not None:
            loader.join()
    if message[0] == "error":
        return plan_summary(None, file=path, error=message[1])
    _kind, source, row_count = message
    if source.read_in_pieces > 1:
        log.info("工作表“%s”分 %d 段在多个核心上读取", source.sheet, source.read_in_pieces)
    try:
        if on_duplicate not in POLICIES:
            raise ImportServiceError(
                "重复人员的处理方式应为 update（更新）、fill（补全）或 skip（跳过）。"
            )
        mapping = suggest_mapping(source, unit)
        check_mapping(mapping)
    except RuleError as exc:
        conn.send(("stop",))
        return plan_summary(None, file=path, error=exc.message)
    unit = core_fields.normalize_text(unit) if unit else ""
    now = clock.now()
    conn.send(("mapping", mapping, unit, matcher.index, now, include_hidden))
    plan = StreamedPlan(source, unit, list(mapping), on_duplicate, [])
    with contextlib.ExitStack() as transaction:
        writer: BatchWriter | None = None

        def begin() -> BatchWriter:
            backup_if_possible(Path(data_dir), "导入前")
            if not is_postgres():  # the server sizes its own cache
                db.execute_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
                transaction.callback(db.execute_sql, f"PRAGMA cache_size = {NORMAL_CACHE_KIB}")
            transaction.enter_context(db.atomic())
            return BatchWriter(
                source,
                unit,
                plan.mapping_by_header,
                on_duplicate,
                now,
                defer_indexes=should_defer_indexes(row_count - source.layout.header_row),
                chunk_written=chunk_counter(row_count),
            )

        while True:
            message = _receive(conn)
            if message[0] == "done":
                break
            if message[0] == "error":
                # Nothing of the file is written unless all of it is: the transaction rolls back.
                raise _ReaderError(message[1])
            _kind, others, (new_rows, new_warnings, columns) = message
            planned = [
                PlannedRow(row, values, action, errors, warnings, pid, same, raw=raw)
                for row, values, action, errors, warnings, raw, pid, same in others
            ]
            matcher.resolve([r for r in planned if r.action == "new"], on_duplicate)
            plan.rows += planned
            plan.new_rows += new_rows
            plan.new_warnings += new_warnings
            if writer is None and (new_rows or any(r.action != "invalid" for r in planned)):
                writer = begin()
            if writer is not None:
                writer.write_columns(new_rows, columns)
                writer.write([], [r for r in planned if r.action == "update"])
        if source.also_rosters:
            _warn_of_other_rosters(plan)
        summary = plan_summary(plan, file=path)
        if writer is None and not nothing_valid(plan):
            writer = begin()  # a file of no rows at all writes its (empty) batch, as ever
        if writer is not None:
            summary["batch_id"] = writer.finish(plan.counts, plan.rows_read, mapping)
    return summary


def _warn_of_other_rosters(plan: StreamedPlan) -> None:
    """The warning :func:`.importing.plan_import` gives when other sheets are rosters too, on
    the same row: the first that is not refused (else the first of all)."""
    valid = [r.row for r in plan.rows if r.action != "invalid"][:1] + plan.new_rows[:1]
    if not valid and not plan.rows:
        return
    row = min(valid) if valid else min(r.row for r in plan.rows)
    issue = also_rosters_warning(plan.source, row)
    if row in plan.new_rows[:1]:
        plan.new_warnings.insert(0, issue)
        return
    next(r for r in plan.rows if r.row == row).warnings.insert(0, issue)
