"""What the import wizard's pages share: page ids, colours, limits and cell formatting."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
)

PAGE_FILES, PAGE_SHEET, PAGE_MAPPING, PAGE_CHECK, PAGE_IMPORT, PAGE_DONE = range(6)
NOT_IMPORTED = "（不导入）"
PREVIEW_ROWS = 40
CHECK_ROWS_SHOWN = 2000
SHOW_PROGRESS_AFTER_MS = 400  # a quicker check shows no progress bar at all (no flicker)
FILE_FILTER = (
    "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.htm *.html *.xml *.docx *.doc);;所有文件 (*)"
)
COLORS = {
    "invalid": QColor("#F8D7DA"),
    "duplicate": QColor("#FFE5B4"),
    "update": QColor("#DCEBFA"),
    "warning": QColor("#FFF6C8"),
}
# The 检查 page's legend, one entry per colour of COLORS, named as the clerk sees it.
LEGEND = {
    "invalid": "红色：有错误，不导入",
    "duplicate": "橙色：文件内重复，不导入",
    "update": "蓝色：将更新的人员",
    "warning": "黄色：有提示，仍会导入，请看说明",
}


def fmt_value(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def table_item(text: str, color: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if color is not None:
        item.setBackground(QBrush(color))
    return item


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #B00020;")
    label.hide()
    return label
