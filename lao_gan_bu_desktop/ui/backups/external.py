"""备份到U盘或其他位置… and 从U盘恢复…: backups a clerk can carry away and bring back.

:class:`ExportBackupDialog` offers the USB sticks present first (services.backup_media finds
them), or any folder, and copies a checked backup there under a dated name. The clerk sees the
result in plain words; a full or write-protected stick is refused with nothing left on it.

:class:`RestoreFromDriveDialog` lists the backups found on a stick or in a folder with their
date, people count and size (read without writing to the stick); the main window then asks and
restores, backing up what is there now first ("恢复前").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import backup_media
from ...services.backups import BACKUP_DIRNAME
from ..common.before_paint import USER_ROLE
from ..common.screen_fit import fit_to_screen

SERVER_NOTE = (
    "数据在数据库服务器上：备份是服务器数据的副本（需要这台电脑装有 PostgreSQL 的客户端工具 "
    "pg_dump），各台电脑共用；用它恢复会替换所有电脑看到的数据。"
)


def _drive_text(path: Path) -> str:
    return f"U盘 / 可移动磁盘：{path}"


class ExportBackupDialog(QDialog):
    """Choose where to put a copy of the backup (a stick first) and make it."""

    def __init__(
        self,
        data_dir: Path,
        *,
        on_server: bool = False,
        drives: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份到U盘或其他位置")
        self.data_dir = Path(data_dir)
        self.made: Path | None = None
        intro = QLabel(
            "把现在的全部数据（含附件）另存一份到U盘或其他文件夹，文件夹名带日期，"
            "如“老干部工作台备份_2026-11-29_1430”。复制完会打开检查一遍；"
            "数据文件夹里也照常留一份备份。",
            self,
        )
        intro.setWordWrap(True)
        self.places = QListWidget(self)
        self.places.setObjectName("export_places")
        self.places.setMinimumHeight(110)
        self.places.currentItemChanged.connect(lambda *_: self._update())
        self.none_found = QLabel(self)
        self.none_found.setWordWrap(True)
        self.none_found.setStyleSheet("color: #666;")
        again = QPushButton("重新查找U盘", self)
        again.clicked.connect(lambda: self.fill(None))
        other = QPushButton("选择其他位置…", self)
        other.setObjectName("export_other")
        other.clicked.connect(self.choose_other)
        row = QHBoxLayout()
        row.addWidget(again)
        row.addWidget(other)
        row.addStretch(1)
        self.message = QLabel(self)
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("备份", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if on_server:
            note = QLabel(SERVER_NOTE, self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #1f3b5a;")
            layout.addWidget(note)
        layout.addWidget(QLabel("备份到：", self))
        layout.addWidget(self.places, 1)
        layout.addWidget(self.none_found)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.fill(drives)
        fit_to_screen(self, 560, 0)

    def fill(self, drives: list[Path] | None) -> None:
        """List the sticks present (``drives``, else found now) first, then a chosen folder."""
        drives = backup_media.removable_drives() if drives is None else drives
        chosen = [
            self.places.item(i).data(USER_ROLE)
            for i in range(self.places.count())
            if self.places.item(i).data(USER_ROLE + 1) == "other"
        ]
        self.places.clear()
        for drive in drives:
            item = QListWidgetItem(_drive_text(drive))
            item.setData(USER_ROLE, str(drive))
            self.places.addItem(item)
        for folder in chosen:
            self._add_other(Path(folder))
        self.none_found.setText(
            ""
            if drives
            else "没有发现U盘。请插入U盘后点“重新查找U盘”，或点“选择其他位置…”选一个文件夹。"
        )
        self.none_found.setVisible(not drives)
        if self.places.count():
            self.places.setCurrentRow(0)
        self._update()

    def _add_other(self, folder: Path) -> None:
        item = QListWidgetItem(f"文件夹：{folder}")
        item.setData(USER_ROLE, str(folder))
        item.setData(USER_ROLE + 1, "other")
        self.places.addItem(item)
        self.places.setCurrentItem(item)

    def choose_other(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份到哪个文件夹", str(Path.home()))
        if folder:
            self._add_other(Path(folder))

    def target(self) -> Path | None:
        item = self.places.currentItem()
        return Path(item.data(USER_ROLE)) if item is not None else None

    def _update(self) -> None:
        self.ok.setEnabled(self.target() is not None)

    def export(self) -> bool:
        """Make the backup in the chosen place; on a refusal say why here and stay open."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        target = self.target()
        if target is None:
            self.message.setText("请先选择备份到哪里：插入U盘，或点“选择其他位置…”。")
            return False
        self.message.setText("正在备份并检查，请稍候……")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.made = backup_media.export_backup(self.data_dir, target)
        except Exception as exc:  # a refusal in words (services' errors carry .message)
            self.message.setText(getattr(exc, "message", None) or f"备份没有成功：{exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.message.clear()
        self.accept()
        return True


class RestoreFromDriveDialog(QDialog):
    """The backups on a stick or in a folder; ``chosen()`` is the one to restore."""

    def __init__(
        self,
        data_dir: Path,
        *,
        on_server: bool = False,
        drives: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("从U盘恢复")
        self.data_dir = Path(data_dir)
        self.found: list[backup_media.FoundBackup] = []
        self.place = QComboBox(self)
        self.place.setObjectName("restore_place")
        self.place.setMinimumWidth(260)
        self.place.currentIndexChanged.connect(lambda _i: self.load())
        browse = QPushButton("选择文件夹…", self)
        browse.clicked.connect(self.choose_folder)
        again = QPushButton("重新查找U盘", self)
        again.clicked.connect(lambda: self.fill_places(None))
        row = QHBoxLayout()
        row.addWidget(QLabel("在哪里找：", self))
        row.addWidget(self.place, 1)
        row.addWidget(browse)
        row.addWidget(again)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("restore_backups")
        self.table.setHorizontalHeaderLabels(["备份时间", "人数", "大小", "名称"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda _item: self._restore())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        note = QLabel(
            "恢复会用所选备份替换现在的全部数据。恢复前，程序会先把现在的数据另存一份备份"
            "（名称含“恢复前”），需要时可以再恢复回来。",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("恢复…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if on_server:
            server = QLabel(SERVER_NOTE, self)
            server.setWordWrap(True)
            server.setStyleSheet("color: #1f3b5a;")
            layout.addWidget(server)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.fill_places(drives)
        fit_to_screen(self, 720, 420)

    def fill_places(self, drives: list[Path] | None) -> None:
        """The sticks present first, then this data folder's own backups, then chosen folders."""
        drives = backup_media.removable_drives() if drives is None else drives
        others = [
            self.place.itemData(i)
            for i in range(self.place.count())
            if str(self.place.itemText(i)).startswith("文件夹：")
        ]
        self.place.blockSignals(True)
        self.place.clear()
        for drive in drives:
            self.place.addItem(_drive_text(drive), str(drive))
        self.place.addItem("本机数据文件夹中的备份", str(self.data_dir / BACKUP_DIRNAME))
        for folder in others:
            self.place.addItem(f"文件夹：{folder}", folder)
        self.place.setCurrentIndex(0)
        self.place.blockSignals(False)
        self.load()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "在哪个文件夹中找备份", str(Path.home()))
        if folder:
            self.place.addItem(f"文件夹：{folder}", folder)
            self.place.setCurrentIndex(self.place.count() - 1)

    def load(self) -> None:
        """List the backups of the chosen place (read-only)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QApplication

        folder = self.place.currentData()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.found = backup_media.find_backups(Path(folder)) if folder else []
        finally:
            QApplication.restoreOverrideCursor()
        self.table.setRowCount(len(self.found))
        for r, b in enumerate(self.found):
            if b.problem:
                people = b.problem
            elif b.on_server:
                people = "服务器备份"
            else:
                people = f"{b.people} 人"
            cells = (
                f"{b.made_at:%Y-%m-%d %H:%M}",
                people,
                backup_media.size_text(b.size),
                b.path.name,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                if not b.usable:
                    item.setForeground(QColor("#999999"))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        usable = sum(1 for b in self.found if b.usable)
        if not self.found:
            self.status.setText(
                "这里没有找到备份。请选另一个位置，或点“选择文件夹…”找到U盘上的备份文件夹。"
            )
        else:
            self.status.setText(f"找到 {len(self.found)} 份备份，可用于恢复的 {usable} 份。")
        first = next((r for r, b in enumerate(self.found) if b.usable), None)
        if first is not None:
            self.table.selectRow(first)
        self._update()

    def chosen(self) -> backup_media.FoundBackup | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.found[rows[0].row()]

    def _update(self) -> None:
        b = self.chosen()
        self.ok.setEnabled(b is not None and b.usable)

    def _restore(self) -> None:
        b = self.chosen()
        if b is not None and b.usable:
            self.accept()
