"""The small 帮扶 dialogs: new case, next step, payment, rejection, correction, budget.

Each dialog only collects values (``values()`` returns a dict of keyword arguments for the
matching service function); the caller runs the service through ``aid_common.guarded`` so a
rule broken by the clerk shows its Chinese message and the dialog's values can be fixed.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import aid_rules as rules
from ...services import aid, aid_budget
from ...services.settings import operator_name
from . import common
from .common import from_qdate, to_qdate, yuan


def _date_edit(day: _dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _buttons(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _money_edit(placeholder: str = "例如 3000 或 1250.50") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    return edit


class NewCaseDialog(QDialog):
    """新建帮扶案例: pick a person (or come with one), year, category, hardship, amount."""

    def __init__(
        self, today: _dt.date, person_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建帮扶案例")
        self.today = today
        self.fixed_person = person_id
        form = QFormLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母、身份证后几位或电话查找")
        self.matches = QListWidget()
        self.matches.setMaximumHeight(130)
        self.person_label = QLabel()
        if person_id is None:
            form.addRow("查找人员：", self.search)
            form.addRow("", self.matches)
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(200)
            self._timer.timeout.connect(self.update_matches)
            self.search.textChanged.connect(lambda _t: self._timer.start())
        else:
            self.person_label.setText(aid.person_label(person_id))
            form.addRow("人员：", self.person_label)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(today.year)
        form.addRow("年度：", self.year)
        self.category = QComboBox()
        self.category.addItems(rules.AID_CATEGORIES)
        form.addRow("帮扶类别：", self.category)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("家庭、疾病、收入、支出等困难情况")
        self.reason.setMinimumHeight(90)
        form.addRow("困难情况：", self.reason)
        self.amount = _money_edit()
        form.addRow("申请金额（元）：", self.amount)
        self.applied_on = _date_edit(today)
        form.addRow("申请日期：", self.applied_on)
        self.clerk = QLineEdit()
        working = operator_name()
        self.clerk.setPlaceholderText(
            f"留空则为当前操作员（{working}）" if working else "留空则为当前操作员"
        )
        form.addRow("经办人：", self.clerk)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "新建"))
        self.resize(520, 520)

    def update_matches(self) -> None:
        """Fill the list with the people matching the search text."""
        self.matches.clear()
        text = self.search.text().strip()
        if not text:
            return
        for p in aid.find_persons(text, today=self.today, limit=30):
            tail = f"，身份证尾号 {p['id_number'][-4:]}" if p["id_number"] else ""
            age = f"，{p['age']}岁" if p["age"] is not None else ""
            item = QListWidgetItem(f"{p['name']}（{p['unit'] or '未填单位'}{age}{tail}）")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.matches.addItem(item)
        if self.matches.count() == 1:
            self.matches.setCurrentRow(0)

    def person_id(self) -> int | None:
        if self.fixed_person is not None:
            return self.fixed_person
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``services.aid.create_case`` (``person_id`` included)."""
        return {
            "person_id": self.person_id(),
            "year": self.year.value(),
            "category": self.category.currentText(),
            "reason": self.reason.toPlainText(),
            "amount_requested": self.amount.text(),
            "on": from_qdate(self.applied_on.date()),
            "clerk": self.clerk.text(),
        }


