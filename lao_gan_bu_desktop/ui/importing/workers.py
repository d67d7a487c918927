"""The import wizard's worker-thread jobs: the write (ImportWorker) and reading or checking
(BackgroundTask). They report by signals only and never touch a widget.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ...core.errors import RuleError
from ...services import import_apply
from ...services import importing as imp
from ...services.app import close_thread_connection
from ...services.errors import ConflictError

log = logging.getLogger(__name__)


class ImportWorker(QObject):
    """Runs import_apply.apply_plan on the worker thread; reports by signals only."""

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
            result = import_apply.apply_plan(
                self.plan,
                self.data_dir,
                progress=lambda done, total: self.progress.emit(done, total),
                should_cancel=lambda: self.cancelled,
            )
        except (RuleError, ConflictError) as exc:  # a conflict: someone changed people since
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
