"""Opening the program's data folder: the database, the checks at start, the daily backup, logging.

Where the folder lives is services.data_folder (no database needed to know it).

What opening does besides the database, and why:

- a folder that cannot be written (a read-only share, a write-protected stick) is opened for
  reading only; the log then goes to the system's temporary folder;
- the data file gets SQLite's ``quick_check`` (about 0.1 s on 50 000 people); damage it finds
  is repaired at once when it is in the indexes (after a backup), and otherwise reported with
  the way to restore; the daily backup runs the full ``integrity_check`` on its copy;
- temporary files (openpyxl's among them, which hold whole rosters) go to ``tmp/`` in the data
  folder, one sub-folder per process, removed when the process ends or, after a crash, at the
  next start;
- on POSIX the folder and the data file are made owner-only.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from ..core.private_log import PrivateFormatter
from ..storage import backup
from ..storage.database import DB_FILENAME, close_database, open_database
from ..storage.errors import DiskFullError, StorageError

log = logging.getLogger(__name__)

TEMP_DIRNAME = "tmp"
LOG_FALLBACK_DIRNAME = "LaoGanBu-logs"
READ_ONLY_NOTICE = (
    "数据文件夹不能写入，本次以只读方式打开：可以查看、查询和导出，不能修改。"
    "如需修改，请检查文件夹的权限或磁盘的写保护后重新打开。"
)
INDEX_REPAIRED_NOTICE = (
    "检查发现数据文件的索引损坏，已先备份（{backup}），再重建索引修复；人员和记录完好。"
)
CHECK_FAILED_NOTICE = (
    "检查发现数据文件已损坏（{count} 处问题，详见日志）。请尽快从最近的备份恢复："
    "文件 → 恢复备份（命令行：lao-gan-bu restore 备份文件夹），损坏的文件会另存一份。"
)
DISK_FULL_NOTICE = (
    "数据文件夹所在的磁盘已满，本次以只读方式打开：可以查看、查询，不能修改。请清理磁盘。"
)
DAILY_DONE_NOTICE = "今天的自动备份已完成"
DAILY_FAILED_NOTICE = "今天的自动备份没有完成：{reason}\n下次打开程序时会再试。"


@dataclass
class AppContext:
    """An open data folder: its path and its database.

    ``read_only``: the folder cannot be written, so the database was opened for reading only.
    ``notices``: what the checks at start found, in words for the clerk (status bar, 首页).
    """

    data_dir: Path
    database: SqliteDatabase
    read_only: bool = False
    notices: list[str] = field(default_factory=list)
    read_only_reason: str = ""  # why a write is refused, when it is not the folder's permissions
    temp_dir: Path | None = None  # this process's temporary folder (use_own_temp_folder)
    existed: bool = True  # the data file was there before it was opened (not made just now)
    database_url: str | None = None  # the PostgreSQL server's database; None: the SQLite file

    @property
    def on_server(self) -> bool:
        """True when the data is on a PostgreSQL server (shared by several PCs)."""
        return self.database_url is not None

    @property
    def database_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    def close(self) -> None:
        from .settings import set_session_operator

        set_session_operator(None)  # whoever signed in did so for this data folder only
        close_database()
        if self.temp_dir is not None:
            release_temp_folder(self.temp_dir)
            self.temp_dir = None


class _QuietFileHandler(logging.FileHandler):
    """A log file that stays silent when it cannot be written (a full disk): logging's own
    fallback prints an English traceback on the console, which the clerk must never see."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _log_folder(data_dir: Path) -> Path:
    """``logs/`` of the data folder, or a folder in the system's temporary folder when the data
    folder cannot be written."""
    logs = data_dir / "logs"
    try:
        logs.mkdir(parents=True, exist_ok=True)
        with open(logs / "lao_gan_bu.log", "a", encoding="utf-8"):
            pass
        return logs
    except OSError:
        fallback = Path(tempfile.gettempdir()) / LOG_FALLBACK_DIRNAME
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def setup_logging(data_dir: Path) -> Path:
    """Log to ``logs/lao_gan_bu.log`` in the data folder (tracebacks go there, not to dialogs);
    a read-only data folder logs to the system's temporary folder. Returns the log file."""
    root = logging.getLogger()
    # No handler may ever print a traceback of its own failure on the console.
    logging.raiseExceptions = False
    target = _log_folder(data_dir) / "lao_gan_bu.log"
    if not any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        try:
            handler = _QuietFileHandler(str(target), encoding="utf-8")
        except OSError:
            return target
        handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def folder_writable(folder: Path) -> bool:
    """True unless ``folder`` refuses new files (read-only disk or share, permissions).

    A full disk still counts as writable: that gets its own message when a write fails.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    except OSError as exc:
        return exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def _owner_only(data_dir: Path) -> None:
    """Make the folder and the data file owner-only (POSIX): they hold ID numbers and addresses."""
    if os.name != "posix":
        return
    for path, mode in ((data_dir, 0o700), (data_dir / DB_FILENAME, 0o600)):
        with contextlib.suppress(OSError):
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(mode)


def use_own_temp_folder(data_dir: Path, *, writable: bool = True) -> Path:
    """Send this process's temporary files to ``tmp/<process id>-…`` in the data folder (a
    private folder in the system's temporary folder when the data folder cannot be written);
    what processes that have ended left there is removed first. Returns the folder."""
    from .folder_lock import process_alive

    base = data_dir / TEMP_DIRNAME
    folder: Path | None = None
    if writable:
        try:
            base.mkdir(exist_ok=True)
            for entry in base.iterdir():
                owner = entry.name.split("-", 1)[0]
                if owner.isdigit() and process_alive(int(owner)):
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        entry.unlink()
            folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
        except OSError:
            folder = None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="LaoGanBu-", dir=tempfile.gettempdir()))
    _previous_tempdirs[folder] = tempfile.tempdir
    tempfile.tempdir = str(folder)
    atexit.register(shutil.rmtree, folder, True)
    return folder


_previous_tempdirs: dict[Path, str | None] = {}


def release_temp_folder(folder: Path) -> None:
    """Remove this process's temporary folder and send temporary files where they went before."""
    previous = _previous_tempdirs.pop(folder, None)
    if tempfile.tempdir == str(folder):
        tempfile.tempdir = previous
    shutil.rmtree(folder, ignore_errors=True)


