"""How the labels dialog and the template dialog report a failure: a file that cannot be written
gets its own advice, everything else is shown as everywhere (ui.common.errors).

Apart from both dialogs so that the template dialog need not import the labels dialog.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from ..common import errors

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> None:
    """A file that cannot be written gets its own advice; the rest as everywhere (ui.errors)."""
    if isinstance(exc, OSError):
        log.info("%s：%s", title, exc)
        QMessageBox.warning(
            parent,
            title,
            f"文件写不进去：{exc.strerror or exc}。请换一个文件夹，或关闭正打开这个文件的程序。",
        )
        return
    errors.show_error(parent, exc, title)
