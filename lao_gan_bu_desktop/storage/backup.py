"""Backups with SQLite's online backup API: daily at start, before bulk changes, and on demand.

A backup is a folder ``backups/YYYYMMDD-HHMMSS_原因/`` in the data folder holding a copy of the
database (and of the ``attachments`` folder, when there is one). The newest :data:`KEEP` are kept.
Every copy passes ``PRAGMA integrity_check`` before it counts as a backup.

A data file that SQLite cannot open cannot be backed up either: before a backup replaces it, it
is moved (never deleted) to ``damaged/YYYYMMDD-HHMMSS/`` with its attachments.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..core import clock
from .database import DB_FILENAME
from .errors import BackupError

KEEP = 30
BACKUP_DIRNAME = "backups"
DAMAGED_DIRNAME = "damaged"
ATTACHMENTS_DIRNAME = "attachments"
_STAMP = "%Y%m%d-%H%M%S"
_NAME_RE = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?_(.*)$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup folder."""

    path: Path
    made_at: _dt.datetime
    reason: str

    @property
    def database(self) -> Path:
        return self.path / DB_FILENAME


def integrity_ok(path: Path) -> bool:
    """True when the SQLite file at ``path`` passes ``PRAGMA integrity_check``."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


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
    """The backups in ``data_dir``, newest first."""
    folder = data_dir / BACKUP_DIRNAME
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME_RE.match(entry.name)
        if not entry.is_dir() or not match or not (entry / DB_FILENAME).exists():
            continue
        made = _stamp_time(match.group(1))
        found.append(BackupInfo(entry, made, match.group(3)))
    found.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
    return found


def make_backup(data_dir: Path, reason: str, *, now: _dt.datetime | None = None) -> BackupInfo:
    """Back up the database (and attachments) of ``data_dir``; prune to the newest :data:`KEEP`."""
    live = data_dir / DB_FILENAME
    if not live.exists():
        raise BackupError(f"没有找到数据文件：{live}")
    now = now or clock.now()
    safe_reason = re.sub(r"[\\/:*?\"<>|\s]+", "", reason) or "手动"
    base = data_dir / BACKUP_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    target = base / f"{now.strftime(_STAMP)}_{safe_reason}"
    counter = 1
    while target.exists():
        counter += 1
        target = base / f"{now.strftime(_STAMP)}-{counter}_{safe_reason}"
    target.mkdir()
    try:
        copy_database(live, target / DB_FILENAME)
        if not integrity_ok(target / DB_FILENAME):
            raise BackupError("备份文件未通过完整性检查，备份未完成。请检查磁盘后重试。")
        attachments = data_dir / ATTACHMENTS_DIRNAME
        if attachments.is_dir():
            shutil.copytree(attachments, target / ATTACHMENTS_DIRNAME)
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise BackupError(f"备份失败：{exc}。数据未改动，请检查磁盘空间后重试。") from exc
    except BackupError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    prune_backups(data_dir)
    return BackupInfo(target, now.replace(microsecond=0), safe_reason)


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
    if not integrity_ok(database):
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
