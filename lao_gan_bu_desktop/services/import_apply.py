"""Writing a checked import plan: a backup ("导入前"), then every new and updated person in ONE
transaction as an :class:`ImportBatch` that keeps the before-values (undone by
:mod:`.import_undo`); and ``import_file``, the command line's read → check → write of one file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..core.errors import RuleError
from ..storage import import_models as im
from ..storage.database import db, is_postgres
from ..storage.import_models import ImportBatch
from ..storage.models import PartyBranch, Person, Unit
from . import audit
from .backups import backup_if_possible
from .bulk_work import collector_paused
from .import_errors import ImportCancelled, ImportServiceError
from .import_rows import PlannedRow
from .importing import (
    ImportPlan,
    ImportResult,
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


@collector_paused()  # over all three steps: no full collection pass between them either
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
    if not dry_run and not nothing_valid(plan):
        result = apply_plan(plan, data_dir)
        summary["batch_id"] = result.batch_id
    return summary
