"""The 支部 page: the branches (kind, 共建 partner, secretary, members, units covered) and the
chosen branch's members; 导出 of the list for leaders; a branch dialog (new / change), putting party members in a branch and
taking them out."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.vocab import BRANCH_KINDS
from ...services import party, party_exports
from ..common.screen_fit import fit_to_screen
from ..office import common

NEW_SHORTCUT = "Ctrl+Shift+N"
EDIT_SHORTCUT = "F2"
ADD_SHORTCUT = "Ctrl+Shift+A"
FIND_SHORTCUT = "Ctrl+Shift+F"  # Ctrl+F is the window's 查找 in 花名册

BRANCH_COLUMNS = (
    ("name", "党支部"),
    ("kind", "组建方式"),
    ("partner", "共建的在职支部"),
    ("secretary", "书记"),
    ("members", "党员"),
    ("units_text", "覆盖单位"),
)
MEMBER_COLUMNS = (
    ("name", "姓名"),
    ("role", "职务"),
    ("unit", "单位"),
    ("political_status", "政治面貌"),
    ("party_join_date", "入党时间"),
    ("phone", "电话"),
)


def checkable_list(items: list[tuple[Any, str]], checked: set, name: str) -> QListWidget:
    """A list of check boxes (data, text); ``checked`` holds the data of those ticked."""
    view = QListWidget()
    view.setObjectName(name)
    for data, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if data in checked else Qt.CheckState.Unchecked)
        view.addItem(item)
    return view


def checked_data(view: QListWidget) -> list[Any]:
    return [
        view.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(view.count())
        if view.item(i).checkState() == Qt.CheckState.Checked
    ]


class BranchDialog(QDialog):
    """A branch: name, 单建 / 共建 (with the serving staff's branch), secretary (one of its
    members), the units it covers, notes."""

    def __init__(self, branch: dict[str, Any] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branch = branch
        self.setWindowTitle("修改党支部" if branch else "新建党支部")
        fit_to_screen(self, 560, 600)
        form = QFormLayout()
        self.name = QLineEdit(branch["name"] if branch else "")
        self.name.setPlaceholderText("如：经济发展局离退休干部党支部")
        form.addRow("支部名称：", self.name)
        self.kind = QComboBox()
        self.kind.addItems(list(BRANCH_KINDS))
        self.kind.setToolTip("单建：离退休干部单独组建；共建：与在职人员党支部共同组建")
        if branch:
            self.kind.setCurrentText(branch["kind"])
        form.addRow("组建方式：", self.kind)
        self.partner = QLineEdit(branch["partner"] if branch else "")
        self.partner.setPlaceholderText("共建的在职人员党支部，如：经济发展局机关党支部")
        form.addRow("共建支部：", self.partner)
        self.secretary = QComboBox()
        self.secretary.addItem("（未定）", None)
        members = party.branch_members(branch["id"]) if branch else []
        for m in members:
            self.secretary.addItem(f"{m['name']}（{m['unit'] or '未填单位'}）", m["id"])
        if branch and branch["secretary_id"] is not None:
            index = self.secretary.findData(branch["secretary_id"])
            self.secretary.setCurrentIndex(max(index, 0))
        if not members:
            self.secretary.setToolTip("书记从本支部党员中选；新支部先编入党员再选书记")
        form.addRow("书记：", self.secretary)
        covered = set(branch["units"]) if branch else set()
        self.units = checkable_list([(u, u) for u in party.unit_choices()], covered, "branch_units")
        self.units.setMinimumHeight(220)
        form.addRow("覆盖单位：", self.units)
        self.notes = QPlainTextEdit(branch["notes"] if branch else "")
        self.notes.setFixedHeight(60)
        form.addRow("备注：", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(common.ok_cancel(self, "保存"))
        self.kind.currentTextChanged.connect(lambda k: self.partner.setEnabled(k == "共建"))
        self.partner.setEnabled(self.kind.currentText() == "共建")

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "kind": self.kind.currentText(),
            "partner": self.partner.text(),
            "secretary_id": self.secretary.currentData(),
            "units": checked_data(self.units),
            "notes": self.notes.toPlainText(),
        }


class AddMembersDialog(QDialog):
    """Tick the party members to put in a branch (those in another branch move)."""

    def __init__(self, branch: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"编入党员：{branch['name']}")
        fit_to_screen(self, 560, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "勾选要编入本支部的党员（只列出政治面貌为中共党员、预备党员的在册人员）。"
                "已在其他支部的，编入后从原支部移出。"
            )
        )
        layout.itemAt(0).widget().setWordWrap(True)
        self.find = QLineEdit()
        self.find.setPlaceholderText("查找：姓名、单位或支部")
        layout.addWidget(self.find)
        candidates = [c for c in party.party_candidates() if c["branch_id"] != branch["id"]]
        candidates.sort(key=lambda c: (c["branch_id"] is not None, c["unit"]))
        items = [
            (
                c["id"],
                f"{c['name']}　{c['unit'] or '未填单位'}　"
                + (f"现在：{c['branch']}" if c["branch"] else "未编入支部"),
            )
            for c in candidates
        ]
        self.people = checkable_list(items, set(), "member_candidates")
        layout.addWidget(self.people, 1)
        self.find.textChanged.connect(self._filter)
        layout.addWidget(common.ok_cancel(self, "编入"))

    def _filter(self, text: str) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setHidden(bool(text) and text not in item.text())

    def set_checked(self, person_ids: list[int]) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in person_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def person_ids(self) -> list[int]:
        return checked_data(self.people)


class BranchesPage(QWidget):
    """支部: the branches (top) and the members of the chosen one (below)."""

    def __init__(
        self,
        today: Callable[[], _dt.date],
        changed: Callable[[], None],
        open_person: Callable[[int], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("branches_page")
        self.today = today
        self.changed = changed
        self.open_person = open_person
        self.branch: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("branches_summary")
        top.addWidget(self.summary, 1)
        self.find = common.find_box("查找支部、书记、单位", max_width=260)
        self.find.setToolTip(f"查找支部、书记、单位（{FIND_SHORTCUT}）")
        top.addWidget(self.find)
        self.new_button = common.button(
            "新建支部…", self.new_branch, f"新建党支部（{NEW_SHORTCUT}）"
        )
        self.edit_button = common.button(
            "修改…",
            self.edit_branch,
            f"修改所选支部：名称、组建方式、书记、覆盖单位（{EDIT_SHORTCUT}）",
        )
        self.delete_button = common.button("删除支部", self.delete_branch)
        self.export_button = common.button(
            "导出…", self.export_branches, "导出党支部一览（Excel，供领导查阅、打印）"
        )
        for b in (self.new_button, self.edit_button, self.delete_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = common.RowsModel(BRANCH_COLUMNS, self)
        self.view = common.make_table(self.model, self, "branches_table")
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        common.on_enter(self.view, self.edit_branch)
        self.find.textChanged.connect(self.view.model().setFilterFixedString)
        splitter.addWidget(self.view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("branch_heading")
        actions.addWidget(self.heading, 1)
        self.add_button = common.button(
            "编入党员…", self.add_members, f"把党员编入本支部（{ADD_SHORTCUT}）"
        )
        self.remove_button = common.button(
            "移出本支部",
            self.remove_members,
            "所选党员移出本支部（组织关系转走请用“组织关系转接”）",
        )
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        lower_layout.addLayout(actions)
        self.members_model = common.RowsModel(MEMBER_COLUMNS, self)
        self.members_view = common.make_table(self.members_model, self, "members_table")
        common.on_enter(self.members_view, self.open_member)
        self.members_view.setToolTip("双击或回车打开人员信息")
        lower_layout.addWidget(self.members_view, 1)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        common.shortcut(self, NEW_SHORTCUT, self.new_branch)
        common.shortcut(self, EDIT_SHORTCUT, self.edit_branch)
        common.shortcut(self, ADD_SHORTCUT, self.add_members)
        common.shortcut(self, FIND_SHORTCUT, self.find.setFocus)

    def refresh(self) -> None:
        current = self.branch["id"] if self.branch else None
        rows = party.list_branches()
        self.model.set_rows(rows)
        common.cap_columns(self.view, {0: 300, 5: 420})
        kinds = {k: sum(1 for r in rows if r["kind"] == k) for k in BRANCH_KINDS}
        members = sum(r["members"] for r in rows)
        loose = len([c for c in party.party_candidates() if c["branch_id"] is None])
        text = (
            f"党支部 {len(rows)} 个（"
            + "，".join(f"{k} {n}" for k, n in kinds.items())
            + f"），党员 {members} 人"
        )
        if loose:
            text += f"；<span style='color:#c62828'>未编入支部的党员 {loose} 人</span>"
        self.summary.setText(text)
        self.select_branch(current if current is not None else (rows[0]["id"] if rows else None))

    def select_branch(self, branch_id: int | None) -> None:
        proxy = self.view.model()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(common.ID_ROLE) == branch_id:
                self.view.selectRow(r)
                self.view.setCurrentIndex(proxy.index(r, 0))
                self.show_current()
                return
        self.branch = None
        self.show_current()

    def show_current(self) -> None:
        bid = common.current_id(self.view)
        for b in (self.edit_button, self.delete_button, self.add_button, self.remove_button):
            b.setEnabled(bid is not None)
        if bid is None:
            self.branch = None
            self.heading.setText(
                "还没有党支部。点“新建支部…”建立，或导入花名册时填写“所在党支部”。"
            )
            self.members_model.set_rows([])
            return
        self.branch = next((r for r in self.model.rows if r["id"] == bid), None)
        if self.branch is None:
            return
        b = self.branch
        partner = f"，与{b['partner']}共建" if b["partner"] else ""
        self.heading.setText(
            f"<b>{b['name']}</b>（{b['kind']}{partner}）　书记：{b['secretary'] or '未定'}　"
            f"党员 {b['members']} 人"
        )
        rows = [{**m, "role": "书记" if m["secretary"] else ""} for m in party.branch_members(bid)]
        self.members_model.set_rows(rows)
        self.members_view.resizeColumnsToContents()

    def _after_change(self, branch_id: int | None) -> None:
        self.changed()  # the window refreshes every tab, this page too
        self.select_branch(branch_id)

    def new_branch(self) -> int | None:
        dialog = BranchDialog(None, self)
        while common.run_dialog(dialog):
            ok, bid = common.guarded(
                self, "无法新建党支部", party.save_branch, None, **dialog.values()
            )
            if ok:
                self.branch = None
                self._after_change(bid)
                return bid
        return None

    def edit_branch(self) -> bool:
        if self.branch is None:
            return False
        dialog = BranchDialog(self.branch, self)
        while common.run_dialog(dialog):
            ok, bid = common.guarded(
                self, "无法保存党支部", party.save_branch, self.branch["id"], **dialog.values()
            )
            if ok:
                self._after_change(bid)
                return True
        return False

    def delete_branch(self) -> bool:
        if self.branch is None:
            return False
        if not common.ask_yes_no(
            self,
            "删除党支部",
            f"删除“{self.branch['name']}”及其组织生活记录？此操作不能撤销。",
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", party.delete_branch, self.branch["id"])
        if ok:
            self.branch = None
            self._after_change(None)
        return ok

    def add_members(self) -> int:
        if self.branch is None:
            return 0
        dialog = AddMembersDialog(self.branch, self)
        if not common.run_dialog(dialog):
            return 0
        bid = self.branch["id"]
        ok, count = common.guarded(self, "无法编入", party.add_members, bid, dialog.person_ids())
        if ok:
            self._after_change(bid)
        return count or 0

    def remove_members(self) -> int:
        if self.branch is None:
            return 0
        ids = common.selected_ids(self.members_view)
        if ids and not common.ask_yes_no(
            self,
            "移出本支部",
            f"把所选 {len(ids)} 人移出{self.branch['name']}？组织关系转走的，请改用“组织关系转接”登记。",
        ):
            return 0
        bid = self.branch["id"]
        ok, count = common.guarded(self, "无法移出", party.remove_members, bid, ids)
        if ok:
            self._after_change(bid)
        return count or 0

    def export_branches(self) -> Path | None:
        day = self.today()
        return common.export_workbook(
            self,
            "党支部一览",
            party_exports.branches_filename(day),
            None,
            lambda path: party_exports.export_branches(path, day=day),
        )

    def open_member(self) -> None:
        pid = common.current_id(self.members_view)
        if pid is not None:
            self.open_person(pid)
