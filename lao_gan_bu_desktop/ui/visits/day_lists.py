"""The lists beside the 走访日历 grid: the selected day's list, the week and the agenda trees,
and what each row stands for (a visit, a due item, a birthday or a day).

A mixin of :class:`.calendar_tab.VisitsCalendarTab`: its methods use the tab's widgets and data.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QTreeWidget,
    QTreeWidgetItem,
)

from ...core.lunar_calendar import lunar_full_text
from ...core.visit_rules import CANCELLED, PLANNED
from ...services import visits
from ...services.calendar_view import DayInfo

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
ROLE = Qt.ItemDataRole.UserRole
AGENDA_DAYS = 31


def day_title(day: _dt.date, info: DayInfo | None) -> str:
    text = f"{day.year}年{day.month}月{day.day}日 {WEEKDAY_NAMES[day.weekday()]}  农历{lunar_full_text(day)}"
    if info and info.festivals:
        text += "  " + "、".join(info.festivals)
    if info and info.day_off:
        text += f"  （{info.day_off}放假）"
    if info and info.work_shift:
        text += "  （调休上班）"
    return text


class DayLists:
    """The day list, week and agenda of the calendar tab (mixed into VisitsCalendarTab)."""

    def entries(self, day: _dt.date) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(title, kind, detail, payload) for everything on ``day``: visits, due, birthdays."""
        rows: list[tuple[str, str, str, dict[str, Any]]] = []
        for v in self._visits:
            if v["day"] != day or v["status"] == CANCELLED:
                continue
            state = v["status"]
            if state == PLANNED and day < self.today():
                state = "逾期"
            rows.append(
                (f"【{state}】{v['persons']}", v["kind"], v["notes"] or v["visitors"], {"visit": v})
            )
        for d in self._due:
            if d.day == day:
                mark = "【逾期】" if d.overdue else "【应访】"
                if d.visit_id is not None:
                    continue  # the overdue plan is already listed as a visit
                rows.append((f"{mark}{d.name}", d.rule, d.reason, {"due": d}))
        birthday_due = {
            d.person_id for d in self._due if d.day == day and d.rule in ("生日", "整寿")
        }
        for b in self._birthdays:
            if b["day"] == day and b["person_id"] not in birthday_due:
                what = f"{b['age']}岁{'整寿' if b['round'] else '生日'}" + (
                    "（农历）" if b["lunar"] else ""
                )
                rows.append((f"【生日】{b['name']}", "生日", what, {"birthday": b}))
        return rows

    def _add_rows(self, parent, rows) -> None:
        for title, kind, detail, payload in rows:
            item = QTreeWidgetItem([title, kind, detail])
            tree = self.day_list if parent is None else parent.treeWidget()
            item.setData(0, ROLE, self._store(tree, payload))
            for col, text in enumerate((title, kind, detail)):
                item.setToolTip(col, text)
            if title.startswith("【逾期】"):
                for col in range(3):
                    item.setForeground(col, Qt.GlobalColor.red)
            elif title.startswith("【已完成】"):
                for col in range(3):
                    item.setForeground(col, Qt.GlobalColor.darkGreen)
            if parent is None:
                self.day_list.addTopLevelItem(item)
            else:
                parent.addChild(item)

    def _fill_lists(self) -> None:
        day = self._selected
        self.day_label.setText(day_title(day, self._infos.get(day)))
        keep = self._payload_key(self.day_list.currentItem())
        self.day_list.clear()
        self._payloads[id(self.day_list)] = []
        self._add_rows(None, self.entries(day))
        if keep is not None:
            for i in range(self.day_list.topLevelItemCount()):
                item = self.day_list.topLevelItem(i)
                if self._payload_key(item) == keep:
                    self.day_list.setCurrentItem(item)
                    break
        if not self.day_list.topLevelItemCount():
            empty = QTreeWidgetItem(
                ["（这一天没有走访安排，双击日期或按 Ctrl+Shift+N 新建）", "", ""]
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.day_list.addTopLevelItem(empty)
        if self.stack.currentIndex() == 1:
            start = day - _dt.timedelta(days=day.weekday())
            self._fill_tree(self.week_view, [start + _dt.timedelta(days=i) for i in range(7)], True)
        elif self.stack.currentIndex() == 2:
            start = max(day, self.today())  # the agenda runs from today; the past is overdue
            self._fill_agenda_overdue(start)
            self._fill_tree(
                self.agenda_view,
                [start + _dt.timedelta(days=i) for i in range(AGENDA_DAYS)],
                False,
            )
        self._update_buttons()

    def _store(self, tree: QTreeWidget, payload: dict[str, Any]) -> int:
        """Keep ``payload`` on the Python side; the item holds only its index.

        Python dicts (with None inside) are never put into Qt item data: PySide6 miscounts
        references to None when converting them back and forth, which can crash the program.
        """
        stored = self._payloads.setdefault(id(tree), [])
        stored.append(payload)
        return len(stored) - 1

    def payload_of(self, item: QTreeWidgetItem | None) -> dict[str, Any] | None:
        """What a list row stands for: a visit, a due item, a birthday or a day."""
        if item is None:
            return None
        index = item.data(0, ROLE)
        stored = self._payloads.get(id(item.treeWidget()), [])
        if isinstance(index, int) and 0 <= index < len(stored):
            return stored[index]
        return None

    def _payload_key(self, item: QTreeWidgetItem | None) -> tuple | None:
        payload = self.payload_of(item)
        if not payload:
            return None
        if "visit" in payload:
            return ("visit", payload["visit"]["id"])
        if "due" in payload:
            d = payload["due"]
            return ("due", d.person_id, d.day, d.rule)
        if "birthday" in payload:
            return ("birthday", payload["birthday"]["person_id"], payload["birthday"]["day"])
        return None

    def _fill_agenda_overdue(self, day: _dt.date) -> None:
        self._agenda_overdue: list[tuple[str, str, str, dict[str, Any]]] = []
        for d in self._due:
            if d.overdue and d.day < day:
                title = f"【逾期】{d.name}（{d.day.month}月{d.day.day}日）"
                payload = {"due": d}
                self._agenda_overdue.append((title, d.rule, d.reason, payload))

    def _fill_tree(self, tree: QTreeWidget, days: list[_dt.date], keep_empty: bool) -> None:
        tree.clear()
        self._payloads[id(tree)] = []
        overdue = getattr(self, "_agenda_overdue", []) if tree is self.agenda_view else []
        if overdue:
            head = QTreeWidgetItem(
                [f"逾期未完成（{len(overdue)} 项）", "", "计划未完成或规则要求已过期限"]
            )
            head.setForeground(0, Qt.GlobalColor.red)
            tree.addTopLevelItem(head)
            self._add_rows(head, overdue)
            head.setExpanded(True)
        for day in days:
            rows = self.entries(day)
            if not rows and not keep_empty:
                continue
            info = self._infos.get(day)
            head = QTreeWidgetItem(
                [
                    f"{day.month}月{day.day}日 {WEEKDAY_NAMES[day.weekday()]}",
                    "",
                    day_title(day, info).split("  ", 1)[-1],
                ]
            )
            head.setData(0, ROLE, self._store(tree, {"day": day}))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            if day == self.today():
                head.setText(0, head.text(0) + "（今天）")
            tree.addTopLevelItem(head)
            self._add_rows(head, rows)
            head.setExpanded(True)
        if not tree.topLevelItemCount():
            tree.addTopLevelItem(QTreeWidgetItem(["（这段时间没有走访安排）", "", ""]))

    def _current_payload(self) -> dict[str, Any] | None:
        item = None
        view = self.stack.currentWidget()
        if (
            isinstance(view, QTreeWidget)
            and view.currentItem() is not None
            and (view.hasFocus() or self.day_list.currentItem() is None)
        ):
            item = view.currentItem()
        if item is None:
            item = self.day_list.currentItem()
        return self.payload_of(item)

    def _current_visit(self) -> dict[str, Any] | None:
        payload = self._current_payload()
        if payload and "visit" in payload:
            return payload["visit"]
        if payload and "due" in payload and payload["due"].visit_id:
            return visits.get_visit(payload["due"].visit_id)
        return None

    def _update_buttons(self) -> None:
        v = self._current_visit()
        planned = v is not None and v["status"] == PLANNED
        self.done_button.setEnabled(planned)
        self.reschedule_button.setEnabled(planned)
        self.cancel_button.setEnabled(v is not None and v["status"] != CANCELLED)

    def select_entry(self, text: str) -> bool:
        """Make the day-list row whose title contains ``text`` current (tests, keyboard users)."""
        for i in range(self.day_list.topLevelItemCount()):
            item = self.day_list.topLevelItem(i)
            if text in item.text(0):
                self.day_list.setCurrentItem(item)
                self._update_buttons()
                return True
        return False
