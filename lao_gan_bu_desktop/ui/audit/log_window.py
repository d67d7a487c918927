"""工具 → 操作日志: who changed what when, with filters, sorting, the record opened, and the
view exported to Excel.

Filters: a person's name (or part of it), the operator, the kind of change (新增, 修改 …), the
kind of record (人员, 走访, 帮扶案例 …) and a date range. The newest rows come first; a heading
click sorts by that column. Opening a row shows a person's own dialog, any other record the
fields it changed (原 → 新) and that record's earlier changes. 导出 writes the rows shown, in the
order shown (services.audit.export_log, the house style).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.filenames import dated_filename
from ...services import audit
from ..common.errors import show_error
from ..common.sort_arrow import arrows_follow_order

if TYPE_CHECKING:
    from ..main_window import MainWindow

COLUMNS = ("时间", "操作员", "操作", "类别", "人员", "内容")
ANY = "全部"


def _when(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value or "")


class RecordDialog(QDialog):
    """One log row: who, when, what, each field 原 → 新, and the record's earlier changes."""

    def __init__(self, item: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"操作记录：{item['table_title']} {item['action']}")
        head = QLabel(
            f"{_when(item['at'])}　{item['operator'] or '（未登记操作员）'}　"
            f"{item['action']}{item['table_title']}\n{item['summary']}",
            self,
        )
        head.setWordWrap(True)
        self.changes = QTableWidget(0, 3, self)
        self.changes.setObjectName("record_changes")
        self.changes.setHorizontalHeaderLabels(("项目", "原值", "新值"))
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.verticalHeader().setVisible(False)
        self.changes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for key, pair in item["changes"].items():
            old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            if audit.shown_value(old) == audit.shown_value(new):
                continue  # nothing a person would see changed (an empty note stored as "")
            row = self.changes.rowCount()
            self.changes.insertRow(row)
            texts = (audit.field_title(key), audit.shown_value(old), audit.shown_value(new))
            for col, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.changes.setItem(row, col, cell)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        if self.changes.rowCount():
            layout.addWidget(QLabel("改动：", self))
            layout.addWidget(self.changes, 2)
        else:
            self.changes.hide()
            layout.addWidget(QLabel("（这条记录没有逐项的改动）", self))
        self.history = QPlainTextEdit(self)
        self.history.setObjectName("record_history")
        self.history.setReadOnly(True)
        self.history.hide()  # shown only when the record has earlier changes
        if item["record_id"] is not None:
            lines = [
                f"{_when(h['at'])}　{h['operator'] or '（未登记）'}　{h['action']}　{h['summary']}"
                for h in audit.history(item["table"], item["record_id"])
            ]
            if len(lines) > 1:
                layout.addWidget(QLabel("这条记录的全部操作：", self))
                self.history.setPlainText("\n".join(lines))
                layout.addWidget(self.history, 1)
                self.history.show()
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 460)


