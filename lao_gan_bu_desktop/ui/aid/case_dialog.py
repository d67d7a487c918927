"""One hardship-aid case: its facts, the event timeline, the next-step buttons, payments,
attachments (add / open with the system viewer) and printing the application form. Each step is
made against the version of the case shown; someone else's change meanwhile brings up the
conflict dialog (重新载入 / 仍然保存 / 取消)."""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import aid_rules as rules
from ...core import clock
from ...core.filenames import dated_filename
from ...services import aid, aid_attachments, aid_household, aid_papers
from ...services.errors import ConflictError
from ..common.conflict_dialog import OVERWRITE, RELOAD, ask_conflict
from ..common.font_size import set_relative_font
from ..common.screen_fit import fit_to_screen
from . import common
from .dialogs import CorrectionDialog, PaymentDialog, RejectDialog, StepDialog
from .household_dialog import HouseholdDialog

log = logging.getLogger(__name__)

STATUS_COLORS = {"驳回": "#b71c1c", "结案": "#555555"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]], right: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def household_text(details: dict[str, Any]) -> str:
    """ "家庭人口 2 人，家庭月收入 3,600.00 元；开户行 …，账号 …" and a line break, or ""."""
    parts = []
    if details.get("household_size"):
        parts.append(f"家庭人口 {details['household_size']} 人")
    if details.get("household_income") is not None:
        parts.append(f"家庭月收入 {common.yuan(details['household_income'])}")
    bank = "，".join(
        x
        for x in (
            f"开户行 {details['bank']}" if details.get("bank") else "",
            f"账号 {details['bank_account']}" if details.get("bank_account") else "",
        )
        if x
    )
    text = "；".join(x for x in ("，".join(parts), bank) if x)
    return f"{text}\n" if text else ""


