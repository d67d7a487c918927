"""The 组织关系转接 page: transfers of members' organisation relations in and out (date, from,
to, 介绍信编号, status), the ones under way first; a new transfer, completing one (转入 puts the
person in the branch, 转出 takes them out)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.party_rules import TRANSFER_DIRECTIONS
from ...services import party
from ..common.screen_fit import fit_to_screen
from ..office import common

NEW_SHORTCUT = "Ctrl+Shift+N"
COMPLETE_SHORTCUT = "Ctrl+Shift+D"
FIND_SHORTCUT = "Ctrl+Shift+F"  # Ctrl+F is the window's 查找 in 花名册
SHOW = ("办理中", "已完成", "全部")

COLUMNS = (
    ("transfer_date", "转接日期"),
    ("name", "姓名"),
    ("direction", "方向"),
    ("from_org", "转出党组织"),
    ("to_org", "转入党组织"),
    ("letter_number", "介绍信编号"),
    ("branch", "本区支部"),
    ("status", "状态"),
    ("completed_on", "办结日期"),
    ("note", "备注"),
)


def qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(q: QDate) -> _dt.date:
    return _dt.date(q.year(), q.month(), q.day())


def date_edit(day: _dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def person_combo(people: list[dict[str, Any]]) -> QComboBox:
    """A combo of people (typing part of a name finds them)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for p in people:
        combo.addItem(f"{p['name']}（{p['unit'] or '未填单位'}）", p["id"])
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCurrentIndex(-1)
    combo.lineEdit().setPlaceholderText("输入姓名查找")
    return combo


