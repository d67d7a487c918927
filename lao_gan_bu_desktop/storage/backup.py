"""Backups with SQLite's online backup API: daily at start, before bulk changes, and on demand.

A backup is a folder ``backups/YYYYMMDD-HHMMSS_原因/`` in the data folder holding a copy of the
database (and of the ``attachments`` folder, when there is one). The newest :data:`KEEP` are kept.
A backup is written under a temporary name (``.partial-…``, never listed), passes
``PRAGMA integrity_check``, and only then is renamed into place: a backup killed mid-way is never
taken for one, and the next backup (or the next start) removes what it left.

A copy that fails the check only in its indexes is repaired with REINDEX (the index is derived
data; the rows are intact) and kept; the live file is then repaired the same way. Any other
damage means no backup: the clerk is told to restore one.

A data file that SQLite cannot open cannot be backed up either: before a backup replaces it, it
is moved (never deleted) to ``damaged/YYYYMMDD-HHMMSS/`` with its attachments.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import re
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..core import clock
from .database import (
    DB_FILENAME,
    db,
    disk_full_message,
    has_wal_pages,
    is_disk_full_error,
    is_postgres,
)
from .errors import BackupError, DatabaseDamagedError, DiskFullError
from .server_backup import DUMP_FILENAME

log = logging.getLogger(__name__)

KEEP = 30
BACKUP_DIRNAME = "backups"
DAMAGED_DIRNAME = "damaged"
ATTACHMENTS_DIRNAME = "attachments"
_STAMP = "%Y%m%d-%H%M%S"
_NAME_RE = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?_(.*)$")
INCOMPLETE_PREFIX = ".partial-"
_IN_PROGRESS: set[Path] = set()  # the .partial- folders this process is writing now
_IN_PROGRESS_LOCK = threading.Lock()
CRASH_ENV = "LAO_GAN_BU_BACKUP_CRASH_AT"  # test hook: os._exit at a named point of a backup
DAMAGED_BACKUP_MESSAGE = (
    "数据文件的完整性检查没有通过（发现 {count} 处问题，详见日志），这次没有做备份。\n"
    "数据文件可能已损坏：请尽快从最近的备份恢复（窗口中：文件 → 恢复备份；"
    "命令行：lao-gan-bu restore 备份文件夹），损坏的文件会另存一份，不会删除。"
)


class DataDamagedError(BackupError):
    """The data file failed the integrity check in a way REINDEX cannot repair."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class BackupInfo:
    """One backup folder."""

    path: Path
    made_at: _dt.datetime
    reason: str
    repaired_index: bool = False  # the copy's indexes were damaged and rebuilt (so the live's are)

    @property
    def database(self) -> Path:
        return self.path / DB_FILENAME


def _reading_uri(path: Path, *, immutable: bool) -> str:
    # A -wal file beside it holds committed pages that an immutable read would not see.
    immutable = immutable and not has_wal_pages(path)
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{Path(path).resolve().as_uri()}?{query}"


def integrity_problems(path: Path, *, quick: bool = False, immutable: bool = False) -> list[str]:
    """What ``PRAGMA integrity_check`` (``quick_check`` when ``quick``) finds in the SQLite file
    at ``path``: [] when it is sound. A file that is not a database at all gives one finding.

    ``immutable`` (a finished backup, never written again) reads without the ``-shm`` file,
    which a full disk or a read-only folder would not let SQLite create. A file that cannot be
    read for such a reason raises DiskFullError or BackupError: it is not called damaged.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(_reading_uri(path, immutable=immutable), uri=True)
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return [str(exc)]
        raise _unreadable(path, exc) from exc
    finally:
        conn.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def _unreadable(path: Path, exc: BaseException) -> Exception:
    if is_disk_full_error(exc, Path(path).parent):
        return DiskFullError(disk_full_message(Path(path).parent))
    return BackupError(f"无法读取文件：{path}（{exc}）。请检查文件和磁盘后重试，数据未改动。")


def integrity_ok(path: Path, *, immutable: bool = False) -> bool:
    """True when the SQLite file at ``path`` passes ``PRAGMA integrity_check``."""
    return not integrity_problems(path, immutable=immutable)


def reindex(path: Path) -> bool:
    """Rebuild every index of the SQLite file at ``path``; True when it then passes the full
    integrity check (so the damage was in the indexes only)."""
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        conn.execute("REINDEX")
        conn.commit()
    except sqlite3.DatabaseError:
        log.warning("REINDEX 失败：%s", path, exc_info=True)
        return False
    finally:
        conn.close()
    return not integrity_problems(path)


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (safe while it is in use)."""
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        os._exit(70)


