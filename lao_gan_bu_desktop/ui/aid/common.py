"""Small Qt helpers shared by the 帮扶 widgets: asking, telling, opening files, money and dates.

Every modal interaction goes through one function here (``run_dialog``, ``ask_yes_no``,
``tell_error``, ``ask_save_path``, ``ask_open_paths``, ``open_path``) so that the tests drive the
real widgets and replace only the modal step. Errors a person can cause show their Chinese
message; anything else goes to the log with its traceback and the dialog says so in Chinese.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ...core.aid_rules import format_yuan
from ...core.errors import RuleError
from ...services.aid import AidConfirmationRequired
from ...services.errors import ConflictError, StorageError

log = logging.getLogger(__name__)

UNEXPECTED = (
    "程序遇到意外错误，这次操作没有完成，数据未被改动。\n"
    "详细信息已写入数据文件夹中的日志（logs/lao_gan_bu.log），请联系维护人员。"
)

T = TypeVar("T")


def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when the clerk pressed 确定."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A 是/否 question whose default answer is 否."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell_error(parent: QWidget | None, title: str, text: str) -> None:
    """Show a warning box with Chinese ``text``."""
    QMessageBox.warning(parent, title, text)


def tell_info(parent: QWidget | None, title: str, text: str) -> None:
    """Show an information box."""
    QMessageBox.information(parent, title, text)


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    """Ask where to save (``suggested`` is a file name, offered in the folder used last, else
    文档); None when cancelled."""
    from ..common.folders import remember_folder, save_folder

    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(save_folder() / Path(suggested).name), filters
    )
    if not name:
        return None
    remember_folder(Path(name))
    return Path(name)


def ask_open_paths(parent: QWidget | None, title: str) -> list[Path]:
    """Ask for files to attach; empty when cancelled."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, title, "", "所有文件 (*);;图片 (*.jpg *.jpeg *.png);;PDF (*.pdf)"
    )
    return [Path(n) for n in names]


def open_path(path: Path) -> bool:
    """Open a file with the system's viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def guarded(
    parent: QWidget | None,
    title: str,
    action: Callable[..., T],
    *,
    confirm_flag: str | None = None,
    conflicts: list[ConflictError] | None = None,
    **kwargs: Any,
) -> tuple[bool, T | None]:
    """Run ``action(**kwargs)``; ask when it needs confirmation (retrying with ``confirm_flag``
    set), show Chinese errors. Returns (done, result). A ConflictError (someone else saved
    the case meanwhile) goes to ``conflicts`` when given, for the caller to ask about."""
    try:
        try:
            return True, action(**kwargs)
        except AidConfirmationRequired as warning:
            if confirm_flag is None or not ask_yes_no(parent, "请确认", warning.message):
                return False, None
            kwargs[confirm_flag] = True
            return True, action(**kwargs)
    except ConflictError as exc:
        if conflicts is None:
            tell_error(parent, title, exc.message)
        else:
            conflicts.append(exc)
    except (RuleError, StorageError) as exc:
        log.info("%s：%s", title, type(exc).__name__)  # the message may quote personal values
        tell_error(parent, title, exc.message)
    except OSError as exc:
        log.warning("%s：%s", title, exc)
        tell_error(parent, title, f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）")
    except Exception:
        log.exception("%s：意外错误", title)
        tell_error(parent, "意外错误", UNEXPECTED)
    return False, None


def to_qdate(day: _dt.date | None) -> QDate:
    """A QDate for a date (an invalid QDate for None)."""
    return QDate(day.year, day.month, day.day) if day else QDate()


def from_qdate(qdate: QDate) -> _dt.date:
    """The date of a QDate."""
    return _dt.date(qdate.year(), qdate.month(), qdate.day())


def money_text(amount: Decimal | None) -> str:
    """``12,345.50`` for tables (empty for None)."""
    return f"{amount:,.2f}" if amount is not None else ""


def yuan(amount: Decimal | None) -> str:
    """``12,345.50 元`` (empty for None)."""
    return format_yuan(amount)
