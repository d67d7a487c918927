"""Backups and the data file under faults, in-process (the fault suite runs the same through the
real program): unfinished backups, index damage, a full disk's errors, the folder lock."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest

from lao_gan_bu_desktop.services.folder_lock import FolderLock, held_by_other
from lao_gan_bu_desktop.services.roster import create_person
from lao_gan_bu_desktop.storage import backup
from lao_gan_bu_desktop.storage.database import problem_message

pytestmark = pytest.mark.sqlite_only(
    "SQLite 的备份是数据文件和附件文件夹的复制；服务器的备份由 pg_dump 做（tests/storage/test_postgres.py）"
)


def test_an_unfinished_backup_is_not_listed_and_the_next_one_removes_it(ctx) -> None:
    create_person({"name": "张三"})
    partial = ctx.data_dir / "backups" / f"{backup.INCOMPLETE_PREFIX}20261129-080000_每日自动"
    partial.mkdir(parents=True)
    (partial / "lao_gan_bu.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\0" * 100)
    assert backup.list_backups(ctx.data_dir) == []
    assert backup.daily_backup_due(ctx.data_dir)
    info = backup.make_backup(ctx.data_dir, "手动")
    assert not partial.exists()
    assert [b.path for b in backup.list_backups(ctx.data_dir)] == [info.path]


def test_a_backup_of_a_file_with_a_damaged_index_is_repaired_and_kept(ctx) -> None:
    from tests.faults.damage import damage_index_page

    for n in range(300):
        create_person({"name": f"张{'一二三四五六七八九十'[n % 10]}{'甲乙丙丁戊'[n // 10 % 5]}"})
    ctx.close()
    database = ctx.data_dir / "lao_gan_bu.sqlite3"
    damage_index_page(database, garbage=False)
    assert backup.integrity_problems(database)
    info = backup.make_backup(ctx.data_dir, "手动")
    assert info.repaired_index
    assert backup.integrity_ok(info.database)
    assert backup.integrity_problems(database)  # the live file is repaired by the caller …
    assert backup.reindex(database)  # … with the same REINDEX
    assert backup.integrity_ok(database)


def test_a_file_damaged_beyond_its_indexes_gets_no_backup(ctx) -> None:
    from tests.faults.damage import damage_index_page

    for n in range(300):
        create_person({"name": f"王{'一二三四五六七八九十'[n % 10]}{'甲乙丙丁戊'[n // 10 % 5]}"})
    ctx.close()
    damage_index_page(ctx.data_dir / "lao_gan_bu.sqlite3", garbage=True)
    with pytest.raises(backup.DataDamagedError, match="完整性检查没有通过"):
        backup.make_backup(ctx.data_dir, "手动")
    assert backup.list_backups(ctx.data_dir) == []
    assert not list((ctx.data_dir / "backups").iterdir())


def test_a_commit_refused_for_a_full_disk_is_named_even_behind_the_failed_rollback(ctx) -> None:
    try:
        try:
            raise peewee.OperationalError("database or disk is full")
        except peewee.OperationalError:
            raise peewee.OperationalError("cannot rollback - no transaction is active") from None
    except peewee.OperationalError as exc:
        assert exc.__cause__ is None
        exc.__context__ = peewee.OperationalError("database or disk is full")
        message = problem_message(exc)
    assert message is not None and "磁盘空间不足" in message
    assert str(ctx.data_dir) in message and "需要约" in message


def test_the_folder_lock_is_held_once(tmp_path: Path) -> None:
    first = FolderLock.acquire(tmp_path)
    assert first is not None and held_by_other(tmp_path)
    assert FolderLock.acquire(tmp_path) is None
    first.release()
    assert not held_by_other(tmp_path)
    again = FolderLock.acquire(tmp_path)
    assert again is not None
    again.release()


def test_a_backup_this_process_is_writing_is_not_cleared_as_unfinished(ctx) -> None:
    work = ctx.data_dir / "backups" / f"{backup.INCOMPLETE_PREFIX}20261129-080000_每日自动"
    work.mkdir(parents=True)
    with backup._IN_PROGRESS_LOCK:
        backup._IN_PROGRESS.add(work)  # as the window's daily backup thread holds it
    try:
        assert backup.clean_incomplete_backups(ctx.data_dir) == []
        assert work.exists()
    finally:
        with backup._IN_PROGRESS_LOCK:
            backup._IN_PROGRESS.discard(work)
    assert backup.clean_incomplete_backups(ctx.data_dir) == [work]
