"""首页 reminders: today and the next 7 days — overdue, today's visits, birthdays, planned visits,
follow-ups and other due visits — and this year's health-check count. Double-click (or Enter)
opens the item: a visit in the visit dialog, a due item as a new planned visit. Each section
shows its first MAX_ROWS items and how many more there are (走访日历 lists them all).
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..common.before_paint import USER_ROLE
from ..common.font_size import set_relative_font

if TYPE_CHECKING:
    from ..visits.visit_dialog import Today

# services.reminders (the visit rules, the lunar calendar) and the visit dialog are imported when
# the reminders are first read: 首页 reads them after the window's first paint.

log = logging.getLogger(__name__)
DAYS = 7
# Rows shown per section: in a festival's weeks a city has tens of thousands of due items, which
# the calendar lists; 首页 shows the first of each section and how many more there are.
MAX_ROWS = 200


class HomeReminders(QWidget):
    """The reminders box of 首页; call :meth:`refresh` after changes elsewhere."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, today: Today = None, load: bool = True
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.title = QLabel()
        set_relative_font(self.title, 1.25, bold=True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["事项", "日期", "说明"])
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 90)
        self.tree.itemActivated.connect(self._activated)
        self.health = QLabel()
        self.health.setToolTip("点击查看本年未体检人员名单")
        self.health.linkActivated.connect(lambda _link: self.open_health_missing())
        self.tree.setMinimumHeight(220)
        # the obvious action of the chosen item, beside 打开
        self.open_button = QPushButton("打开")
        self.open_button.setToolTip("打开这一项（双击也可以）")
        self.open_button.clicked.connect(lambda: self._activated(self.tree.currentItem()))
        self.done_button = QPushButton("标记完成")
        self.done_button.setToolTip("把所选的计划走访标记为今天已完成")
        self.done_button.clicked.connect(self.mark_done)
        self.plan_button = QPushButton("安排走访…")
        self.plan_button.setToolTip("为所选事项（生日、回访、应访）安排一次走访")
        self.plan_button.clicked.connect(lambda: self._activated(self.tree.currentItem()))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.open_button, self.done_button, self.plan_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.health)
        self.data: dict[str, Any] = {}
        self._update_buttons()
        self.data: dict[str, Any] = {}
        self._loads_itself = load
        if load:  # 首页 loads it after its first paint, with its own figures (show_data)
            self.refresh()
        else:
            self.title.setText("正在读取近期走访提醒……")

    def today(self) -> _dt.date:
        from ..visits.visit_dialog import resolve_today

        return resolve_today(self._today)

    def refresh(self) -> None:
        """Read the reminders now and show them (首页 reads them in its worker instead)."""
        from ...services.reminders import reminders

        day = self.today()
        try:
            data = reminders(day, DAYS)
        except Exception:
            log.exception("读取首页提醒失败")
            self.show_failure()
            return
        self.show_data(day, data)

    def show_failure(self) -> None:
        self.title.setText("读取提醒失败，详情见日志文件。")

    def show_data(self, day: _dt.date, data: dict[str, Any]) -> None:
        """Show ``data`` as made by services.reminders.reminders(day, DAYS)."""
        from ...services.reminders import SECTIONS

        self.data = data
        counts = self.data["counts"]
        self.title.setText(
            f"近{DAYS}天提醒（{day.month}月{day.day}日至{(day + _dt.timedelta(days=DAYS)).month}月"
            f"{(day + _dt.timedelta(days=DAYS)).day}日）：逾期 {counts['逾期']} 项，"
            f"生日 {counts['生日']} 人，计划走访 {counts['今日'] + counts['计划走访']} 次"
        )
        # Thousands of rows on a city's roster: each section is filled before it joins the tree,
        # and the tree is repainted once.
        by_section: dict[str, list[int]] = {section: [] for section in SECTIONS}
        for n, i in enumerate(self.data["items"]):
            by_section[i["section"]].append(n)
        heads = []
        for section, indexes in by_section.items():
            if not indexes:
                continue
            head = QTreeWidgetItem([f"{section}（{len(indexes)}）", "", ""])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            overdue = section == "逾期"
            if overdue:
                head.setForeground(0, QColor("red"))
            children = []
            for index in indexes[:MAX_ROWS]:
                i = self.data["items"][index]
                when = f"{i['day'].month}月{i['day'].day}日"
                child = QTreeWidgetItem([i["title"], when, i["detail"]])
                # Only the index goes into Qt: PySide6 miscounts None inside converted dicts.
                child.setData(0, USER_ROLE, index)
                child.setToolTip(2, i["detail"])
                if overdue:
                    child.setForeground(0, QColor("red"))
                children.append(child)
            if len(indexes) > MAX_ROWS:
                more = len(indexes) - MAX_ROWS
                children.append(
                    QTreeWidgetItem([f"……另有 {more} 项，请在“走访日历”中查看", "", ""])
                )
            head.addChildren(children)
            heads.append(head)
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            self.tree.addTopLevelItems(heads)
            for head in heads:
                head.setExpanded(True)
        finally:
            self.tree.setUpdatesEnabled(True)
        if not self.tree.topLevelItemCount():
            self.tree.addTopLevelItem(QTreeWidgetItem(["近期没有需要走访的事项", "", ""]))
        h = self.data["health"]
        self.health.setText(
            f"{day.year}年体检：在册 {h['total']} 人，已体检 {h['checked']} 人，"
            f"<a href='missing' style='color:#c62828'>未体检 {h['missing']} 人</a>"
            + (f"<br>{self.data['new_retirees']}" if self.data.get("new_retirees") else "")
        )

    def open_health_missing(self) -> None:
        from ..visits.health_missing_dialog import HealthMissingDialog

        HealthMissingDialog(self, today=self.today()).exec()

    def _update_buttons(self) -> None:
        data = self.item_data(self.tree.currentItem())
        planned = bool(data and data.get("visit_id") and data.get("status", "计划") == "计划")
        self.open_button.setEnabled(bool(data and data.get("visit_id")))
        self.done_button.setEnabled(planned)
        self.plan_button.setEnabled(bool(data and not data.get("visit_id") and data.get("due")))

    def mark_done(self) -> bool:
        """标记完成: the chosen planned visit is done today."""
        from PySide6.QtWidgets import QMessageBox

        from ...services import visits

        data = self.item_data(self.tree.currentItem())
        if not data or not data.get("visit_id"):
            return False
        from ...services.errors import ConflictError

        try:
            visits.mark_done(
                data["visit_id"], self.today(), expected_version=data.get("visit_version")
            )
        except (visits.VisitError, ConflictError) as exc:
            QMessageBox.warning(self, "不能标记完成", exc.message)
            if isinstance(exc, ConflictError):
                if self._loads_itself:
                    self.refresh()
                self.changed.emit()
            return False
        if self._loads_itself:
            self.refresh()
        self.changed.emit()
        return True

    def item_data(self, item: QTreeWidgetItem | None) -> dict[str, Any] | None:
        """The reminder a row stands for (None for a section heading)."""
        index = item.data(0, USER_ROLE) if item is not None else None
        items = self.data.get("items", [])
        if isinstance(index, int) and 0 <= index < len(items):
            return items[index]
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = self.item_data(item)
        if data:
            self.open_item(data)

    def open_item(self, data: dict[str, Any]) -> None:
        """Open a visit, or plan the due item as a visit."""
        from ..visits.visit_dialog import VisitDialog

        if data.get("visit_id"):
            dialog = VisitDialog(self, visit_id=data["visit_id"], today=self.today())
        elif data.get("due") is not None:
            dialog = VisitDialog(self, due=data["due"], today=self.today())
        else:
            return
        if dialog.exec():
            if self._loads_itself:
                self.refresh()
            self.changed.emit()  # 首页 reloads everything (it reads these reminders too)
