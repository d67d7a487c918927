"""Running an export in a background thread, with progress, cancel and a result on the GUI thread.

The worker calls one function of services.exporting with a ``progress(done, total)`` callback;
it never touches a widget. Progress, the result and errors come back as Qt signals (queued to
the GUI thread). Cancelling sets a flag that the next progress call answers with False, and the
service then removes everything it had started to write.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ...services.app import close_thread_connection

log = logging.getLogger(__name__)

UNEXPECTED = (
    "导出时程序遇到意外错误，文件没有保存。详细信息已写入数据文件夹中的日志，请联系维护人员。"
)


class ExportWorker(QObject):
    """Runs ``job(progress)`` on its own QThread; emits progress, finished, failed, cancelled."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Callable[[Callable[[int, int], bool]], Any]) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self.thread = QThread()
        self.thread.setObjectName("export-worker")
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        from ...services.export_columns import PresetError
        from ...services.exporting import ExportCancelled, ExportError

        try:
            result = self._job(self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except (ExportError, PresetError) as exc:
            self.failed.emit(exc.message)
        except Exception:
            log.exception("导出失败")
            self.failed.emit(UNEXPECTED)
        else:
            self.finished.emit(result)
        finally:
            self._close_connection()
            self.thread.quit()

    @staticmethod
    def _close_connection() -> None:
        try:
            close_thread_connection()
        except Exception:
            log.debug("关闭导出线程的数据库连接失败", exc_info=True)