class StepDialog(QDialog):
    """办理下一步: date, note, (for 审批) the approved amount, and when the step after is due."""

    def __init__(self, case: dict[str, Any], today: _dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.case = case
        self.step = case["next_step"]
        self.setWindowTitle(f"办理“{self.step}”— {case['name']}")
        form = QFormLayout()
        form.addRow("案例：", QLabel(f"{case['name']}　{case['year']}年{case['category']}"))
        form.addRow("当前步骤：", QLabel(f"{case['status']} → {self.step}"))
        self.on = _date_edit(today)
        form.addRow("办理日期：", self.on)
        self.amount = _money_edit()
        if self.step == "审批":
            self.amount.setText(f"{case['amount_requested']}")
            form.addRow("审批金额（元）：", self.amount)
            summary = aid_budget.budget_summary(case["year"])
            if summary["budget"] is not None:
                form.addRow(
                    "经费余额",
                    QLabel(
                        f"{case['year']}年经费 {yuan(summary['budget'])}，剩余 {yuan(summary['remaining'])}"
                    ),
                )
            else:
                form.addRow("经费余额：", QLabel(f"{case['year']}年尚未设置帮扶经费"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("意见、核实情况等")
        self.note.setMaximumHeight(90)
        form.addRow("说明：", self.note)
        after = rules.next_step(self.step)
        self.due = _date_edit(rules.default_due(self.step, today) or today)
        if after:
            form.addRow(f"“{after}”期限：", self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, f"办理{self.step}"))
        self.on.dateChanged.connect(self._shift_due)
        self.resize(440, 300)

    def _shift_due(self) -> None:
        due = rules.default_due(self.step, from_qdate(self.on.date()))
        if due:
            self.due.setDate(to_qdate(due))

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``services.aid.advance`` (besides the case id)."""
        values: dict[str, Any] = {
            "step": self.step,
            "on": from_qdate(self.on.date()),
            "note": self.note.toPlainText(),
        }
        if self.step == "审批":
            values["amount_approved"] = self.amount.text()
        if rules.next_step(self.step):
            values["next_step_due"] = from_qdate(self.due.date())
        return values


class PaymentDialog(QDialog):
    """登记发放: date, amount (the rest by default), method, receipt number."""

    def __init__(self, case: dict[str, Any], today: _dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"登记发放 — {case['name']}")
        approved = case["amount_approved"] or Decimal("0")
        rest = approved - case["paid"]
        form = QFormLayout()
        form.addRow(
            "审批金额：",
            QLabel(f"{yuan(approved)}（已发放 {yuan(case['paid'])}，尚可发放 {yuan(rest)}）"),
        )
        self.paid_on = _date_edit(today)
        form.addRow("发放日期：", self.paid_on)
        self.amount = _money_edit()
        self.amount.setText(f"{rest}" if rest > 0 else "")
        form.addRow("发放金额（元）：", self.amount)
        self.method = QComboBox()
        self.method.addItems(rules.PAYMENT_METHODS)
        form.addRow("发放方式：", self.method)
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText("银行回单号或收据号")
        form.addRow("凭证号：", self.receipt)
        self.note = QLineEdit()
        form.addRow("说明：", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "登记"))

    def values(self) -> dict[str, Any]:
        return {
            "paid_on": from_qdate(self.paid_on.date()),
            "amount": self.amount.text(),
            "method": self.method.currentText(),
            "receipt_no": self.receipt.text(),
            "note": self.note.text(),
        }


class RejectDialog(QDialog):
    """驳回: the date and the reason (required)."""

    def __init__(self, case: dict[str, Any], today: _dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"驳回 — {case['name']}")
        form = QFormLayout()
        form.addRow(QLabel("驳回后案例关闭，不能再办理。请写明理由，以便答复申请人。"))
        self.on = _date_edit(today)
        form.addRow("驳回日期：", self.on)
        self.reason = QPlainTextEdit()
        self.reason.setMaximumHeight(100)
        form.addRow("驳回理由：", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "驳回"))

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText(), "on": from_qdate(self.on.date())}


class CorrectionDialog(QDialog):
    """更正: change amounts, category, hardship text, clerk or due date, or go back one step;
    the change is recorded as a new event with the reason."""

    def __init__(self, case: dict[str, Any], today: _dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.case = case
        self.setWindowTitle(f"更正 — {case['name']}")
        form = QFormLayout()
        form.addRow(QLabel("更正不会改动已有的办理记录，而是新增一条“更正”记录。"))
        self.on = _date_edit(today)
        form.addRow("更正日期：", self.on)
        self.note = QLineEdit()
        self.note.setPlaceholderText("必填：为什么要更正")
        form.addRow("更正原因：", self.note)
        self.requested = _money_edit()
        self.requested.setText(f"{case['amount_requested']}")
        form.addRow("申请金额（元）：", self.requested)
        self.approved = _money_edit("尚未审批")
        if case["amount_approved"] is not None:
            self.approved.setText(f"{case['amount_approved']}")
        else:
            self.approved.setEnabled(False)
        form.addRow("审批金额（元）：", self.approved)
        self.category = QComboBox()
        self.category.addItems(rules.AID_CATEGORIES)
        self.category.setCurrentText(case["category"])
        form.addRow("帮扶类别：", self.category)
        self.reason = QPlainTextEdit(case["reason"])
        self.reason.setMaximumHeight(90)
        form.addRow("困难情况：", self.reason)
        self.clerk = QLineEdit(case["clerk"])
        form.addRow("经办人：", self.clerk)
        self.due = _date_edit(case["next_step_due"] or today)
        self.due.setEnabled(case["next_step_due"] is not None)
        form.addRow("下一步期限：", self.due)
        back = rules.previous_step(case["status"])
        self.step_back = QCheckBox(f"退回到上一步“{back}”（误操作时用）" if back else "退回上一步")
        self.step_back.setEnabled(back is not None)
        form.addRow("", self.step_back)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "更正"))
        self.resize(500, 480)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``services.aid.correct``; unchanged fields are left out."""
        case = self.case
        values: dict[str, Any] = {"note": self.note.text(), "on": from_qdate(self.on.date())}
        if self.requested.text().strip() != f"{case['amount_requested']}":
            values["amount_requested"] = self.requested.text()
        if (
            self.approved.isEnabled()
            and self.approved.text().strip() != f"{case['amount_approved']}"
        ):
            values["amount_approved"] = self.approved.text()
        if self.category.currentText() != case["category"]:
            values["category"] = self.category.currentText()
        if self.reason.toPlainText().strip() != case["reason"]:
            values["reason"] = self.reason.toPlainText()
        if self.clerk.text().strip() != case["clerk"]:
            values["clerk"] = self.clerk.text()
        if self.due.isEnabled() and from_qdate(self.due.date()) != case["next_step_due"]:
            values["next_step_due"] = from_qdate(self.due.date())
        if self.step_back.isChecked():
            values["step_back"] = True
        return values


class BudgetDialog(QDialog):
    """设置帮扶经费: year and amount."""

    def __init__(self, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("设置帮扶经费")
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(year)
        form.addRow("年度：", self.year)
        self.amount = _money_edit("全年帮扶经费，例如 200000")
        form.addRow("经费（元）：", self.amount)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("来源、文号等（可不填）")
        form.addRow("说明：", self.notes)
        self.year.valueChanged.connect(self._load)
        self._load()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "保存"))

    def _load(self) -> None:
        current = aid_budget.get_budget(self.year.value())
        self.amount.setText(f"{current}" if current is not None else "")

    def values(self) -> dict[str, Any]:
        return {"year": self.year.value(), "amount": self.amount.text(), "notes": self.notes.text()}


def create_new_case(parent: QWidget, today: _dt.date, person_id: int | None = None) -> int | None:
    """Ask for a new case with NewCaseDialog until it is created (a second case of the year is
    confirmed first) or the clerk cancels; returns the new case's id or None."""
    dialog = NewCaseDialog(today, person_id, parent)
    while common.run_dialog(dialog):
        values = dialog.values()
        if values["person_id"] is None:
            common.tell_error(parent, "新建帮扶案例", "请先查找并在列表中选中一位人员。")
            continue
        ok, case_id = common.guarded(
            parent, "无法新建案例", aid.create_case, confirm_flag="confirm_duplicate", **values
        )
        if ok:
            return case_id
    return None
