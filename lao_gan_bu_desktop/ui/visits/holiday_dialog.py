"""工具 → 节假日安排: enter or paste a year's days off (放假) and weekend working days (调休上班).

chinese-calendar knows the State Council's arrangement only up to the year it was released for.
The clerk pastes the notice (国务院办公厅关于××年部分节假日安排的通知) or adds dates one range at
a time; the table lists every day; 保存 keeps the year in the data file, where it takes
precedence over the built-in arrangement (services.holidays).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.holidays import DEFAULT_NAME, HOLIDAY_NAMES, Arrangement, parse_arrangement
from ...services import holidays

OFF = "放假"
WORK = "调休上班"
WEEKDAYS = "一二三四五六日"
PASTE_EXAMPLE = (
    "粘贴国务院办公厅的放假通知，例如：\n"
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
    "二、春节：2月6日至12日放假调休，共7天。2月7日（周日）、2月20日（周六）上班。\n"
    "或每行一个日期或日期段：2027-10-01至2027-10-07 国庆节；2027-09-26 上班"
)


def _qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> _dt.date:
    return _dt.date(value.year(), value.month(), value.day())


class HolidayDialog(QDialog):
    """Edit one year's arrangement at a time; ``saved_years`` lists the years saved."""

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("节假日安排")
        self.saved_years: list[int] = []
        self._source = ""
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setSuffix(" 年")
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel("年份："))
        head.addWidget(self.year_spin)
        head.addWidget(self.source_label, 1)

        paste_box = QGroupBox("粘贴放假通知")
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setPlaceholderText(PASTE_EXAMPLE)
        self.paste_edit.setMinimumHeight(110)
        self.read_button = QPushButton("识别并加入下表")
        self.read_button.clicked.connect(self.read_pasted)
        paste_layout = QVBoxLayout(paste_box)
        paste_layout.addWidget(self.paste_edit)
        paste_row = QHBoxLayout()
        paste_row.addStretch(1)
        paste_row.addWidget(self.read_button)
        paste_layout.addLayout(paste_row)

        add_box = QGroupBox("逐段添加")
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.kind_combo = QComboBox()
        self.kind_combo.addItems([OFF, WORK])
        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.addItems(HOLIDAY_NAMES)
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add_range)
        self.from_edit.dateChanged.connect(self._from_changed)
        add_row = QHBoxLayout(add_box)
        for label, widget in (
            ("从", self.from_edit),
            ("到", self.to_edit),
            ("", self.kind_combo),
            ("节日", self.name_combo),
        ):
            if label:
                add_row.addWidget(QLabel(label))
            add_row.addWidget(widget)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["日期", "安排", "节日"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(180)
        self.remove_button = QPushButton("删除所选日期")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("清空")
        self.clear_button.clicked.connect(lambda: self.set_arrangement(Arrangement(self.year)))
        self.forget_button = QPushButton("删除本年录入")
        self.forget_button.setToolTip("删除本年录入的安排（有内置安排的年份恢复使用内置安排）")
        self.forget_button.clicked.connect(self.forget_year)
        self.count_label = QLabel()
        table_row = QHBoxLayout()
        table_row.addWidget(self.count_label, 1)
        for button in (self.remove_button, self.clear_button, self.forget_button):
            table_row.addWidget(button)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(paste_box)
        layout.addWidget(add_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(table_row)
        layout.addWidget(buttons)
        self.resize(680, 640)

        self.year_spin.setValue(year or clock.today().year)
        self.year_spin.valueChanged.connect(self.load_year)
        self.load_year(self.year_spin.value())

    @property
    def year(self) -> int:
        return self.year_spin.value()

    # ------------------------------------------------------------------ the year's days

    def load_year(self, year: int) -> None:
        arrangement, self._source = holidays.arrangement_for(year)
        self.set_arrangement(arrangement)
        self.from_edit.setDate(QDate(year, 1, 1))
        self.to_edit.setDate(QDate(year, 1, 1))
        self.forget_button.setEnabled(self._source == "录入")

    def set_arrangement(self, arrangement: Arrangement) -> None:
        rows = sorted(
            [(d, OFF, name) for d, name in arrangement.days_off.items()]
            + [(d, WORK, "") for d in arrangement.work_days]
        )
        self.table.setRowCount(0)
        for day, kind, name in rows:
            self._append(day, kind, name)
        self._update_labels()

    def arrangement(self) -> Arrangement:
        """The arrangement as the table shows it."""
        result = Arrangement(self.year)
        for row in range(self.table.rowCount()):
            day = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            kind = self.table.item(row, 1).text()
            if kind == WORK:
                result.work_days.add(day)
            else:
                result.days_off[day] = self.table.item(row, 2).text() or DEFAULT_NAME
        return result

    def _append(self, day: _dt.date, kind: str, name: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        date_item = QTableWidgetItem(f"{day.isoformat()} 周{WEEKDAYS[day.weekday()]}")
        date_item.setData(Qt.ItemDataRole.UserRole, day)
        self.table.setItem(row, 0, date_item)
        self.table.setItem(row, 1, QTableWidgetItem(kind))
        self.table.setItem(row, 2, QTableWidgetItem(name))

    def _merge(self, days_off: dict[_dt.date, str], work_days: set[_dt.date]) -> None:
        current = self.arrangement()
        for day in work_days:
            current.days_off.pop(day, None)
            current.work_days.add(day)
        for day, name in days_off.items():
            current.work_days.discard(day)
            current.days_off[day] = name
        self.set_arrangement(current)

    def _update_labels(self) -> None:
        current = self.arrangement()
        self.count_label.setText(
            f"放假 {len(current.days_off)} 天，调休上班 {len(current.work_days)} 天"
        )
        if self._source == "录入":
            text = f"{self.year}年的放假安排已录入，日历按录入的安排显示。"
        elif self._source == "内置":
            text = f"{self.year}年使用程序内置的放假安排；修改并保存后按录入的安排显示。"
        else:
            text = (
                f"<span style='color:#c62828'>{self.year}年放假安排尚未录入。</span>"
                "国务院办公厅每年11、12月公布下一年的安排，公布后请在此录入。"
            )
        self.source_label.setText(text)

    # ------------------------------------------------------------------ actions

    def read_pasted(self) -> None:
        found = parse_arrangement(self.paste_edit.toPlainText(), self.year)
        self._merge(found.days_off, found.work_days)
        if found.problems:
            QMessageBox.warning(
                self,
                "节假日安排",
                "有些内容没有识别：\n"
                + "\n".join(found.problems[:10])
                + "\n\n已识别的日期已加入下表，请核对后保存。",
            )

    def _from_changed(self, value: QDate) -> None:
        if self.to_edit.date() < value:
            self.to_edit.setDate(value)

    def add_range(self) -> None:
        first, last = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if last < first:
            QMessageBox.warning(self, "节假日安排", "结束日期早于开始日期，请改正后再添加。")
            return
        days = [first + _dt.timedelta(days=i) for i in range((last - first).days + 1)]
        if self.kind_combo.currentText() == WORK:
            self._merge({}, set(days))
        else:
            name = self.name_combo.currentText().strip() or DEFAULT_NAME
            self._merge(dict.fromkeys(days, name), set())

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._update_labels()

    def forget_year(self) -> None:
        answer = QMessageBox.question(
            self,
            "节假日安排",
            f"删除录入的{self.year}年放假安排吗？（有内置安排的年份恢复使用内置安排）",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        holidays.delete_arrangement(self.year)
        self.saved_years.append(self.year)
        self.load_year(self.year)

    def save(self) -> bool:
        """Keep the table as the year's arrangement; False (with a message) when it cannot."""
        arrangement = self.arrangement()
        try:
            holidays.save_arrangement(arrangement)
        except holidays.HolidayError as exc:
            QMessageBox.warning(self, "节假日安排", f"没有保存：{exc.message}")
            return False
        self.saved_years.append(self.year)
        self.accept()
        return True
