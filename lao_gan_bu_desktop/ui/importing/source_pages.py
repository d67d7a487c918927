"""The import wizard's first pages: 选择文件与单位, 工作表与表头 (raw preview, header row) and
列对应 (a drop-down per column, guessed or saved).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWizardPage,
)

from ...core.column_letters import column_letter
from ...core.errors import RuleError
from ...core.fields import PERSON_FIELDS
from ...services import importing as imp
from ...services.import_batches import imported_sheets
from .common import (
    FILE_FILTER,
    NOT_IMPORTED,
    PREVIEW_ROWS,
    cell_text,
    error_label,
    table_item,
)

if TYPE_CHECKING:
    from .host import WizardHost


class FilesPage(QWizardPage):
    """选择文件与单位: the files (added, or dropped on the window) and a unit for each."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("选择文件与单位")
        self.setSubTitle(
            "添加各单位报来的表格（可一次添加多个，也可以把文件拖到这里），并为每个文件选择所属单位。"
        )
        self.setAcceptDrops(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["文件", "所属单位"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 220)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton("添加文件(&A)…")
        add.clicked.connect(self.choose_files)
        remove = QPushButton("移除(&R)")
        remove.clicked.connect(self.remove_selected)
        template = QPushButton("下载空白模板(&T)…")
        template.setToolTip(
            "给各单位的标准表格：有下拉列表，身份证号列为文本格式，导入时无需对应列"
        )
        template.clicked.connect(self.save_template)
        buttons = QHBoxLayout()
        for b in (add, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(template)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self._units = imp.unit_names()

    def add_files(self, paths: list[Path]) -> None:
        known = {
            self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            for r in range(self.table.rowCount())
        }
        for path in paths:
            path = Path(path)
            if str(path) in known:
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = table_item(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(self._units)
            combo.setCurrentText(self._guess_unit(path))
            combo.lineEdit().setPlaceholderText("选择或输入单位名称")
            combo.currentTextChanged.connect(self.completeChanged)
            self.table.setCellWidget(row, 1, combo)
        self.completeChanged.emit()

    def _guess_unit(self, path: Path) -> str:
        return imp.guess_unit(path, self._units)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择要导入的表格", "", FILE_FILTER)
        self.add_files([Path(n) for n in names])

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.completeChanged.emit()

    def save_template(self) -> None:
        from .template_saving import save_template_as

        save_template_as(self)

    def entries(self) -> list[tuple[Path, str]]:
        result = []
        for r in range(self.table.rowCount()):
            path = Path(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole))
            combo = self.table.cellWidget(r, 1)
            result.append((path, combo.currentText().strip() if combo else ""))
        return result

    def isComplete(self) -> bool:
        entries = self.entries()
        return bool(entries) and all(unit for _p, unit in entries)

    def validatePage(self) -> bool:
        self.wiz.queue = self.entries()
        self.wiz.index = 0
        return True

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        self.add_files([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()


class SheetPage(QWizardPage):
    """工作表与表头: which sheet, which row is the header, with the raw rows shown."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("工作表与表头")
        self.sheet = QComboBox()
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 200)
        self.header_row.setToolTip("表头所在的行（两行表头时填下面一行）")
        self.header_row.editingFinished.connect(self._header_changed)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.message = error_label()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(QLabel("工作表："))
        top.addWidget(self.sheet, 1)
        top.addSpacing(20)
        top.addWidget(QLabel("表头在第"))
        top.addWidget(self.header_row)
        top.addWidget(QLabel("行"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        self._loading = False

    def initializePage(self) -> None:
        path, unit = self.wiz.current_entry()
        wanted, self.wiz.next_sheet = self.wiz.next_sheet, None
        subtitle = f"文件 {self.wiz.index + 1}/{len(self.wiz.queue)}：{path.name}（{unit}）"
        if wanted is None:
            self.wiz.rosters = []  # a new file: known once it is read
        else:
            subtitle += f"，接着导入工作表“{wanted}”"
        self.setSubTitle(subtitle)
        self.wiz.source = None
        self._loading = True
        self.sheet.clear()
        self._loading = False
        if wanted is None:
            self._load(lambda: imp.open_source(path))
        else:
            self._load(lambda: imp.open_source(path, sheet=wanted))

    def _load(self, make: Any) -> None:
        self.message.hide()
        self.wiz.source = None
        self.info.setText("正在读取文件……")
        self.wiz.run_task(make, self._loaded, self._load_failed)
        self.completeChanged.emit()

    @Slot(object)
    def _loaded(self, source: imp.ImportSource) -> None:
        self.wiz.source = source
        if source.also_rosters:  # read without naming a sheet: it knows the file's rosters
            self.wiz.rosters = imp.roster_sheets(source)
        self._show(source)
        self.completeChanged.emit()

    def _sheet_label(self, sheet: imp.SheetInfo, imported: set[str]) -> str:
        """The sheet as the chooser lists it: hidden, a roster, imported from this file."""
        marks = [
            mark
            for mark, on in (
                ("隐藏", sheet.hidden),
                ("人员名单", sheet.name in self.wiz.rosters),
                ("已导入", sheet.name in imported),
            )
            if on
        ]
        return sheet.name + (f"（{'，'.join(marks)}）" if marks else "")

    @Slot(str)
    def _load_failed(self, message: str) -> None:
        self.wiz.source = None
        self.message.setText(message)
        self.message.show()
        if self.sheet.count() == 0:  # still let the clerk pick another sheet of the file
            try:
                sheets = imp.list_sheets(self.wiz.current_entry()[0])
            except RuleError:
                sheets = []
            self._loading = True
            for s in sheets:
                self.sheet.addItem(self._sheet_label(s, set()), s.name)
            self.sheet.setCurrentIndex(-1)
            self._loading = False
        self.preview.clear()
        self.preview.setRowCount(0)
        self.info.setText("")
        self.completeChanged.emit()

    def _show(self, source: imp.ImportSource) -> None:
        self._loading = True
        self.sheet.clear()
        imported = imported_sheets(source.file_hash) if len(source.sheets) > 1 else set()
        for s in source.sheets:
            self.sheet.addItem(self._sheet_label(s, imported), s.name)
        self.sheet.setCurrentIndex(self.sheet.findData(source.sheet))
        self.header_row.setRange(1, max(1, min(len(source.rows), 200)))
        self.header_row.setValue(source.layout.header_row)
        self._loading = False
        layout = source.layout
        found = [h for h, g in zip(layout.headers, layout.guesses, strict=False) if g]
        self.info.setText(
            f"格式：{source.format_name}；共 {len(source.rows)} 行。"
            f"表头在第 {layout.header_row} 行"
            + ("（两行表头已合并）" if layout.header_rows == 2 else "")
            + f"，认出 {len(found)} 列：{'、'.join(found)}。"
            + _hidden_note(source.row_facts.hidden_rows)
            + self._rosters_note(source)
        )
        rows = source.rows[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        self.preview.clear()
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        hidden = source.row_facts.hidden_rows
        self.preview.setVerticalHeaderLabels(
            [f"{i} 隐藏" if i in hidden else str(i) for i in range(1, len(rows) + 1)]
        )
        self.preview.setHorizontalHeaderLabels([column_letter(c) for c in range(1, width + 1)])
        first_header = layout.header_row - layout.header_rows + 1
        for r, row in enumerate(rows, 1):
            header = first_header <= r <= layout.header_row
            for c, value in enumerate(row):
                item = table_item(cell_text(value), QColor("#DDEBF7") if header else None)
                if r in hidden:
                    item.setForeground(QColor("#8C8C8C"))
                self.preview.setItem(r - 1, c, item)
        self.preview.resizeColumnsToContents()

    def _rosters_note(self, source: imp.ImportSource) -> str:
        rosters = self.wiz.rosters
        if len(rosters) < 2:
            return ""
        names = "、".join(f"“{n}”" for n in rosters)
        return (
            f"\n本文件有 {len(rosters)} 张人员名单工作表：{names}，一次导入一张（各为一个导入批次）；"
            "导入这一张后，可在“完成”页继续导入其余的。"
        )

    def _sheet_changed(self) -> None:
        if self._loading:
            return
        name = self.sheet.currentData()
        source = self.wiz.source
        if name and (source is None or name != source.sheet):
            path, _unit = self.wiz.current_entry()
            self._load(lambda: imp.open_source(path, sheet=name))

    def _header_changed(self) -> None:
        if self._loading or self.wiz.busy:
            return
        value = self.header_row.value()
        source = self.wiz.source
        if source is not None:
            if value != source.layout.header_row:
                self._load(lambda: imp.with_header_row(source, value))
            return
        # Nothing recognised yet: read again with the row the clerk names as the header.
        path, _unit = self.wiz.current_entry()
        sheet = self.sheet.currentData()
        self._load(lambda: imp.open_source(path, sheet=sheet, header_row=value))

    def set_header_row(self, row: int) -> None:
        """Set the header row as the clerk would (used by the spin box and by tests)."""
        self.header_row.setValue(row)
        self._header_changed()

    def isComplete(self) -> bool:
        return self.wiz.source is not None and not self.wiz.busy


class MappingPage(QWizardPage):
    """列对应: one drop-down per column, guessed (or the saved mapping), changeable."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("列对应")
        self.setSubTitle("为每一列选择对应的信息项；确认后会记住，下次同一单位同样的表头无需再选。")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["表格中的列", "示例内容", "对应到"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(2, 180)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        source = self.wiz.source
        assert source is not None
        _path, unit = self.wiz.current_entry()
        mapping = imp.suggest_mapping(source, unit)
        samples = imp.sample_rows(source, 3)
        self.table.setRowCount(len(source.headers))
        self.combos = []
        for i, header in enumerate(source.headers):
            self.table.setItem(i, 0, table_item(header or f"第{i + 1}列"))
            sample = "；".join(cell_text(r[i]) for r in samples if i < len(r) and cell_text(r[i]))
            self.table.setItem(i, 1, table_item(sample))
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for spec in PERSON_FIELDS:
                combo.addItem(spec.label, spec.key)
            key = mapping[i] if i < len(mapping) else None
            combo.setCurrentIndex(max(0, combo.findData(key)) if key else 0)
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self._changed()

    def mapping(self) -> list[str | None]:
        return [c.currentData() for c in self.combos]

    def set_mapping(self, column: int, key: str | None) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(0, combo.findData(key)) if key else 0)

    def _changed(self) -> None:
        try:
            imp.check_mapping(self.mapping())
        except RuleError as exc:
            self.message.setText(exc.message)
            self.message.show()
        else:
            self.message.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        try:
            imp.check_mapping(self.mapping())
        except RuleError:
            return False
        return True

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        return True


def _hidden_note(hidden: set[int]) -> str:
    """The rows hidden in Excel, named (at most eight), and what becomes of them."""
    if not hidden:
        return ""
    rows = sorted(hidden)
    listed = "、".join(str(n) for n in rows[:8]) + (f" 等 {len(rows)} 行" if len(rows) > 8 else "")
    return f"\n第 {listed} 行在原表中被隐藏（灰色），默认不导入；检查页可勾选“也导入隐藏的行”。"