class AidCaseDialog(QDialog):
    """The case window; ``changed`` is emitted after anything was recorded."""

    changed = Signal()

    def __init__(
        self,
        case_id: int,
        today: Callable[[], _dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.today = today
        self.case: dict[str, Any] = {}
        self.setWindowTitle("帮扶案例")
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        set_relative_font(self.heading, 1.35, bold=True)
        layout.addWidget(self.heading)
        facts = QGridLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for i, (key, title) in enumerate(
            (
                ("category", "帮扶类别"),
                ("status", "当前步骤"),
                ("amount_requested", "申请金额"),
                ("amount_approved", "审批金额"),
                ("paid", "已发放"),
                ("next", "下一步"),
                ("clerk", "经办人"),
                ("unit", "单位"),
            )
        ):
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = label
            facts.addWidget(QLabel(f"{title}："), i // 4, (i % 4) * 2)
            facts.addWidget(label, i // 4, (i % 4) * 2 + 1)
        for column in (1, 3, 5, 7):
            facts.setColumnStretch(column, 1)
        layout.addLayout(facts)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reason)

        actions = QHBoxLayout()
        self.advance_button = QPushButton()
        self.advance_button.setDefault(True)
        self.advance_button.clicked.connect(self.advance)
        self.pay_button = QPushButton("登记发放…")
        self.pay_button.clicked.connect(self.record_payment)
        self.reject_button = QPushButton("驳回…")
        self.reject_button.clicked.connect(self.reject_case)
        self.correct_button = QPushButton("更正…")
        self.correct_button.clicked.connect(self.correct)
        self.household_button = QPushButton("家庭与收款信息…")
        self.household_button.clicked.connect(self.edit_household)
        self.print_button = QPushButton("打印申请表…")
        self.print_button.clicked.connect(self.print_application)
        for button in (
            self.advance_button,
            self.pay_button,
            self.reject_button,
            self.correct_button,
            self.household_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        layout.addLayout(actions)

        timeline = QGroupBox("办理记录")
        box = QVBoxLayout(timeline)
        self.events = _table(["日期", "步骤", "经办人", "金额（元）", "说明"])
        box.addWidget(self.events)
        layout.addWidget(timeline, 3)

        lower = QHBoxLayout()
        payments = QGroupBox("发放记录")
        box = QVBoxLayout(payments)
        self.payments = _table(["发放日期", "金额（元）", "方式", "凭证号"])
        box.addWidget(self.payments)
        lower.addWidget(payments, 1)
        attachments = QGroupBox("附件（申请书、医疗票据、照片等）")
        box = QVBoxLayout(attachments)
        self.attachments = _table(["文件名", "添加时间"])
        self.attachments.doubleClicked.connect(lambda _i: self.open_attachment())
        box.addWidget(self.attachments)
        row = QHBoxLayout()
        self.add_attachment_button = QPushButton("添加附件…")
        self.add_attachment_button.clicked.connect(self.add_attachments)
        self.open_attachment_button = QPushButton("打开")
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.remove_attachment_button = QPushButton("移除…")
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        row.addWidget(self.add_attachment_button)
        row.addWidget(self.open_attachment_button)
        row.addWidget(self.remove_attachment_button)
        row.addStretch(1)
        box.addLayout(row)
        lower.addWidget(attachments, 1)
        layout.addLayout(lower, 2)

        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_application)
        self.reload()
        fit_to_screen(self, 900, 720)

    # ------------------------------------------------------------ showing

    def reload(self) -> None:
        """Read the case again and show it."""
        try:
            self.case = aid.get_case(self.case_id, today=self.today())
        except rules.AidRuleError as exc:
            common.tell_error(self, "无法打开案例", exc.message)
            return
        c = self.case
        number = aid_household.case_number(self.case_id)  # as the printed form has it
        self.setWindowTitle(f"帮扶案例 {number} — {c['name']}")
        self.heading.setText(f"{c['name']}　{c['year']}年{c['category']}　（编号 {number}）")
        f = self.fact_labels
        f["category"].setText(c["category"])
        color = STATUS_COLORS.get(c["status"], "#1565c0")
        f["status"].setText(f"<b style='color:{color}'>{c['status']}</b>")
        f["amount_requested"].setText(common.yuan(c["amount_requested"]))
        f["amount_approved"].setText(common.yuan(c["amount_approved"]) or "尚未审批")
        paid = common.yuan(c["paid"])
        f["paid"].setText(paid + ("（已足额）" if c["fully_paid"] else ""))
        if c["next_step"]:
            due = c["next_step_due"].isoformat() if c["next_step_due"] else "未定"
            late = "，<span style='color:#b71c1c'>已超期</span>" if c["overdue"] else ""
            f["next"].setText(f"{c['next_step']}（期限 {due}{late}）")
        else:
            f["next"].setText("—（已关闭）")
        f["clerk"].setText(c["clerk"])
        f["unit"].setText(c["unit"])
        contact = "　".join(
            x for x in (f"电话 {c['phone']}" if c["phone"] else "", c["address"]) if x
        )
        self.household = aid_household.household_details(self.case_id)
        self.reason.setText(
            (f"联系：{contact}\n" if contact else "")
            + household_text(self.household)
            + f"困难情况：{c['reason']}"
        )
        _fill(
            self.events,
            [
                [
                    e["on"].isoformat(),
                    e["step"],
                    e["operator"],
                    common.money_text(e["amount"]),
                    e["note"],
                ]
                for e in c["events"]
            ],
            {3},
        )
        _fill(
            self.payments,
            [
                [
                    p["paid_on"].isoformat(),
                    common.money_text(p["amount"]),
                    p["method"],
                    p["receipt_no"],
                ]
                for p in c["payments"]
            ],
            {1},
        )
        _fill(
            self.attachments,
            [[a["filename"], a["added_at"].strftime("%Y-%m-%d %H:%M")] for a in c["attachments"]],
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        c = self.case
        nxt = c["next_step"]
        is_open = c["is_open"]
        pay_step = c["status"] in ("审批", "发放") and not c["fully_paid"]
        # 发放 is recorded by 登记发放; the big button offers the step after it
        if nxt == "发放":
            self.advance_button.setText("登记发放…")
        elif nxt:
            self.advance_button.setText(f"办理“{nxt}”…")
        else:
            self.advance_button.setText("已关闭")
        self.advance_button.setEnabled(bool(nxt) and not (nxt == "回访" and not c["fully_paid"]))
        self.pay_button.setEnabled(pay_step)
        # while 发放 is next the big button is 登记发放… itself: two such buttons side by side
        # left the clerk guessing which to press
        self.pay_button.setHidden(nxt == "发放")
        self.reject_button.setEnabled(is_open and c["paid"] <= 0)
        self.correct_button.setEnabled(True)
        if nxt == "回访" and not c["fully_paid"]:
            self.advance_button.setToolTip("尚未足额发放，请先登记其余的发放")
        else:
            self.advance_button.setToolTip("")

    # ------------------------------------------------------------ actions

    def _done(self) -> None:
        self.reload()
        self.changed.emit()

    def _act(
        self, title: str, action: Any, *, confirm_flag: str | None = None, **values: Any
    ) -> bool:
        """Run one action on the case against the version shown. When someone else changed the
        case meanwhile, ask: 重新载入 (show the case as stored, drop this action), 仍然保存 (do it
        against the new version) or 取消 (back to the action's dialog). True when done with it."""
        version = self.case.get("version")
        while True:
            found: list[ConflictError] = []
            ok, _ = common.guarded(
                self,
                title,
                action,
                confirm_flag=confirm_flag,
                conflicts=found,
                case_id=self.case_id,
                expected_version=version,
                **values,
            )
            if ok:
                self._done()
                return True
            if not found:
                return False  # the error was shown; the clerk may correct the input
            choice = self.ask_conflict(found[0])
            if choice == OVERWRITE and not found[0].deleted:
                version = found[0].current_version
                continue
            if choice == RELOAD:
                self._done()
                return True
            return False

    def ask_conflict(self, error: ConflictError) -> str:
        """重新载入 / 仍然保存 / 取消 when someone else saved the case meanwhile."""
        return ask_conflict(self, error)

    def advance(self) -> None:
        """办理下一步 (for 发放: 登记发放)."""
        if self.case.get("next_step") == "发放":
            self.record_payment()
            return
        if not self.case.get("next_step"):
            return
        dialog = StepDialog(self.case, self.today(), self)
        while common.run_dialog(dialog):
            if self._act(
                "无法办理", aid.advance, confirm_flag="confirm_over_budget", **dialog.values()
            ):
                return

    def record_payment(self) -> None:
        dialog = PaymentDialog(self.case, self.today(), self)
        while common.run_dialog(dialog):
            if self._act("无法登记发放", aid.record_payment, **dialog.values()):
                return

    def reject_case(self) -> None:
        dialog = RejectDialog(self.case, self.today(), self)
        while common.run_dialog(dialog):
            if self._act("无法驳回", aid.reject, confirm_flag="confirm_paid", **dialog.values()):
                return

    def correct(self) -> None:
        dialog = CorrectionDialog(self.case, self.today(), self)
        while common.run_dialog(dialog):
            if self._act(
                "无法更正", aid.correct, confirm_flag="confirm_over_budget", **dialog.values()
            ):
                return

    def edit_household(self) -> None:
        """家庭人口, 家庭月收入, 开户行, 账号 (printed on the application form)."""
        dialog = HouseholdDialog(self.case["name"], self.household, self)
        while common.run_dialog(dialog):
            if self._act(
                "无法保存家庭与收款信息", aid_household.set_household_details, **dialog.values()
            ):
                return

    def add_attachments(self) -> None:
        paths = common.ask_open_paths(self, "选择要添加的附件")
        for path in paths:
            ok, _ = common.guarded(
                self,
                "无法添加附件",
                aid_attachments.add_attachment,
                case_id=self.case_id,
                source=path,
            )
            if not ok:
                break
        if paths:
            self._done()

    def open_attachment(self) -> None:
        row = self.attachments.currentRow()
        if row < 0:
            common.tell_error(self, "打开附件", "请先在附件列表中选中一个文件。")
            return
        attachment = self.case["attachments"][row]
        ok, path = common.guarded(
            self, "无法打开附件", aid_attachments.attachment_path, attachment_id=attachment["id"]
        )
        if ok and path is not None and not common.open_path(path):
            common.tell_error(
                self,
                "无法打开附件",
                f"系统没有能打开这个文件的程序：{path}。可以到文件夹中手动打开。",
            )

    def remove_attachment(self) -> None:
        row = self.attachments.currentRow()
        if row < 0:
            common.tell_error(self, "移除附件", "请先在附件列表中选中一个文件。")
            return
        attachment = self.case["attachments"][row]
        question = (
            f"从案例中移除附件“{attachment['filename']}”吗？\n"
            "文件不会被删除，而是移到该案例附件文件夹中的“已移除”子文件夹，需要时可重新添加。"
        )
        if not common.ask_yes_no(self, "移除附件", question):
            return
        ok, _ = common.guarded(
            self, "无法移除附件", aid_attachments.remove_attachment, attachment_id=attachment["id"]
        )
        if ok:
            self._done()

    def print_application(self) -> None:
        """Save 《离退休干部特殊困难帮扶申请表》 as a PDF and open it for printing."""
        c = self.case
        suggested = Path(dated_filename(f"帮扶申请表_{c['name']}_{c['id']}", self.today(), ".pdf"))
        target = common.ask_save_path(self, "保存帮扶申请表", suggested, "PDF 文件 (*.pdf)")
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        ok, path = common.guarded(
            self,
            "无法生成申请表",
            aid_papers.export_application_pdf,
            case_id=self.case_id,
            path=target,
            day=self.today(),
        )
        if ok and path is not None:
            common.open_path(path)
