"""走访记录 of one person: visits (newest first), hospital stays and health checks.

The person dialog embeds ``PersonVisitsWidget(person_id)`` as its 走访记录 tab. Buttons: new
visit for this person, open (double-click), mark done, record a hospital stay or discharge,
record this year's health check.
"""

from __future__ import annotations

import datetime as _dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.visit_rules import PLANNED
from ...services import health, visits
from ...services.errors import ConflictError
from ...services.visits import VisitError
from ..common.sort_arrow import arrows_follow_order
from .visit_dialog import Today, VisitDialog, date_edit, from_qdate, resolve_today

log = logging.getLogger(__name__)
ROLE = Qt.ItemDataRole.UserRole


class _RecordDialog(QDialog):
    """A small form: a date, a hospital and a text (住院 / 体检)."""

    def __init__(
        self, parent: QWidget | None, title: str, date_label: str, text_label: str, day: _dt.date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.date = date_edit(day)
        self.hospital = QLineEdit()
        self.text = QLineEdit()
        form = QFormLayout(self)
        form.addRow(date_label, self.date)
        form.addRow("医院：", self.hospital)
        form.addRow(text_label, self.text)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PersonVisitsWidget(QWidget):
    """One person's visits, hospital stays and health checks."""

    changed = Signal()

    def __init__(
        self, person_id: int, parent: QWidget | None = None, *, today: Today = None
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self._today = today
        self.visits_table = QTableWidget(0, 7)
        self.visits_table.setHorizontalHeaderLabels(
            ["日期", "类别", "状态", "走访人员", "慰问品", "慰问金（元）", "情况记录"]
        )
        self.visits_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.visits_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.visits_table.setSortingEnabled(True)
        arrows_follow_order(self.visits_table.horizontalHeader())
        self.visits_table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.visits_table.cellDoubleClicked.connect(lambda *_: self.open_current())
        self.summary = QLabel()
        self.stays_label = QLabel()
        self.stays_label.setWordWrap(True)
        self.checks_label = QLabel()
        self.checks_label.setWordWrap(True)
        self.new_button = QPushButton("新建走访")
        self.open_button = QPushButton("打开")
        self.done_button = QPushButton("标记完成")
        self.stay_button = QPushButton("登记住院…")
        self.discharge_button = QPushButton("登记出院…")
        self.check_button = QPushButton("登记体检…")
        self.new_button.clicked.connect(self.new_visit)
        self.open_button.clicked.connect(self.open_current)
        self.done_button.clicked.connect(self.mark_done)
        self.stay_button.clicked.connect(self.add_stay)
        self.discharge_button.clicked.connect(self.discharge)
        self.check_button.clicked.connect(self.add_check)
        buttons = QHBoxLayout()
        for b in (
            self.new_button,
            self.open_button,
            self.done_button,
            self.stay_button,
            self.discharge_button,
            self.check_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.visits_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.stays_label)
        layout.addWidget(self.checks_label)
        self.refresh()

    def today(self) -> _dt.date:
        return resolve_today(self._today)

    def refresh(self) -> None:
        rows = list(reversed(visits.list_visits(person_id=self.person_id)))
        self._versions = {v["id"]: v["version"] for v in rows}
        self.visits_table.setSortingEnabled(False)
        self.visits_table.setRowCount(len(rows))
        for r, v in enumerate(rows):
            status = v["status"]
            if status == PLANNED and v["day"] and v["day"] < self.today():
                status = "逾期"
            values = (
                v["day"].isoformat() if v["day"] else "",
                v["kind"],
                status,
                v["visitors"],
                v["gift"],
                f"{v['amount']:.2f}" if v["amount"] else "",
                v["notes"],
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(ROLE, v["id"])
                if status == "逾期":
                    item.setForeground(Qt.GlobalColor.red)
                self.visits_table.setItem(r, c, item)
        self.visits_table.setSortingEnabled(True)
        self.visits_table.resizeColumnsToContents()
        done = sum(1 for v in rows if v["status"] == "已完成")
        last = next((v["day"] for v in rows if v["status"] == "已完成"), None)
        self.summary.setText(
            f"共 {len(rows)} 条走访记录，已完成 {done} 次"
            + (f"，最近一次 {last.isoformat()}" if last else "，尚无完成的走访")
        )
        stays = health.list_hospital_stays(self.person_id)
        self._open_stay = next((s for s in stays if s["discharged_on"] is None), None)
        self.discharge_button.setEnabled(self._open_stay is not None)
        self.stays_label.setText(
            "住院记录："
            + (
                "；".join(
                    f"{s['admitted_on'].isoformat()} 入院{('（' + s['hospital'] + '）') if s['hospital'] else ''}"
                    + (
                        f"，{s['discharged_on'].isoformat()} 出院"
                        if s["discharged_on"]
                        else "，尚未出院"
                    )
                    for s in stays[:5]
                )
                or "无"
            )
        )
        checks = health.list_health_checks(self.person_id)
        has_this_year = any(c["year"] == self.today().year for c in checks)
        self.checks_label.setText(
            "体检记录："
            + (
                "；".join(
                    f"{c['year']}年 {c['date'].isoformat()} {c['hospital']} {c['result']}".strip()
                    for c in checks[:5]
                )
                or "无"
            )
            + ("" if has_this_year else f"（{self.today().year}年尚未体检）")
        )

    def _current_id(self) -> int | None:
        item = self.visits_table.currentItem()
        return int(item.data(ROLE)) if item is not None else None

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def new_visit(self) -> None:
        dialog = VisitDialog(
            self, person_ids=(self.person_id,), day=self.today(), today=self.today()
        )
        if dialog.exec():
            self._changed()

    def open_current(self) -> None:
        vid = self._current_id()
        if vid is None:
            return
        if VisitDialog(self, visit_id=vid, today=self.today()).exec():
            self._changed()

    def mark_done(self) -> None:
        vid = self._current_id()
        if vid is None:
            return
        try:
            visits.mark_done(vid, self.today(), expected_version=self._versions.get(vid))
        except (VisitError, ConflictError) as exc:
            QMessageBox.warning(self, "不能标记完成", exc.message)
            if isinstance(exc, ConflictError):
                self._changed()
            return
        self._changed()

    def add_stay(self) -> None:
        dialog = _RecordDialog(self, "登记住院", "入院日期：", "病情：", self.today())
        if not dialog.exec():
            return
        try:
            health.add_hospital_stay(
                self.person_id,
                from_qdate(dialog.date.date()),
                hospital=dialog.hospital.text(),
                notes=dialog.text.text(),
            )
        except VisitError as exc:
            QMessageBox.warning(self, "不能登记住院", exc.message)
            return
        self._changed()

    def discharge(self) -> None:
        if self._open_stay is None:
            return
        dialog = _RecordDialog(self, "登记出院", "出院日期：", "备注：", self.today())
        dialog.hospital.setText(self._open_stay["hospital"])
        dialog.hospital.setEnabled(False)
        if not dialog.exec():
            return
        try:
            health.discharge(self._open_stay["id"], from_qdate(dialog.date.date()))
        except VisitError as exc:
            QMessageBox.warning(self, "不能登记出院", exc.message)
            return
        self._changed()

    def add_check(self) -> None:
        dialog = _RecordDialog(self, "登记体检", "体检日期：", "体检结论：", self.today())
        if not dialog.exec():
            return
        try:
            health.record_health_check(
                self.person_id,
                from_qdate(dialog.date.date()),
                hospital=dialog.hospital.text(),
                result=dialog.text.text(),
            )
        except VisitError as exc:
            QMessageBox.warning(self, "不能登记体检", exc.message)
            return
        self._changed()
