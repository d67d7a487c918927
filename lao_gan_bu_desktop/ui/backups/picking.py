"""Choosing a backup to restore: a file dialog that starts in the data folder's backups.

Picking a backup folder's data file means the whole backup folder, so that its attachments come
back with it. Used by 文件 → 恢复备份 and by the offer to replace a damaged data file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def pick_backup(parent: QWidget | None, data_dir: Path) -> Path | None:
    """The backup (folder, or a loose database file) the clerk chose, or None."""
    from ...services.backups import BACKUP_DIRNAME, DB_FILENAME

    start = data_dir / BACKUP_DIRNAME
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "选择要恢复的备份",
        str(start if start.is_dir() else data_dir),
        f"老干部工作台数据 ({DB_FILENAME} *.sqlite3 *.db);;所有文件 (*)",
    )
    if not path:
        return None
    source = Path(path)
    if source.name == DB_FILENAME and source.parent.parent.name == BACKUP_DIRNAME:
        source = source.parent  # a backup folder: its attachments come back too
    return source
