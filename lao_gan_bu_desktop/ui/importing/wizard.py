"""The import wizard: 选择文件与单位 → 工作表与表头 → 列对应 → 检查 → 导入 → 完成.

Every step calls :mod:`..services.importing` (the same functions as the CLI); no widget builds a
query. Reading, checking and writing run in worker threads (QThread + signals; a worker never
touches a widget). The 检查 step shows its progress inline (only when it lasts more than a moment)
and can be cancelled; the wizard's 取消 button during the write rolls the whole import back, and
closing the wizard during a check cancels it and waits for its thread. Several files can be
chosen (or dropped on the main window) at once, one unit each; they are imported one after the
other, the 完成 page offering the next one. A workbook with a roster sheet per 类别 ("离休",
"退休") is imported a sheet at a time, each its own batch: the 完成 page offers the roster sheets
of the same file not imported yet, which go through the same steps with the same file and unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
    QWizard,
)

from ...core import clock
from ...services import importing as imp
from .check_page import CheckPage
from .common import (
    PAGE_DONE,
    PAGE_IMPORT,
    PAGE_SHEET,
)
from .result_pages import DonePage, ImportPage
from .source_pages import FilesPage, MappingPage, SheetPage
from .workers import BackgroundTask


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
        self.rosters: list[str] = []
        self.next_sheet: str | None = None
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
        suggested = f"{unit}_未导入的行_{clock.today().isoformat()}.xlsx"
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
        from .undo import undo_batch

        outcome = undo_batch(self, batch, self.data_dir)
        if outcome is None:
            return False
        self.result = None
        self.failure = "已撤销"
        self.done_page.summary.setText(outcome)
        self.done_page.undo.setEnabled(False)
        self.imported.emit(batch)
        return True

    def start_next_file(self) -> None:
        if self.index + 1 >= len(self.queue):
            return
        self.index += 1
        self.next_sheet = None
        self.setStartId(PAGE_SHEET)
        self.restart()

    def start_sheet(self, sheet: str) -> None:
        """继续导入工作表: the same file and unit again from the 工作表与表头 page, with ``sheet``
        chosen (the batches imported so far stay as they are)."""
        self.next_sheet = sheet
        self.setStartId(PAGE_SHEET)
        self.restart()

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if page_id == PAGE_DONE and self.result is not None:
            self.imported.emit(self.result.batch_id)
