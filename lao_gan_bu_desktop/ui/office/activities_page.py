"""The 活动 page of 日常工作: the classes and activities of a year (filter by year and kind,
sortable), with their sign-up and attendance counts; new, open (the activity dialog), delete.
Also the person dialog's read-only 活动与团队 page (``ParticipationWidget``)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.activity_rules import ACTIVITY_KINDS
from ...services import activities
from . import common

NEW_SHORTCUT = "Ctrl+Shift+N"
ALL = "全部"
COLUMNS = (
    ("name", "活动名称"),
    ("kind", "类别"),
    ("dates_text", "日期"),
    ("place", "地点"),
    ("capacity_text", "人数上限"),
    ("sign_ups", "报名"),
    ("waiting", "候补"),
    ("attendance", "出勤人次"),
    ("attendees", "出勤人数"),
)


class ActivitiesPage(QWidget):
    """活动: the list of a year's activities and classes."""

    def __init__(self, today: Callable[[], _dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activities_page")
        self.today = today
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        self.year = QComboBox()
        self.year.setObjectName("activity_year")
        top.addWidget(self.year)
        top.addWidget(QLabel("类别："))
        self.kind = QComboBox()
        self.kind.addItems([ALL, *ACTIVITY_KINDS])
        top.addWidget(self.kind)
        self.summary = QLabel()
        self.summary.setObjectName("activities_summary")
        top.addWidget(self.summary, 1)
        self.new_button = common.button(
            "新建活动…", self.new_activity, f"新建课程或活动（{NEW_SHORTCUT}）"
        )
        self.open_button = common.button("打开", self.open_selected, "报名、出勤（回车或双击）")
        self.delete_button = common.button("删除", self.delete_selected)
        for b in (self.new_button, self.open_button, self.delete_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.model = common.RowsModel(COLUMNS, self)
        self.view = common.make_table(self.model, self, "activities_table")
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # newest first
        common.on_enter(self.view, self.open_selected)
        layout.addWidget(self.view, 1)
        self.year.currentIndexChanged.connect(lambda _i: self._fill())
        self.kind.currentIndexChanged.connect(lambda _i: self._fill())
        common.shortcut(self, NEW_SHORTCUT, self.new_activity)

    def selected_year(self) -> int | None:
        return self.year.currentData()

    def refresh(self) -> None:
        current = self.year.currentData() if self.year.count() else self.today().year
        years = sorted(set(activities.activity_years()) | {self.today().year}, reverse=True)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y} 年", y)
        self.year.addItem(ALL, None)
        index = self.year.findData(current)
        self.year.setCurrentIndex(index if index >= 0 else 0)
        self.year.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        kind = self.kind.currentText()
        rows = activities.list_activities(self.selected_year(), "" if kind == ALL else kind)
        for r in rows:
            r["capacity_text"] = "不限" if r["capacity"] is None else r["capacity"]
        self.model.set_rows(rows)
        common.cap_columns(self.view, {0: 260, 3: 280})
        signed = sum(r["sign_ups"] for r in rows)
        attended = sum(r["attendance"] for r in rows)
        self.summary.setText(
            f"　共 {len(rows)} 项，报名 {signed} 人次，出勤 {attended} 人次"
            if rows
            else "　还没有活动。点“新建活动…”登记课程或活动。"
        )

    def _changed(self) -> None:
        self.refresh()

    def new_activity(self) -> int | None:
        from .activity_dialog import open_activity

        dialog = open_activity(self, None, self.today(), self._changed)
        return dialog.activity_id

    def open_selected(self) -> bool:
        aid = common.current_id(self.view)
        if aid is None:
            return False
        from .activity_dialog import open_activity

        open_activity(self, aid, self.today(), self._changed)
        return True

    def delete_selected(self) -> bool:
        aid = common.current_id(self.view)
        if aid is None:
            return False
        row = next(r for r in self.model.rows if r["id"] == aid)
        if not common.ask_yes_no(
            self, "删除活动", f"删除《{row['name']}》及其报名和出勤记录？此操作不能撤销。"
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", activities.delete_activity, aid)
        if ok:
            self.refresh()
        return ok


PARTICIPATION_COLUMNS = (
    ("name", "活动"),
    ("kind", "类别"),
    ("dates_text", "日期"),
    ("status", "报名"),
    ("attended_text", "出勤/次数"),
)
TEAM_COLUMNS = (("name", "服务团队"), ("role", "角色"), ("interest", "方向"), ("area", "区域"))


class ParticipationWidget(QWidget):
    """活动与团队 in the person dialog: what the person signed up for and attended, and the
    service teams they are in (read only; changed on the 日常工作 pages)."""

    def __init__(
        self,
        person_id: int,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("participation_page")
        self.person_id = person_id
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("participation_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.activity_model = common.RowsModel(PARTICIPATION_COLUMNS, self)
        self.activity_view = common.make_table(self.activity_model, self, "participation_table")
        self.activity_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.activity_view, 3)
        layout.addWidget(QLabel("服务团队："))
        self.team_model = common.RowsModel(TEAM_COLUMNS, self)
        self.team_view = common.make_table(self.team_model, self, "person_teams_table")
        layout.addWidget(self.team_view, 1)
        layout.addWidget(QLabel("报名、出勤和团队成员在“日常工作 → 活动 / 服务团队”中登记。"))
        self.refresh()

    def refresh(self) -> None:
        data: dict[str, Any] = activities.person_participation(self.person_id)
        self.activity_model.set_rows(data["activities"])
        self.activity_view.resizeColumnsToContents()
        self.team_model.set_rows(data["teams"])
        self.team_view.resizeColumnsToContents()
        came = sum(1 for a in data["activities"] if a["attended"])
        self.summary.setText(
            f"报名活动 {len(data['activities'])} 项，到场参加 {came} 项，"
            f"共出勤 {sum(a['attended'] for a in data['activities'])} 次；"
            f"服务团队 {len(data['teams'])} 个。"
        )
