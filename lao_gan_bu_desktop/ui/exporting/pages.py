"""The pages of the export wizard: 导出什么 (KindPage), 哪些人 (PeoplePage), 哪些列 (ColumnsPage)
and 保存到哪里 (TargetPage). A page asks its wizard (QWizardPage.wizard()) for the chosen kind.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...core.ages import AGE_BRACKETS
from ...core.roster_filter import DEMOCRATIC_PARTIES, PARTY_MEMBERS, RosterFilter
from ...core.tiers import SERVICE_TIERS
from ...core.vocab import (
    PERSON_STATUSES,
    POLITICAL_STATUSES,
    RESIDENCE_AREAS,
    RETIREMENT_KINDS,
)
from ...services import exporting
from ...services.export_columns import (
    BUILTIN_PRESETS,
    EXPORT_COLUMNS,
    LAST_PRESET,
    LEADER_PRESET,
    PresetError,
    delete_preset,
    is_fixed_preset,
    last_columns,
    list_presets,
    save_preset,
)

KIND_TEXT = {
    "roster": ("花名册", "给领导的花名册：选定人员、选定的列，身份证号默认隐去中间位"),
    "report": (
        "统计报表",
        "调研统计表（类别、年龄段、自理能力、党组织、居住地、服务分类、各单位）、图表和调研段落",
    ),
    "unit-check": (
        "单位核对表",
        "每个单位一份本单位人员的核对表，列与导入模板相同，改好发回即可导入",
    ),
    "directory": (
        "通讯录",
        "姓名、单位、电话、住址、紧急联系人，按单位分组、拼音排序，Excel 或 PDF",
    ),
}
ANY = "（不限）"
PAGE_KIND, PAGE_PEOPLE, PAGE_COLUMNS, PAGE_TARGET = range(4)


def _combo(values: tuple[str, ...] | list[str]) -> QComboBox:
    box = QComboBox()
    box.addItem(ANY, "")
    for value in values:
        box.addItem(value, value)
    return box


class KindPage(QWizardPage):
    """导出什么."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("导出什么")
        self.setSubTitle("选择要导出的表格。")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for i, (kind, (title, help_text)) in enumerate(KIND_TEXT.items()):
            button = QRadioButton(f"&{i + 1} {title}")
            button.setObjectName(f"kind_{kind}")
            self.group.addButton(button, i)
            self.buttons[kind] = button
            layout.addWidget(button)
            note = QLabel(help_text)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555; margin-left: 22px; margin-bottom: 6px;")
            layout.addWidget(note)
        self.buttons["roster"].setChecked(True)
        layout.addStretch(1)

    def kind(self) -> str:
        for kind, button in self.buttons.items():
            if button.isChecked():
                return kind
        return "roster"

    def nextId(self) -> int:
        return PAGE_TARGET if self.kind() == "report" else PAGE_PEOPLE


