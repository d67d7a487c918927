"""工具 → 设置: zone, city and office names, the sender on envelopes and labels, the clerks and
the operator (kept in the database via services.office_setup and services.settings).

A change is written to the audit log like any other change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..services.office_setup import SetupError, current_setup, save_setup
from ..services.settings import get_setting
from .office_form import OfficeForm


class SettingsDialog(QDialog):
    """Edit the settings; ``save()`` stores the changed ones and audits them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.form = OfficeForm(current_setup(), self)
        operator = QLineEdit(str(get_setting("operator", "") or ""), self)
        operator.setObjectName("setting_operator")
        tip = "记录在操作日志中；留空则使用电脑的登录用户名"
        operator.setPlaceholderText(tip)
        operator.setToolTip(tip)
        self.form.form.addRow("操作员姓名：", operator)
        self.edits: dict[str, QLineEdit] = {**self.form.edits, "operator": operator}
        buttons = QDialogButtonBox(self)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("这些设置保存在数据文件中，随备份一起保存。", self)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def save(self) -> bool:
        """Store the changes (False, with the reason shown, when a field is wrong)."""
        try:
            save_setup(self.form.setup(), operator=self.edits["operator"].text())
        except SetupError as exc:
            QMessageBox.warning(self, "设置", f"没有保存：{exc.message}")
            return False
        self.accept()
        return True
