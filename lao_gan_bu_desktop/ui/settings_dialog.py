"""工具 → 设置: zone, city, office and operator names (kept in the database via services.settings),
and the order of the units that every report, directory and list follows (services.units).

A change is written to the audit log like any other change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.pinyin import sort_key
from ..services import audit, units
from ..services.settings import get_setting, set_setting

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("zone_name", "区（开发区）名称", "如 高新区；用于首页标题和年报"),
    ("city_name", "所在城市", "如 郑州"),
    ("office_name", "科室名称", "如 党群工作部干部管理科；用于报表落款"),
    ("operator", "操作员姓名", "记录在操作日志中；留空则使用电脑的登录用户名"),
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
        layout.addWidget(self._unit_order_box())
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _unit_order_box(self) -> QGroupBox:
        box = QGroupBox("单位顺序（统计报表、通讯录、核对表、慰问名单都按这个顺序）", self)
        self.unit_list = QListWidget(box)
        self.unit_list.addItems(units.ordered_units())
        self.unit_list.setMinimumHeight(160)
        self.units_changed = False
        self.units_by_pinyin = False
        up = QPushButton("上移", box)
        down = QPushButton("下移", box)
        pinyin = QPushButton("按拼音排", box)
        up.clicked.connect(lambda: self.move_unit(-1))
        down.clicked.connect(lambda: self.move_unit(1))
        pinyin.clicked.connect(self.units_in_pinyin_order)
        side = QVBoxLayout()
        for button in (up, down, pinyin):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.unit_list, 1)
        row.addLayout(side)
        return box

    def move_unit(self, step: int) -> None:
        """Move the chosen unit up (-1) or down (1) the list."""
        row = self.unit_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.unit_list.count():
            return
        item = self.unit_list.takeItem(row)
        self.unit_list.insertItem(target, item)
        self.unit_list.setCurrentRow(target)
        self.units_changed, self.units_by_pinyin = True, False

    def units_in_pinyin_order(self) -> None:
        names = sorted(self.unit_order(), key=sort_key)
        self.unit_list.clear()
        self.unit_list.addItems(names)
        self.units_changed, self.units_by_pinyin = True, True

    def unit_order(self) -> list[str]:
        return [self.unit_list.item(i).text() for i in range(self.unit_list.count())]

    def save(self) -> None:
        changes: dict[str, tuple[object, object]] = {}
        for key, edit in self.edits.items():
            old = get_setting(key, "") if key == "operator" else get_setting(key)
            new = edit.text().strip()
            if (old or "") != new:
                set_setting(key, new)
                changes[key] = (old, new)
        if self.units_changed:
            before = units.ordered_units()
            units.set_unit_order([] if self.units_by_pinyin else self.unit_order())
            changes["单位顺序"] = ("、".join(before), "、".join(units.ordered_units()))
        if changes:
            audit.record("修改", "setting", None, "修改设置：" + "、".join(changes), changes)
        self.accept()