class PeoplePage(QWizardPage):
    """哪些人: the roster's current filter or a chosen one; units for the 核对表."""

    def __init__(
        self,
        current: RosterFilter | None,
        day: _dt.date,
        parent=None,
        selected_ids: tuple[int, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setTitle("哪些人")
        self.current = current
        self.selected_ids = tuple(selected_ids)
        self.day = day
        layout = QVBoxLayout(self)

        self.filter_box = QWidget()
        f_layout = QVBoxLayout(self.filter_box)
        f_layout.setContentsMargins(0, 0, 0, 0)
        self.use_current = QRadioButton()
        self.use_selected = QRadioButton(f"花名册中选中的 {len(self.selected_ids)} 人")
        self.use_selected.setVisible(len(self.selected_ids) > 1)
        self.use_chosen = QRadioButton("按下面的条件选人")
        f_layout.addWidget(self.use_current)
        f_layout.addWidget(self.use_selected)
        f_layout.addWidget(self.use_chosen)
        form = QFormLayout()
        self.unit = _combo(exporting.unit_choices())
        self.kind = _combo(RETIREMENT_KINDS)
        self.age = _combo(AGE_BRACKETS)
        self.tier = _combo(SERVICE_TIERS)
        self.status = QComboBox()
        self.status.addItem("在册", ("在册",))
        for status in PERSON_STATUSES[1:]:
            self.status.addItem(status, (status,))
        self.status.addItem("全部（含已故、迁出）", ())
        self.party = _combo([PARTY_MEMBERS, DEMOCRATIC_PARTIES, *POLITICAL_STATUSES])
        self.residence = _combo(RESIDENCE_AREAS)
        for label, box in (
            ("单位(&U)：", self.unit),
            ("离退休类别(&K)：", self.kind),
            ("年龄段(&A)：", self.age),
            ("服务分类(&T)：", self.tier),
            ("状态(&S)：", self.status),
            ("政治面貌(&P)：", self.party),
            ("居住地(&R)：", self.residence),
        ):
            form.addRow(label, box)
            box.currentIndexChanged.connect(self._chosen_changed)
        # the conditions are greyed out unless 按下面的条件选人 is the choice
        self.conditions = QWidget()
        self.conditions.setLayout(form)
        form.setContentsMargins(22, 0, 0, 0)
        f_layout.addWidget(self.conditions)
        self.use_chosen.toggled.connect(self.conditions.setEnabled)
        layout.addWidget(self.filter_box)

        self.units_box = QWidget()
        u_layout = QVBoxLayout(self.units_box)
        u_layout.setContentsMargins(0, 0, 0, 0)
        u_layout.addWidget(QLabel("为哪些单位导出核对表："))
        self.units = QListWidget()
        for name in exporting.unit_choices():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.units.addItem(item)
        self.units.itemChanged.connect(self._update_count)
        u_layout.addWidget(self.units)
        row = QHBoxLayout()
        for text, state in (("全选", Qt.Checked), ("全不选", Qt.Unchecked)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=state: self._check_all(s))
            row.addWidget(button)
        row.addStretch(1)
        u_layout.addLayout(row)
        self.separate = QRadioButton("每个单位一个文件，存到一个文件夹")
        self.one_book = QRadioButton("合成一个工作簿，每个单位一张工作表")
        self.separate.setChecked(True)
        u_layout.addWidget(self.separate)
        u_layout.addWidget(self.one_book)
        layout.addWidget(self.units_box)

        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        layout.addWidget(self.count_label)
        self.use_current.toggled.connect(self._update_count)
        self.use_selected.toggled.connect(self._update_count)
        self.use_chosen.toggled.connect(self._update_count)
        self.conditions.setEnabled(False)
        if current is not None:
            self.use_current.setText(
                f"当前花名册的筛选结果（{exporting.describe_filter(current)}）"
            )
            self.use_current.setChecked(True)
        else:
            self.use_current.setText("全部在册人员")
            self.use_current.setChecked(True)

    def _check_all(self, state) -> None:
        for i in range(self.units.count()):
            self.units.item(i).setCheckState(state)

    def _chosen_changed(self) -> None:
        self.use_chosen.setChecked(True)
        self._update_count()

    def initializePage(self) -> None:
        unit_check = self.wizard().kind() == "unit-check"
        self.filter_box.setVisible(not unit_check)
        self.units_box.setVisible(unit_check)
        self.setSubTitle(
            "勾选要导出核对表的单位。" if unit_check else "导出当前花名册看到的人员，或另选条件。"
        )
        self._update_count()

    def chosen_units(self) -> list[str]:
        return [
            self.units.item(i).text()
            for i in range(self.units.count())
            if self.units.item(i).checkState() == Qt.Checked
        ]

    def roster_filter(self) -> RosterFilter:
        if self.use_selected.isChecked() and self.selected_ids:
            return RosterFilter(person_ids=self.selected_ids, statuses=())
        if self.use_current.isChecked():
            return self.current or RosterFilter()
        unit = self.unit.currentData()
        return RosterFilter(
            units=(unit,) if unit else (),
            retirement_kind=self.kind.currentData(),
            age_bracket=self.age.currentData(),
            service_tier=self.tier.currentData(),
            statuses=self.status.currentData(),
            political_status=self.party.currentData(),
            residence_area=self.residence.currentData(),
        )

    def _update_count(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.kind() == "unit-check":
            units = self.chosen_units()
            self.count_label.setText(f"已选 {len(units)} 个单位")
        else:
            count = exporting.count_people(self.roster_filter(), self.day)
            self.count_label.setText(f"共 {count} 人")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        wizard = self.wizard()
        if wizard is not None and wizard.kind() == "unit-check":
            return bool(self.chosen_units())
        return True

    def nextId(self) -> int:
        return PAGE_COLUMNS if self.wizard().kind() == "roster" else PAGE_TARGET


class ColumnsPage(QWizardPage):
    """哪些列: a checkable list in export order (drag or use 上移/下移), presets by name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("哪些列")
        self.setSubTitle("勾选要导出的列；拖动或用“上移”“下移”调整顺序。")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        preset_label = QLabel("方案(&M)：")
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        preset_label.setBuddy(self.preset)
        top.addWidget(preset_label)
        top.addWidget(self.preset, 1)
        self.save_button = QPushButton("保存为方案(&V)…")
        self.save_button.clicked.connect(self._save_preset)
        top.addWidget(self.save_button)
        self.delete_button = QPushButton("删除方案")
        self.delete_button.setToolTip("删除自己保存的方案（内置方案不能删除）")
        self.delete_button.clicked.connect(self._delete_preset)
        top.addWidget(self.delete_button)
        layout.addLayout(top)
        middle = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("columns")
        self.list.setDragDropMode(QAbstractItemView.InternalMove)
        self.list.itemChanged.connect(lambda _item: self.completeChanged.emit())
        middle.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton("上移(&P)")
        self.down = QPushButton("下移(&N)")
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        middle.addLayout(buttons)
        layout.addLayout(middle)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.list.itemChanged.connect(lambda _item: self._update_count())
        self.full_id = QCheckBox("显示完整身份证号(&I)（默认隐去中间位，如 410105********123X）")
        self.masked_birth_note = QLabel(
            "隐去中间位时，出生日期只写到年月：完整的出生日期就是隐去的那几位数字。"
        )
        self.masked_birth_note.setObjectName("masked_birth_note")
        self.masked_birth_note.setWordWrap(True)
        self.full_id.toggled.connect(lambda full: self.masked_birth_note.setVisible(not full))
        self.full_id.setObjectName("full_id")
        self.with_phones = QCheckBox("包含电话(&H)")
        self.with_phones.setChecked(True)
        layout.addWidget(self.full_id)
        layout.addWidget(self.masked_birth_note)
        layout.addWidget(self.with_phones)
        self._load_presets(LAST_PRESET if last_columns() else LEADER_PRESET)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self._apply_preset()

    def _load_presets(self, select: str) -> None:
        self.preset.blockSignals(True)
        self.preset.clear()
        for name in list_presets():
            self.preset.addItem(name)
        self.preset.setCurrentText(select)
        self.preset.blockSignals(False)

    def _apply_preset(self) -> None:
        keys = list_presets().get(self.preset.currentText(), list(BUILTIN_PRESETS[LEADER_PRESET]))
        self.set_keys(keys)
        self.delete_button.setEnabled(not is_fixed_preset(self.preset.currentText()))

    def _update_count(self) -> None:
        self.count_label.setText(f"已选 {len(self.keys())} 列（共 {self.list.count()} 列可选）")

    def _delete_preset(self) -> None:
        name = self.preset.currentText()
        answer = QMessageBox.question(self, "删除方案", f"删除列方案“{name}”？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete(name)

    def delete(self, name: str) -> bool:
        try:
            delete_preset(name)
        except PresetError as exc:
            QMessageBox.warning(self, "不能删除方案", exc.message)
            return False
        self._load_presets(LEADER_PRESET)
        self._apply_preset()
        return True

    def set_keys(self, keys: list[str]) -> None:
        """Tick ``keys`` in that order at the top; the other columns follow, unticked."""
        self.list.blockSignals(True)
        self.list.clear()
        by_key = {c.key: c for c in EXPORT_COLUMNS}
        order = [*keys, *(c.key for c in EXPORT_COLUMNS if c.key not in keys)]
        for key in order:
            item = QListWidgetItem(by_key[key].label)
            item.setData(Qt.UserRole, key)
            item.setFlags(
                (item.flags() | Qt.ItemIsUserCheckable | Qt.ItemIsDragEnabled)
                & ~Qt.ItemIsDropEnabled
            )
            item.setCheckState(Qt.Checked if key in keys else Qt.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_count()
        self.completeChanged.emit()

    def keys(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.Checked
        ]

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, "保存列方案", "方案名称：")
        if not ok:
            return
        self.save_as(name)

    def save_as(self, name: str) -> bool:
        try:
            save_preset(name, self.keys())
        except PresetError as exc:
            QMessageBox.warning(self, "不能保存方案", exc.message)
            return False
        self._load_presets(name.strip())
        self.delete_button.setEnabled(True)
        return True

    def isComplete(self) -> bool:
        return bool(self.keys())

    def nextId(self) -> int:
        return PAGE_TARGET


class TargetPage(QWizardPage):
    """保存到哪里: a file (or a folder for the 核对表), with the default dated name."""

    def __init__(self, day: _dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.setTitle("保存到哪里")
        layout = QVBoxLayout(self)
        self.format_box = QWidget()
        f_layout = QHBoxLayout(self.format_box)
        f_layout.setContentsMargins(0, 0, 0, 0)
        f_layout.addWidget(QLabel("格式："))
        self.as_xlsx = QRadioButton("Excel 表格 (.xlsx)")
        self.as_pdf = QRadioButton("可打印的 PDF")
        self.as_xlsx.setChecked(True)
        self.as_xlsx.toggled.connect(self._format_changed)
        f_layout.addWidget(self.as_xlsx)
        f_layout.addWidget(self.as_pdf)
        f_layout.addStretch(1)
        layout.addWidget(self.format_box)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def _folder(self) -> Path:
        last = exporting.export_folder_setting()
        if last and Path(last).is_dir():
            return Path(last)
        docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def is_folder_target(self) -> bool:
        wizard = self.wizard()
        return wizard.kind() == "unit-check" and not wizard.people_page.one_book.isChecked()

    def initializePage(self) -> None:
        kind = self.wizard().kind()
        self.format_box.setVisible(kind == "directory")
        self._fill_default()
        self.setSubTitle(f"导出{KIND_TEXT[kind][0]}。可以直接完成，也可以另选位置。")

    def _suffix(self) -> str:
        return (
            ".pdf" if self.wizard().kind() == "directory" and self.as_pdf.isChecked() else ".xlsx"
        )

    def _fill_default(self) -> None:
        kind = self.wizard().kind()
        folder = self._folder()
        if self.is_folder_target():
            self.path.setText(str(folder / exporting.safe_filename(f"单位核对表_{self.day}")))
            self.note.setText("每个单位的核对表将保存在这个文件夹中（没有会自动创建）。")
        else:
            name = exporting.default_filename(kind, self.day, self._suffix())
            self.path.setText(str(folder / name))
            self.note.setText("同名文件会被替换。")

    def _format_changed(self) -> None:
        if self.wizard() is not None:
            current = Path(self.path.text())
            self.path.setText(str(current.with_suffix(self._suffix())))

    def _browse(self) -> None:
        if self.is_folder_target():
            folder = QFileDialog.getExistingDirectory(
                self, "选择保存核对表的文件夹", self.path.text()
            )
            if folder:
                self.path.setText(folder)
            return
        pattern = "PDF 文件 (*.pdf)" if self._suffix() == ".pdf" else "Excel 工作簿 (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(self, "保存为", self.path.text(), pattern)
        if path:
            if not path.lower().endswith(self._suffix()):
                path += self._suffix()
            self.path.setText(path)

    def target(self) -> Path:
        path = Path(self.path.text().strip())
        if not self.is_folder_target() and path.suffix.lower() != self._suffix():
            path = path.with_name(path.name + self._suffix())
        return path

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def nextId(self) -> int:
        return -1
