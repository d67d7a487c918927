"""The dialog shown when a save meets someone else's change to the same record.

“王丽 在 14:32 修改了这条记录”, a table of the fields that differ (你的修改 / 现在保存的), and the
clerk's three ways on: 重新载入 (drop mine, show what is stored), 仍然保存 (save mine over it)
and 取消 (back to my changes, nothing saved yet). Nothing is lost without the clerk choosing it.
A record deleted meanwhile offers only 关闭.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.conflicts import who_when
from ...services.errors import ConflictError
from .screen_fit import fit_to_screen

RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"


def headline(error: ConflictError) -> str:
    """“王丽 在 14:32 修改了这条记录” (or 删除了)."""
    done = "删除了" if error.deleted else "修改了"
    return f"{who_when(error.operator, error.at)} {done}这条记录"


class ConflictDialog(QDialog):
    """Ask what to do about ``error``; ``choice`` is RELOAD, OVERWRITE or CANCEL afterwards."""

    def __init__(self, error: ConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.choice = CANCEL
        self.setObjectName("conflict_dialog")
        self.setWindowTitle("记录已被别人修改" if not error.deleted else "记录已被删除")
        layout = QVBoxLayout(self)
        self.headline = QLabel(headline(error), self)
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        what = error.record_name or "这条记录"
        if error.deleted:
            text = f"{what}在你打开之后被删除了，你的修改无法保存。请关闭后刷新列表。"
        elif error.differences:
            text = (
                f"{what}在你打开之后被修改，你的修改还没有保存。"
                "下表是你的修改与现在保存的内容不同的地方："
            )
        else:
            text = (
                f"{what}在你打开之后被修改，你的修改还没有保存。你要改的内容与现在保存的一样；"
                "请重新载入，看过现在的情况再办理。"
            )
        self.explanation = QLabel(text, self)
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        self.table = QTableWidget(len(error.differences), 3, self)
        self.table.setObjectName("differences")
        self.table.setHorizontalHeaderLabels(["项目", "你的修改", "现在保存的"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, diff in enumerate(error.differences):
            for col, text in enumerate((diff.label, diff.mine, diff.stored)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setVisible(bool(error.differences))
        layout.addWidget(self.table, 1)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        if not error.deleted:
            self.help.setText(
                "重新载入：放弃你的修改，显示现在保存的内容。\n"
                "仍然保存：用你的内容覆盖对方的修改（对方的修改将丢失）。\n"
                "取消：回到你的修改，暂不保存。"
            )
        self.help.setVisible(not error.deleted)
        layout.addWidget(self.help)
        self.buttons = QDialogButtonBox(self)
        self.reload_button: QPushButton | None = None
        self.overwrite_button: QPushButton | None = None
        if not error.deleted:
            self.reload_button = self.buttons.addButton(
                "重新载入", QDialogButtonBox.ButtonRole.ResetRole
            )
            self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
            self.overwrite_button = self.buttons.addButton(
                "仍然保存", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.overwrite_button.clicked.connect(lambda: self._choose(OVERWRITE))
        self.cancel_button = self.buttons.addButton(
            "取消" if not error.deleted else "关闭", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.clicked.connect(lambda: self._choose(CANCEL))
        if self.reload_button is not None:
            self.reload_button.setDefault(True)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if error.differences:
            fit_to_screen(self, 640, min(420, 260 + 32 * len(error.differences)))
        else:
            layout.insertStretch(layout.count() - 1, 1)  # the buttons stay at the bottom
            fit_to_screen(self, 560)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the columns have their widths

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == CANCEL:
            self.reject()
        else:
            self.accept()


def ask_conflict(parent: QWidget | None, error: ConflictError) -> str:
    """Show the conflict dialog modally; RELOAD, OVERWRITE or CANCEL."""
    dialog = ConflictDialog(error, parent)
    try:
        dialog.exec()
        return dialog.choice
    finally:
        dialog.deleteLater()
