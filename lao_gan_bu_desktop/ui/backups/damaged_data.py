"""When the data file cannot be opened because it is damaged: offer the newest backup.

The window is already on screen when the database turns out to be damaged (it opens the data
after its first paint), so the clerk is asked there: restore the newest backup, choose another
one, or quit. The damaged file is moved aside, never deleted (services.backups.restore_damaged).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from .picking import pick_backup

log = logging.getLogger(__name__)

NEWEST, OTHER, QUIT = "newest", "other", "quit"
LATER = "\n\n数据没有改动。下次打开程序时还可以选择用备份恢复。"
NO_BACKUP = (
    "\n\n数据文件夹中没有备份可以恢复。请不要删除这个文件，把整个数据文件夹交给维护人员处理。"
)


def ask(parent: QWidget | None, message: str, newest: str) -> str:
    """The clerk's choice: NEWEST, OTHER or QUIT (tests replace this)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("无法打开数据")
    box.setText(message)
    box.setInformativeText(
        f"最近的备份：{newest}\n\n用备份恢复后，这个备份之后录入的内容需要重新录入。"
        "损坏的文件另存在数据文件夹的 damaged 文件夹中。"
    )
    newest_button = box.addButton("用最近的备份恢复", QMessageBox.ButtonRole.AcceptRole)
    other_button = box.addButton("选择其他备份…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(newest_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is newest_button:
        return NEWEST
    if clicked is other_button:
        return OTHER
    return QUIT


def offer_restore(parent: QWidget | None, data_dir: Path, message: str) -> str | None:
    """Ask whether to replace the damaged data file with a backup and do it. None once the data
    folder holds a restored database; otherwise the message to leave the clerk with (saying so
    when there is no backup to offer)."""
    from ...services.backups import list_backups, restore_damaged
    from ...services.errors import StorageError
    from ..common.errors import show_error

    backups = list_backups(data_dir)
    if not backups:
        return message + NO_BACKUP
    newest = backups[0]
    while True:
        choice = ask(parent, message, f"{newest.made_at:%Y-%m-%d %H:%M}（{newest.reason}）")
        if choice == QUIT:
            return message + LATER
        source = newest.path if choice == NEWEST else pick_backup(parent, data_dir)
        if source is None:
            continue
        try:
            aside = restore_damaged(data_dir, source)
        except (StorageError, OSError) as exc:
            log.exception("从备份恢复损坏的数据文件失败")
            show_error(parent, exc, "恢复失败")
            continue
        QMessageBox.information(
            parent,
            "恢复完成",
            f"已从备份恢复：\n{source}\n\n损坏的数据文件另存在：\n{aside}",
        )
        return None
