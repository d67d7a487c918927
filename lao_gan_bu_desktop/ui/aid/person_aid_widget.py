"""帮扶记录 of one person, for the person dialog's tab: the person's cases, a new case, open."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

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

from ...core import clock
from ...services import aid
from . import common
from .case_dialog import AidCaseDialog
from .dialogs import create_new_case

HEADERS = ("年度", "类别", "步骤", "申请金额", "审批金额", "已发放", "下一步", "期限")


class PersonAidWidget(QWidget):
    """The aid cases of ``person_id``; ``changed`` after a case was added or changed."""

    changed = Signal()

    def __init__(
        self,
        person_id: int,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        parent_today = getattr(parent, "today", None)
        self.today = today or (parent_today if callable(parent_today) else clock.today)
        self.case_ids: list[int] = []
        self.case_dialog: AidCaseDialog | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.new_button = QPushButton("新建帮扶案例…")
        self.new_button.clicked.connect(lambda: self.new_case())
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        rows = aid.list_cases(aid.AidFilter(person_id=self.person_id), today=self.today())
        self.case_ids = [r["id"] for r in rows]
        self.table.setRowCount(len(rows))
        for r, case in enumerate(rows):
            values = (
                case["year"],
                case["category"],
                case["status"],
                common.money_text(case["amount_requested"]),
                common.money_text(case["amount_approved"]),
                common.money_text(case["paid"]),
                case["next_step"],
                case["next_step_due"].isoformat() if case["next_step_due"] else "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if 3 <= c <= 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        t = aid.totals(rows)
        open_count = sum(1 for r in rows if r["is_open"])
        self.summary.setText(
            f"共 {t['cases']} 次帮扶，累计发放 {common.yuan(t['paid'])}"
            + (f"；{open_count} 件正在办理（服务分类计为重点）" if open_count else "")
            if rows
            else "没有帮扶记录。"
        )

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            common.tell_error(self, "打开案例", "请先在列表中选中一个案例。")
            return
        dialog = AidCaseDialog(self.case_ids[row], self.today, self)
        dialog.changed.connect(self._changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.case_dialog = dialog
        dialog.open()

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def new_case(self) -> int | None:
        case_id = create_new_case(self, self.today(), self.person_id)
        if case_id is not None:
            self._changed()
        return case_id
