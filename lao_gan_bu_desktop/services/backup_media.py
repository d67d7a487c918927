"""Backups a clerk can carry: 备份到U盘或其他位置… and 从U盘恢复….

- :func:`removable_drives`: the USB sticks and other removable drives present, offered first
  (Windows: the drive letters whose ``GetDriveTypeW`` is removable; elsewhere the mounts under
  /media and /run/media).
- :func:`export_backup`: a new backup made by the usual rules (services/backups, kept in the
  data folder as every backup is), copied to the chosen folder as ``老干部工作台备份_日期_时分``,
  written under a ``.partial-`` name and renamed only once the copy has been opened and checked
  (so a full or read-only stick leaves nothing half-written), with a plain Chinese refusal.
- :func:`find_backups`: the backups in a chosen folder (and two levels below), each with its
  date, size and people count, read from the backup read-only (a stick may be write-protected).
  Restoring one is services.backups.restore_backup, which backs up "恢复前" first.

On a database server the backup is pg_dump's (it needs PostgreSQL's tools on this PC); such a
backup has no people count to show (reading it needs the server).
"""

from __future__ import annotations

import datetime as _dt
import errno
import logging
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core import clock
from ..storage import backup
from ..storage.database import DB_FILENAME, is_disk_full_error
from ..storage.errors import BackupError, DiskFullError
from ..storage.server_backup import DUMP_FILENAME
from .app import AppContext

log = logging.getLogger(__name__)

EXPORT_PREFIX = "老干部工作台备份"
PARTIAL_PREFIX = ".partial-"
SEARCH_DEPTH = 2  # a stick's own folder, its subfolders, and their subfolders (e.g. backups/)
DRIVE_REMOVABLE = 2  # GetDriveTypeW
_EXPORT_RE = re.compile(rf"^{EXPORT_PREFIX}_(\d{{4}})-(\d\d)-(\d\d)_(\d\d)(\d\d)")
_STAMP_RE = re.compile(r"^(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)")


@dataclass(frozen=True)
class FoundBackup:
    """A backup found in a folder: where, when it was made, its size, and how many people it
    holds (None for a server backup or one that cannot be read; ``problem`` then says why)."""

    path: Path
    made_at: _dt.datetime
    size: int
    people: int | None
    on_server: bool = False
    problem: str = ""

    @property
    def usable(self) -> bool:
        return not self.problem


# ---------------------------------------------------------------- drives


def _windows_removable(get_drive_type: Callable[[str], int] | None = None) -> list[Path]:
    if get_drive_type is None:
        import ctypes

        get_drive_type = ctypes.windll.kernel32.GetDriveTypeW  # type: ignore[attr-defined]
    # A: B: are floppies, C: the system; an absent letter is DRIVE_NO_ROOT_DIR, never removable
    return [
        Path(f"{letter}:\\")
        for letter in "DEFGHIJKLMNOPQRSTUVWXYZ"
        if get_drive_type(f"{letter}:\\") == DRIVE_REMOVABLE
    ]


def _mounted_under(bases: Iterable[Path], is_mount: Callable[[str], bool]) -> list[Path]:
    """Mounts directly under each base, or one level further (/media/USER/STICK)."""
    found: list[Path] = []
    for base in bases:
        try:
            entries = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for entry in entries:
            if is_mount(str(entry)):
                found.append(entry)
                continue
            try:
                found.extend(sorted(p for p in entry.iterdir() if p.is_dir() and is_mount(str(p))))
            except OSError:
                continue
    return found


def removable_drives(
    *,
    platform: str | None = None,
    get_drive_type: Callable[[str], int] | None = None,
    mount_bases: Iterable[Path] | None = None,
    is_mount: Callable[[str], bool] = os.path.ismount,
) -> list[Path]:
    """The removable drives present now (USB sticks first in the clerk's choice). The keyword
    arguments stand in for the system in tests."""
    platform = platform or sys.platform
    try:
        if platform.startswith("win"):
            return _windows_removable(get_drive_type)
        bases = mount_bases or (Path("/media"), Path("/run/media"))
        return _mounted_under(bases, is_mount)
    except Exception:  # the suggestion must never keep the clerk from choosing a folder
        log.warning("无法列出可移动磁盘", exc_info=True)
        return []


