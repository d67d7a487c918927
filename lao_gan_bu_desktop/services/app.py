"""Opening the program's data folder: the database, the daily backup, logging.

Where the folder lives is services.data_folder (no database needed to know it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from ..core.private_log import PrivateFormatter
from ..storage import backup
from ..storage.database import DB_FILENAME, close_database, open_database

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """An open data folder: its path and its database."""

    data_dir: Path
    database: SqliteDatabase

    @property
    def database_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    def close(self) -> None:
        close_database()


def setup_logging(data_dir: Path) -> None:
    """Log to ``logs/lao_gan_bu.log`` in the data folder (tracebacks go there, not to dialogs)."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    target = str(logs / "lao_gan_bu.log")
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def close_thread_connection() -> None:
    """Close the calling thread's database connection (peewee keeps one per thread).

    Worker threads call this when they finish, so that no connection outlives its thread.
    """
    from ..storage.database import db

    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


def open_app(data_dir: Path, *, daily_backup: bool = True) -> AppContext:
    """Open (creating if needed) the data folder; make the day's first backup when it is due
    (the window passes ``daily_backup=False`` and makes it in the background once it shows)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    existed = (data_dir / DB_FILENAME).exists()
    database = open_database(data_dir / DB_FILENAME)
    if daily_backup and existed:
        make_daily_backup(data_dir)
    return AppContext(data_dir, database)


def daily_backup_due(data_dir: Path) -> bool:
    """True when no backup of ``data_dir`` has been made today."""
    return backup.daily_backup_due(data_dir)


def make_daily_backup(data_dir: Path) -> backup.BackupInfo | None:
    """The day's first backup ("每日自动") when none has been made today; None when not due or
    when it failed (the reason goes to the log: a failed daily backup never stops the work).
    Safe in any thread: it uses connections of its own."""
    if not daily_backup_due(data_dir):
        return None
    try:
        return backup.make_backup(data_dir, "每日自动")
    except backup.BackupError:
        log.exception("每日自动备份失败")
        return None
