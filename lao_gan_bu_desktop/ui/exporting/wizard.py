"""导出向导: 导出什么 → 哪些人 → 哪些列 → 保存到哪里, then the export runs in a worker thread.

Opened from 文件 → 导出… (Ctrl+E) with the roster's current filter, so that "what I see" is one
click away; a chosen filter (unit, 离休/退休, age bracket, service tier, status, party, residence)
is the other choice. The column page is a checkable list that can be dragged into any order;
column presets are saved by name. Exports longer than a moment show a progress dialog that can be
cancelled; a cancelled or failed export leaves no half-written file.

The four pages are in :mod:`.pages`; this module holds the wizard, which runs the export.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QMessageBox,
    QProgressDialog,
    QWidget,
    QWizard,
)

from ...core import clock
from ...core.roster_filter import RosterFilter
from ...services import exporting
from ..common.folders import remember_folder
from .pages import (
    PAGE_COLUMNS,
    PAGE_KIND,
    PAGE_PEOPLE,
    PAGE_TARGET,
    ColumnsPage,
    KindPage,
    PeoplePage,
    TargetPage,
)
from .worker import ExportWorker

PROGRESS_DELAY_MS = 400


class ExportWizard(QWizard):
    """The export wizard. ``current_filter`` is the roster tab's filter, if any."""

    exportFinished = Signal(object)
    exportFailed = Signal(str)

    def __init__(
        self,
        current_filter: RosterFilter | None = None,
        parent: QWidget | None = None,
        *,
        day: _dt.date | None = None,
        kind: str = "roster",
        selected_ids: tuple[int, ...] = (),
        order: tuple[str, bool] = ("name", False),
    ) -> None:
        super().__init__(parent)
        self.day = day or clock.today()
        self.order = order
        self.setWindowTitle("导出")
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.NextButton, "下一步(&N) >")
        self.setButtonText(QWizard.BackButton, "< 上一步(&B)")
        self.setButtonText(QWizard.FinishButton, "导出(&E)")
        self.setButtonText(QWizard.CancelButton, "取消")
        self.kind_page = KindPage()
        self.people_page = PeoplePage(current_filter, self.day, selected_ids=selected_ids)
        self.columns_page = ColumnsPage()
        self.target_page = TargetPage(self.day)
        self.setPage(PAGE_KIND, self.kind_page)
        self.setPage(PAGE_PEOPLE, self.people_page)
        self.setPage(PAGE_COLUMNS, self.columns_page)
        self.setPage(PAGE_TARGET, self.target_page)
        self.kind_page.buttons[kind].setChecked(True)
        self.resize(640, 560)
        self.worker: ExportWorker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_result: Any = None

    def kind(self) -> str:
        return self.kind_page.kind()

    def job(self):
        """The export to run, as a function of ``progress`` (built on the GUI thread)."""
        kind = self.kind()
        target = self.target_page.target()
        day = self.day
        if kind == "report":
            return lambda progress: exporting.export_report(target, day=day)
        if kind == "unit-check":
            units = self.people_page.chosen_units()
            one = self.people_page.one_book.isChecked()
            return lambda progress: exporting.export_unit_check(
                target, units=units, one_workbook=one, day=day, progress=progress
            )
        flt = self.people_page.roster_filter()
        if kind == "directory":
            return lambda progress: exporting.export_directory(
                target, flt=flt, day=day, progress=progress
            )
        keys = self.columns_page.keys()
        order_by, descending = self.order
        full_id = self.columns_page.full_id.isChecked()
        with_phones = self.columns_page.with_phones.isChecked()
        return lambda progress: exporting.export_roster(
            target,
            flt=flt,
            keys=keys,
            full_id=full_id,
            with_phones=with_phones,
            day=day,
            order_by=order_by,
            descending=descending,
            progress=progress,
        )

    def accept(self) -> None:
        """导出: start the worker; the wizard stays open until the export is done."""
        if self.worker is not None:
            return
        self.button(QWizard.FinishButton).setEnabled(False)
        self.worker = ExportWorker(self.job())
        dialog = QProgressDialog("正在导出…", "取消", 0, 0, self)
        dialog.setWindowTitle("导出")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.canceled.connect(self.worker.cancel)
        self.progress_dialog = dialog
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(max(total, 1))
            self.progress_dialog.setValue(min(done, total))
            self.progress_dialog.setLabelText(f"正在导出… {done} / {total} 人")

    def _end_worker(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if self.worker is not None:
            self.worker.thread.wait()  # its job has ended: the thread's loop is quitting
            self.worker = None
        self.button(QWizard.FinishButton).setEnabled(True)

    def _on_finished(self, result) -> None:
        self._end_worker()
        self.last_result = result
        folder = result.paths[0].parent if result.paths else None
        target = self.target_page.target()
        exporting.remember_export_folder(target.parent)
        remember_folder(target)  # the label and other save dialogs start there next
        self.exportFinished.emit(result)
        if self.property("quiet"):
            super().accept()
            return
        box = QMessageBox(self)
        box.setWindowTitle("导出完成")
        box.setIcon(QMessageBox.Information)
        box.setText(result.summary)
        file_button = None
        if len(result.paths) == 1:  # one workbook or PDF: open it straight away
            file_button = box.addButton("打开文件(&F)", QMessageBox.ActionRole)
        open_button = box.addButton("打开文件夹(&O)", QMessageBox.ActionRole)
        box.addButton("关闭", QMessageBox.AcceptRole)
        box.exec()
        if file_button is not None and box.clickedButton() is file_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.paths[0])))
        elif box.clickedButton() is open_button and folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        super().accept()

    def _on_failed(self, message: str) -> None:
        self._end_worker()
        self.exportFailed.emit(message)
        QMessageBox.warning(self, "导出没有完成", message)

    def _on_cancelled(self) -> None:
        self._end_worker()
        self.exportFailed.emit("已取消导出，没有保存任何文件。")

    def reject(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            return
        super().reject()

    def stop_background_work(self) -> None:
        """Cancel a running export and wait for its thread (the main window is closing); the
        service removes what it had started to write."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.thread.wait()


def open_export_wizard(
    parent: QWidget | None = None, current_filter: RosterFilter | None = None
) -> ExportWizard:
    """Show the wizard (non-modal) for ``current_filter``; returns it."""
    wizard = ExportWizard(current_filter, parent)
    wizard.setAttribute(Qt.WA_DeleteOnClose)
    wizard.show()
    return wizard
