"""工具 → 设置: zone, city and office names, the sender on envelopes and labels, the clerks
(kept in the database via services.office_setup and services.settings), the order of the units
that every report, directory and list follows (services.units), and on its own page the
操作员 with their passwords and the idle lock (ui/operators/editor.py).

A change is written to the audit log like any other change.
"""

from __future__ import annotations

from pathlib import Path

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
from ..services.data_folder import save_database_url, saved_database_url
from ..services.office_setup import SetupError, current_setup, save_setup
from ..services.operators import OperatorError
from .office_form import OfficeForm
from .operators.editor import OperatorsPage


class SettingsDialog(QDialog):
    """Edit the settings; ``save()`` stores the changed ones and audits them."""

    def __init__(self, parent: QWidget | None = None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
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
        if data_dir is not None:  # this PC's own: which database it opens at the next start
            self.pages.addTab(self._server_box(data_dir), "数据库服务器")
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

    def _server_box(self, data_dir: Path) -> QGroupBox:
        box = QGroupBox("数据库服务器（几台电脑共用一份花名册时填写）", self)
        self.server_url = QLineEdit(saved_database_url(data_dir) or "", box)
        self.server_url.setObjectName("setting_database_url")
        self.server_url.setPlaceholderText(
            "postgresql://用户名:密码@服务器地址/数据库名（留空：用本机的数据文件）"
        )
        hint = QLabel(
            "保存在这台电脑的数据文件夹中，下次打开程序时生效。"
            "本机已有的数据要先用命令 lao-gan-bu migrate-to 地址 复制到服务器。",
            box,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        column = QVBoxLayout(box)
        column.addWidget(self.server_url)
        column.addWidget(hint)
        column.addStretch(1)  # a tab page of its own: the field and its hint at the top
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
        url = self.server_url.text().strip() if self.data_dir is not None else ""
        if url and not url.startswith(("postgresql://", "postgres://")):
            QMessageBox.warning(
                self,
                "设置",
                "没有保存：数据库服务器地址应当以 postgresql:// 开头，"
                "例如 postgresql://laoganbu@192.168.1.10/laoganbu。请改正或清空后再保存。",
            )
            return False
        try:
            save_setup(self.form.setup())
            self.operators.save()
        except (SetupError, OperatorError) as exc:
            QMessageBox.warning(self, "设置", f"没有保存：{exc.message}")
            return False
        if self.data_dir is not None and url != (saved_database_url(self.data_dir) or ""):
            save_database_url(self.data_dir, url)
            QMessageBox.information(
                self,
                "设置",
                "数据库服务器地址已保存，下次打开程序时生效。"
                if url
                else "已改回使用本机的数据文件，下次打开程序时生效。",
            )
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
