"""The one place that opens the SQLite database: pragmas, network-share detection, migrations.

Models bind to :data:`db`, a proxy that :func:`open_database` initialises, so the models can be
imported before the data folder is known (the CLI, the window and the tests each pick their own).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

from peewee import DatabaseError, DatabaseProxy, SqliteDatabase

from .errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyError,
    ServerUnreachableError,
    StorageError,
)

log = logging.getLogger(__name__)

DB_FILENAME = "lao_gan_bu.sqlite3"
BUSY_TIMEOUT_MS = 5000

db = DatabaseProxy()
# The data folder of the open database: beside the SQLite file, or the PC's own folder (logs,
# temporary files, backups) when the database is on a PostgreSQL server.
_folder: Path | None = None


def data_folder() -> Path:
    """The data folder of the open database."""
    if _folder is not None:
        return _folder
    if is_postgres():
        # A server's address is no folder: files written "beside" it would land in a folder
        # named like the URL wherever the program happens to run.
        raise RuntimeError("the database server was opened without a data folder (open_postgres)")
    return Path(db.obj.database).parent


def is_postgres() -> bool:
    """True when the open database is on a PostgreSQL server."""
    return bool(getattr(db.obj, "is_postgres", False))


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
# Below this much free space an error that SQLite reports as "cannot open" or "disk I/O" is the
# full disk's doing (SQLite could not create its -wal/-shm files), not a damaged file.
LOW_SPACE_BYTES = 1024 * 1024
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
    a read-only file); None for any other error. The operation's transaction was rolled back.

    The errors that ``exc`` arose from count too: a COMMIT that fails on a full disk is rolled
    back by SQLite itself, and the ROLLBACK that follows raises "no transaction is active".
    """
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 8:
        message = _problem_message(cause)
        if message is not None:
            return message
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


def _problem_message(exc: BaseException) -> str | None:
    if not isinstance(exc, (sqlite3.Error, DatabaseError)):
        return None
    if is_postgres():
        return _postgres_problem_message(exc)
    text = str(exc).lower()
    path = db.obj.database if db.obj is not None else DB_FILENAME
    if is_locked_error(exc):
        return locked_message(path)
    if "disk is full" in text:
        return disk_full_message(Path(path).parent)
    if "malformed" in text or "not a database" in text:
        return DAMAGED_MESSAGE.format(path=path)
    if "disk i/o error" in text or "unable to open" in text:
        if is_low_on_space(Path(path).parent):
            return disk_full_message(Path(path).parent)
        return DISK_ERROR_MESSAGE.format(path=path)
    if "readonly" in text or "read-only" in text:
        return READ_ONLY_MESSAGE.format(path=path)
    return None


SERVER_GONE_MESSAGE = (
    "连接不上数据库服务器：{url}\n这次操作没有完成。请检查网络和服务器是否开着，稍后重试；"
    "已经保存的数据都在服务器上，不会丢失。"
)
SERVER_FULL_MESSAGE = (
    "数据库服务器的磁盘空间不足，这次操作没有完成，数据未改动。请联系服务器的管理员。"
)
SERVER_READ_ONLY_MESSAGE = (
    "数据库服务器只允许读取（只读账户或只读副本），这次修改没有完成。请联系服务器的管理员。"
)
SERVER_BUSY_MESSAGE = "另一台电脑正在修改同一批记录，这次操作等待超时，没有完成。请稍后重试。"


def _postgres_problem_message(exc: BaseException) -> str | None:
    from .postgres import safe_url

    text = str(exc).lower()
    url = safe_url(str(db.obj.database))
    if "could not write" in text or "no space left" in text or "disk full" in text:
        return SERVER_FULL_MESSAGE
    if "read-only transaction" in text or "permission denied" in text:
        return SERVER_READ_ONLY_MESSAGE
    if "deadlock" in text or "lock timeout" in text or "could not obtain lock" in text:
        return SERVER_BUSY_MESSAGE
    if (
        (
            "connection" in text
            and ("closed" in text or "refused" in text or "failed" in text or "lost" in text)
        )
        or "server closed" in text
        or "terminating connection" in text
    ):
        return SERVER_GONE_MESSAGE.format(url=url)
    return None


