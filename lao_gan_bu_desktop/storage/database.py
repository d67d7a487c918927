"""The one place that opens the SQLite database: pragmas, network-share detection, migrations.

Models bind to :data:`db`, a proxy that :func:`open_database` initialises, so the models can be
imported before the data folder is known (the CLI, the window and the tests each pick their own).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from pathlib import Path

from peewee import DatabaseError, DatabaseProxy, SqliteDatabase

from .errors import DatabaseDamagedError, DatabaseLockedError

log = logging.getLogger(__name__)

DB_FILENAME = "lao_gan_bu.sqlite3"
BUSY_TIMEOUT_MS = 5000

db = DatabaseProxy()


def is_network_path(path: Path) -> bool:
    """True when ``path`` lies on a network share, where SQLite's WAL mode must not be used."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        if drive:
            drive_remote = 4
            return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote
        return False
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            best, fstype = "", ""
            resolved = str(path.resolve())
            for line in mounts:
                parts = line.split()
                if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        return fstype in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "fuse.sshfs"}
    except OSError:
        return False


def locked_message(path: Path | str) -> str:
    return f"数据文件正被其他程序占用：{path}\n请关闭其他正在使用它的程序（或另一个老干部工作台窗口）后重试，数据未改动。"


DISK_FULL_MESSAGE = "磁盘空间不足，这次操作没有完成，数据未被改动。\n请清理磁盘（或把数据文件夹移到空间更大的磁盘）后重试。"
DAMAGED_MESSAGE = (
    "数据文件已损坏：{path}\n这次操作没有完成。请从最近的备份恢复（窗口中：文件 → 恢复备份；"
    "命令行：lao-gan-bu restore 备份文件夹），损坏的文件会另存一份，不会删除。"
)
DISK_ERROR_MESSAGE = (
    "读写数据文件时出错（磁盘或网络故障）：{path}\n这次操作没有完成，请检查磁盘或网络后重试。"
)
READ_ONLY_MESSAGE = (
    "数据文件不能写入（只读）：{path}\n这次操作没有完成。请检查文件属性和文件夹的权限。"
)


def problem_message(exc: BaseException) -> str | None:
    """The Chinese message when SQLite refused an operation for a reason the office can act on
    (the file locked by another program, a full disk, a damaged file, a disk or network error,
    a read-only file); None for any other error. The operation's transaction was rolled back."""
    if not isinstance(exc, (sqlite3.Error, DatabaseError)):
        return None
    text = str(exc).lower()
    path = db.obj.database if db.obj is not None else DB_FILENAME
    if is_locked_error(exc):
        return locked_message(path)
    if "disk is full" in text:
        return DISK_FULL_MESSAGE
    if "malformed" in text or "not a database" in text:
        return DAMAGED_MESSAGE.format(path=path)
    if "disk i/o error" in text:
        return DISK_ERROR_MESSAGE.format(path=path)
    if "readonly" in text or "read-only" in text:
        return READ_ONLY_MESSAGE.format(path=path)
    return None


def is_locked_error(exc: BaseException) -> bool:
    """True when ``exc`` is SQLite saying the database is locked or busy."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def make_database(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqliteDatabase:
    """A peewee database for ``path`` with the project's pragmas (WAL unless on a network share)."""
    journal = "delete" if is_network_path(path) else "wal"
    if journal != "wal":
        log.warning("数据文件位于网络共享上，改用 DELETE 日志模式：%s", path)
    return SqliteDatabase(
        str(path),
        pragmas={
            "foreign_keys": 1,
            "journal_mode": journal,
            "busy_timeout": busy_timeout_ms,
            "synchronous": "normal",
            "cache_size": -16000,
        },
        timeout=busy_timeout_ms / 1000,
    )


def open_database(
    path: Path, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path``, bind the models and run migrations."""
    from .migrations import migrate_database

    path.parent.mkdir(parents=True, exist_ok=True)
    database = make_database(path, busy_timeout_ms)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        if is_locked_error(exc):
            raise DatabaseLockedError(locked_message(path)) from exc
        raise DatabaseDamagedError(
            f"无法打开数据文件：{path}\n文件可能已损坏或不是本程序的数据文件。"
            "可以用备份恢复（损坏的文件会另存一份，不会删除）。"
        ) from exc
    db.initialize(database)
    if migrate:
        try:
            migrate_database(database)
        except DatabaseError as exc:
            database.close()
            if is_locked_error(exc):
                raise DatabaseLockedError(locked_message(path)) from exc
            raise
    return database


def close_database() -> None:
    """Close the bound database, if any."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
