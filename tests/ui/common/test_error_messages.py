"""What the window says when something fails: SQLite's refusals and failed file operations in
Chinese words, anything else as a general error (with the traceback in the log)."""

from __future__ import annotations

import sqlite3

import peewee
import pytest


def test_the_window_shows_them_instead_of_a_general_error(qapp, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from lao_gan_bu_desktop.ui.common import errors

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: shown.append((title, text))
    )
    errors.show_error(None, peewee.OperationalError("database or disk is full"), "保存失败")
    errors.show_error(None, sqlite3.OperationalError("no such table: x"), "保存失败")
    assert shown[0][0] == "保存失败" and "磁盘空间不足" in shown[0][1]
    assert shown[1] == ("意外错误", errors.UNEXPECTED_MESSAGE)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(13, "Permission denied", "D:/报表/花名册.xlsx"), "正被其他程序"),
        (FileNotFoundError(2, "No such file or directory", "E:/老干部"), "找不到“E:/老干部”"),
        (OSError(28, "No space left on device"), "磁盘空间不足"),
        (OSError(5, "Input/output error", "F:/data"), "“F:/data”（系统错误代码 5）"),
        (IsADirectoryError(21, "Is a directory", "D:/报表"), "是一个文件夹，不是文件"),
        (OSError(36, "File name too long", "D:/" + "长" * 300), "文件名或路径太长"),
        (OSError(30, "Read-only file system", "G:/花名册.xlsx"), "只读"),
        (NotADirectoryError(20, "Not a directory", "D:/a.xlsx/b.xlsx"), "不是文件夹"),
    ],
)
def test_failed_file_operations_are_said_plainly(error: OSError, words: str) -> None:
    from lao_gan_bu_desktop.ui.common.errors import user_message

    message = user_message(error)
    assert message is not None and message.startswith("文件操作失败") and words in message
    assert error.strerror not in message  # never the system's English
    assert "请" in message.split("\n", 1)[1]  # and what to do
