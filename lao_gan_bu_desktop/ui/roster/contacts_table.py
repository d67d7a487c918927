"""The family-members table of the person dialog: add, remove, mark emergency contacts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..common.field_editors import ERROR_STYLE

HEADERS = ("姓名", "关系", "电话", "紧急联系人", "备注")
KEYS = ("name", "relation", "phone", "is_emergency", "notes")
EMERGENCY_COLUMN = 3


class ContactsEditor(QWidget):
    """A small table of a person's contacts (a handful of rows, so a QTableWidget)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("contacts_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 70, 130, 90)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton("添加家属", self)
        self.add_button.setToolTip("添加一位家属或紧急联系人")
        self.add_button.clicked.connect(self._add_and_edit)
        self.remove_button = QPushButton("删除所选", self)
        self.remove_button.setToolTip("删除选中的联系人（保存后生效）")
        self.remove_button.clicked.connect(self.remove_selected)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_contacts")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("勾选“紧急联系人”的人会在名单中优先显示", self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)

    def add_contact(self, contact: Mapping[str, Any] | None = None) -> int:
        contact = contact or {}
        row = self.table.rowCount()
        self.table.blockSignals(True)
        try:
            self.table.insertRow(row)
            for column, key in enumerate(KEYS):
                if column == EMERGENCY_COLUMN:
                    item = QTableWidgetItem("")
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    checked = bool(contact.get(key))
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
                    item.setToolTip("勾选表示紧急联系人")
                else:
                    item = QTableWidgetItem(str(contact.get(key) or ""))
                self.table.setItem(row, column, item)
        finally:
            self.table.blockSignals(False)
        self.changed.emit()
        return row

    def _add_and_edit(self) -> None:
        row = self.add_contact()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def set_contacts(self, contacts: Sequence[Mapping[str, Any]]) -> None:
        self.table.setRowCount(0)
        for contact in contacts:
            self.add_contact(contact)

    def set_emergency(self, row: int, emergency: bool) -> None:
        state = Qt.CheckState.Checked if emergency else Qt.CheckState.Unchecked
        self.table.item(row, EMERGENCY_COLUMN).setCheckState(state)

    def contacts(self) -> list[dict[str, Any]]:
        """The rows as dicts (rows with neither name nor phone are left out)."""
        result: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for column, key in enumerate(KEYS):
                item = self.table.item(row, column)
                if column == EMERGENCY_COLUMN:
                    values[key] = item is not None and item.checkState() == Qt.CheckState.Checked
                else:
                    values[key] = item.text().strip() if item is not None else ""
            if values["name"] or values["phone"]:
                result.append(values)
        return result

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
