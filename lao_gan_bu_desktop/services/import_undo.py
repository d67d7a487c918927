"""Undoing an import batch: the people it added are removed (unless a clerk has made records
about them since), the fields it changed get their values from before, after a backup
("撤销导入前"). :func:`undo_preview` says what an undo would do before it is done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core import clock
from ..storage import import_models as im
from ..storage.database import db
from ..storage.import_models import ImportBatch
from ..storage.models import Person
from ..storage.person_references import dependent_tables
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


# Rows every person gets without a clerk deciding anything about them: the subscriptions of a
# 一刊一报 roll-forward, the recipient rows of a 情况通报. They go with a new person on undo and
# never keep one; anything else pointing at a new person (a visit, an aid case, a family
# member …) is a clerk's work and keeps the person.
AUTOMATIC_RECORDS = frozenset({"subscription", "notice_recipient"})

# The kinds of a clerk's later records, by table, as the clerk calls them.
RECORD_KINDS = {
    "visit_person": "走访",
    "aid_case": "帮扶",
    "contact": "家属联系人",
    "hospital_stay": "住院",
    "health_check": "体检",
    "retiree_step": "离退休办理",
}


@dataclass(frozen=True)
class UndoPreview:
    """What undoing a batch would do, for the clerk to confirm first."""

    batch_id: int
    file_name: str
    removed: list[str]  # new people who would be deleted
    kept: list[str]  # new people kept for their later records
    kept_kinds: list[str]  # the kinds of those records (走访, 帮扶 …)
    restored: int  # people updated by the batch whose values from before come back
    edited: list[str]  # of those, the ones changed since (their changes would be lost)
    edited_new: list[str]  # new people changed since who would still be deleted

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.edited or self.edited_new or self.kept)

    def kept_text(self, *, done: bool = False) -> str:
        """ "N 人因已有走访、帮扶等后续记录未删除：姓名…" (before the undo: 撤销时不删除)."""
        if not self.kept:
            return ""
        kinds = "、".join(self.kept_kinds) or "其他"
        verb = "未删除" if done else "，撤销时不删除"
        return f"{len(self.kept)} 人因已有{kinds}等后续记录{verb}：{_names(self.kept)}。"

    def warning_text(self) -> str:
        """The whole confirmation, in the clerk's words."""
        lines = [f"确定要撤销第 {self.batch_id} 批导入（{self.file_name}）吗？"]
        if self.removed:
            lines.append(f"· 删除本次导入新增的 {len(self.removed)} 人。")
        if self.edited_new:
            lines.append(
                f"  其中{_names(self.edited_new)}在导入之后又被修改过，这些修改随人员一并删除。"
            )
        if self.kept:
            lines.append("· " + self.kept_text())
        if self.restored:
            lines.append(f"· 本次导入更新过的 {self.restored} 人恢复为导入前的信息。")
        if self.edited:
            lines.append(
                f"  其中{_names(self.edited)}在本次导入之后又被修改过，之后所做的修改将丢失。"
            )
        if not (self.removed or self.kept or self.restored):
            lines.append("· 本批次的人员都已不在花名册中，撤销只会把批次标记为已撤销。")
        lines.append("撤销前会自动备份当前数据。")
        return "\n".join(lines)


def _names(names: list[str]) -> str:
    return "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")


def _names_of(ids: set[int] | list[int]) -> list[str]:
    if not ids:
        return []
    query = Person.select(Person.name).where(Person.id.in_(sorted(ids))).order_by(Person.id)
    return [n for (n,) in query.tuples()]


def edited_since(batch_id: int) -> list[str]:
    """Names of the batch's people changed after the import (by hand or by a later import)."""
    batch = _batch(batch_id)
    touched = [pid for pid, _action, _before in im.batch_links(batch.id)]
    return _names_of(im.persons_edited_after(batch.id, batch.audit_id, touched))


def _plan(batch: ImportBatch) -> tuple[UndoPreview, list[int], set[int]]:
    links = im.batch_links(batch.id)
    new_ids = [pid for pid, action, _before in links if action == "新增"]
    updated_ids = [pid for pid, action, before in links if action == "修改" and before]
    records = dependent_tables(new_ids, ignore=AUTOMATIC_RECORDS)
    keep = set(records)
    edited = im.persons_edited_after(batch.id, batch.audit_id, [pid for pid, _a, _b in links])
    kinds: set[str] = set().union(*records.values()) if records else set()
    kind_names = [RECORD_KINDS[t] for t in RECORD_KINDS if t in kinds]
    if kinds - RECORD_KINDS.keys():
        kind_names.append("其他")
    doomed = [pid for pid in new_ids if pid not in keep]
    preview = UndoPreview(
        batch_id=batch.id,
        file_name=batch.file_name,
        removed=_names_of(doomed),
        kept=_names_of(keep),
        kept_kinds=kind_names,
        restored=len(updated_ids),
        edited=_names_of(edited & set(updated_ids)),
        edited_new=_names_of(edited & set(doomed)),
    )
    return preview, doomed, keep


def undo_preview(batch_id: int) -> UndoPreview:
    """What :func:`undo_import` would do to ``batch_id``, nothing changed."""
    return _plan(_batch(batch_id))[0]


def undo_import(batch_id: int, data_dir: Path, *, force: bool = False) -> dict[str, int]:
    """Undo a batch: remove the people it added, restore the fields it changed to their values
    before. New people a clerk has made records about since (a visit, an aid case, a family
    member …) are kept; rows made for everyone at once (a roll-forward's subscriptions, a
    notice's recipients) go with the person. Refuses with UndoConflict, unless ``force``, when
    people were edited since or new people are kept.
    Returns {"removed": n, "restored": m, "kept": k}."""
    batch = _batch(batch_id)
    preview, doomed, keep = _plan(batch)
    if preview.needs_confirmation and not force:
        raise UndoConflict(preview)
    links = im.batch_links(batch.id)
    backup_if_possible(Path(data_dir), "撤销导入前")
    removed = restored = 0
    with db.atomic():
        relations = _Relations()
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
