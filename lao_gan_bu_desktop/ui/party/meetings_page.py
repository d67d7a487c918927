"""The 组织生活 page: the branches' meetings of a year with their attendance counts; a meeting
dialog with the attendance grid (each member 出席 / 请假 with a reason / 缺席); below, those who
missed their branch's last three meetings and the 送学上门 records; 导出出勤表 of a branch's
year for leaders."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.party_rules import ATTENDANCE_STATUSES, MEETING_KINDS, MISSED_IN_A_ROW
from ...services import party, party_exports, party_life
from ..common.screen_fit import fit_to_screen
from ..office import common
from .transfers_page import date_edit, person_combo, pydate, qdate

NEW_SHORTCUT = "Ctrl+Shift+N"
DELIVERY_SHORTCUT = "Ctrl+Shift+S"
FIND_SHORTCUT = "Ctrl+Shift+F"  # Ctrl+F is the window's 查找 in 花名册
ALL_BRANCHES = "全部支部"

MEETING_COLUMNS = (
    ("held_on", "日期"),
    ("branch", "党支部"),
    ("kind", "类型"),
    ("topic", "主题"),
    ("expected", "应到"),
    ("present", "出席"),
    ("excused", "请假"),
    ("absent", "缺席"),
    ("rate", "出席率"),
)
MISSED_COLUMNS = (
    ("name", "姓名"),
    ("branch", "党支部"),
    ("unit", "单位"),
    ("phone", "电话"),
    ("excused", "请假"),
    ("absent", "缺席"),
    ("reasons", "请假原因"),
    ("last_present_text", "最近出席"),
    ("last_delivery_text", "最近送学"),
)
DELIVERY_COLUMNS = (
    ("delivered_on", "送学日期"),
    ("name", "姓名"),
    ("branch", "党支部"),
    ("delivered_by", "送学人"),
    ("material", "学习内容"),
    ("note", "备注"),
)
STATUS_KEYS = {"出席": "Ctrl+1", "请假": "Ctrl+2", "缺席": "Ctrl+3"}


class MeetingDialog(QDialog):
    """One meeting: branch, date, kind, topic, place and the attendance grid."""

    NAME, UNIT, FIRST_STATUS = 0, 1, 2
    REASON = 2 + len(ATTENDANCE_STATUSES)

    def __init__(
        self,
        today: _dt.date,
        meeting: dict[str, Any] | None = None,
        branch_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.meeting = meeting
        self.setWindowTitle("修改组织生活记录" if meeting else "登记组织生活")
        fit_to_screen(self, 780, 660)
        self.groups: list[QButtonGroup] = []
        self.person_ids: list[int] = []
        form = QFormLayout()
        self.branch = QComboBox()
        for bid, name in party.branch_choices():
            self.branch.addItem(name, bid)
        if meeting is not None:
            branch_id = meeting["branch_id"]
        if branch_id is not None:
            self.branch.setCurrentIndex(max(self.branch.findData(branch_id), 0))
        row = QHBoxLayout()
        row.addWidget(self.branch, 1)
        row.addWidget(QLabel("日期："))
        self.held_on = date_edit(meeting["held_on"] if meeting else today)
        self.held_on.setMaximumDate(qdate(today))
        row.addWidget(self.held_on)
        row.addWidget(QLabel("类型："))
        self.kind = QComboBox()
        self.kind.addItems(list(MEETING_KINDS))
        self.kind.setCurrentText(meeting["kind"] if meeting else "主题党日")
        row.addWidget(self.kind)
        form.addRow("党支部：", row)
        self.topic = QLineEdit(meeting["topic"] if meeting else "")
        self.topic.setPlaceholderText("如：学习党的二十届四中全会精神")
        form.addRow("主题：", self.topic)
        self.place = QLineEdit(meeting["place"] if meeting else "")
        self.place.setPlaceholderText("如：老干部活动中心")
        form.addRow("地点：", self.place)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        bar = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setObjectName("attendance_counts")
        bar.addWidget(self.counts, 1)
        for status in ATTENDANCE_STATUSES:
            button = QPushButton(f"所选{status}")
            button.setToolTip(f"把所选的人登记为{status}（{STATUS_KEYS[status]}）")
            button.clicked.connect(lambda _c=False, s=status: self.set_selected(s))
            bar.addWidget(button)
            common.shortcut(self, STATUS_KEYS[status], lambda s=status: self.set_selected(s))
        layout.addLayout(bar)
        self.grid = QTableWidget(0, self.REASON + 1, self)
        self.grid.setObjectName("attendance_grid")
        self.grid.setHorizontalHeaderLabels(["姓名", "单位", *ATTENDANCE_STATUSES, "请假原因"])
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.grid, 1)
        hint = QLabel(
            "每人选出席、请假或缺席；请假的在最后一栏填原因（双击或直接输入）。"
            "选中多人后按 Ctrl+1/2/3 一次登记。"
        )
        hint.setStyleSheet("color: #555555")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(common.ok_cancel(self, "保存"))
        if meeting is not None:
            self.branch.setEnabled(False)  # the attendance belongs to that branch's members
            self.fill(meeting["attendance"])
        else:
            self.branch.currentIndexChanged.connect(lambda _i: self._branch_changed())
            self._branch_changed()

    def _branch_changed(self) -> None:
        bid = self.branch.currentData()
        self.fill(party_life.new_attendance(bid) if bid is not None else [])

    def fill(self, rows: list[dict[str, Any]]) -> None:
        self.grid.setRowCount(0)
        self.groups = []
        self.person_ids = []
        for r, row in enumerate(rows):
            self.grid.insertRow(r)
            self.person_ids.append(row["person_id"])
            for col, text in ((self.NAME, row["name"]), (self.UNIT, row["unit"])):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.grid.setItem(r, col, item)
            group = QButtonGroup(self)
            for i, status in enumerate(ATTENDANCE_STATUSES):
                radio = QRadioButton(status)
                radio.setChecked(status == row["status"])
                group.addButton(radio, i)
                self.grid.setCellWidget(r, self.FIRST_STATUS + i, radio)
            group.idToggled.connect(lambda _i, on: on and self._count())
            self.groups.append(group)
            self.grid.setItem(r, self.REASON, QTableWidgetItem(row.get("reason", "")))
        self.grid.resizeColumnsToContents()
        self.grid.setColumnWidth(self.UNIT, min(self.grid.columnWidth(self.UNIT), 200))
        self._count()

    def status_of(self, row: int) -> str:
        return ATTENDANCE_STATUSES[max(self.groups[row].checkedId(), 0)]

    def set_status(self, row: int, status: str, reason: str | None = None) -> None:
        self.groups[row].button(ATTENDANCE_STATUSES.index(status)).setChecked(True)
        if reason is not None:
            self.grid.item(row, self.REASON).setText(reason)

    def set_selected(self, status: str) -> None:
        rows = sorted({i.row() for i in self.grid.selectionModel().selectedRows()})
        if not rows and self.grid.currentRow() >= 0:
            rows = [self.grid.currentRow()]
        for r in rows:
            self.set_status(r, status)

    def _count(self) -> None:
        counts = {s: 0 for s in ATTENDANCE_STATUSES}
        for r in range(len(self.groups)):
            counts[self.status_of(r)] += 1
        self.counts.setText(
            f"应到 {len(self.groups)} 人：" + "，".join(f"{s} {n}" for s, n in counts.items())
        )

    def attendance(self) -> list[tuple[int, str, str]]:
        return [
            (pid, self.status_of(r), self.grid.item(r, self.REASON).text())
            for r, pid in enumerate(self.person_ids)
        ]

    def values(self) -> dict[str, Any]:
        return {
            "branch_id": self.branch.currentData(),
            "held_on": pydate(self.held_on.date()),
            "kind": self.kind.currentText(),
            "topic": self.topic.text(),
            "place": self.place.text(),
            "attendance": self.attendance(),
        }


class DeliveryDialog(QDialog):
    """送学上门: who, when, by whom, what material (and the meeting it came from)."""

    def __init__(
        self, today: _dt.date, person_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记送学上门")
        fit_to_screen(self, 560, 320)
        self.today = today
        form = QFormLayout()
        people = [p for p in party.party_candidates() if p["branch_id"] is not None]
        self.branch_of = {p["id"]: p["branch_id"] for p in people}
        self.person = person_combo(people)
        form.addRow("党员：", self.person)
        self.delivered_on = date_edit(today)
        self.delivered_on.setMaximumDate(qdate(today))
        form.addRow("送学日期：", self.delivered_on)
        self.delivered_by = QLineEdit()
        self.delivered_by.setPlaceholderText("如：支部书记、干部管理科工作人员的姓名")
        form.addRow("送学人：", self.delivered_by)
        self.meeting = QComboBox()
        form.addRow("对应活动：", self.meeting)
        self.material = QLineEdit()
        self.material.setPlaceholderText("如：主题党日学习材料、党课讲稿（点单内容）")
        form.addRow("学习内容：", self.material)
        self.note = QLineEdit()
        form.addRow("备注：", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(common.ok_cancel(self, "保存"))
        self.person.currentIndexChanged.connect(lambda _i: self._person_changed())
        self.meeting.currentIndexChanged.connect(lambda _i: self._meeting_changed())
        if person_id is not None:
            self.person.setCurrentIndex(self.person.findData(person_id))
        self._person_changed()

    def _person_changed(self) -> None:
        self.meeting.clear()
        self.meeting.addItem("（无）", None)
        branch_id = self.branch_of.get(self.person.currentData())
        if branch_id is None:
            return
        for m in party_life.list_meetings(branch_id=branch_id)[:6]:
            self.meeting.addItem(f"{m['held_on']} {m['kind']}：{m['topic']}", m["id"])
        if self.meeting.count() > 1:
            self.meeting.setCurrentIndex(1)

    def _meeting_changed(self) -> None:
        text = self.meeting.currentText()
        if self.meeting.currentData() is not None and not self.material.isModified():
            self.material.setText(f"学习材料：{text.split('：', 1)[-1]}")

    def values(self) -> dict[str, Any]:
        return {
            "person_id": self.person.currentData(),
            "delivered_on": pydate(self.delivered_on.date()),
            "delivered_by": self.delivered_by.text(),
            "material": self.material.text(),
            "meeting_id": self.meeting.currentData(),
            "note": self.note.text(),
        }


class MeetingsPage(QWidget):
    """组织生活: the meetings of a year (top), 连续未参加 and 送学上门 (below)."""

    def __init__(
        self,
        today: Callable[[], _dt.date],
        changed: Callable[[], None],
        open_person: Callable[[int], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetings_page")
        self.today = today
        self.changed = changed
        self.open_person = open_person
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        top.addWidget(self.year)
        self.branch = QComboBox()
        self.branch.setMinimumWidth(240)
        self.branch.currentIndexChanged.connect(lambda _i: self._fill_meetings())
        top.addWidget(self.branch)
        self.find = common.find_box("查找主题、类型", max_width=220)
        self.find.setToolTip(f"查找主题、类型（{FIND_SHORTCUT}）")
        top.addWidget(self.find)
        top.addStretch(1)
        self.summary = QLabel()  # on its own line: at 特大 the filters and buttons fill the row
        self.summary.setObjectName("meetings_summary")
        self.new_button = common.button(
            "登记组织生活…",
            self.new_meeting,
            f"登记一次会议、党课或主题党日及出勤（{NEW_SHORTCUT}）",
        )
        self.edit_button = common.button(
            "修改…", self.edit_meeting, "修改所选记录及出勤（回车或双击）"
        )
        self.delete_button = common.button("删除", self.delete_meeting)
        self.export_button = common.button(
            "导出出勤表…",
            self.export_attendance,
            "所选支部这一年的出勤表（每次组织生活 × 每位党员）和连续未参加名单（Excel）",
        )
        for b in (self.new_button, self.edit_button, self.delete_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = common.RowsModel(MEETING_COLUMNS, self, color=self._rate_color)
        self.view = common.make_table(self.model, self, "meetings_table")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.find.textChanged.connect(self.view.model().setFilterFixedString)
        common.on_enter(self.view, self.edit_meeting)
        splitter.addWidget(self.view)
        self.lower = QTabWidget(self)
        self.lower.setDocumentMode(True)
        missed_host = QWidget()
        missed_layout = QVBoxLayout(missed_host)
        missed_layout.setContentsMargins(0, 4, 0, 0)
        missed_bar = QHBoxLayout()
        self.missed_heading = QLabel()
        missed_bar.addWidget(self.missed_heading, 1)
        self.deliver_button = common.button(
            "为所选登记送学…",
            lambda: self.new_delivery(self._missed_person()),
            f"给所选的人送学上门后登记（{DELIVERY_SHORTCUT}）",
        )
        missed_bar.addWidget(self.deliver_button)
        missed_layout.addLayout(missed_bar)
        self.missed_model = common.RowsModel(MISSED_COLUMNS, self, color=self._missed_color)
        self.missed_view = common.make_table(self.missed_model, self, "missed_table")
        common.on_enter(self.missed_view, self._open_missed)
        self.missed_view.setToolTip("双击或回车打开人员信息")
        missed_layout.addWidget(self.missed_view, 1)
        self.lower.addTab(missed_host, f"连续{MISSED_IN_A_ROW}次未参加")
        deliveries_host = QWidget()
        deliveries_layout = QVBoxLayout(deliveries_host)
        deliveries_layout.setContentsMargins(0, 4, 0, 0)
        deliveries_bar = QHBoxLayout()
        self.deliveries_heading = QLabel()
        deliveries_bar.addWidget(self.deliveries_heading, 1)
        self.new_delivery_button = common.button("登记送学上门…", lambda: self.new_delivery(None))
        self.delete_delivery_button = common.button("删除送学记录", self.delete_delivery)
        deliveries_bar.addWidget(self.new_delivery_button)
        deliveries_bar.addWidget(self.delete_delivery_button)
        deliveries_layout.addLayout(deliveries_bar)
        self.deliveries_model = common.RowsModel(DELIVERY_COLUMNS, self)
        self.deliveries_view = common.make_table(self.deliveries_model, self, "deliveries_table")
        self.deliveries_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        deliveries_layout.addWidget(self.deliveries_view, 1)
        self.lower.addTab(deliveries_host, "送学上门")
        splitter.addWidget(self.lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        common.shortcut(self, NEW_SHORTCUT, self.new_meeting)
        common.shortcut(self, DELIVERY_SHORTCUT, lambda: self.new_delivery(self._missed_person()))
        common.shortcut(self, FIND_SHORTCUT, self.find.setFocus)

    @staticmethod
    def _rate_color(row: dict[str, Any], key: str) -> str | None:
        if key == "absent" and row["absent"]:
            return "#c62828"
        return None

    @staticmethod
    def _missed_color(row: dict[str, Any], key: str) -> str | None:
        if key == "absent" and row["absent"]:
            return "#c62828"
        if key == "last_delivery_text" and row["last_delivery"] is None:
            return "#c62828"
        return None

    def export_attendance(self) -> Path | None:
        branch_id, year, day = self.branch.currentData(), self.year.value(), self.today()
        if branch_id is None:
            common.tell(
                self, "导出出勤表", "出勤表按支部导出。请先在年度旁的下拉框里选一个党支部。"
            )
            return None
        ok, name = common.guarded(
            self, "无法导出", party_exports.attendance_filename, branch_id, year, day
        )
        if not ok or name is None:
            return None
        return common.export_workbook(
            self,
            f"{year}年组织生活出勤表",
            name,
            lambda path: party_exports.check_attendance(path, branch_id, year),
            lambda path: party_exports.export_attendance(path, branch_id, year, day=day),
        )

    def refresh(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(ALL_BRANCHES, None)
        for bid, name in party.branch_choices():
            self.branch.addItem(name, bid)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self._fill_meetings()
        missed = [
            {
                **r,
                "last_present_text": r["last_present"] or "无记录",
                "last_delivery_text": r["last_delivery"] or "未送学",
            }
            for r in party_life.missed_last_meetings(self.today())
        ]
        self.missed_model.set_rows(missed)
        self.missed_view.resizeColumnsToContents()
        self.missed_heading.setText(
            f"连续{MISSED_IN_A_ROW}次（本支部最近{MISSED_IN_A_ROW}次组织生活）未参加的 "
            f"{len(missed)} 人：请联系了解情况，不能参加的送学上门。"
            if missed
            else f"没有连续{MISSED_IN_A_ROW}次未参加组织生活的党员。"
        )
        self.lower.setTabText(0, f"连续{MISSED_IN_A_ROW}次未参加（{len(missed)}）")
        deliveries = party_life.list_deliveries(self.year.value())
        self.deliveries_model.set_rows(deliveries)
        self.deliveries_view.resizeColumnsToContents()
        self.deliveries_heading.setText(
            f"{self.year.value()} 年送学上门 {len(deliveries)} 次，"
            f"{len({d['person_id'] for d in deliveries})} 人。"
        )
        self.delete_delivery_button.setEnabled(bool(deliveries))

    def _fill_meetings(self) -> None:
        rows = party_life.list_meetings(year=self.year.value(), branch_id=self.branch.currentData())
        self.model.set_rows(rows)
        common.cap_columns(self.view, {1: 260, 3: 360})
        expected = sum(r["expected"] for r in rows)
        present = sum(r["present"] for r in rows)
        rate = f"，出席率 {party_life.attendance_rate(present, expected)}" if expected else ""
        self.summary.setText(f"{self.year.value()} 年 {len(rows)} 次{rate}")
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(bool(rows))

    def _missed_person(self) -> int | None:
        return common.current_id(self.missed_view)

    def _open_missed(self) -> None:
        pid = self._missed_person()
        if pid is not None:
            self.open_person(pid)

    def select_meeting(self, meeting_id: int) -> None:
        proxy = self.view.model()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(common.ID_ROLE) == meeting_id:
                self.view.selectRow(r)
                self.view.setCurrentIndex(proxy.index(r, 0))

    def _save(self, dialog: MeetingDialog, meeting_id: int | None) -> int | None:
        while common.run_dialog(dialog):
            values = dialog.values()
            ok, mid = common.guarded(
                self,
                "无法保存组织生活记录",
                party_life.save_meeting,
                meeting_id,
                values.pop("branch_id"),
                values.pop("held_on"),
                values.pop("kind"),
                values.pop("topic"),
                values.pop("attendance"),
                today=self.today(),
                **values,
            )
            if ok and mid is not None:
                self.changed()
                self.year.setValue(dialog.values()["held_on"].year)
                self.select_meeting(mid)
                return mid
        return None

    def new_meeting(self) -> int | None:
        if not party.branch_choices():
            common.tell(self, "还没有党支部", "请先在“支部”页新建党支部并编入党员。")
            return None
        dialog = MeetingDialog(self.today(), None, self.branch.currentData(), self)
        return self._save(dialog, None)

    def edit_meeting(self) -> int | None:
        mid = common.current_id(self.view)
        if mid is None:
            return None
        ok, meeting = common.guarded(self, "无法读取", party_life.get_meeting, mid)
        if not ok or meeting is None:
            return None
        return self._save(MeetingDialog(self.today(), meeting, None, self), mid)

    def delete_meeting(self) -> bool:
        mid = common.current_id(self.view)
        row = next((r for r in self.model.rows if r["id"] == mid), None)
        if row is None:
            return False
        if not common.ask_yes_no(
            self,
            "删除组织生活记录",
            f"删除 {row['held_on']} {row['branch']}的“{row['topic']}”及其出勤记录？",
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", party_life.delete_meeting, mid)
        if ok:
            self.changed()
        return ok

    def new_delivery(self, person_id: int | None) -> int | None:
        dialog = DeliveryDialog(self.today(), person_id, self)
        while common.run_dialog(dialog):
            values = dialog.values()
            if values["person_id"] is None:
                common.tell(self, "请选择党员", "请在“党员”一栏输入姓名，从列表中选择。")
                continue
            ok, did = common.guarded(
                self,
                "无法登记送学",
                party_life.add_delivery,
                values.pop("person_id"),
                values.pop("delivered_on"),
                values.pop("delivered_by"),
                values.pop("material"),
                today=self.today(),
                **values,
            )
            if ok:
                self.lower.setCurrentIndex(1)
                self.changed()
                return did
        return None

    def delete_delivery(self) -> bool:
        did = common.current_id(self.deliveries_view)
        if did is None:
            return False
        if not common.ask_yes_no(self, "删除送学记录", "删除所选的送学上门记录？"):
            return False
        ok, _ = common.guarded(self, "无法删除", party_life.delete_delivery, did)
        if ok:
            self.changed()
        return ok