def _stamp_time(stamp: str) -> _dt.datetime:
    """``YYYYMMDD-HHMMSS`` (:data:`_STAMP`) as a datetime, as strptime would read it.

    Read by hand: strptime's first call in a process costs more than the whole start-up check.
    """
    return _dt.datetime(
        int(stamp[0:4]),
        int(stamp[4:6]),
        int(stamp[6:8]),
        int(stamp[9:11]),
        int(stamp[11:13]),
        int(stamp[13:15]),
    )


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The finished backups in ``data_dir``, newest first (never one still being written)."""
    folder = data_dir / BACKUP_DIRNAME
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME_RE.match(entry.name)
        if not entry.is_dir() or not match:
            continue
        if not (entry / DB_FILENAME).exists() and not (entry / DUMP_FILENAME).exists():
            continue
        made = _stamp_time(match.group(1))
        found.append(BackupInfo(entry, made, match.group(3)))
    found.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
    return found


def refuse_an_emptied_file(path: Path) -> None:
    """A data file of 0 bytes beside backups held data once (a disk error, a sync tool or a
    copy that failed emptied it): SQLite would take it for a new, empty database, the window
    would show nobody, and the daily backups would soon be of nothing. Refused as damaged, so
    the clerk is offered the backups instead."""
    try:
        emptied = path.stat().st_size == 0
    except OSError:
        return
    if emptied and list_backups(path.parent):
        raise DatabaseDamagedError(
            f"数据文件是空的（0 字节）：{path}\n原来的数据已不在其中（可能是磁盘出错，或同步、"
            "复制软件把它清空了）。请用备份恢复（这个空文件会另存一份，不会删除）。"
        )


def clean_incomplete_backups(data_dir: Path) -> list[Path]:
    """Remove what backups killed mid-way left behind; returns what was removed.

    Only the folder's own process writes backups (the folder lock), so a ``.partial-`` folder
    found here belongs to a backup that will never finish, unless this process is writing it
    (the daily backup runs on a thread of the window).
    """
    folder = data_dir / BACKUP_DIRNAME
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        with _IN_PROGRESS_LOCK:
            busy = entry in _IN_PROGRESS  # this process's own backup, on another thread
        if entry.name.startswith(INCOMPLETE_PREFIX) and not busy:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _tree_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def stamp_name(base: Path, now: _dt.datetime, reason: str) -> Path:
    """A new backup folder's path in ``base``: the time and the reason, numbered if taken."""
    safe_reason = re.sub(r"[\\/:*?\"<>|\s]+", "", reason) or "手动"
    target = base / f"{now.strftime(_STAMP)}_{safe_reason}"
    counter = 1
    while target.exists():
        counter += 1
        target = base / f"{now.strftime(_STAMP)}-{counter}_{safe_reason}"
    return target


def make_backup(data_dir: Path, reason: str, *, now: _dt.datetime | None = None) -> BackupInfo:
    """Back up the database (and attachments) of ``data_dir``; prune to the newest :data:`KEEP`.

    Raises DiskFullError when the disk is full, DataDamagedError when the data file fails the
    integrity check beyond its indexes, BackupError for other failures; nothing is left behind.
    On a PostgreSQL server the backup is pg_dump's (storage.server_backup); NoBackupToolError
    when pg_dump is not installed here.
    """
    if is_postgres():
        return _make_server_backup(data_dir, reason, now or clock.now())
    live = data_dir / DB_FILENAME
    if not live.exists():
        raise BackupError(f"没有找到数据文件：{live}")
    now = now or clock.now()
    base = data_dir / BACKUP_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    clean_incomplete_backups(data_dir)
    target = stamp_name(base, now, reason)
    safe_reason = target.name.split("_", 1)[1]
    work = base / f"{INCOMPLETE_PREFIX}{target.name}"
    attachments = data_dir / ATTACHMENTS_DIRNAME
    repaired = False
    with _IN_PROGRESS_LOCK:
        _IN_PROGRESS.add(work)
    try:
        work.mkdir()
        copy_database(live, work / DB_FILENAME)
        _crash_point("copied")
        problems = integrity_problems(work / DB_FILENAME)
        if problems:
            log.warning("备份副本未通过完整性检查：%s", "; ".join(problems[:20]))
            if not reindex(work / DB_FILENAME):
                raise DataDamagedError(DAMAGED_BACKUP_MESSAGE.format(count=len(problems)), problems)
            repaired = True
        if attachments.is_dir():
            shutil.copytree(attachments, work / ATTACHMENTS_DIRNAME)
        _crash_point("checked")
        work.rename(target)
    except BackupError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    except (OSError, sqlite3.Error, DiskFullError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, DiskFullError) or is_disk_full_error(exc, base):
            needed = live.stat().st_size + _tree_size(attachments) + 1024 * 1024
            raise DiskFullError(disk_full_message(base, needed)) from exc
        raise BackupError(f"备份失败：{exc}。数据未改动，请检查磁盘后重试。") from exc
    finally:
        with _IN_PROGRESS_LOCK:
            _IN_PROGRESS.discard(work)
    prune_backups(data_dir)
    return BackupInfo(target, now.replace(microsecond=0), safe_reason, repaired)


