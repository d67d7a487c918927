"""Showing errors: a Chinese message in a box for mistakes a person can fix, tracebacks to the log.

A dialog never shows a stack trace. Errors raised by the rules (RuleError), the storage layer
(StorageError, BackupError) and the roster services (PersonValidationError) carry a Chinese message
that says what is wrong, and so do SQLite's refusals a person can act on (a locked file, a full
disk, a damaged file) and failed file operations (a file open in Excel); anything else is logged
with its traceback and reported in general words.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ...core.errors import RuleError
from ...services.errors import StorageError, file_problem_message, problem_message

log = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = (
    "程序遇到意外错误，这次操作没有完成，数据未被改动。\n"
    "详细信息已写入数据文件夹中的日志（logs/lao_gan_bu.log），请联系维护人员。"
)


def user_message(exc: BaseException) -> str | None:
    """The Chinese message of an error a person can cause, or None for a programming error."""
    if isinstance(exc, (RuleError, StorageError)):
        return exc.message
    if type(exc).__name__ == "PersonValidationError":
        return str(exc)
    if type(exc).__module__ in ("peewee", "sqlite3"):
        return problem_message(exc)
    if isinstance(exc, OSError):
        return file_problem(exc)
    return None


def file_problem(exc: OSError) -> str:
    """A file or folder operation that failed, in words a clerk can act on."""
    return f"文件操作失败，这次操作没有完成。\n{file_problem_message(exc)}"


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成操作") -> None:
    """Tell the user what went wrong; log the traceback of anything unexpected."""
    message = user_message(exc)
    if message is None:
        log.error("意外错误", exc_info=(type(exc), exc, exc.__traceback__))
        QMessageBox.critical(parent, "意外错误", UNEXPECTED_MESSAGE)
        return
    log.info("%s：%s", title, type(exc).__name__)  # the message may quote personal values
    QMessageBox.warning(parent, title, message)


def install_excepthook() -> None:
    """Route uncaught exceptions in slots to the log and a general Chinese message."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("未捕获的错误", exc_info=(kind, exc, tb))
        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
