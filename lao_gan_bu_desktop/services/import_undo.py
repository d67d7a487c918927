"""Undoing an import batch: the people it added are removed (unless they have records of their
own), the fields it changed get their values from before, after a backup ("撤销导入前").
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core import clock
from ..storage import import_models as im
from ..storage.database import db
from ..storage.import_models import ImportBatch
from ..storage.models import Person
from ..storage.person_references import persons_with_dependents
from . import audit
from .backups import backup_if_possible
from .import_apply import _Relations, _unplain
from .import_errors import ImportServiceError, UndoConflict


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
    backup_if_possible(Path(data_dir), "撤销导入前")
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
