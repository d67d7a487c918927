"""The 帮扶 card for 首页: the year's figures by category, the budget, and due steps.

``case_requested(case_id)`` is emitted when the clerk double-clicks a reminder, so that the main
window can show the 帮扶 tab with that case open.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ..common.before_paint import USER_ROLE


class AidHomeCard(QGroupBox):
    """特困帮扶 at a glance."""

    case_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] | None = None,
        *,
        load: bool = True,
    ) -> None:
        super().__init__("特困帮扶", parent)
        parent_today = getattr(parent, "today", None)
        self.today = today or (parent_today if callable(parent_today) else clock.today)
        layout = QVBoxLayout(self)
        self.paragraph = QLabel()
        self.paragraph.setWordWrap(True)
        layout.addWidget(self.paragraph)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        layout.addWidget(self.figures)
        layout.addWidget(QLabel("到期提醒（双击打开案例）："))
        self.reminders = QListWidget()
        self.reminders.itemDoubleClicked.connect(
            lambda item: self.case_requested.emit(item.data(USER_ROLE))
        )
        self.reminders.setMaximumHeight(160)
        layout.addWidget(self.reminders)
        if load:  # 首页 loads it after its first paint, with its own figures
            self.refresh()
        else:
            self.paragraph.setText("正在读取帮扶情况……")

    def refresh(self) -> None:
        """Read the year's aid overview and show it (首页 reads it in its worker instead)."""
        from ...services import aid

        self.show_overview(aid.aid_overview(self.today()))

    def show_failure(self) -> None:
        self.paragraph.setText("读取帮扶情况失败，详情见日志文件。")

    def show_overview(self, overview: dict) -> None:
        """Show ``overview`` as made by services.aid.aid_overview."""
        from . import common

        self.paragraph.setText(overview["paragraph"])
        lines = [
            f"{r['category']}：{r['cases']} 件"
            + (f"（驳回 {r['rejected']}）" if r["rejected"] else "")
            + f"，审批 {common.yuan(r['amount_approved'])}，"
            f"发放 {common.yuan(r['paid'])}"
            for r in overview["by_category"]
        ]
        b = overview["budget"]
        if b["budget"] is not None:
            lines.append(
                f"经费剩余 {common.yuan(b['remaining'])}；办理中 {overview['open_cases']} 件"
            )
        self.figures.setText("\n".join(lines))
        self.reminders.clear()
        for item in overview["due"]:
            row = QListWidgetItem(item["text"])
            row.setData(USER_ROLE, item["case_id"])
            if item["overdue"]:
                row.setForeground(QColor("#c62828"))
            self.reminders.addItem(row)
        if not overview["due"]:
            self.reminders.addItem("近期没有到期的帮扶步骤。")