def close_thread_connection() -> None:
    """Close the calling thread's database connection (peewee keeps one per thread).

    Worker threads call this when they finish, so that no connection outlives its thread.
    """
    from ..storage.database import db

    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


def open_app(
    data_dir: Path,
    *,
    daily_backup: bool = True,
    exclusive: bool = True,
    checks: bool = True,
    database_url: str | None = None,
) -> AppContext:
    """Open (creating if needed) the data folder; make the day's first backup when it is due
    (the window passes ``daily_backup=False`` and makes it in the background once it shows).

    ``exclusive``: the caller holds the folder's lock (or nobody else can hold it), so what
    crashed processes left (unfinished backups, temporary files) may be cleaned up and the
    data file repaired. ``checks``: run the quick check at start.

    ``database_url`` (else ``$LAO_GAN_BU_DATABASE_URL``, else the address saved in 设置): the
    data is on that PostgreSQL server, and the folder keeps only this PC's logs, temporary
    files and backups. The server looks after its own integrity and backups, so the SQLite
    checks and the daily copy are not made then.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    url = resolve_database_url(data_dir, database_url)
    if url is not None:
        return _open_server(data_dir, url)
    database_file = data_dir / DB_FILENAME
    # A data file marked read-only in a folder that can be written is read-only too (SQLite
    # would open it so, and refuse even its start-up pragmas).
    writable = folder_writable(data_dir) and (
        not database_file.exists() or os.access(database_file, os.W_OK)
    )
    setup_logging(data_dir)
    if writable:
        _owner_only(data_dir)
    temp_dir = use_own_temp_folder(data_dir, writable=writable)
    try:
        ctx = _open_context(data_dir, writable)
    except BaseException:
        release_temp_folder(temp_dir)
        raise
    ctx.temp_dir = temp_dir
    try:
        if not ctx.read_only:
            _owner_only(data_dir)
            if exclusive:
                backup.clean_incomplete_backups(data_dir)
        if checks and ctx.existed:
            ctx.notices += quick_check(ctx, repair=not ctx.read_only and exclusive)
        if daily_backup and ctx.existed and not ctx.read_only and exclusive:
            notice = make_daily_backup(data_dir)
            if notice and notice != DAILY_DONE_NOTICE:
                ctx.notices.append(notice)
    except BaseException:
        ctx.close()
        raise
    return ctx


def resolve_database_url(data_dir: Path, explicit: str | None = None) -> str | None:
    """The PostgreSQL address to use (see :func:`open_app`), refused in Chinese when it is not
    one."""
    from ..storage.postgres import is_postgres_url
    from .data_folder import DATABASE_URL_FILENAME, database_url, saved_database_url

    url = database_url(data_dir, explicit)
    if url is not None and not is_postgres_url(url):
        saved = explicit is None and url == saved_database_url(data_dir)
        where = (
            f"\n这个地址保存在数据文件夹的 {DATABASE_URL_FILENAME} 中：请改正它，"
            "或删除这个文件，改用本机的数据。"
            if saved
            else ""
        )
        raise StorageError(
            f"数据库地址的写法不对：{url}\n应当形如 postgresql://用户名:密码@服务器/数据库名"
            f"（例如 postgresql://laoganbu@192.168.1.10/laoganbu）。请改正后重试。{where}"
        )
    return url


def _open_server(data_dir: Path, url: str) -> AppContext:
    from ..storage.database import open_postgres

    setup_logging(data_dir)
    _owner_only(data_dir)
    temp_dir = use_own_temp_folder(data_dir, writable=True)
    try:
        database = open_postgres(url, data_dir)
    except BaseException:
        release_temp_folder(temp_dir)
        raise
    ctx = AppContext(data_dir, database, temp_dir=temp_dir, database_url=url)
    return ctx


def _open_context(data_dir: Path, writable: bool) -> AppContext:
    """The database of ``data_dir`` opened for writing, or for reading only when the folder
    cannot be written or its disk is full."""
    existed = (data_dir / DB_FILENAME).exists()
    backup.refuse_an_emptied_file(data_dir / DB_FILENAME)
    try:
        database = open_database(data_dir / DB_FILENAME, read_only=not writable)
    except DiskFullError as exc:
        if not existed:
            raise
        # SQLite could not make its -shm file: reading still works without it.
        database = open_database(data_dir / DB_FILENAME, read_only=True)
        ctx = AppContext(data_dir, database, True, [DISK_FULL_NOTICE], exc.message)
    else:
        ctx = AppContext(data_dir, database, read_only=not writable)
        if not writable:
            log.warning("数据文件夹只读，以只读方式打开：%s", data_dir)
            ctx.notices.append(READ_ONLY_NOTICE)
    ctx.existed = existed
    return ctx


def quick_check(ctx: AppContext, *, repair: bool = True) -> list[str]:
    """SQLite's ``quick_check`` of the open data file; what it finds, in words for the clerk.

    Damage found is repaired at once when it lies in the indexes (after a backup of the file
    as it is); other damage gets the way to restore.
    """
    try:
        rows = ctx.database.execute_sql("PRAGMA quick_check").fetchall()
        problems = [] if [r[0] for r in rows] == ["ok"] else [str(r[0]) for r in rows]
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if "malformed" not in str(exc).lower():
            raise
        problems = [str(exc)]
    if not problems:
        return []
    log.warning("启动检查发现问题：%s", "; ".join(problems[:20]))
    if not repair:
        return [CHECK_FAILED_NOTICE.format(count=len(problems))]
    return [check_and_back_up(ctx.data_dir, "检查修复前")]


def check_and_back_up(data_dir: Path, reason: str) -> str:
    """Make a backup (its copy gets the full integrity check); when only indexes were damaged,
    repair the live file's with REINDEX too. Returns what happened, in words for the clerk."""
    try:
        info = backup.make_backup(data_dir, reason)
    except backup.DataDamagedError as exc:
        log.warning("完整性检查未通过：%s", "; ".join(exc.problems[:20]))
        return CHECK_FAILED_NOTICE.format(count=len(exc.problems))
    except (backup.BackupError, DiskFullError) as exc:
        log.warning("备份失败：%s", exc.message)
        return DAILY_FAILED_NOTICE.format(reason=exc.message)
    if not info.repaired_index:
        return DAILY_DONE_NOTICE
    if not backup.reindex(data_dir / DB_FILENAME):
        return CHECK_FAILED_NOTICE.format(count=1)
    log.warning("索引损坏已修复（REINDEX），修复前的备份：%s", info.path)
    return INDEX_REPAIRED_NOTICE.format(backup=info.path.name)


def daily_backup_due(data_dir: Path) -> bool:
    """True when no backup of ``data_dir`` has been made today."""
    return backup.daily_backup_due(data_dir)


def make_daily_backup(data_dir: Path) -> str | None:
    """The day's first backup ("每日自动") when none has been made today, with the full
    integrity check and the index repair of :func:`check_and_back_up`; None when not due,
    otherwise what happened in words for the clerk (a failed daily backup never stops the work,
    and since it leaves no backup behind, the next start tries again).
    Safe in any thread: it uses connections of its own."""
    if not daily_backup_due(data_dir):
        return None
    return check_and_back_up(data_dir, "每日自动")


def is_damage_notice(message: str) -> bool:
    """Whether a check's ``message`` tells of damage that only a backup can mend (the window
    then offers the restore)."""
    return message.startswith(CHECK_FAILED_NOTICE.split("（", 1)[0])