# ---------------------------------------------------------------- reading a backup


def _people_count(database: Path) -> int:
    """People in the backup (every status), read without writing anything beside it."""
    uri = f"{database.resolve().as_uri()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        return int(conn.execute('SELECT count(*) FROM "person"').fetchone()[0])
    finally:
        conn.close()


def _tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _made_at(path: Path) -> _dt.datetime:
    name = path.name
    match = _EXPORT_RE.match(name)
    if match:
        y, m, d, hh, mm = (int(g) for g in match.groups())
        return _dt.datetime(y, m, d, hh, mm)
    match = _STAMP_RE.match(name)
    if match:
        return _dt.datetime(*(int(g) for g in match.groups()))
    return _dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def read_backup(path: Path) -> FoundBackup:
    """What a backup folder (or a loose data file) holds, read-only; a damaged or foreign one
    comes back with ``problem`` said in Chinese."""
    made, size = _made_at(path), _tree_size(path)
    if path.is_dir() and (path / DUMP_FILENAME).exists():
        return FoundBackup(path, made, size, None, on_server=True)
    database = path / DB_FILENAME if path.is_dir() else path
    try:
        if backup.integrity_problems(database, quick=True, immutable=True):
            return FoundBackup(
                path, made, size, None, problem="已损坏或不是本程序的备份，不能用于恢复"
            )
        people = _people_count(database)
    except (BackupError, sqlite3.Error, OSError):
        return FoundBackup(
            path, made, size, None, problem="不是本程序的备份或读不出来，不能用于恢复"
        )
    return FoundBackup(path, made, size, people)


def _is_backup(path: Path) -> bool:
    if path.name.startswith((PARTIAL_PREFIX, ".")):
        return False
    if path.is_dir():
        return (path / DB_FILENAME).is_file() or (path / DUMP_FILENAME).is_file()
    return path.suffix == ".sqlite3" and path.parent.name != "attachments"


def find_backups(folder: Path, depth: int = SEARCH_DEPTH) -> list[FoundBackup]:
    """The backups in ``folder`` and up to ``depth`` levels below it, newest first. A backup
    folder's own data file is not listed again, nor the live data file of a data folder."""
    folder = Path(folder)
    found: list[FoundBackup] = []

    def walk(here: Path, level: int) -> None:
        try:
            entries = sorted(here.iterdir())
        except OSError:
            return
        for entry in entries:
            if _is_backup(entry):
                if entry.is_file() and (entry.parent / "backups").is_dir():
                    continue  # a data folder's live file: its backups are listed instead
                found.append(read_backup(entry))
            elif entry.is_dir() and level < depth and not entry.name.startswith("."):
                walk(entry, level + 1)

    if _is_backup(folder) and folder.is_dir():
        return [read_backup(folder)]
    walk(folder, 0)
    found.sort(key=lambda b: b.made_at, reverse=True)
    return found


# ---------------------------------------------------------------- writing a backup elsewhere


def export_name(now: _dt.datetime) -> str:
    """``老干部工作台备份_2026-11-29_1430``: the date a clerk reads in the folder."""
    return f"{EXPORT_PREFIX}_{now:%Y-%m-%d_%H%M}"


def _size_text(size: int) -> str:
    """1.5 MB, 820 KB: a size as the clerk reads it."""
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def size_text(size: int) -> str:
    """A backup's size for the window's list."""
    return _size_text(size)


