"""打印地址标签 / 信封: choose the sheet, the wording and who, see it in a preview, save or print.

The main window opens ``LabelsDialog(flt, person_ids, parent)`` from 工具 → 打印地址标签… and from
the roster's context menu (the selected people). The preview (QtPdf) shows the first sheets of
exactly the PDF that will be printed, with grey label edges if asked; printing sends every page
at 1:1 scale (no "fit to page", which would make labels drift) to the chosen printer.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QRegularExpression,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QRegularExpressionValidator,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.errors import RuleError
from ...core.roster_filter import RosterFilter
from ...services import labels as svc
from ...services.errors import StorageError
from ..common.folders import remember_folder, save_folder
from ..common.pdf_printing import print_pdf
from ..common.screen_fit import FittingScrollArea, fit_to_screen
from .messages import show_error
from .sheet import SheetView

log = logging.getLogger(__name__)

MODES = (
    ("labels", "地址标签"),
    ("DL", "信封 DL（220×110 毫米）"),
    ("C5", "信封 C5（229×162 毫米）"),
)
NONE_TEXT = "（不加）"
JOURNAL_ONLY = "\x00roster-journal"  # the 只给 choice: the roster's 订阅刊物 field is filled
PREVIEW_LABEL_LIMIT = 3  # sheets shown in the preview; saving and printing draw them all


class LabelsDialog(QDialog):
    """Labels or envelopes for the people of ``flt`` or ``person_ids`` (everyone 在册 if neither)."""

    def __init__(
        self,
        flt: RosterFilter | None = None,
        person_ids: list[int] | None = None,
        parent: QWidget | None = None,
        *,
        day: _dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印地址标签和信封")
        self._flt = flt
        self._ids = list(person_ids) if person_ids is not None else None
        self._day = day
        self._pdf_bytes = QByteArray()
        self._selections: dict[tuple[bool, bool, bool], svc.Selection] = {}
        self._buffer: QBuffer | None = None
        self.last_run: svc.LabelRun | None = None
        self.last_error = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        self._build()
        self._load_options()
        self.refresh_preview()

    # building ---------------------------------------------------------------------------
    def _build(self) -> None:
        opts = QGroupBox("印什么")
        form = QFormLayout(opts)
        self.mode_combo = QComboBox()
        for key, text in MODES:
            self.mode_combo.addItem(text, key)
        form.addRow("打印：", self.mode_combo)
        self.preprinted_check = QCheckBox(
            "已印格式的信封（邮编框、贴邮票处已印好，只印数字和文字）"
        )
        self.preprinted_check.setToolTip(
            "买来的信封已印好红色邮编框时选这项；位置不准可在“模板与校准”里调信封偏移"
        )
        self.preprinted_check.setEnabled(False)
        form.addRow(self.preprinted_check)
        self.title_combo = QComboBox()
        self.title_combo.addItems(["同志", "老师", "先生", "女士", NONE_TEXT])
        self.action_combo = QComboBox()
        self.action_combo.addItems(["收", "启", NONE_TEXT])
        suffix_row = QHBoxLayout()
        suffix_row.addWidget(self.title_combo)
        suffix_row.addWidget(self.action_combo)
        form.addRow("姓名后加：", suffix_row)
        self.household_check = QCheckBox("同一地址合为一份（张三 李四 同志 收）")
        form.addRow(self.household_check)
        # who reads what: anyone, those with a journal on the roster, or (一刊一报) those
        # subscribed to one publication in a year — one row, so the dialog grows no taller
        self.publication_combo = QComboBox()
        self.publication_combo.addItem("不限", "")
        self.publication_combo.addItem("订阅刊物的人（花名册）", JOURNAL_ONLY)
        for name in svc.subscription_publications():
            self.publication_combo.addItem(f"订了《{name}》的人", name)
        self.publication_combo.setMinimumContentsLength(8)
        self.publication_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.publication_combo.setToolTip(
            "只给订阅刊物的人；选一种刊物时按“日常工作 → 一刊一报”中该年度的订阅"
        )
        self.publication_year = QSpinBox()
        self.publication_year.setRange(2000, 2100)
        self.publication_year.setSuffix(" 年")
        self.publication_year.setValue((self._day or clock.today()).year)
        publication_row = QHBoxLayout()
        publication_row.addWidget(self.publication_combo, 1)
        publication_row.addWidget(self.publication_year)
        self.publication_combo.currentIndexChanged.connect(
            lambda _i: self.publication_year.setEnabled(
                self.publication_combo.currentData() not in ("", JOURNAL_ONLY)
            )
        )
        self.publication_year.setEnabled(False)
        form.addRow("只给：", publication_row)
        self.postcode_sort_check = QCheckBox("按邮政编码排序（方便邮局分拣）")
        form.addRow(self.postcode_sort_check)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, 100)
        self.copies_spin.setSuffix(" 份")
        form.addRow("每人：", self.copies_spin)
        self.font_combo = QComboBox()
        self.font_combo.addItems(svc.font_choices())
        form.addRow("字体：", self.font_combo)

        sender_box = QGroupBox("寄件单位")
        sform = QFormLayout(sender_box)
        self.sender_check = QCheckBox("标签底部印上寄件单位（小字）")
        sform.addRow(self.sender_check)
        sender = svc.default_sender()
        self.sender_name = QLineEdit(sender["name"])
        self.sender_address = QLineEdit(sender["address"])
        self.sender_address.setPlaceholderText("信封右下角的寄件地址")
        self.sender_address.setToolTip(sender["address"])
        self.sender_address.textChanged.connect(self.sender_address.setToolTip)
        self.sender_address.setMinimumWidth(300)
        self.sender_postcode = QLineEdit(sender["postcode"])
        self.sender_postcode.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.sender_postcode)
        )
        self.sender_postcode.setPlaceholderText("6 位数字")
        self.sender_postcode.setMaximumWidth(90)
        sform.addRow("单位：", self.sender_name)
        sform.addRow("地址：", self.sender_address)
        sform.addRow("邮编：", self.sender_postcode)

        self.sheet_box = QGroupBox("标签纸")
        sheet_layout = QVBoxLayout(self.sheet_box)
        self.template_combo = QComboBox()  # a row of its own: the descriptions are long
        self.template_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.template_combo.setMinimumContentsLength(24)
        sheet_layout.addWidget(self.template_combo)
        self.templates_button = QPushButton("模板与校准…")
        self.templates_button.setToolTip("新建标签纸模板，设置打印机偏移，打印测试页")
        start_row = QHBoxLayout()
        start_row.addWidget(QLabel("从第"))
        self.start_spin = QSpinBox()
        self.start_spin.setRange(1, 999)
        start_row.addWidget(self.start_spin)
        start_row.addWidget(QLabel("枚开始（在下图点一下也可以）"))
        start_row.addStretch(1)
        start_row.addWidget(self.templates_button)
        sheet_layout.addLayout(start_row)
        self.sheet_view = SheetView(self)
        sheet_layout.addWidget(self.sheet_view, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(opts)
        left_layout.addWidget(sender_box)
        left_layout.addWidget(self.sheet_box, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.outline_check = QCheckBox("预览中显示标签边框（打印时不印）")
        self.outline_check.setChecked(True)
        top.addWidget(self.outline_check)
        top.addStretch(1)
        right_layout.addLayout(top)
        self.pdf_document = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.pdf_document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        right_layout.addWidget(self.pdf_view, 1)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_layout.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.sheet_view.setMinimumHeight(220)
        splitter.addWidget(FittingScrollArea(left))  # the options scroll on a small screen
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 620])  # wide enough for a whole sender address and template name

        buttons = QHBoxLayout()
        self.test_page_button = QPushButton("打印测试页（只有边框）…")
        self.test_page_button.setToolTip("只印标签边框，对着真标签纸看看准不准")
        self.save_button = QPushButton("保存 PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.print_button = QPushButton("打印…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.test_page_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 760)

        self._fill_templates()
        for signal in (
            self.mode_combo.currentIndexChanged,
            self.title_combo.currentIndexChanged,
            self.action_combo.currentIndexChanged,
            self.household_check.toggled,
            self.publication_combo.currentIndexChanged,
            self.publication_year.valueChanged,
            self.postcode_sort_check.toggled,
            self.copies_spin.valueChanged,
            self.font_combo.currentIndexChanged,
            self.sender_check.toggled,
            self.sender_name.textChanged,
            self.sender_address.textChanged,
            self.sender_postcode.textChanged,
            self.outline_check.toggled,
            self.start_spin.valueChanged,
            self.preprinted_check.toggled,
        ):
            signal.connect(self._changed)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.start_spin.valueChanged.connect(self.sheet_view.set_start)
        self.sheet_view.startChanged.connect(self.start_spin.setValue)
        self.templates_button.clicked.connect(self.edit_templates)
        self.test_page_button.clicked.connect(self.print_test_page)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_all)

    def _fill_templates(self, select: str | None = None) -> None:
        current = select or self.template_combo.currentData()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for t in svc.list_templates():
            self.template_combo.addItem(t.description, t.id)
            self.template_combo.setItemData(
                self.template_combo.count() - 1, t.description, Qt.ItemDataRole.ToolTipRole
            )
        index = self.template_combo.findData(current) if current else 0
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)
        self._template_changed()

    def _load_options(self) -> None:
        o = svc.load_options()
        index = self.template_combo.findData(o.template_id)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)
        self.title_combo.setCurrentText(o.title or NONE_TEXT)
        self.action_combo.setCurrentText(o.action or NONE_TEXT)
        self.household_check.setChecked(bool(o.household))
        self.publication_combo.setCurrentIndex(1 if o.journal_only else 0)
        self.postcode_sort_check.setChecked(bool(o.sort_by_postcode))
        self.copies_spin.setValue(int(o.copies or 1))
        self.sender_check.setChecked(bool(o.with_sender))
        if o.font and self.font_combo.findText(o.font) >= 0:
            self.font_combo.setCurrentText(o.font)
        self._timer.stop()

    # state ------------------------------------------------------------------------------
    def mode(self) -> str:
        return self.mode_combo.currentData()

    def publication(self) -> str:
        """The publication whose subscribers get labels ("" for no such choice)."""
        data = self.publication_combo.currentData() or ""
        return "" if data == JOURNAL_ONLY else data

    def options(self) -> svc.LabelOptions:
        """What the form says, as service options."""
        title = self.title_combo.currentText()
        action = self.action_combo.currentText()
        return svc.LabelOptions(
            template_id=self.template_combo.currentData() or "",
            start=self.start_spin.value(),
            copies=self.copies_spin.value(),
            household=self.household_check.isChecked(),
            title="" if title == NONE_TEXT else title,
            action="" if action == NONE_TEXT else action,
            with_sender=self.sender_check.isChecked(),
            font=self.font_combo.currentText() or None,
            journal_only=self.publication_combo.currentData() == JOURNAL_ONLY,
            sort_by_postcode=self.postcode_sort_check.isChecked(),
            publication=self.publication(),
            publication_year=self.publication_year.value(),
        )

    def _changed(self) -> None:
        self._timer.start()

    def _mode_changed(self) -> None:
        labels_mode = self.mode() == "labels"
        self.sheet_box.setEnabled(labels_mode)
        self.copies_spin.setEnabled(labels_mode)
        self.sender_check.setEnabled(labels_mode)
        self.test_page_button.setEnabled(labels_mode)
        self.outline_check.setEnabled(labels_mode)
        self.preprinted_check.setEnabled(not labels_mode)

    def _template_changed(self) -> None:
        template_id = self.template_combo.currentData()
        if not template_id:
            return
        template = svc.get_template(template_id)
        self.sheet_view.set_template(template)
        self.start_spin.setMaximum(template.per_sheet)
        self._changed()

    def _store_sender(self) -> None:
        wanted = {
            "name": self.sender_name.text().strip(),
            "address": self.sender_address.text().strip(),
            "postcode": self.sender_postcode.text().strip(),
        }
        if wanted != svc.default_sender():
            svc.set_sender(wanted["name"], wanted["address"], wanted["postcode"])

    # producing --------------------------------------------------------------------------
    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("正在生成……", "取消", 0, 100, self)
        dialog.setWindowTitle("地址标签")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        return dialog

    def _produce(self, target, *, preview: bool) -> svc.LabelRun:
        self._store_sender()
        o = self.options()
        progress = None
        if not preview:
            bar = self._progress_dialog()

            def progress(done: int, total: int) -> bool:
                bar.setMaximum(max(total, 1))
                bar.setValue(done)
                bar.setLabelText(f"正在生成第 {done + 1} / {total} 份……")
                QApplication.processEvents()
                return not bar.wasCanceled()

        try:
            return self._produce_with(target, o, preview, progress)
        finally:
            if not preview:
                bar.close()
                bar.deleteLater()

    def selection(self, o: svc.LabelOptions) -> svc.Selection:
        """Who gets one, looked up once per choice of journal / household / order."""
        key = (
            o.journal_only,
            o.household,
            o.sort_by_postcode,
            o.publication,
            o.publication_year,
        )
        found = self._selections.get(key)
        if found is None:
            found = svc.select_recipients(
                self._flt,
                self._ids,
                journal_only=o.journal_only,
                household=o.household,
                sort_by_postcode=o.sort_by_postcode,
                day=self._day,
                publication=o.publication,
                publication_year=o.publication_year,
            )
            self._selections[key] = found
        return found

    def _produce_with(self, target, o: svc.LabelOptions, preview: bool, progress) -> svc.LabelRun:
        selection = self.selection(o)
        if self.mode() == "labels":
            return svc.make_labels(
                target,
                o,
                flt=self._flt,
                person_ids=self._ids,
                day=self._day,
                outlines=preview and self.outline_check.isChecked(),
                limit_sheets=PREVIEW_LABEL_LIMIT if preview else None,
                progress=progress,
                selection=selection,
            )
        return svc.make_envelopes(
            target,
            self.mode(),
            flt=self._flt,
            person_ids=self._ids,
            title=o.title,
            action=o.action,
            household=o.household,
            journal_only=o.journal_only,
            font=o.font,
            day=self._day,
            limit=PREVIEW_LABEL_LIMIT * 3 if preview else None,
            progress=progress,
            selection=selection,
            preprinted=self.preprinted_check.isChecked(),
        )

    def refresh_preview(self) -> None:
        """Draw the first sheets into memory and show them; the summary says what will print."""
        self._timer.stop()
        data = io.BytesIO()
        try:
            run = self._produce(data, preview=True)
        except Exception as exc:
            self.last_run = None
            self.last_error = getattr(exc, "message", "") or "预览失败，详情见日志。"
            if not isinstance(exc, RuleError | StorageError):
                log.error("预览出错", exc_info=(type(exc), exc, exc.__traceback__))
            self.pdf_document.close()
            self.summary_label.setText(f"<span style='color:#b00'>{self.last_error}</span>")
            self.save_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        self.last_error = ""
        self.last_run = run
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self._show_pdf(data.getvalue())
        text = run.summary()
        if self.mode() == "labels" and run.pages > PREVIEW_LABEL_LIMIT:
            text += f"\n（预览只显示前 {PREVIEW_LABEL_LIMIT} 页。）"
        self.summary_label.setText(text)

    def _show_pdf(self, data: bytes) -> None:
        self.pdf_document.close()
        self._pdf_bytes = QByteArray(data)
        self._buffer = QBuffer(self._pdf_bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(self._buffer)

    def _default_name(self) -> str:
        kind = "地址标签" if self.mode() == "labels" else f"信封{self.mode()}"
        day = self._day or clock.today()
        return f"{kind}_{day:%Y%m%d}.pdf"

    def save_to(self, path: Path) -> svc.LabelRun:
        """Write the whole PDF to ``path`` and remember the options."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            run = self._produce(Path(path), preview=False)
        finally:
            QGuiApplication.restoreOverrideCursor()
        svc.save_options(self.options())
        return run

    def addresses_confirmed(self, doing: str) -> bool:
        """Ask before ``doing`` (保存 / 打印) when some addresses name no city or district: the
        post may not deliver them. True when all are fine or the clerk goes on anyway."""
        try:
            warning = self.selection(self.options()).no_city_warning()
        except Exception:  # the run itself reports what is wrong
            return True
        if not warning:
            return True
        answer = QMessageBox.question(
            self,
            "地址可能不全",
            f"{warning}。\n\n请在花名册里给这些人的地址补上市、区（县）。仍要{doing}吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_pdf(self) -> None:
        if not self.addresses_confirmed("保存"):
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "保存为 PDF", str(save_folder() / self._default_name()), "PDF 文件 (*.pdf)"
        )
        if not path:
            return
        remember_folder(Path(path))
        try:
            run = self.save_to(Path(path))
        except Exception as exc:
            show_error(self, exc, "没有保存")
            return
        QMessageBox.information(self, "已保存", f"已保存到：{path}\n{run.summary()}")

    def print_test_page(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印标签测试页")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_test_page_to(printer)
        except Exception as exc:
            show_error(self, exc, "没有打印测试页")
            return
        QMessageBox.information(
            self,
            "测试页",
            "测试页已发送到打印机。请印在普通纸上，叠在标签纸上对着光看；"
            "差多少毫米，就在“模板与校准”里填多少。",
        )

    def print_to(self, printer: QPrinter) -> int:
        """Send every page to ``printer`` at 1:1 scale; returns the pages printed."""
        data = io.BytesIO()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._produce(data, preview=False)
            pages = print_pdf(data.getvalue(), printer)
        finally:
            QGuiApplication.restoreOverrideCursor()
        svc.save_options(self.options())
        return pages

    def print_test_page_to(self, printer: QPrinter) -> int:
        """The outlines of the chosen sheet, with the calibration offset, on ``printer``."""
        data = io.BytesIO()
        svc.make_test_page(data, self.template_combo.currentData())
        return print_pdf(data.getvalue(), printer)

    def print_all(self) -> None:
        if not self.addresses_confirmed("打印"):
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印地址标签")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = self.print_to(printer)
        except Exception as exc:
            show_error(self, exc, "没有打印")
            return
        QMessageBox.information(self, "已发送到打印机", f"共 {pages} 页已发送到打印机。")

    def edit_templates(self) -> None:
        from .template_dialog import LabelTemplateDialog

        dialog = LabelTemplateDialog(self, base_id=self.template_combo.currentData())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._fill_templates(dialog.saved_id or None)
        self.refresh_preview()