class TransferDialog(QDialog):
    """A new transfer: person, 转入 / 转出, date, from, to, letter number, our branch, note."""

    def __init__(
        self,
        today: _dt.date,
        parent: QWidget | None = None,
        *,
        person_id: int | None = None,
        direction: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记组织关系转接")
        fit_to_screen(self, 600, 400)
        self.people = {p["id"]: p for p in party.party_candidates()}
        form = QFormLayout()
        self.direction = QComboBox()
        self.direction.addItems(list(TRANSFER_DIRECTIONS))
        form.addRow("方向：", self.direction)
        self.person = person_combo(list(self.people.values()))
        form.addRow("党员：", self.person)
        self.transfer_date = date_edit(today)
        form.addRow("介绍信日期：", self.transfer_date)
        self.branch = QComboBox()
        for bid, name in party.branch_choices():
            self.branch.addItem(name, bid)
        self.branch_label = QLabel("接收支部：")
        form.addRow(self.branch_label, self.branch)
        self.from_org = QLineEdit()
        form.addRow("转出党组织：", self.from_org)
        self.to_org = QLineEdit()
        form.addRow("转入党组织：", self.to_org)
        self.letter_number = QLineEdit()
        self.letter_number.setPlaceholderText("如：郑高党组转〔2026〕12号")
        form.addRow("介绍信编号：", self.letter_number)
        self.note = QLineEdit()
        form.addRow("备注：", self.note)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(common.ok_cancel(self, "登记（办理中）"))
        self.direction.currentTextChanged.connect(lambda _t: self._update())
        self.person.currentIndexChanged.connect(lambda _i: self._person_changed())
        if direction is not None:
            self.direction.setCurrentText(direction)
        if person_id is not None:
            self.person.setCurrentIndex(self.person.findData(person_id))
        self._update()

    def _person_changed(self) -> None:
        person = self.people.get(self.person.currentData())
        if person and self.direction.currentText() == "转出" and person["branch_id"]:
            self.branch.setCurrentIndex(self.branch.findData(person["branch_id"]))

    def _update(self) -> None:
        out = self.direction.currentText() == "转出"
        self.branch_label.setText("转出支部：" if out else "接收支部：")
        self.from_org.setPlaceholderText(
            "不填即为本区支部" if out else "原党组织，如：某某社区党委"
        )
        self.to_org.setPlaceholderText(
            "接收的党组织，如：某某社区党委" if out else "不填即为接收支部"
        )
        self.hint.setText(
            "转出：办结后此人移出本区支部。"
            if out
            else "转入：办结后此人编入接收支部。新来的人请先在花名册中新增，政治面貌填“中共党员”。"
        )
        self._person_changed()

    def values(self) -> dict[str, Any]:
        return {
            "person_id": self.person.currentData(),
            "direction": self.direction.currentText(),
            "transfer_date": pydate(self.transfer_date.date()),
            "from_org": self.from_org.text(),
            "to_org": self.to_org.text(),
            "letter_number": self.letter_number.text(),
            "branch_id": self.branch.currentData(),
            "note": self.note.text(),
        }


class CompleteDialog(QDialog):
    """The day a transfer was completed (回执 back, relation moved)."""

    def __init__(self, transfer: dict[str, Any], today: _dt.date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("办结组织关系转接")
        layout = QVBoxLayout(self)
        what = f"编入{transfer['branch']}" if transfer["direction"] == "转入" else "移出本区支部"
        text = QLabel(
            f"{transfer['name']}　{transfer['direction']}：{transfer['from_org']} → "
            f"{transfer['to_org']}\n办结后{transfer['name']}{what}。"
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.completed_on = date_edit(today)
        form.addRow("办结日期：", self.completed_on)
        layout.addLayout(form)
        layout.addWidget(common.ok_cancel(self, "办结"))
        fit_to_screen(self, 460, 180)

    def day(self) -> _dt.date:
        return pydate(self.completed_on.date())


def register_transfer(
    parent: QWidget,
    today: _dt.date,
    *,
    person_id: int | None = None,
    direction: str | None = None,
) -> int | None:
    """登记转接 in :class:`TransferDialog` (``person_id`` and ``direction`` filled in when
    given) until saved or cancelled; the new transfer's id."""
    dialog = TransferDialog(today, parent, person_id=person_id, direction=direction)
    while common.run_dialog(dialog):
        values = dialog.values()
        if values["person_id"] is None:
            common.tell(parent, "请选择党员", "请在“党员”一栏输入姓名，从列表中选择。")
            continue
        ok, tid = common.guarded(
            parent,
            "无法登记转接",
            party.create_transfer,
            values.pop("person_id"),
            today=today,
            **values,
        )
        if ok and tid is not None:
            return tid
    return None


def complete_transfer(parent: QWidget, transfer: dict[str, Any], today: _dt.date) -> bool:
    """办结 the transfer (a row of ``party.list_transfers``) on the day the clerk gives."""
    dialog = CompleteDialog(transfer, today, parent)
    while common.run_dialog(dialog):
        ok, _ = common.guarded(
            parent, "无法办结", party.complete_transfer, transfer["id"], dialog.day(), today=today
        )
        if ok:
            return True
    return False


class TransfersPage(QWidget):
    """组织关系转接: the list (办理中 by default) and its actions."""

    def __init__(
        self,
        today: Callable[[], _dt.date],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transfers_page")
        self.today = today
        self.changed = changed
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("显示："))
        self.show_status = QComboBox()
        self.show_status.addItems(SHOW)
        self.show_status.currentTextChanged.connect(lambda _t: self.refresh())
        top.addWidget(self.show_status)
        self.find = common.find_box("查找姓名、党组织、介绍信编号", max_width=300)
        self.find.setToolTip(f"查找姓名、党组织、介绍信编号（{FIND_SHORTCUT}）")
        top.addWidget(self.find)
        self.summary = QLabel()
        self.summary.setObjectName("transfers_summary")
        top.addWidget(self.summary, 1)
        self.new_button = common.button(
            "登记转接…", self.new_transfer, f"登记一件组织关系转入或转出（{NEW_SHORTCUT}）"
        )
        self.complete_button = common.button(
            "办结…", self.complete, f"所选转接已办结（{COMPLETE_SHORTCUT}）"
        )
        self.delete_button = common.button("删除", self.delete, "删除登记错的转接记录")
        for b in (self.new_button, self.complete_button, self.delete_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.model = common.RowsModel(COLUMNS, self, color=self._color)
        self.view = common.make_table(self.model, self, "transfers_table")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.find.textChanged.connect(self.view.model().setFilterFixedString)
        common.on_enter(self.view, self.complete)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.view, 1)
        common.shortcut(self, NEW_SHORTCUT, self.new_transfer)
        common.shortcut(self, COMPLETE_SHORTCUT, self.complete)
        common.shortcut(self, FIND_SHORTCUT, self.find.setFocus)

    @staticmethod
    def _color(row: dict[str, Any], key: str) -> str | None:
        if key == "status" and row["status"] == "办理中":
            return "#c62828"
        return None

    def refresh(self) -> None:
        shown = self.show_status.currentText()
        rows = party.list_transfers(None if shown == "全部" else shown)
        self.model.set_rows(rows)
        common.cap_columns(self.view, {3: 300, 4: 300})
        under_way = len(rows) if shown == "办理中" else len(party.transfers_under_way())
        self.summary.setText(f"办理中 {under_way} 件" if under_way else "没有办理中的转接")
        self._enable()

    def _selected(self) -> dict[str, Any] | None:
        tid = common.current_id(self.view)
        return next((r for r in self.model.rows if r["id"] == tid), None)

    def _enable(self) -> None:
        row = self._selected()
        self.complete_button.setEnabled(row is not None and row["status"] == "办理中")
        self.delete_button.setEnabled(row is not None)

    def select(self, transfer_id: int) -> None:
        proxy = self.view.model()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(common.ID_ROLE) == transfer_id:
                self.view.selectRow(r)
                self.view.setCurrentIndex(proxy.index(r, 0))
        self._enable()

    def new_transfer(self) -> int | None:
        tid = register_transfer(self, self.today())
        if tid is not None:
            self.show_status.setCurrentText("办理中")
            self.changed()
            self.select(tid)
        return tid

    def complete(self) -> bool:
        row = self._selected()
        if row is None or row["status"] != "办理中":
            return False
        if complete_transfer(self, row, self.today()):
            self.changed()
            return True
        return False

    def delete(self) -> bool:
        row = self._selected()
        if row is None:
            return False
        if not common.ask_yes_no(
            self,
            "删除转接记录",
            f"删除{row['name']}的{row['direction']}记录（{row['transfer_date']}）？"
            "已办结的，支部的变动不会撤回。",
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", party.delete_transfer, row["id"])
        if ok:
            self.changed()
        return ok