def _refusal(exc: OSError, target: Path, needed: int) -> BackupError:
    text = str(exc).lower()  # copytree gathers its errors into one shutil.Error (no errno)
    if is_disk_full_error(exc, target):
        free = shutil.disk_usage(target).free if target.exists() else 0
        return DiskFullError(
            f"{target} 的空间不够：只剩 {_size_text(free)}，这份备份需要约 {_size_text(needed)}。"
            "没有留下不完整的备份；请删除U盘上不需要的文件或换一个U盘后重试。"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) or any(
        word in text for word in ("read-only", "permission denied", "access is denied")
    ):
        return BackupError(
            f"不能写入 {target}：这个U盘或文件夹是只读的（可能打开了写保护开关）。"
            "没有写入任何文件；请关闭写保护或换一个位置后重试。"
        )
    return BackupError(
        f"备份到 {target} 没有成功：{exc.strerror or exc}。没有留下不完整的备份；"
        "请检查U盘是否插好后重试。"
    )


def export_backup(data_dir: Path, target: Path, *, now: _dt.datetime | None = None) -> Path:
    """Back up the data (a new backup in the data folder, by the usual rules) and copy it into
    the folder ``target`` as :func:`export_name`; the copy is opened and checked before it gets
    its name. Returns the copy's path. On a full or read-only ``target`` a BackupError says so
    and nothing is left there."""
    target = Path(target)
    if not target.is_dir():
        raise BackupError(f"找不到文件夹：{target}。请插好U盘或重新选择位置。")
    now = now or clock.now()
    made = backup.make_backup(Path(data_dir), "备份到U盘")
    name = export_name(now)
    final = target / name
    counter = 1
    while final.exists():
        counter += 1
        final = target / f"{name}-{counter}"
    work = target / f"{PARTIAL_PREFIX}{final.name}"
    needed = _tree_size(made.path) + 1024 * 1024
    try:
        shutil.copytree(made.path, work, ignore=_scratch_files)
        _check_copy(made.path, work)
        work.rename(final)
    except (OSError, BackupError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _refusal(exc, target, needed) from exc
        raise
    return final


def _scratch_files(folder: str, names: list[str]) -> set[str]:
    """SQLite's shared-memory file and an empty -wal beside a backup's data file: left by the
    backup's own check, of no use on a stick."""
    return {
        n
        for n in names
        if n.endswith("-shm") or (n.endswith("-wal") and not os.path.getsize(Path(folder, n)))
    }


def _check_copy(original: Path, copy: Path) -> None:
    """The copy holds every file of the original, of the same size, and its data file opens and
    passes the integrity check with the same people (BackupError otherwise)."""
    for source in original.rglob("*"):
        if source.is_file() and source.name not in _scratch_files(
            str(source.parent), [source.name]
        ):
            twin = copy / source.relative_to(original)
            if not twin.is_file() or twin.stat().st_size != source.stat().st_size:
                raise BackupError(
                    f"复制到U盘的备份不完整（{source.name}），没有保留。请换一个U盘后重试。"
                )
    if (copy / DB_FILENAME).exists():
        if backup.integrity_problems(copy / DB_FILENAME, immutable=True):
            raise BackupError("复制到U盘的备份读回来不正确，没有保留。请换一个U盘后重试。")
        if _people_count(copy / DB_FILENAME) != _people_count(original / DB_FILENAME):
            raise BackupError("复制到U盘的备份人数不一致，没有保留。请换一个U盘后重试。")


def restore_from_media(ctx: AppContext, source: Path) -> backup.BackupInfo:
    """Restore the backup ``source`` found on a stick: it is first copied into this data
    folder's backups (``…_从U盘复制``; a stick may be slow, write-protected or pulled out), then
    restored from there by services.backups.restore_backup, which backs up "恢复前" first.
    Returns that safety backup."""
    from .backups import restore_backup

    source = Path(source)
    base = Path(ctx.data_dir) / backup.BACKUP_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    local = backup.stamp_name(base, clock.now(), "从U盘复制")
    work = base / f"{PARTIAL_PREFIX}{local.name}"
    try:
        if source.is_dir():
            shutil.copytree(source, work, ignore=_scratch_files)
        else:
            work.mkdir()
            shutil.copyfile(source, work / DB_FILENAME)
        work.rename(local)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(
            f"读取U盘上的备份没有成功：{exc.strerror or exc}。当前数据未改动；"
            "请检查U盘是否插好后重试。"
        ) from exc
    return restore_backup(ctx, local)
