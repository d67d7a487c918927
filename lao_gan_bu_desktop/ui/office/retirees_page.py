"""离退休办理: the list of new retirees whose checklist is incomplete (open one: the person dialog
on its 离退休办理 page), adding a newly retired person, and the checklist page of the person
dialog (``RetireeChecklistWidget``)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...services import new_retirees
from . import common

CHECKLIST_TITLE = "离退休办理"
NEW_SHORTCUT = "Ctrl+Shift+N"
NOT_DONE = "未办"
_BLANK = QDate(2000, 1, 1)  # the date editor's minimum, shown as 未办

COLUMNS = (
    ("name", "姓名"),
    ("unit", "单位"),
    ("retirement_date", "退休时间"),
    ("progress", "已办步骤"),
    ("next_step", "下一步"),
    ("last_done", "最近办理"),
)


class RetireesPage(QWidget):
    """The new retirees whose checklist is not complete."""

    def __init__(
        self,
        today: Callable[[], _dt.date],
        open_person: Callable[[int | None, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retirees_page")
        self.today = today
        self.open_person = open_person
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("retirees_summary")
        top.addWidget(self.summary, 1)
        self.new_button = common.button(
            "新增离退休人员…",
            lambda: self.open_person(None, CHECKLIST_TITLE),
            f"录入新办理离退休的人员，保存后建立办理清单（{NEW_SHORTCUT}）",
        )
        self.open_button = common.button("打开办理清单", self.open_selected, "回车或双击")
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        layout.addWidget(
            QLabel(
                "办理步骤：" + " → ".join(new_retirees.STEPS) + "。已在册人员可在“人员信息”的"
                "“离退休办理”页建立清单。"
            )
        )
        self.model = common.RowsModel(COLUMNS, self)
        self.view = common.make_table(self.model, self, "retirees_table")
        common.on_enter(self.view, self.open_selected)
        layout.addWidget(self.view, 1)
        common.shortcut(self, NEW_SHORTCUT, lambda: self.open_person(None, CHECKLIST_TITLE))

    def refresh(self) -> None:
        rows = [{**r, "progress": f"{r['done']}/{r['total']}"} for r in new_retirees.incomplete()]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.summary.setText(
            f"办理清单未完成的有 {len(rows)} 人。" if rows else "所有离退休办理清单都已完成。"
        )

    def open_selected(self) -> None:
        pid = common.current_id(self.view)
        if pid is not None:
            self.open_person(pid, CHECKLIST_TITLE)


class RetireeChecklistWidget(QWidget):
    """The person dialog's 离退休办理 page: each step with its date (未办 until done) and a
    note; a change is saved at once. Under the steps, the person's 组织关系转入: 登记转入…
    (prefilled) or 办结转接…, which also does the step 接转组织关系."""

    changed = Signal()

    def __init__(
        self,
        person_id: int,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retiree_checklist")
        self.person_id = person_id
        self.today = today
        self.dates: dict[str, QDateEdit] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.transfer: dict[str, Any] | None = None  # the person's 组织关系转入, if any
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.start_button = common.button("建立办理清单", self.start)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.grid_host = QWidget()
        grid = QGridLayout(self.grid_host)
        for col, title in enumerate(("步骤", "办理日期", "", "备注")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, step in enumerate(new_retirees.STEPS, 1):
            grid.addWidget(QLabel(f"{row}. {step}"), row, 0)
            edit = QDateEdit()
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(_BLANK)
            edit.setSpecialValueText(NOT_DONE)
            edit.setDate(_BLANK)
            edit.editingFinished.connect(lambda s=step: self.save_step(s))
            self.dates[step] = edit
            grid.addWidget(edit, row, 1)
            today_button = QPushButton("今天办结")
            today_button.clicked.connect(lambda _c=False, s=step: self.done_today(s))
            grid.addWidget(today_button, row, 2)
            note = QLineEdit()
            note.editingFinished.connect(lambda s=step: self.save_step(s))
            self.notes[step] = note
            grid.addWidget(note, row, 3)
        grid.setColumnStretch(3, 1)
        transfer_row = QHBoxLayout()
        self.transfer_state = QLabel()
        self.transfer_state.setObjectName("transfer_state")
        self.transfer_state.setWordWrap(True)
        self.transfer_button = common.button("登记转入…", self.transfer_action)
        transfer_row.addWidget(self.transfer_state, 1)
        transfer_row.addWidget(self.transfer_button)
        grid.addLayout(transfer_row, len(new_retirees.STEPS) + 1, 0, 1, 4)
        hint = QLabel("日期和备注改好后立即保存，不必再点“保存”。")
        hint.setStyleSheet("color: #555555")
        grid.addWidget(hint, len(new_retirees.STEPS) + 2, 0, 1, 4)
        layout.addWidget(self.grid_host)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        steps = {s["step"]: s for s in new_retirees.checklist(self.person_id)}
        has = bool(steps)
        self.start_button.setVisible(not has)
        self.grid_host.setVisible(has)
        if not has:
            self.status.setText(
                "这个人没有离退休办理清单。新办理离退休的人员请点“建立办理清单”，"
                "再逐步填写各步骤的办理日期。"
            )
            return
        for step, s in steps.items():
            self.dates[step].blockSignals(True)
            day = s["done_on"]
            self.dates[step].setDate(QDate(day.year, day.month, day.day) if day else _BLANK)
            self.dates[step].blockSignals(False)
            self.notes[step].setText(s["note"])
        self._show_transfer(steps.get(new_retirees.TRANSFER_STEP))
        done = sum(1 for s in steps.values() if s["done_on"])
        left = [s for s in new_retirees.STEPS if s in steps and not steps[s]["done_on"]]
        self.status.setText(
            f"已办 {done}/{len(steps)} 步。" + (f"下一步：{left[0]}。" if left else "全部办结。")
        )

    def _show_transfer(self, step: dict[str, Any] | None) -> None:
        """The line under the steps: the person's 组织关系转入 and what can be done next."""
        self.transfer = step["transfer"] if step else None
        t = self.transfer
        label = f"{new_retirees.TRANSFER_STEP}："
        if step is None:
            text, button = "", ""
        elif t is None:
            text = label + "还没有登记组织关系转入。党员可点“登记转入…”，办结转接后这一步自动办结。"
            button = "登记转入…"
        elif t["status"] == "办理中":
            text = (
                label + f"<span style='color:#c62828'>转入办理中</span>"
                f"（{t['transfer_date']} 从{t['from_org']}转入{t['to_org']}）"
            )
            button = "办结转接…"
        else:
            text = label + f"转入已完成（{t['completed_on']} 办结，转入{t['to_org']}）"
            button = ""
        self.transfer_state.setText(text)
        self.transfer_button.setText(button)
        self.transfer_button.setVisible(bool(button))

    def transfer_action(self) -> bool:
        """登记转入 prefilled with this person, or 办结 the transfer under way."""
        from ...services import party
        from ..party.transfers_page import complete_transfer, register_transfer

        t = self.transfer
        if t is None:
            if self.person_id not in {p["id"] for p in party.party_candidates()}:
                common.tell(
                    self,
                    "登记组织关系转入",
                    "这个人的政治面貌不是中共党员或预备党员，没有组织关系要转接。"
                    "如填错了，请先在人员信息中改正政治面貌；不需要转接的，直接填这一步的日期。",
                )
                return False
            done = (
                register_transfer(self, self.today(), person_id=self.person_id, direction="转入")
                is not None
            )
        elif t["status"] == "办理中":
            row = next((r for r in party.list_transfers() if r["id"] == t["id"]), None)
            done = row is not None and complete_transfer(self, row, self.today())
        else:
            return False
        self.reload()
        if done:
            self.changed.emit()
        return done

    def start(self) -> None:
        ok, _ = common.guarded(self, "无法建立清单", new_retirees.start_checklist, self.person_id)
        if ok:
            self.reload()
            self.changed.emit()

    def step_date(self, step: str) -> _dt.date | None:
        q = self.dates[step].date()
        return None if q == _BLANK else _dt.date(q.year(), q.month(), q.day())

    def set_step(self, step: str, day: _dt.date | None, note: str | None = None) -> bool:
        """Put ``day`` (None: 未办) and ``note`` in the step's editors and save them."""
        self.dates[step].setDate(QDate(day.year, day.month, day.day) if day else _BLANK)
        if note is not None:
            self.notes[step].setText(note)
        return self.save_step(step)

    def done_today(self, step: str) -> bool:
        return self.set_step(step, self.today())

    def save_step(self, step: str) -> bool:
        current = {s["step"]: s for s in new_retirees.checklist(self.person_id)}.get(step)
        if current is None:
            return False
        day, note = self.step_date(step), self.notes[step].text().strip()
        if current["done_on"] == day and current["note"] == note:
            return True
        ok, _ = common.guarded(
            self,
            "无法保存办理日期",
            new_retirees.set_step,
            self.person_id,
            step,
            day,
            note,
            today=self.today(),
        )
        self.reload()  # a refused date goes back to the stored one
        if ok:
            self.changed.emit()
        return ok
