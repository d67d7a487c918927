"""Where a saved file goes by default: the folder used last (remembered in QSettings), else the
folder of the last export (kept with the data), else 文档, else the home folder — the same for
exports, aid papers and labels. The export wizard remembers its folder here too, so that the
label PDF is offered where the last export went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

SETTINGS_KEY = "files/last_folder"


def documents_folder() -> Path:
    """文档 (the user's Documents folder), else the home folder."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def save_folder(settings: QSettings | None = None) -> Path:
    """The folder to offer for a new file: the last one used when it still exists, else the last
    export's folder, else 文档."""
    value = (settings or QSettings()).value(SETTINGS_KEY)
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    exported = _export_folder()
    if exported and Path(exported).is_dir():
        return Path(exported)
    return documents_folder()


def _export_folder() -> str:
    """The export wizard's last folder ("" when none, or when the data cannot be read)."""
    from ...services.errors import StorageError
    from ...services.exporting import export_folder_setting

    try:
        return export_folder_setting()
    except StorageError:
        return ""


def remember_folder(path: Path, settings: QSettings | None = None) -> None:
    """Remember the folder of ``path`` (a file just saved) for the next time."""
    (settings or QSettings()).setValue(SETTINGS_KEY, str(Path(path).parent))