class AuditLogWindow(QDialog):
    """The log viewer (not modal: the clerk can keep it open beside the window)."""

    def __init__(self, main_window: MainWindow | None = None) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.setWindowTitle("操作日志")
        self.setObjectName("audit_log_window")
        self.entries: dict[int, dict[str, Any]] = {}
        self.person = QLineEdit(self)
        self.person.setObjectName("audit_person")
        self.person.setPlaceholderText("姓名")
        self.person.setClearButtonEnabled(True)
        self.person.returnPressed.connect(self.reload)
        self.operator = QComboBox(self)
        self.operator.setObjectName("audit_operator")
        self.action = QComboBox(self)
        self.action.setObjectName("audit_action")
        self.table_kind = QComboBox(self)
        self.table_kind.setObjectName("audit_table")
        self.by_date = QCheckBox("日期", self)
        self.by_date.setObjectName("audit_by_date")
        today = clock.today()
        self.since = QDateEdit(QDate(today.year, today.month, 1), self)
        self.until = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.by_date.toggled.connect(self.since.setEnabled)
        self.by_date.toggled.connect(self.until.setEnabled)
        self._fill_choices()
        for combo in (self.operator, self.action, self.table_kind):
            combo.currentIndexChanged.connect(self.reload)
        self.by_date.toggled.connect(self.reload)
        self.since.dateChanged.connect(self.reload)
        self.until.dateChanged.connect(self.reload)
        search = QPushButton("查询", self)
        search.clicked.connect(self.reload)
        filters = QHBoxLayout()
        for label, widget in (
            ("人员：", self.person),
            ("操作员：", self.operator),
            ("操作：", self.action),
            ("类别：", self.table_kind),
        ):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.by_date)
        filters.addWidget(self.since)
        filters.addWidget(QLabel("至", self))
        filters.addWidget(self.until)
        filters.addWidget(search)
        filters.addStretch(1)
        self.table = QTableWidget(0, len(COLUMNS), self)
        arrows_follow_order(self.table.horizontalHeader())
        self.table.setObjectName("audit_table_view")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()  # widths follow 字号
        for col, sample in enumerate(
            (
                "2026-11-29 00:00:00",
                "（未登记）",
                "撤销导入",
                max(audit.TABLE_TITLES.values(), key=len),  # every 类别 whole
                "欧阳丽华",
            )
        ):
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 16)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.count_label = QLabel(self)
        open_button = QPushButton("打开记录", self)
        open_button.clicked.connect(self.open_current)
        export_button = QPushButton("导出 Excel…", self)
        export_button.setObjectName("audit_export")
        export_button.clicked.connect(self.export)
        close_button = QPushButton("关闭", self)
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(open_button)
        bottom.addWidget(export_button)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1120, 600)
        self.reload()

    def _fill_choices(self) -> None:
        found = audit.choices()
        self.operator.clear()
        self.operator.addItem(ANY, "")
        for name in found["operator"]:
            self.operator.addItem(name or "（未登记）", name)
        self.action.clear()
        self.action.addItem(ANY, "")
        for action in found["action"]:
            self.action.addItem(action, action)
        self.table_kind.clear()
        self.table_kind.addItem(ANY, "")
        for table in found["table"]:
            self.table_kind.addItem(audit.table_title(table), table)

    def current_filter(self) -> audit.AuditFilter:
        """The filter the controls say."""
        since = until = None
        if self.by_date.isChecked():
            since = self.since.date().toPython()
            until = self.until.date().toPython()
        operator = self.operator.currentData()
        return audit.AuditFilter(
            person=self.person.text(),
            operator=operator if self.operator.currentIndex() > 0 else "",
            action=self.action.currentData() or "",
            table=self.table_kind.currentData() or "",
            since=since,
            until=until,
        )

    def reload(self) -> None:
        """Read the log again with the current filter."""
        try:
            rows = audit.search(self.current_filter())
        except Exception as exc:
            show_error(self, exc, "无法读取操作日志")
            return
        self.entries = {r["id"]: r for r in rows}
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            values = (
                _when(item["at"]),
                item["operator"] or "（未登记）",
                item["action"],
                item["table_title"],
                item["person"],
                item["summary"],
            )
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if col == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item["id"])
                if col == 5:
                    cell.setToolTip(text)
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)  # sorts by the heading chosen (newest first at start)
        more = "（只显示最近的，请缩小筛选范围）" if len(rows) >= audit.SEARCH_LIMIT else ""
        self.count_label.setText(f"共 {len(rows)} 条{more}")

    def shown_ids(self) -> list[int]:
        """The ids of the rows shown, in the order shown."""
        return [
            int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
            for row in range(self.table.rowCount())
        ]

    def shown_entries(self) -> list[dict[str, Any]]:
        return [self.entries[i] for i in self.shown_ids()]

    def current_entry(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        return self.entries.get(int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)))

    def open_current(self) -> QDialog | None:
        """Open the chosen row: a person in the person dialog, anything else as its changes."""
        item = self.current_entry()
        if item is None:
            return None
        if (
            item["table"] == "person"
            and item["record_id"]
            and self.main_window is not None
            and audit.person_exists(item["record_id"])
        ):
            roster = self.main_window.tab("roster")
            return roster.open_person(item["record_id"])
        dialog = RecordDialog(item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export(self) -> None:
        """Ask where, then write the rows shown."""
        name = dated_filename("操作日志", clock.today())
        start = str(Path.home() / name)
        path, _ = QFileDialog.getSaveFileName(self, "导出操作日志", start, "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int | None:
        """Write the rows shown, in the order shown, to ``path``; the number written."""
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            count = audit.export_log(self.shown_entries(), path, flt=self.current_filter())
        except Exception as exc:
            show_error(self, exc, "导出失败")
            return None
        QMessageBox.information(self, "导出完成", f"已导出 {count} 条操作日志：\n{path}")
        return count


def open_audit_log(window: MainWindow) -> AuditLogWindow:
    """Show the window's 操作日志 (one per main window, brought to the front when open)."""
    viewer = getattr(window, "audit_log_window", None)
    if viewer is None:
        viewer = AuditLogWindow(window)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(lambda *_: setattr(window, "audit_log_window", None))
        window.audit_log_window = viewer
    else:
        viewer.reload()
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()
    return viewer