def free_bytes(folder: Path) -> int | None:
    """Free space of the disk that holds ``folder`` (its nearest existing parent); None if unknown."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def is_low_on_space(folder: Path) -> bool:
    """True when the disk of ``folder`` has less than :data:`LOW_SPACE_BYTES` free."""
    free = free_bytes(folder)
    return free is not None and free < LOW_SPACE_BYTES


def size_text(size: int) -> str:
    """A size in words a clerk reads: "3.2 MB", "800 KB"."""
    if size >= 1024 * 1024 * 1024:
        return f"{size / 1024 / 1024 / 1024:.1f} GB"
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size // 1024} KB" if size >= 1024 or size == 0 else "1 KB"


def space_needed(folder: Path) -> int:
    """What a write in ``folder`` needs at most: room for a copy of the data file (a backup, or
    SQLite's journal of a large change) plus a margin."""
    try:
        size = (Path(folder) / DB_FILENAME).stat().st_size
    except OSError:
        size = 0
    return size + LOW_SPACE_BYTES


def disk_full_message(folder: Path, needed: int | None = None) -> str:
    """The Chinese message for a full disk: which folder, how much is free, how much is needed."""
    folder = Path(folder)
    free = free_bytes(folder)
    needed = needed if needed is not None else space_needed(folder)
    free_words = f"只剩 {size_text(free)}" if free is not None else "已没有空间"
    return (
        f"磁盘空间不足：文件夹 {folder} 所在的磁盘{free_words}，这次操作需要约 {size_text(needed)}。\n"
        "这次操作没有完成，数据未被改动。请清理磁盘（或把数据文件夹移到空间更大的磁盘）后重试。"
    )


def is_disk_full_error(exc: BaseException, folder: Path) -> bool:
    """True when ``exc`` (SQLite's or the operating system's) comes from a full disk."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text:
        return True
    return (
        "disk i/o error" in text or "unable to open" in text or "out of memory" in text
    ) and is_low_on_space(folder)


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


class ReadOnlySqliteDatabase(SqliteDatabase):
    """A database opened with SQLite's ``mode=ro`` (a data folder that cannot be written).

    ``database`` stays the plain path (the rest of the program reads the folder from it); the
    connection uses a URI. With no ``-wal`` pages to read, the file is opened ``immutable``:
    SQLite would otherwise try to create the ``-shm`` file beside it, which a read-only folder
    refuses.
    """

    read_only = True

    def _connect(self) -> sqlite3.Connection:
        path = Path(self.database).resolve()
        query = "mode=ro" if has_wal_pages(path) else "mode=ro&immutable=1"
        conn = sqlite3.connect(
            f"{path.as_uri()}?{query}",
            timeout=self._timeout,
            isolation_level=None,
            uri=True,
            **self.connect_params,
        )
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


def has_wal_pages(path: Path) -> bool:
    """True when a ``-wal`` file beside ``path`` holds pages (committed changes not yet in the
    file itself); a read that ignores it would miss them."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def make_read_only_database(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> ReadOnlySqliteDatabase:
    """A peewee database that reads ``path`` and refuses every write (``query_only``)."""
    return ReadOnlySqliteDatabase(
        str(path),
        pragmas={
            "foreign_keys": 1,
            "busy_timeout": busy_timeout_ms,
            "cache_size": -16000,
            "query_only": 1,
        },
        timeout=busy_timeout_ms / 1000,
    )


def is_read_only(database: SqliteDatabase | None = None) -> bool:
    """True when ``database`` (the bound one by default) was opened for reading only."""
    database = database if database is not None else db.obj
    return bool(getattr(database, "read_only", False))


def _open_failed(exc: BaseException, path: Path) -> StorageError:
    """The typed error for a data file SQLite could not open."""
    if is_locked_error(exc):
        return DatabaseLockedError(locked_message(path))
    if is_disk_full_error(exc, path.parent):
        return DiskFullError(disk_full_message(path.parent))
    return DatabaseDamagedError(
        f"无法打开数据文件：{path}\n文件可能已损坏或不是本程序的数据文件。"
        "可以用备份恢复（损坏的文件会另存一份，不会删除）。"
    )


def open_database(
    path: Path,
    *,
    migrate: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path``, bind the models and run migrations.

    ``read_only`` (a folder that cannot be written) opens the existing file for reading only:
    nothing is created or migrated, and every write is refused by SQLite.
    """
    from .migrations import LATEST_VERSION, migrate_database

    global _folder
    _folder = None
    if read_only:
        if not path.exists():
            raise ReadOnlyError(
                f"数据文件夹不能写入（只读），其中也还没有数据文件：{path.parent}\n"
                "请换一个可以写入的文件夹，或检查文件夹的权限和磁盘的写保护。"
            )
        database = make_read_only_database(path, busy_timeout_ms)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        database = make_database(path, busy_timeout_ms)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise _open_failed(exc, path) from exc
    db.initialize(database)
    if read_only:
        try:
            row = database.execute_sql('SELECT max("version") FROM "schema_version"').fetchone()
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            database.close()
            raise _open_failed(exc, path) from exc
        version = int(row[0] or 0)
        if version != LATEST_VERSION:
            database.close()
            raise ReadOnlyError(
                f"数据文件需要升级到本程序的版本，但数据文件夹只读，不能写入：{path.parent}\n"
                "请检查文件夹的权限和磁盘的写保护后重新打开；数据文件未作任何改动。"
                if version < LATEST_VERSION
                else f"这个数据文件由更新版本的老干部工作台写入（数据版本 {version}），"
                "请安装新版本后再打开；数据文件未作任何改动。"
            )
        return database
    if migrate:
        try:
            migrate_database(database)
        except DatabaseError as exc:
            database.close()
            if is_locked_error(exc) or is_disk_full_error(exc, path.parent):
                raise _open_failed(exc, path) from exc
            raise
    return database


def open_postgres(url: str, data_dir: Path, *, migrate: bool = True) -> Any:
    """Open the PostgreSQL database at ``url`` (the PC's own files go to ``data_dir``), bind
    the models and run migrations."""
    from psycopg import Error as PsycopgError

    from .migrations import migrate_database
    from .postgres import make_database, safe_url

    global _folder
    database = make_database(url)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT 1").fetchone()
    except (DatabaseError, PsycopgError) as exc:
        database.close()
        log.warning("连接数据库服务器失败：%s（%s）", safe_url(url), exc)
        raise ServerUnreachableError(
            f"连接不上数据库服务器：{safe_url(url)}\n{_first_line(exc)}\n"
            "请检查地址、用户名、密码，以及网络和服务器是否开着。"
            "要先用本机的数据，去掉 --database-url（或 设置 中的数据库服务器地址）后再打开。"
        ) from exc
    db.initialize(database)
    _folder = Path(data_dir)
    if migrate:
        try:
            migrate_database(database)
        except DatabaseError:
            database.close()
            raise
    return database


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def close_database() -> None:
    """Close the bound database, if any."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