def _make_server_backup(data_dir: Path, reason: str, now: _dt.datetime) -> BackupInfo:
    from . import server_backup

    if server_backup.tool("pg_dump") is None:
        raise server_backup.NoBackupToolError(server_backup.NO_TOOL_MESSAGE)
    base = data_dir / BACKUP_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    clean_incomplete_backups(data_dir)
    target = stamp_name(base, now, reason)
    work = base / f"{INCOMPLETE_PREFIX}{target.name}"
    work.mkdir()
    try:
        server_backup.dump(str(db.obj.database), work / DUMP_FILENAME)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    prune_backups(data_dir)
    return BackupInfo(target, now.replace(microsecond=0), target.name.split("_", 1)[1])


def prune_backups(data_dir: Path, keep: int = KEEP) -> None:
    """Remove all but the newest ``keep`` backups."""
    for old in list_backups(data_dir)[keep:]:
        shutil.rmtree(old.path, ignore_errors=True)


def daily_backup_due(data_dir: Path, today: _dt.date | None = None) -> bool:
    """True when no backup has been made today."""
    today = today or clock.today()
    return not any(b.made_at.date() == today for b in list_backups(data_dir))


def resolve_backup_source(source: Path) -> tuple[Path, Path | None]:
    """The database file and attachments folder (or None) of a backup folder or a plain file."""
    if source.is_dir():
        database = source / DB_FILENAME
        attachments = source / ATTACHMENTS_DIRNAME
        if not database.exists():
            raise BackupError(f"文件夹中没有数据文件 {DB_FILENAME}：{source}")
        return database, attachments if attachments.is_dir() else None
    if not source.exists():
        raise BackupError(f"找不到要恢复的备份：{source}")
    return source, None


def restore_into(data_dir: Path, source: Path) -> None:
    """Replace the live database (and attachments) with the backup at ``source``.

    The caller has already checked the backup and made a safety backup of the current state;
    the database must not be open for writing elsewhere. The online backup API writes the pages
    into the live file in one step, so a reader never sees half a restore.
    """
    database, attachments = resolve_backup_source(source)
    if not integrity_ok(database, immutable=True):
        raise BackupError(f"备份文件已损坏（完整性检查未通过）：{database}，未做任何恢复。")
    copy_database(database, data_dir / DB_FILENAME)
    live_attachments = data_dir / ATTACHMENTS_DIRNAME
    if attachments is not None:
        if live_attachments.exists():
            shutil.rmtree(live_attachments)
        shutil.copytree(attachments, live_attachments)


def _live_files(data_dir: Path) -> list[str]:
    return [DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", ATTACHMENTS_DIRNAME]


def set_aside_damaged(data_dir: Path, *, now: _dt.datetime | None = None) -> Path:
    """Move the live database (with its -wal and -shm files) and the attachments folder into a
    new ``damaged/YYYYMMDD-HHMMSS/`` folder of ``data_dir``; returns that folder."""
    now = now or clock.now()
    target = data_dir / DAMAGED_DIRNAME / now.strftime(_STAMP)
    counter = 1
    while target.exists():
        counter += 1
        target = data_dir / DAMAGED_DIRNAME / f"{now.strftime(_STAMP)}-{counter}"
    target.mkdir(parents=True)
    for name in _live_files(data_dir):
        if (data_dir / name).exists():
            (data_dir / name).rename(target / name)
    return target


def put_back_damaged(data_dir: Path, aside: Path) -> None:
    """Undo :func:`set_aside_damaged` (a restore that failed): whatever the restore wrote in
    their place goes, the set-aside files return."""
    for name in _live_files(data_dir):
        if not (aside / name).exists():
            continue
        live = data_dir / name
        if live.is_dir():
            shutil.rmtree(live)
        elif live.exists():
            live.unlink()
        (aside / name).rename(live)
    shutil.rmtree(aside, ignore_errors=True)
