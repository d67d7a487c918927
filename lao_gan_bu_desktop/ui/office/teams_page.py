"""The 服务团队 page of 日常工作: service teams formed by interest and residence (name, leader,
members, what they do, area), and the team dialog with its members (add from the roster or the
suggestions, make one the 队长, take out)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...services import teams
from ..common.screen_fit import fit_to_screen
from . import common
from .person_picker import PersonPicker

NEW_SHORTCUT = "Ctrl+Shift+N"
COLUMNS = (
    ("name", "团队名称"),
    ("leader", "队长"),
    ("members", "成员"),
    ("interest", "方向"),
    ("area", "区域"),
    ("duties", "做什么"),
)
MEMBER_COLUMNS = (
    ("name", "姓名"),
    ("role", "角色"),
    ("unit", "单位"),
    ("phone", "电话"),
    ("address", "住址"),
    ("joined_on", "加入日期"),
)


class TeamDialog(QDialog):
    """A new (``team_id=None``) or existing service team; members are written at once, the
    team's own fields on 保存."""

    changed = Signal()

    def __init__(self, team_id: int | None, today: _dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id = team_id
        self.today = today
        self.setObjectName("team_dialog")
        self.setWindowTitle("新建服务团队" if team_id is None else "服务团队")
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：科学大道书画志愿服务队")
        form.addRow("团队名称：", self.name)
        self.interest = QLineEdit()
        self.interest.setPlaceholderText("如：书法、绘画；法律（与爱好、特长相符的人会被推荐）")
        form.addRow("方向：", self.interest)
        self.area = QLineEdit()
        self.area.setPlaceholderText("如：高新区科学大道（住在附近的人会被推荐）")
        form.addRow("区域：", self.area)
        self.duties = QPlainTextEdit()
        self.duties.setMaximumHeight(70)
        form.addRow("做什么：", self.duties)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.members_box = QWidget()
        members = QVBoxLayout(self.members_box)
        members.setContentsMargins(0, 0, 0, 0)
        self.picker = PersonPicker(today, "加入团队", self.members_box)
        self.picker.picked.connect(lambda ids: self.add_members(ids))
        members.addWidget(self.picker)
        row = QHBoxLayout()
        self.suggest_button = common.button("推荐成员…", self.suggest)
        self.leader_button = common.button("设为队长", self.make_leader)
        self.remove_button = common.button("移出团队", self.remove_selected)
        self.count_label = QLabel()
        for w in (self.suggest_button, self.leader_button, self.remove_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.count_label)
        members.addLayout(row)
        self.model = common.RowsModel(MEMBER_COLUMNS, self.members_box)
        self.view = common.make_table(self.model, self.members_box, "members_table")
        self.view.setSortingEnabled(False)
        self.view.model().sort(-1)  # the service's order: leader or signed-up first
        members.addWidget(self.view, 1)
        layout.addWidget(self.members_box, 1)
        self.hint = QLabel("填写团队名称等并按“保存”，然后即可添加成员。")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("保存团队名称、方向、区域和做什么（Ctrl+S）；成员随时保存")
        self.save_button.clicked.connect(lambda: self.save())
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()
        fit_to_screen(self, 860, 640)

    def load(self) -> None:
        saved = self.team_id is not None
        self.members_box.setEnabled(saved)
        self.hint.setVisible(not saved)
        if not saved:
            return
        ok, team = common.guarded(self, "无法读取团队", teams.get_team, self.team_id)
        if not ok or team is None:
            return
        self.setWindowTitle(f"服务团队 — {team['name']}")
        self.name.setText(team["name"])
        self.interest.setText(team["interest"])
        self.area.setText(team["area"])
        self.duties.setPlainText(team["duties"])
        rows = [{**m, "id": m["person_id"]} for m in team["members"]]
        self.model.set_rows(rows)
        common.cap_columns(self.view, {4: 280})
        leader = f"队长 {team['leader']}" if team["leader"] else "还没有队长"
        self.count_label.setText(f"成员 {len(rows)} 人，{leader}")

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "interest": self.interest.text(),
            "area": self.area.text(),
            "duties": self.duties.toPlainText(),
        }

    def save(self) -> bool:
        ok, tid = common.guarded(self, "无法保存团队", teams.save_team, self.team_id, self.values())
        if ok:
            self.team_id = tid
            self._after()
        return ok

    def _after(self) -> None:
        self.load()
        self.changed.emit()

    def add_members(self, person_ids: list[int]) -> bool:
        if self.team_id is None:
            return False
        ok, _ = common.guarded(
            self, "无法加入团队", teams.add_members, self.team_id, person_ids, day=self.today
        )
        if ok:
            self.picker.search.clear()
            self._after()
        return ok

    def suggest(self) -> bool:
        if self.team_id is None:
            return False
        team_id, day = self.team_id, self.today
        chosen = common.pick_suggestions(
            self,
            f"推荐成员 — {self.name.text()}",
            "加入所选",
            lambda: teams.team_suggestions(team_id, day=day),
        )
        return bool(chosen) and self.add_members(chosen)

    def make_leader(self) -> bool:
        pid = common.current_id(self.view)
        if self.team_id is None or pid is None:
            return False
        ok, _ = common.guarded(
            self, "无法设为队长", teams.set_leader, self.team_id, pid, day=self.today
        )
        if ok:
            self._after()
        return ok

    def remove_selected(self) -> bool:
        ids = common.selected_ids(self.view)
        if self.team_id is None or not ids:
            return False
        if not common.ask_yes_no(self, "移出团队", f"把所选 {len(ids)} 人移出团队？"):
            return False
        ok, _ = common.guarded(self, "无法移出", teams.remove_members, self.team_id, ids)
        if ok:
            self._after()
        return ok


