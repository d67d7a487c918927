"""The few texts of Qt's own file dialog that Qt's shipped zh_CN translation leaves in English
("Look in:", "Files of type:", the "Folder" type column), and Chinese dates in it.

Qt asks the most recently installed translator first; this one answers only for the texts it
knows and leaves the rest to qtbase_zh_CN.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QFileSystemModel", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QFileSystemModel", "File"): "文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class GapTranslator(QTranslator):
    """Chinese for the texts in :data:`GAPS`; no answer (None, a null string to Qt: an empty
    one would count as the translation) lets the next translator try."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def use_chinese_locale() -> None:
    """Dates and numbers in Qt's own widgets the Chinese way (2026/12/7, not 7 12 2026), on
    any Windows language setting."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def chinese_file_dates(environ: MutableMapping[str, str] = os.environ) -> None:
    """File dates in Qt's own file dialog as 2026/12/7 06:38, not "7 12 2026 06:38".

    That dialog writes dates in the *system* locale, which :func:`use_chinese_locale` does not
    change; on Linux Qt reads it from LC_TIME once, so this is set before the QApplication is
    made. Windows uses its own file dialog and the Windows date settings; an explicit LC_ALL is
    the user's choice and is left alone."""
    if sys.platform == "win32" or environ.get("LC_ALL"):
        return
    if (environ.get("LC_TIME") or environ.get("LANG") or "").startswith("zh"):
        return
    environ["LC_TIME"] = "zh_CN.UTF-8"


def install_gap_translator(app: QApplication) -> GapTranslator:
    """Fill the gaps (install after Qt's own translations) and use the Chinese locale."""
    use_chinese_locale()
    translator = GapTranslator(app)
    app.installTranslator(translator)
    return translator
