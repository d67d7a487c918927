"""The import wizard: 选择文件与单位 → 工作表与表头 → 列对应 → 检查 → 导入 → 完成.

Every step calls :mod:`..services.importing` (the same functions as the CLI); no widget builds a
query. Reading, checking and writing run in worker threads (QThread + signals; a worker never
touches a widget). The 检查 step shows its progress inline (only when it lasts more than a moment)
and can be cancelled; the wizard's 取消 button during the write rolls the whole import back, and
closing the wizard during a check cancels it and waits for its thread. Several files can be
chosen (or dropped on the main window) at once, one unit each; they are imported one after the
other, the 完成 page offering the next one.
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..core.column_letters import column_letter
from ..core.errors import RuleError
from ..core.fields import PERSON_FIELDS
from ..services import importing as imp
from ..services.app import close_thread_connection
from ..services.import_batches import previous_import

log = logging.getLogger(__name__)

PAGE_FILES, PAGE_SHEET, PAGE_MAPPING, PAGE_CHECK, PAGE_IMPORT, PAGE_DONE = range(6)
NOT_IMPORTED = "（不导入）"
PREVIEW_ROWS = 40
CHECK_ROWS_SHOWN = 2000
SHOW_PROGRESS_AFTER_MS = 400  # a quicker check shows no progress bar at all (no flicker)
FILE_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.htm *.html *.xml);;所有文件 (*)"
COLORS = {
    "invalid": QColor("#F8D7DA"),
    "duplicate": QColor("#FFE5B4"),
    "update": QColor("#DCEBFA"),
    "warning": QColor("#FFF6C8"),
}


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _item(text: str, color: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if color is not None:
        item.setBackground(QBrush(color))
    return item


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #B00020;")
    label.hide()
    return label


# ---------------------------------------------------------------- worker


class ImportWorker(QObject):
    """Runs apply_plan on the worker thread; reports by signals only."""

    progress = Signal(int, int)
    finished = Signal(object)  # ImportResult
    failed = Signal(str)

    def __init__(self, plan: imp.ImportPlan, data_dir: Path) -> None:
        super().__init__()
        self.plan = plan
        self.data_dir = data_dir
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            result = imp.apply_plan(
                self.plan,
                self.data_dir,
                progress=lambda done, total: self.progress.emit(done, total),
                should_cancel=lambda: self.cancelled,
            )
        except RuleError as exc:
            self.failed.emit(exc.message)
        except Exception:
            log.exception("导入出错")
            self.failed.emit(
                "导入时程序出错，已全部撤回，数据没有改动。详细信息已写入日志，请联系维护人员。"
            )
        else:
            self.finished.emit(result)
        finally:
            close_thread_connection()


class BackgroundTask(QObject):
    """Runs one function on a worker thread (reading a file, checking rows); signals only.

    With ``reports`` the function is called as ``fn(progress, should_cancel)``: ``progress(done,
    total)`` emits :attr:`progress`, ``should_cancel()`` turns true after :meth:`cancel`, and the
    function's ImportCancelled becomes :attr:`cancelled`.
    """

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    cancelled = Signal()

    def __init__(self, fn: Any, *, reports: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.reports = reports
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the function to stop at its next check (any thread)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            args = (self.progress.emit, self._cancel.is_set) if self.reports else ()
            result = self.fn(*args)
        except imp.ImportCancelled:
            self.cancelled.emit()
        except RuleError as exc:
            self.failed.emit(exc.message)
        except Exception:
            log.exception("导入向导后台任务出错")
            self.failed.emit(
                "处理文件时程序出错，数据没有改动。详细信息已写入日志，请联系维护人员。"
            )
        else:
            self.done.emit(result)
        finally:
            close_thread_connection()


# ---------------------------------------------------------------- pages


class FilesPage(QWizardPage):
    """选择文件与单位: the files (added, or dropped on the window) and a unit for each."""

    def __init__(self, wizard: ImportWizard) -> None:
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
        self.message = _error_label()
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
            item = _item(path.name)
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
        for name in sorted(self._units, key=len, reverse=True):
            if name and name in path.stem:
                return name
        return ""

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

    def __init__(self, wizard: ImportWizard) -> None:
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
        self.message = _error_label()
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
        self.setSubTitle(f"文件 {self.wiz.index + 1}/{len(self.wiz.queue)}：{path.name}（{unit}）")
        self.wiz.source = None
        self._loading = True
        self.sheet.clear()
        self._loading = False
        self._load(lambda: imp.open_source(path))

    def _load(self, make: Any) -> None:
        self.message.hide()
        self.wiz.source = None
        self.info.setText("正在读取文件……")
        self.wiz.run_task(make, self._loaded, self._load_failed)
        self.completeChanged.emit()

    @Slot(object)
    def _loaded(self, source: imp.ImportSource) -> None:
        self.wiz.source = source
        self._show(source)
        self.completeChanged.emit()

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
                self.sheet.addItem(s.name + ("（隐藏）" if s.hidden else ""), s.name)
            self.sheet.setCurrentIndex(-1)
            self._loading = False
        self.preview.clear()
        self.preview.setRowCount(0)
        self.info.setText("")
        self.completeChanged.emit()

    def _show(self, source: imp.ImportSource) -> None:
        self._loading = True
        self.sheet.clear()
        for s in source.sheets:
            self.sheet.addItem(s.name + ("（隐藏）" if s.hidden else ""), s.name)
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
        )
        rows = source.rows[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        self.preview.clear()
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        self.preview.setVerticalHeaderLabels([str(i) for i in range(1, len(rows) + 1)])
        self.preview.setHorizontalHeaderLabels([column_letter(c) for c in range(1, width + 1)])
        first_header = layout.header_row - layout.header_rows + 1
        for r, row in enumerate(rows, 1):
            header = first_header <= r <= layout.header_row
            for c, value in enumerate(row):
                item = _item(_cell(value), QColor("#DDEBF7") if header else None)
                self.preview.setItem(r - 1, c, item)
        self.preview.resizeColumnsToContents()

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

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("列对应")
        self.setSubTitle("为每一列选择对应的信息项；确认后会记住，下次同一单位同样的表头无需再选。")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["表格中的列", "示例内容", "对应到"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(2, 180)
        self.message = _error_label()
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
            self.table.setItem(i, 0, _item(header or f"第{i + 1}列"))
            sample = "；".join(_cell(r[i]) for r in samples if i < len(r) and _cell(r[i]))
            self.table.setItem(i, 1, _item(sample))
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


class CheckPage(QWizardPage):
    """检查: the counts, the problems and changes row by row, the duplicate policy.

    The check runs on a worker thread. When it lasts more than a moment a progress bar with a
    取消检查 button appears above the table; a cancelled (or failed) check leaves the page not
    done, with 重新检查. Leaving the page (上一步) or changing the policy cancels a running check.
    """

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("检查")
        self.setSubTitle(
            "导入前请核对：红色的行有错误不会导入，橙色是文件内重复，蓝色是将更新的人员。"
        )
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.policy = QButtonGroup(self)
        policy_row = QHBoxLayout()
        policy_row.addWidget(QLabel("已在花名册中的人员："))
        for i, (key, text) in enumerate(imp.POLICIES.items()):
            button = QRadioButton(text)
            button.setProperty("policy", key)
            self.policy.addButton(button, i)
            policy_row.addWidget(button)
            if key == "update":
                button.setChecked(True)
        policy_row.addStretch(1)
        self.policy.idClicked.connect(lambda _i: self.replan())
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["原表行号", "姓名", "处理", "说明"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.save_rejects = QPushButton("保存未导入的行(&S)…")
        self.save_rejects.clicked.connect(self.wiz.save_rejects)
        self.rerun = QPushButton("重新检查(&R)")
        self.rerun.clicked.connect(self.replan)
        self.rerun.hide()
        self.message = _error_label()
        # The check's progress, shown only once it has lasted SHOW_PROGRESS_AFTER_MS.
        self.bar = QProgressBar()
        self.status = QLabel()
        self.cancel_button = QPushButton("取消检查(&C)")
        self.cancel_button.setToolTip("停止检查；不会写入任何内容")
        self.cancel_button.clicked.connect(self.cancel_check)
        self.progress_box = QWidget()
        box = QVBoxLayout(self.progress_box)
        box.setContentsMargins(0, 4, 0, 4)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.cancel_button)
        box.addLayout(bar_row)
        box.addWidget(self.status)
        self.progress_box.hide()
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._reveal.timeout.connect(self._show_progress)
        self._task: BackgroundTask | None = None
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.rerun, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.save_rejects, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(policy_row)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def current_policy(self) -> str:
        button = self.policy.checkedButton()
        return button.property("policy") if button else "update"

    def set_policy(self, policy: str) -> None:
        for button in self.policy.buttons():
            if button.property("policy") == policy:
                button.setChecked(True)
        self.replan()

    def initializePage(self) -> None:
        self.replan()

    def cleanupPage(self) -> None:
        """上一步: a running check is cancelled; its result would be stale anyway."""
        self.forget_check()
        self.wiz.plan = None

    @property
    def checking(self) -> bool:
        return self._task is not None

    def replan(self) -> None:
        source = self.wiz.source
        assert source is not None
        _path, unit = self.wiz.current_entry()
        mapping, policy = list(self.wiz.mapping), self.current_policy()
        self.wiz.plan = None
        self.counts.setText("正在逐行检查……")
        self.message.hide()
        self.rerun.hide()
        self.save_rejects.setEnabled(False)
        total = len(source.rows)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.status.setText(f"正在检查，共 {total} 行…")
        self.cancel_button.setEnabled(True)

        def check(progress: Any, should_cancel: Any) -> imp.ImportPlan:
            return imp.plan_import(
                source, unit, mapping, policy, progress=progress, should_cancel=should_cancel
            )

        self._task = self.wiz.run_task(
            check,
            self._planned,
            self._plan_failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        self._reveal.start()
        self.completeChanged.emit()

    def cancel_check(self) -> None:
        """取消检查: the worker stops at its next check; nothing has been written."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消检查……")

    def forget_check(self) -> None:
        """Cancel a running check and ignore whatever it still reports (leaving the page)."""
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._reveal.stop()
        self.progress_box.hide()

    def _current(self) -> bool:
        """True when the signal being handled comes from the check now running."""
        return self._task is not None and self.sender() is self._task

    def _finish_check(self) -> None:
        self._task = None
        self._reveal.stop()
        self.progress_box.hide()

    @Slot()
    def _show_progress(self) -> None:
        if self._task is not None:
            self.progress_box.show()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if not self._current():
            return
        if not self._task.is_cancelled():
            self.status.setText(f"正在检查第 {done} / {total} 行…")
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.progress_box.show()

    @Slot()
    def _cancelled(self) -> None:
        if not self._current():
            return
        self._finish_check()
        self._not_done("检查已取消。", "检查已取消，没有写入任何内容。")

    def _not_done(self, counts: str, message: str) -> None:
        self.wiz.plan = None
        self.counts.setText(counts)
        self.table.setRowCount(0)
        self.message.setText(message + "可以点“重新检查”再查一遍，或点“上一步”修改列对应。")
        self.message.show()
        self.rerun.show()
        self.save_rejects.setEnabled(False)
        self.completeChanged.emit()

    @Slot(object)
    def _planned(self, plan: imp.ImportPlan) -> None:
        if not self._current():
            return
        total = len(plan.source.rows)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(total)
        self._finish_check()
        self.wiz.plan = plan
        self._show(plan)
        earlier = previous_import(plan.source.file_hash)
        if earlier is not None:
            self.message.setText(
                f"注意：内容完全相同的文件已于 {earlier.imported_at:%Y-%m-%d %H:%M} 导入过"
                f"（批次 {earlier.id}，{earlier.file_name}）。再次导入不会重复添加人员。"
            )
            self.message.show()
        self.completeChanged.emit()

    @Slot(str)
    def _plan_failed(self, message: str) -> None:
        if not self._current():
            return
        self._finish_check()
        self._not_done("没有完成检查。", message)

    def _show(self, plan: imp.ImportPlan) -> None:
        c = plan.counts
        self.counts.setText(
            f"新增 {c['new']} 人　更新 {c['update']} 人　无变化 {c['unchanged']} 人　"
            f"跳过 {c['skip']} 人　有错误 {c['invalid']} 行　文件内重复 {c['duplicate']} 行"
        )
        lines: list[tuple[int, str, str, str, QColor | None]] = []
        for r in plan.rows:
            name = str(r.values.get("name") or "")
            if r.action == "invalid":
                text = "；".join(f"{i.column}：{i.reason}" for i in r.errors)
                lines.append((r.row, name, "有错误，不导入", text, COLORS["invalid"]))
            elif r.action == "duplicate":
                text = "；".join(i.reason for i in r.warnings)
                lines.append((r.row, name, "文件内重复", text, COLORS["duplicate"]))
            elif r.action == "update":
                text = "；".join(
                    f"{_label(k)}：{_fmt(old)} → {_fmt(new)}" for k, (old, new) in r.changes.items()
                )
                lines.append((r.row, name, "更新", text, COLORS["update"]))
            elif r.warnings:
                text = "；".join(f"{i.column}：{i.reason}" for i in r.warnings)
                lines.append(
                    (
                        r.row,
                        name,
                        imp.ACTION_NAMES[r.action] + "（有提示）",
                        text,
                        COLORS["warning"],
                    )
                )
        # Then the people to be added, so that the clerk can see the columns landed right.
        for r in plan.rows:
            if len(lines) > CHECK_ROWS_SHOWN:
                break
            if r.action == "new" and not r.warnings:
                text = "，".join(
                    f"{_label(k)} {_fmt(v)}"
                    for k, v in r.values.items()
                    if k != "name" and v not in (None, "")
                )
                lines.append((r.row, str(r.values.get("name") or ""), "新增", text, None))
        self.table.setSortingEnabled(False)
        shown = lines[:CHECK_ROWS_SHOWN]
        self.table.setRowCount(len(shown))
        for i, (row, name, action, text, color) in enumerate(shown):
            number = _item("", color)
            number.setData(Qt.ItemDataRole.DisplayRole, row)
            self.table.setItem(i, 0, number)
            self.table.setItem(i, 1, _item(name, color))
            self.table.setItem(i, 2, _item(action, color))
            item = _item(text, color)
            item.setToolTip(text)
            self.table.setItem(i, 3, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnToContents(2)
        if len(lines) > CHECK_ROWS_SHOWN:
            self.message.setText(
                f"行数较多，这里只列出前 {CHECK_ROWS_SHOWN} 行（先列问题和变化，再列新增）；"
                "全部未导入的行可保存为表格。"
            )
            self.message.show()
        self.save_rejects.setEnabled(c["invalid"] + c["duplicate"] > 0)
        if c["new"] + c["update"] == 0:
            self.message.setText(
                "没有需要新增或更新的人员，无需导入。可以返回修改列对应或处理方式。"
            )
            self.message.show()

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return (
            plan is not None
            and not self.wiz.busy
            and not self.checking
            and (plan.counts["new"] + plan.counts["update"] > 0)
        )

    def validatePage(self) -> bool:
        return self.isComplete()


def _label(key: str) -> str:
    from ..core.fields import FIELD_BY_KEY

    return FIELD_BY_KEY[key].label if key in FIELD_BY_KEY else key


class ImportPage(QWizardPage):
    """导入: the write on the worker thread with a progress bar; 取消 rolls everything back."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("导入")
        self.setSubTitle("正在写入花名册。导入前已自动备份；点“取消”将撤回本次导入的全部内容。")
        self.bar = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.done = False
        self.thread: QThread | None = None
        self.worker: ImportWorker | None = None

    def initializePage(self) -> None:
        self.done = False
        self.wiz.result = None
        self.bar.setRange(0, 0)
        self.status.setText("正在备份并写入……")
        plan = self.wiz.plan
        assert plan is not None
        self.thread = QThread(self)
        self.worker = ImportWorker(plan, self.wiz.data_dir)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.thread.start()

    def cancel(self) -> None:
        if self.worker is not None and not self.done:
            self.worker.cancelled = True
            self.status.setText("正在取消并撤回……")

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(f"已写入 {done} / {total} 人")

    @Slot(object)
    def _finished(self, result: imp.ImportResult) -> None:
        self.done = True
        self.wiz.result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText("导入完成。")
        self.completeChanged.emit()
        self.wiz.next()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.done = True
        self.wiz.result = None
        self.wiz.failure = message
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(message)
        self.completeChanged.emit()
        self.wiz.next()

    def wait(self) -> None:
        """Let the worker finish (it stops at the next chunk when cancelled) and the thread end."""
        if self.thread is not None:
            if self.worker is not None and not self.done:
                self.worker.cancelled = True
            self.thread.quit()  # the thread's event loop ends once run() has returned
            self.thread.wait()

    def isComplete(self) -> bool:
        return self.done


class DonePage(QWizardPage):
    """完成: the summary, the rejected rows to send back, undo, and the next file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("完成")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_rejects = QPushButton("保存未导入的行(&S)…")
        self.save_rejects.clicked.connect(self.wiz.save_rejects)
        self.undo = QPushButton("撤销本次导入(&U)")
        self.undo.clicked.connect(lambda: self.wiz.undo_current())
        self.next_file = QPushButton("导入下一个文件(&N)")
        self.next_file.clicked.connect(self.wiz.start_next_file)
        buttons = QHBoxLayout()
        for b in (self.save_rejects, self.undo, self.next_file):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:
        plan, result = self.wiz.plan, self.wiz.result
        path, unit = self.wiz.current_entry()
        if result is None:
            self.summary.setText(
                f"{path.name} 没有导入：{self.wiz.failure or '已取消'}\n数据没有任何改动。"
            )
            self.undo.setEnabled(False)
        else:
            c = plan.counts
            self.summary.setText(
                f"{path.name}（{unit}）已导入，批次编号 {result.batch_id}。\n\n"
                f"新增 {c['new']} 人，更新 {c['update']} 人，无变化 {c['unchanged']} 人，"
                f"跳过 {c['skip']} 人；有错误未导入 {c['invalid']} 行，文件内重复 {c['duplicate']} 行。\n"
                f"导入前的数据已备份到：{result.backup_path}\n\n"
                "如有错误行，可“保存未导入的行”发回单位修改；导入有误可“撤销本次导入”。"
            )
            self.undo.setEnabled(True)
        self.save_rejects.setEnabled(
            plan is not None and plan.counts["invalid"] + plan.counts["duplicate"] > 0
        )
        remaining = len(self.wiz.queue) - self.wiz.index - 1
        self.next_file.setVisible(remaining > 0)
        self.next_file.setText(f"导入下一个文件（还有 {remaining} 个）(&N)")


# ---------------------------------------------------------------- the wizard


class ImportWizard(QWizard):
    """The import wizard. ``ctx_data_dir_or_ctx``: the open AppContext or its data folder;
    ``files``: files to start with (e.g. dropped on the main window)."""

    imported = Signal(int)  # batch id, so that the roster can refresh

    def __init__(
        self,
        ctx_data_dir_or_ctx: Any,
        files: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if ctx_data_dir_or_ctx is None:
            self.data_dir = imp.current_data_dir()
        else:
            self.data_dir = Path(getattr(ctx_data_dir_or_ctx, "data_dir", ctx_data_dir_or_ctx))
        self.setWindowTitle("导入单位表格")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步(&B)"),
            (QWizard.WizardButton.NextButton, "下一步(&N) >"),
            (QWizard.WizardButton.FinishButton, "完成(&F)"),
            (QWizard.WizardButton.CancelButton, "取消"),
            (QWizard.WizardButton.HelpButton, "帮助"),
        ):
            self.setButtonText(button, text)
        self.queue: list[tuple[Path, str]] = []
        self.index = 0
        self.source: imp.ImportSource | None = None
        self.mapping: list[str | None] = []
        self.plan: imp.ImportPlan | None = None
        self.result: imp.ImportResult | None = None
        self.failure = ""
        self._tasks: list[tuple[QThread, BackgroundTask]] = []
        self.files_page = FilesPage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.done_page = DonePage(self)
        for page_id, page in enumerate(
            (
                self.files_page,
                self.sheet_page,
                self.mapping_page,
                self.check_page,
                self.import_page,
                self.done_page,
            )
        ):
            self.setPage(page_id, page)
        self.resize(920, 640)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_rejects)
        if files:
            self.files_page.add_files([Path(f) for f in files])

    @property
    def busy(self) -> bool:
        """True while a file is being read or checked on the worker thread."""
        return bool(self._tasks)

    def run_task(
        self,
        fn: Any,
        on_done: Any,
        on_failed: Any,
        *,
        on_progress: Any = None,
        on_cancelled: Any = None,
    ) -> BackgroundTask:
        """Run ``fn`` on a worker thread; ``on_done(result)`` / ``on_failed(message)`` are slots
        of a page (so they run on the GUI thread). With ``on_progress`` the task reports (see
        :class:`BackgroundTask`), ``on_progress(done, total)`` and ``on_cancelled()`` being slots
        too. A newer task makes older results stale, and older tasks are asked to stop."""
        for _thread, older in self._tasks:
            older.cancel()
            for signal in (older.done, older.failed, older.cancelled):
                signal.disconnect()
            if older.reports:
                older.progress.disconnect()
        thread = QThread(self)
        task = BackgroundTask(fn, reports=on_progress is not None)
        task.moveToThread(thread)
        thread.started.connect(task.run)
        task.done.connect(on_done)
        task.failed.connect(on_failed)
        if on_progress is not None:
            task.progress.connect(on_progress)
        if on_cancelled is not None:
            task.cancelled.connect(on_cancelled)
        task.done.connect(self._task_ended)
        task.failed.connect(self._task_ended)
        task.cancelled.connect(self._task_ended)
        self._tasks.append((thread, task))
        self.setCursor(Qt.CursorShape.BusyCursor)
        thread.start()
        return task

    @Slot()
    def _task_ended(self, *_args: Any) -> None:
        for thread, _task in self._tasks:
            thread.quit()
            thread.wait()
        self._tasks = []
        self.unsetCursor()
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def wait_idle(self) -> None:
        """Block until background reading/checking is over (when closing); a running check is
        asked to stop first, so that this takes a moment only."""
        tasks, self._tasks = list(self._tasks), []
        for _thread, task in tasks:
            task.cancel()
        for thread, _task in tasks:
            thread.quit()  # the thread's event loop ends once run() has returned
            thread.wait()
        if tasks:
            self.unsetCursor()

    def current_entry(self) -> tuple[Path, str]:
        return self.queue[self.index] if self.queue else (Path(), "")

    def reject(self) -> None:
        if self.currentId() == PAGE_IMPORT and not self.import_page.done:
            self.import_page.cancel()
            return  # the worker rolls back, then the wizard moves to 完成
        super().reject()

    def done(self, result: int) -> None:
        self.import_page.wait()
        self.check_page.forget_check()
        self.wait_idle()
        super().done(result)

    # -- actions of the 检查 and 完成 pages

    def ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "保存未导入的行", suggested, "Excel 工作簿 (*.xlsx)"
        )
        return Path(name) if name else None

    def save_rejects(self) -> Path | None:
        if self.plan is None:
            return None
        path, unit = self.current_entry()
        suggested = f"{unit}_未导入的行_{_dt.date.today().isoformat()}.xlsx"
        target = self.ask_save_path(str(path.with_name(suggested)))
        if target is None:
            return None
        try:
            return imp.save_rejects(self.plan, target)
        except OSError as exc:
            QMessageBox.warning(
                self, "无法保存", f"文件没有保存：{exc.strerror or exc}。请换一个位置。"
            )
            return None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def undo_current(self) -> bool:
        if self.result is None:
            return False
        batch = self.result.batch_id
        if not self.confirm(
            "撤销本次导入", "确定要撤销本次导入吗？新增的人员将被删除，更新的信息恢复原样。"
        ):
            return False
        try:
            imp.undo_import(batch, self.data_dir)
        except imp.UndoConflict as exc:
            if not self.confirm("有人员已被修改", exc.message):
                return False
            imp.undo_import(batch, self.data_dir, force=True)
        except RuleError as exc:
            QMessageBox.warning(self, "无法撤销", exc.message)
            return False
        self.result = None
        self.failure = "已撤销"
        self.done_page.summary.setText(
            "本次导入已撤销，花名册已恢复到导入前的样子（撤销前也做了备份）。"
        )
        self.done_page.undo.setEnabled(False)
        self.imported.emit(batch)
        return True

    def start_next_file(self) -> None:
        if self.index + 1 >= len(self.queue):
            return
        self.index += 1
        self.setStartId(PAGE_SHEET)
        self.restart()

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if page_id == PAGE_DONE and self.result is not None:
            self.imported.emit(self.result.batch_id)