class TeamsPage(QWidget):
    """服务团队: every team with its leader, members and what it does."""

    def __init__(self, today: Callable[[], _dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teams_page")
        self.today = today
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("teams_summary")
        top.addWidget(self.summary, 1)
        self.new_button = common.button(
            "新建团队…", self.new_team, f"按兴趣和居住地组建服务团队（{NEW_SHORTCUT}）"
        )
        self.open_button = common.button("打开", self.open_selected, "成员、队长（回车或双击）")
        self.delete_button = common.button("删除", self.delete_selected)
        for b in (self.new_button, self.open_button, self.delete_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.model = common.RowsModel(COLUMNS, self)
        self.view = common.make_table(self.model, self, "teams_table")
        common.on_enter(self.view, self.open_selected)
        layout.addWidget(self.view, 1)
        common.shortcut(self, NEW_SHORTCUT, self.new_team)

    def refresh(self) -> None:
        rows = teams.list_teams()
        self.model.set_rows(rows)
        common.cap_columns(self.view, {0: 260})
        self.summary.setText(
            f"共 {len(rows)} 个服务团队，成员 {teams.distinct_members()} 人"
            if rows
            else "还没有服务团队。点“新建团队…”按兴趣和居住地组建。"
        )

    def _open(self, team_id: int | None) -> TeamDialog:
        dialog = TeamDialog(team_id, self.today(), self)
        dialog.changed.connect(self.refresh)
        common.run_dialog(dialog)
        return dialog

    def new_team(self) -> int | None:
        return self._open(None).team_id

    def open_selected(self) -> bool:
        tid = common.current_id(self.view)
        if tid is None:
            return False
        self._open(tid)
        return True

    def delete_selected(self) -> bool:
        tid = common.current_id(self.view)
        if tid is None:
            return False
        row = next(r for r in self.model.rows if r["id"] == tid)
        if not common.ask_yes_no(
            self, "删除团队", f"删除服务团队“{row['name']}”？成员仍在花名册中。"
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", teams.delete_team, tid)
        if ok:
            self.refresh()
        return ok
