"""Choosing people of the roster for an activity or a team: a search box with its matches
(``PersonPicker``), and the suggestions list with the reason for each (``SuggestionsDialog``)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import activities
from ..common.screen_fit import fit_to_screen


class PersonPicker(QWidget):
    """A search box (name, pinyin initials, ID tail, phone) and the matching people; the
    button emits ``picked(ids)`` with those chosen (several with Ctrl or Shift)."""

    picked = Signal(list)

    def __init__(self, today: _dt.date, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("person_search")
        self.search.setPlaceholderText("查找人员：姓名、拼音首字母、身份证后几位或电话")
        self.search.setClearButtonEnabled(True)
        self.button = QPushButton(button_text)
        self.button.setEnabled(False)
        row.addWidget(self.search, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.matches = QListWidget()
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.matches.setMaximumHeight(84)
        layout.addWidget(self.matches)
        self.search.textChanged.connect(lambda _t: self.update_matches())
        self.search.returnPressed.connect(self._pick)
        self.matches.itemSelectionChanged.connect(
            lambda: self.button.setEnabled(bool(self.matches.selectedItems()))
        )
        self.matches.itemDoubleClicked.connect(lambda _i: self._pick())
        self.button.clicked.connect(self._pick)

    def update_matches(self) -> None:
        self.matches.clear()
        for p in activities.find_persons(self.search.text(), today=self.today):
            age = f"，{p['age']}岁" if p["age"] is not None else ""
            item = QListWidgetItem(
                f"{p['name']}（{p['unit'] or '未填单位'}{age}，{p['service_tier']}）"
            )
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.matches.addItem(item)
        if self.matches.count() == 1:
            self.matches.setCurrentRow(0)
            self.matches.item(0).setSelected(True)

    def chosen(self) -> list[int]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.matches.selectedItems()]

    def _pick(self) -> None:
        ids = self.chosen()
        if ids:
            self.picked.emit(ids)


SUGGESTION_COLUMNS = ("姓名", "单位", "年龄", "分类", "推荐理由")


class SuggestionsDialog(QDialog):
    """Suggested people, best first, each with the reason; the ticked ones are ``chosen()``."""

    def __init__(
        self,
        title: str,
        rows: list[dict[str, Any]],
        accept_text: str = "报名所选",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.rows = rows
        layout = QVBoxLayout(self)
        note = QLabel(
            "按兴趣爱好、专业特长、是否“活跃”、是否住在附近排序（重点对象和住在外地的不推荐）。"
            "勾选后按下方按钮。"
            if rows
            else "没有找到合适的人：没有人的爱好、特长与此相符，也没有人住在附近。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(rows), len(SUGGESTION_COLUMNS))
        self.table.setObjectName("suggestions_table")
        self.table.setHorizontalHeaderLabels(list(SUGGESTION_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            values = (
                row["name"],
                row["unit"],
                "" if row["age"] is None else str(row["age"]),
                row["service_tier"],
                row["reason"],
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    item.setData(Qt.ItemDataRole.UserRole, row["id"])
                if c == 4:
                    item.setToolTip(f"{row['address']}\n爱好：{row['hobbies']}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 560)

    def check(self, person_ids: list[int]) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item.data(Qt.ItemDataRole.UserRole) in person_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[int]:
        return [
            self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            for r in range(self.table.rowCount())
            if self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]
