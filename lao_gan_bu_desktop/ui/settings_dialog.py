"""工具 → 设置: zone, city, office and operator names (kept in the database via services.settings).

A change is written to the audit log like any other change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..services import audit
from ..services.settings import get_setting, set_setting

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("zone_name", "区（开发区）名称", "如 高新区；用于首页标题和年报"),
    ("city_name", "所在城市", "如 郑州"),
    ("office_name", "科室名称", "如 党群工作部干部管理科；用于报表落款"),
    ("operator", "操作员姓名", "记录在操作日志中，并作为帮扶等表格的经办人"),
)


class SettingsDialog(QDialog):
    """Edit the settings; ``save()`` stores the changed ones and audits them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, tip in FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"setting_{key}")
            edit.setText(
                str(get_setting(key) or "")
                if key != "operator"
                else str(get_setting("operator", "") or "")
            )
            edit.setPlaceholderText(tip)
            edit.setToolTip(tip)
            edit.setMinimumWidth(300)
            self.edits[key] = edit
            form.addRow(label + "：", edit)
        buttons = QDialogButtonBox(self)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("这些设置保存在数据文件中，随备份一起保存。", self)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def save(self) -> None:
        changes: dict[str, tuple[object, object]] = {}
        for key, edit in self.edits.items():
            old = get_setting(key, "") if key == "operator" else get_setting(key)
            new = edit.text().strip()
            if (old or "") != new:
                set_setting(key, new)
                changes[key] = (old, new)
        if changes:
            audit.record("修改", "setting", None, "修改设置：" + "、".join(changes), changes)
        self.accept()
