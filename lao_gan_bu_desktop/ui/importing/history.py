"""The 导入记录 tab: every import batch, with 导入… (Ctrl+I), 下载空白模板 and 撤销本次导入.

The list comes from :func:`..services.import_batches.list_batches`; undo goes through
:func:`..services.import_undo.undo_import`, after one question that says what would be deleted,
kept and restored (:func:`..services.import_undo.undo_preview`), and a message of what was done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.import_batches import list_batches
from ..common.sort_arrow import arrows_follow_order

HEADERS = ["批次", "导入时间", "文件", "单位", "操作人", "新增", "更新", "有错误", "状态"]


class ImportHistoryTab(QWidget):
    """导入记录: the batches, newest first; open the wizard; undo a batch."""

    changed = Signal()  # the roster changed (after an import or an undo)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        arrows_follow_order(self.table.horizontalHeader())
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.import_button = QPushButton("导入单位表格(&I)…")
        self.import_button.clicked.connect(lambda: self.open_wizard())
        self.template_button = QPushButton("下载空白模板(&T)…")
        self.template_button.clicked.connect(self.save_template)
        self.undo_button = QPushButton("撤销本次导入(&U)")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        self.empty = QLabel("还没有导入过表格。点“导入单位表格”开始，或把表格文件拖到窗口上。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.wizard = None
        self.refresh()

    def refresh(self) -> None:
        batches = list_batches()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(batches))
        for r, b in enumerate(batches):
            status = f"已于 {b.undone_at:%Y-%m-%d %H:%M} 撤销" if b.undone_at else "有效"
            values = [
                b.id,
                f"{b.imported_at:%Y-%m-%d %H:%M}",
                b.file_name + (f"（工作表“{b.sheet}”）" if b.sheet else ""),
                b.unit,
                b.operator,
                b.imported,
                b.updated,
                b.invalid,
                status,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, b.undone_at is None)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not batches)
        self._selection_changed()

    def selected_batch(self) -> tuple[int, bool] | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            return None
        item = self.table.item(rows.pop(), 0)
        return int(item.data(Qt.ItemDataRole.DisplayRole)), bool(
            item.data(Qt.ItemDataRole.UserRole)
        )

    def _selection_changed(self) -> None:
        chosen = self.selected_batch()
        self.undo_button.setEnabled(chosen is not None and chosen[1])

    def open_wizard(self, files: list[Path] | None = None) -> None:
        from .wizard import ImportWizard

        self.wizard = ImportWizard(None, files=files, parent=self)
        self.wizard.imported.connect(lambda _b: (self.refresh(), self.changed.emit()))
        self.wizard.finished.connect(lambda _r: self.refresh())
        self.wizard.open()

    def menu_actions(self) -> dict[str, list[QAction | None]]:
        """文件 → 导入… (Ctrl+I) and 下载空白模板… for the main window's menu."""
        start = QAction("导入…", self)
        start.setShortcut(QKeySequence("Ctrl+I"))
        start.setStatusTip("导入各单位报来的人员表格（也可以把文件直接拖到窗口上）")
        start.triggered.connect(lambda: self.open_wizard())
        template = QAction("下载空白导入模板…", self)
        template.setStatusTip("保存给各单位填写的标准表格，按模板填写的表格导入时无需对应列")
        template.triggered.connect(lambda: self.save_template())
        return {"文件": [start, template]}

    def save_template(self) -> None:
        from .template_saving import save_template_as

        save_template_as(self)

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def undo_selected(self) -> bool:
        chosen = self.selected_batch()
        if chosen is None or not chosen[1]:
            return False
        from .undo import undo_batch

        outcome = undo_batch(self, chosen[0])
        if outcome is None:
            return False
        self.refresh()
        self.changed.emit()
        self.tell("已撤销导入", outcome)
        return True


class FileDropFilter(QObject):
    """Files dropped anywhere on the main window open the import wizard with those files."""

    def __init__(self, window: QWidget, tab: ImportHistoryTab) -> None:
        super().__init__(window)
        self.tab = tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and event.mimeData().hasUrls():
            files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if files:
                event.acceptProposedAction()
                self.tab.open_wizard(files)
                return True
        return False


def install_file_drop(window: QWidget, tab: ImportHistoryTab) -> FileDropFilter:
    """Let ``window`` accept dropped files and hand them to the import wizard."""
    window.setAcceptDrops(True)
    drop = FileDropFilter(window, tab)
    window.installEventFilter(drop)
    return drop
