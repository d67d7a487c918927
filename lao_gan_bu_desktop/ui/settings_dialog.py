"""工具 → 设置: zone, city and office names, the sender on envelopes and labels, the clerks
(kept in the database via services.office_setup and services.settings), the order of the units
that every report, directory and list follows (services.units), and on its own page the
操作员 with their passwords and the idle lock (ui/operators/editor.py).

A change is written to the audit log like any other change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.pinyin import sort_key
from ..services import audit, units
from ..services.office_setup import SetupError, current_setup, save_setup
from ..services.operators import OperatorError
from .office_form import OfficeForm
from .operators.editor import OperatorsPage


class SettingsDialog(QDialog):
    """Edit the settings; ``save()`` stores the changed ones and audits them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.form = OfficeForm(current_setup(), self)
        self.edits: dict[str, QLineEdit] = dict(self.form.edits)
        buttons = QDialogButtonBox(self)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("这些设置保存在数据文件中，随备份一起保存。", self)
        note.setStyleSheet("color: #666;")
        office = QWidget(self)
        office_layout = QVBoxLayout(office)
        office_layout.addWidget(self.form)
        office_layout.addWidget(self._unit_order_box())
        self.operators = OperatorsPage(self)
        self.pages = QTabWidget(self)
        self.pages.addTab(office, "科室与单位")
        self.pages.addTab(self.operators, "操作员")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _unit_order_box(self) -> QGroupBox:
        box = QGroupBox("单位顺序（统计报表、通讯录、核对表、慰问名单都按这个顺序）", self)
        self.unit_list = QListWidget(box)
        self.unit_list.addItems(units.ordered_units())
        self.unit_list.setMinimumHeight(120)
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

    def save(self) -> bool:
        """Store the changes (False, with the reason shown, when a field is wrong)."""
        try:
            save_setup(self.form.setup())
            self.operators.save()
        except (SetupError, OperatorError) as exc:
            QMessageBox.warning(self, "设置", f"没有保存：{exc.message}")
            return False
        if self.units_changed:
            before = units.ordered_units()
            units.set_unit_order([] if self.units_by_pinyin else self.unit_order())
            after = units.ordered_units()
            audit.record(
                "修改",
                "setting",
                None,
                "修改设置：单位顺序",
                {"单位顺序": ("、".join(before), "、".join(after))},
            )
        self.accept()
        return True
