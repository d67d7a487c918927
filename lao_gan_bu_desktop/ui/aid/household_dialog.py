"""家庭与收款信息 of one aid case: 家庭人口, 家庭月收入, 开户行 and 账号, which the application form
prints and the payment needs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services.aid_household import MAX_HOUSEHOLD


class HouseholdDialog(QDialog):
    """Edit the household and bank details; ``values()`` gives the keyword arguments of
    ``services.aid_household.set_household_details``."""

    def __init__(self, name: str, details: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"家庭与收款信息 — {name}")
        form = QFormLayout()
        hint = QLabel("申请表上印这些内容；发放帮扶金时按开户行和账号转账。不知道的可以先空着。")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.household_size = QSpinBox()
        self.household_size.setRange(0, MAX_HOUSEHOLD)
        self.household_size.setSpecialValueText("未填")
        self.household_size.setSuffix(" 人")
        self.household_size.setValue(int(details.get("household_size") or 0))
        form.addRow("家庭人口", self.household_size)
        self.household_income = QLineEdit()
        self.household_income.setPlaceholderText("元，如 3600")
        income = details.get("household_income")
        if isinstance(income, Decimal):
            self.household_income.setText(f"{income:.2f}")
        form.addRow("家庭月收入（元）", self.household_income)
        self.bank = QLineEdit(details.get("bank") or "")
        self.bank.setPlaceholderText("如 中国工商银行郑州高新技术开发区支行")
        form.addRow("开户行", self.bank)
        self.bank_account = QLineEdit(details.get("bank_account") or "")
        self.bank_account.setPlaceholderText("照存折或银行卡填写，可用空格分段")
        form.addRow("账号", self.bank_account)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        size = self.household_size.value()
        return {
            "household_size": size or None,
            "household_income": self.household_income.text().strip() or None,
            "bank": self.bank.text(),
            "bank_account": self.bank_account.text(),
        }
