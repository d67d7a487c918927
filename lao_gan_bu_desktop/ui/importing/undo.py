"""撤销本次导入 from the 导入记录 tab or the wizard's 完成 page: one question that says what would
be deleted, kept (and for which later records) and restored, then what was done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import RuleError


def undo_batch(owner: QWidget, batch: int, data_dir: Path | None = None) -> str | None:
    """Ask ``owner`` (with its ``confirm``) whether to undo ``batch``, saying exactly what would
    happen; undo it and return what happened in the clerk's words, or None when not undone."""
    from ...services import import_undo
    from ...services import importing as imp

    try:
        preview = import_undo.undo_preview(batch)
        if not owner.confirm("撤销导入", preview.warning_text()):  # type: ignore[attr-defined]
            return None
        result = import_undo.undo_import(batch, data_dir or imp.current_data_dir(), force=True)
    except RuleError as exc:
        QMessageBox.warning(owner, "无法撤销", exc.message)
        return None
    text = (
        f"第 {batch} 批导入已撤销：删除 {result['removed']} 人，"
        f"恢复 {result['restored']} 人，保留 {result['kept']} 人。"
    )
    if preview.kept:
        text += "\n" + preview.kept_text(done=True)
    return text + "\n撤销前的数据已自动备份。"
