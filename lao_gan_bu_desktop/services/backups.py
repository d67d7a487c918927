"""Backup and restore as use cases: a restore first backs up what is there now."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from ..core import clock
from ..storage import backup
from ..storage.backup import BACKUP_DIRNAME as BACKUP_DIRNAME  # the window's and cli's names
from ..storage.backup import list_backups as list_backups
from ..storage.backup import make_backup as make_backup
from ..storage.database import DB_FILENAME as DB_FILENAME
from ..storage.database import close_database, open_database
from ..storage.errors import BackupError
from ..storage.migrations import LATEST_VERSION
from .app import AppContext
from .audit import record

log = logging.getLogger(__name__)


def _backup_version(database: Path) -> int:
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        row = conn.execute('SELECT max("version") FROM "schema_version"').fetchone()
        return int(row[0] or 0)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"这不是老干部工作台的备份文件：{database}") from exc
    finally:
        conn.close()


def backup_before_bulk_change(reason: str) -> backup.BackupInfo | None:
    """Back up the open database's data folder before a change to many records at once.

    Returns None for an in-memory database (nothing to back up).
    """
    from ..storage.database import data_folder, db, is_postgres

    if db.obj is None:
        return None
    if is_postgres():
        return backup_if_possible(data_folder(), reason)
    path = Path(db.obj.database)
    if not path.exists():
        return None
    return backup.make_backup(path.parent, reason)


def backup_if_possible(data_dir: Path, reason: str) -> backup.BackupInfo | None:
    """An automatic backup (before an import, an undo, a bulk change): on a PostgreSQL server
    without pg_dump on this PC it is left to the server's own backups (None, and a log line)."""
    from ..storage.server_backup import NoBackupToolError

    try:
        return backup.make_backup(Path(data_dir), reason)
    except NoBackupToolError:
        log.info("这台电脑没有 pg_dump，%s的备份由数据库服务器自己的备份负责", reason)
        return None


def check_backup(source: Path) -> Path:
    """The database file of the backup ``source`` (a backup folder or a file), once it has passed
    the integrity check and is not from a newer program; BackupError otherwise."""
    database, _ = backup.resolve_backup_source(source)
    if not backup.integrity_ok(database, immutable=True):
        raise BackupError(f"备份文件已损坏（完整性检查未通过）：{database}。当前数据未改动。")
    version = _backup_version(database)
    if version > LATEST_VERSION:
        raise BackupError(
            f"这个备份来自更新版本的程序（数据版本 {version}），本程序无法使用。当前数据未改动。"
        )
    return database


def restore_backup(ctx: AppContext, source: Path) -> backup.BackupInfo:
    """Check ``source``, back up the current state, restore, re-open. Returns where the state
    before the restore is kept: the safety backup or, when the current data file is damaged (so
    it cannot be backed up), the ``damaged/…`` folder it was moved to.

    On a PostgreSQL server: a pg_dump backup is restored with pg_restore, after a pg_dump of
    what is there now (both need PostgreSQL's tools on this PC)."""
    if ctx.on_server:
        return _restore_on_server(ctx, Path(source))
    check_backup(source)
    try:
        safety = backup.make_backup(ctx.data_dir, "恢复前")
    except BackupError:
        if backup.integrity_ok(ctx.database_path):
            raise  # not the data file's fault (a full disk…): nothing was changed
        close_database()
        try:
            aside = _swap_in(ctx.data_dir, source)
        finally:
            ctx.database = open_database(ctx.data_dir / DB_FILENAME)
        record(
            "恢复",
            "database",
            None,
            f"数据文件已损坏，从备份 {source} 恢复；损坏的文件另存在 {aside}",
        )
        return backup.BackupInfo(aside, clock.now(), "损坏")
    close_database()
    backup.restore_into(ctx.data_dir, source)
    ctx.database = open_database(ctx.data_dir / DB_FILENAME)
    record("恢复", "database", None, f"从备份 {source} 恢复；恢复前数据见 {safety.path.name}")
    return safety


def _restore_on_server(ctx: AppContext, source: Path) -> backup.BackupInfo:
    from ..storage import server_backup
    from ..storage.database import open_postgres

    safety = backup.make_backup(ctx.data_dir, "恢复前")
    close_database()
    try:
        server_backup.restore(str(ctx.database_url), source)
    finally:
        ctx.database = open_postgres(str(ctx.database_url), ctx.data_dir)
    record("恢复", "database", None, f"从备份 {source} 恢复；恢复前数据见 {safety.path.name}")
    return safety


def _swap_in(data_dir: Path, source: Path) -> Path:
    """Move the damaged data file and attachments aside and restore ``source`` in their place
    (putting them back if that fails); returns the folder they were moved to."""
    aside = backup.set_aside_damaged(data_dir)
    try:
        backup.restore_into(data_dir, source)
    except BaseException:
        backup.put_back_damaged(data_dir, aside)
        raise
    return aside


def restore_damaged(data_dir: Path, source: Path) -> Path:
    """Replace the data file of ``data_dir`` that SQLite cannot open (so it cannot be backed up
    first) with the backup ``source``. The damaged file and the attachments are moved, not
    deleted; returns the folder they are in. The data folder is left closed."""
    check_backup(source)
    aside = _swap_in(data_dir, source)
    open_database(data_dir / DB_FILENAME)  # an older backup is brought up to date here
    try:
        record(
            "恢复",
            "database",
            None,
            f"数据文件无法打开，从备份 {source} 恢复；损坏的文件另存在 {aside}",
        )
    finally:
        close_database()
    return aside
