"""One activity or class: its details (name, kind, interest, days, place, organiser, capacity),
its sign-up list (add from the roster with a search box or from the suggestions; over the
capacity a plain refusal or the waiting list) and its attendance grid (people × days).

Sign-ups and attendance are written at once; the details when 保存 is pressed (a new activity
must be saved before people can sign up)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.activity_rules import ACTIVITY_KINDS
from ...core.vocab import HOBBY_TAGS
from ...services import activities
from ..common.screen_fit import FittingScrollArea, fit_to_screen
from . import common
from .person_picker import PersonPicker

SIGNUP_COLUMNS = (
    ("name", "姓名"),
    ("unit", "单位"),
    ("phone", "电话"),
    ("status", "状态"),
    ("signed_on", "报名日期"),
    ("attended_text", "出勤"),
)
DETAILS_TAB, SIGNUPS_TAB, ATTENDANCE_TAB = "基本信息", "报名名单", "出勤"


def _qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> _dt.date:
    return _dt.date(q.year(), q.month(), q.day())


class ActivityDialog(QDialog):
    """New (``activity_id=None``) or existing activity; ``changed`` after every write."""

    changed = Signal()

    def __init__(
        self, activity_id: int | None, today: _dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.activity_id = activity_id
        self.today = today
        self.detail: dict[str, Any] | None = None
        self.setObjectName("activity_dialog")
        self.setWindowTitle("新建活动" if activity_id is None else "活动")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(FittingScrollArea(self._details_page()), DETAILS_TAB)
        self.tabs.addTab(self._signups_page(), SIGNUPS_TAB)
        self.tabs.addTab(self._attendance_page(), ATTENDANCE_TAB)
        self.heading = QLabel()
        self.heading.setObjectName("activity_heading")
        self.heading.setWordWrap(True)
        buttons = QDialogButtonBox()
        # AcceptRole: placed like 保存 in the other dialogs (before 关闭); accepted is not
        # connected, so saving leaves the dialog open for sign-ups and attendance.
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("保存基本信息（Ctrl+S）；报名和出勤随时保存")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(lambda: self.save())
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setToolTip("关闭（基本信息未按“保存”的修改不保留）")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.load()
        fit_to_screen(self, 900, 680)

    # --- pages ----------------------------------------------------------------------------
    def _details_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：书法班（秋季）、参观建区成就展")
        form.addRow("活动名称：", self.name)
        self.kind = QComboBox()
        self.kind.addItems(ACTIVITY_KINDS)
        form.addRow("类别：", self.kind)
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.topic.addItems(["", *HOBBY_TAGS])
        self.topic.setToolTip("与兴趣爱好、专业特长相符的人会被推荐；可填多个，用顿号隔开")
        form.addRow("兴趣类别：", self.topic)
        self.place = QLineEdit()
        self.place.setPlaceholderText(
            "如：高新区科学大道职工文化活动中心（写明区、街道，便于推荐住在附近的人）"
        )
        form.addRow("地点：", self.place)
        self.organiser = QLineEdit()
        form.addRow("组织者：", self.organiser)
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 9999)
        self.capacity.setSpecialValueText("不限")
        self.capacity.setSuffix(" 人")
        form.addRow("人数上限：", self.capacity)
        dates = QWidget()
        dates_layout = QVBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        self.dates = QListWidget()
        self.dates.setObjectName("activity_dates")
        self.dates.setMinimumHeight(100)
        self.dates.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        dates_layout.addWidget(self.dates)
        row = QHBoxLayout()
        self.date_edit = QDateEdit(_qdate(self.today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        add = QPushButton("添加日期")
        add.clicked.connect(lambda: self.add_dates([_date(self.date_edit.date())]))
        self.weeks = QSpinBox()
        self.weeks.setRange(2, 52)
        self.weeks.setValue(10)
        self.weeks.setPrefix("每周一次，共 ")
        self.weeks.setSuffix(" 次")
        weekly = QPushButton("按周添加")
        weekly.setToolTip("从所选日期起每周同一天，适用于老年大学课程")
        weekly.clicked.connect(lambda: self.add_weekly())
        remove = QPushButton("删去所选日期")
        remove.clicked.connect(lambda: self.remove_dates())
        for w in (self.date_edit, add, self.weeks, weekly, remove):
            row.addWidget(w)
        row.addStretch(1)
        dates_layout.addLayout(row)
        form.addRow("日期：", dates)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        form.addRow("备注：", self.notes)
        return page

    def _signups_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.picker = PersonPicker(self.today, "报名", page)
        self.picker.picked.connect(lambda ids: self.sign_up(ids))
        layout.addWidget(self.picker)
        row = QHBoxLayout()
        self.waiting_ok = QCheckBox("名额满时放进候补名单")
        self.suggest_button = common.button(
            "推荐人选…", self.suggest, "按兴趣爱好、专业特长、活跃程度和住处远近推荐"
        )
        self.remove_button = common.button("移出名单", self.remove_selected)
        self.count_label = QLabel()
        self.count_label.setObjectName("signup_count")
        row.addWidget(self.waiting_ok)
        row.addWidget(self.suggest_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.signup_model = common.RowsModel(SIGNUP_COLUMNS, page, color=self._color)
        self.signup_view = common.make_table(self.signup_model, page, "signups_table")
        self.signup_view.setSortingEnabled(False)
        self.signup_view.model().sort(-1)  # the service's order: leader or signed-up first
        layout.addWidget(self.signup_view, 1)
        return page

    def _attendance_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel("勾选到场的人。"))
        row.addStretch(1)
        self.session_choice = QComboBox()
        self.all_button = common.button("这一天全部到场", self.mark_all)
        row.addWidget(self.session_choice)
        row.addWidget(self.all_button)
        layout.addLayout(row)
        self.grid = QTableWidget(0, 0, page)
        self.grid.setObjectName("attendance_grid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.itemChanged.connect(self._grid_changed)
        layout.addWidget(self.grid, 1)
        return page

    @staticmethod
    def _color(row: dict[str, Any], key: str) -> str | None:
        return "#b26a00" if key == "status" and row.get("waiting") else None

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        saved = self.activity_id is not None
        self.tabs.setTabEnabled(1, saved)
        self.tabs.setTabEnabled(2, saved)
        if not saved:
            self.organiser.setText("")
            self.heading.setText("填写基本信息并按“保存”，然后即可报名和登记出勤。")
            return
        ok, detail = common.guarded(self, "无法读取活动", activities.get_activity, self.activity_id)
        if not ok or detail is None:
            return
        self.detail = detail
        self.setWindowTitle(f"活动 — {detail['name']}")
        self.name.setText(detail["name"])
        self.kind.setCurrentText(detail["kind"])
        self.topic.setCurrentText(detail["topic"])
        self.place.setText(detail["place"])
        self.organiser.setText(detail["organiser"])
        self.capacity.setValue(detail["capacity"] or 0)
        self.notes.setPlainText(detail["notes"])
        self.dates.clear()
        self.add_dates(detail["dates"])
        self._fill_lists()

    def _fill_lists(self) -> None:
        detail = self.detail
        assert detail is not None
        sessions = len(detail["sessions"])
        rows = [
            {
                **s,
                "id": s["person_id"],
                "attended_text": "" if s["waiting"] else f"{s['attended']}/{sessions}",
            }
            for s in detail["signups"]
        ]
        self.signup_model.set_rows(rows)
        self.signup_view.resizeColumnsToContents()
        limit = f"限 {detail['capacity']} 人" if detail["capacity"] else "不限人数"
        waiting = f"，候补 {detail['waiting']} 人" if detail["waiting"] else ""
        self.count_label.setText(f"已报名 {detail['sign_ups']} 人（{limit}）{waiting}")
        self.heading.setText(
            f"<b>{detail['name']}</b>　{detail['kind']}　{detail['dates_text']}　"
            f"{detail['place']}　报名 {detail['sign_ups']} 人，出勤 {detail['attendance_count']} 人次"
        )
        self._fill_grid()

    def _fill_grid(self) -> None:
        detail = self.detail
        assert detail is not None
        people = [s for s in detail["signups"] if not s["waiting"]]
        sessions = detail["sessions"]
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.setRowCount(len(people))
        self.grid.setColumnCount(len(sessions) + 1)
        self.grid.setHorizontalHeaderLabels(
            [s["held_on"].strftime("%m-%d") for s in sessions] + ["合计"]
        )
        self.grid.setVerticalHeaderLabels([p["name"] for p in people])
        self.session_choice.clear()
        for s in sessions:
            self.session_choice.addItem(s["held_on"].isoformat(), s["id"])
        for r, person in enumerate(people):
            total = 0
            for c, session in enumerate(sessions):
                item = QTableWidgetItem()
                there = person["person_id"] in detail["attendance"][session["id"]]
                total += there
                flags = Qt.ItemFlag.ItemIsUserCheckable
                if session["held_on"] <= self.today:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if there else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, (session["id"], person["person_id"]))
                item.setToolTip(f"{person['name']} {session['held_on'].isoformat()}")
                self.grid.setItem(r, c, item)
            total_item = QTableWidgetItem(str(total))
            total_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            total_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.setItem(r, len(sessions), total_item)
        self.grid.resizeColumnsToContents()
        past = [i for i, s in enumerate(sessions) if s["held_on"] <= self.today]
        if past:
            self.session_choice.setCurrentIndex(past[-1])
        self.grid.blockSignals(False)

    # --- dates ----------------------------------------------------------------------------
    def chosen_dates(self) -> list[_dt.date]:
        return [
            self.dates.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.dates.count())
        ]

    def add_dates(self, days: list[_dt.date]) -> None:
        merged = sorted(set(self.chosen_dates()) | set(days))
        self.dates.clear()
        for day in merged:
            item = QListWidgetItem(f"{day.isoformat()}（周{'一二三四五六日'[day.weekday()]}）")
            item.setData(Qt.ItemDataRole.UserRole, day)
            self.dates.addItem(item)

    def add_weekly(self) -> None:
        first = _date(self.date_edit.date())
        self.add_dates([first + _dt.timedelta(weeks=n) for n in range(self.weeks.value())])

    def remove_dates(self) -> None:
        for item in self.dates.selectedItems():
            self.dates.takeItem(self.dates.row(item))

    # --- writing --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "kind": self.kind.currentText(),
            "topic": self.topic.currentText(),
            "dates": self.chosen_dates(),
            "place": self.place.text(),
            "organiser": self.organiser.text(),
            "capacity": self.capacity.value() or None,
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> bool:
        ok, new_id = common.guarded(
            self, "无法保存活动", activities.save_activity, self.activity_id, self.values()
        )
        if not ok:
            return False
        self.activity_id = new_id
        self.load()
        self.changed.emit()
        return True

    def _after(self) -> None:
        self.load()
        self.changed.emit()

    def sign_up(self, person_ids: list[int]) -> bool:
        if self.activity_id is None:
            return False
        ok, result = common.guarded(
            self,
            "无法报名",
            activities.sign_up,
            self.activity_id,
            person_ids,
            waiting_list=self.waiting_ok.isChecked(),
            day=self.today,
        )
        if not ok or result is None:
            return False
        self._after()
        notes = []
        if result["waiting"]:
            notes.append(f"名额已满，{'、'.join(result['waiting'])} 放进了候补名单")
        if result["already"]:
            notes.append(f"{'、'.join(result['already'])} 已在名单中")
        if notes:
            common.tell(self, "报名", "；".join(notes) + "。")
        self.picker.search.clear()
        return True

    def suggest(self) -> bool:
        if self.activity_id is None:
            return False
        activity_id, day = self.activity_id, self.today
        chosen = common.pick_suggestions(
            self,
            f"推荐人选 — {self.name.text()}",
            "报名所选",
            lambda: activities.suggestions(activity_id, day=day),
        )
        return bool(chosen) and self.sign_up(chosen)

    def remove_selected(self) -> bool:
        ids = common.selected_ids(self.signup_view)
        if self.activity_id is None or not ids:
            return False
        if not common.ask_yes_no(
            self, "移出名单", f"把所选 {len(ids)} 人移出报名名单？其出勤记录一并删除。"
        ):
            return False
        ok, moved = common.guarded(
            self, "无法移出", activities.remove_signups, self.activity_id, ids
        )
        if ok:
            self._after()
            if moved:
                common.tell(self, "候补转为报名", f"{'、'.join(moved)} 由候补转为正式报名。")
        return ok

    def _grid_changed(self, item: QTableWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if not key:
            return
        session_id, person_id = key
        present = item.checkState() == Qt.CheckState.Checked
        ok, _ = common.guarded(
            self,
            "无法登记出勤",
            activities.set_attended,
            session_id,
            [person_id],
            present,
            today=self.today,
        )
        self._after() if ok else self._fill_grid()

    def set_attendance(self, session_id: int, person_id: int, present: bool) -> None:
        """Tick or clear one cell as a clerk would."""
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount() - 1):
                item = self.grid.item(r, c)
                if item.data(Qt.ItemDataRole.UserRole) == (session_id, person_id):
                    item.setCheckState(
                        Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
                    )
                    return
        raise LookupError("no such cell")

    def mark_all(self) -> bool:
        session_id = self.session_choice.currentData()
        if session_id is None or self.detail is None:
            return False
        ids = [s["person_id"] for s in self.detail["signups"] if not s["waiting"]]
        if not ids:
            return False
        ok, _ = common.guarded(
            self, "无法登记出勤", activities.set_attended, session_id, ids, True, today=self.today
        )
        if ok:
            self._after()
        return ok


def open_activity(
    parent: QWidget, activity_id: int | None, today: _dt.date, on_change: Callable[[], Any]
) -> ActivityDialog:
    """Show the dialog modally; ``on_change`` runs after each write."""
    dialog = ActivityDialog(activity_id, today, parent)
    dialog.changed.connect(on_change)
    common.run_dialog(dialog)
    return dialog
