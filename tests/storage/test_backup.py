"""Backups and restore on real files: online backup, integrity check, pruning, safety backup."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services.backups import restore_backup
from lao_gan_bu_desktop.services.roster import create_person, list_persons, update_person
from lao_gan_bu_desktop.storage import backup
from lao_gan_bu_desktop.storage.errors import BackupError

pytestmark = pytest.mark.sqlite_only(
    "SQLite 的备份是数据文件和附件文件夹的复制；服务器的备份由 pg_dump 做（tests/storage/test_postgres.py）"
)


def test_backup_is_a_checked_copy(ctx) -> None:
    create_person({"name": "张三", "id_number": "11010519491231002X"})
    info = backup.make_backup(ctx.data_dir, "手动")
    assert info.database.exists()
    assert backup.integrity_ok(info.database)
    names = sqlite3.connect(info.database).execute("SELECT name FROM person").fetchall()
    assert names == [("张三",)]
    assert backup.list_backups(ctx.data_dir)[0].path == info.path


def test_keeps_the_newest_thirty(ctx) -> None:
    start = _dt.datetime(2026, 1, 1, 8, 0, 0)
    for i in range(33):
        backup.make_backup(ctx.data_dir, "测试", now=start + _dt.timedelta(days=i))
    kept = backup.list_backups(ctx.data_dir)
    assert len(kept) == backup.KEEP
    assert kept[-1].made_at == start + _dt.timedelta(days=3)
    assert kept[0].made_at == start + _dt.timedelta(days=32)


def test_daily_backup_due_once_a_day(ctx) -> None:
    today = clock.today()
    assert backup.daily_backup_due(ctx.data_dir, today)
    backup.make_backup(ctx.data_dir, "每日自动")
    assert not backup.daily_backup_due(ctx.data_dir, today)


def test_restore_brings_back_old_state_and_keeps_current_as_backup(ctx) -> None:
    pid = create_person({"name": "张三", "phone": "13803711234"})
    saved = backup.make_backup(ctx.data_dir, "手动")
    update_person(pid, {"phone": "13900000000"})
    create_person({"name": "李四"})
    safety = restore_backup(ctx, saved.path)
    persons = list_persons()
    assert [(p["name"], p["phone"]) for p in persons] == [("张三", "13803711234")]
    rows = sqlite3.connect(safety.database).execute("SELECT name FROM person ORDER BY id")
    assert [r[0] for r in rows] == ["张三", "李四"]


def test_restore_refuses_a_broken_file_and_changes_nothing(ctx, tmp_path: Path) -> None:
    create_person({"name": "张三"})
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(BackupError) as info:
        restore_backup(ctx, broken)
    assert "损坏" in info.value.message or "不是" in info.value.message
    assert [p["name"] for p in list_persons()] == ["张三"]
    assert backup.list_backups(ctx.data_dir) == []


def test_attachments_go_into_backups_and_come_back(ctx) -> None:
    folder = ctx.data_dir / backup.ATTACHMENTS_DIRNAME / "case_1"
    folder.mkdir(parents=True)
    (folder / "申请书.txt").write_text("原件", encoding="utf-8")
    info = backup.make_backup(ctx.data_dir, "手动")
    (folder / "申请书.txt").write_text("改过", encoding="utf-8")
    restore_backup(ctx, info.path)
    assert (folder / "申请书.txt").read_text(encoding="utf-8") == "原件"


def test_bulk_status_mark_and_campaign_back_up_first(demo_ctx) -> None:
    from lao_gan_bu_desktop.services.campaigns import generate_campaign
    from lao_gan_bu_desktop.services.roster import set_status

    ids = [p["id"] for p in list_persons()][:3]
    set_status(ids, "迁出")
    reasons = [b.reason for b in backup.list_backups(demo_ctx.data_dir)]
    assert reasons == ["批量标记迁出前"]
    assert generate_campaign("重阳节", 2027) > 0
    reasons = [b.reason for b in backup.list_backups(demo_ctx.data_dir)]
    assert "生成慰问计划前" in reasons


def damage(data_dir: Path) -> bytes:
    """Overwrite the data file with bytes SQLite refuses; returns them."""
    from lao_gan_bu_desktop.services.app import close_thread_connection

    close_thread_connection()
    for extra in ("-wal", "-shm"):
        (data_dir / f"lao_gan_bu.sqlite3{extra}").unlink(missing_ok=True)
    garbage = b"\x00\x17 scrambled by a failing disk " * 300
    (data_dir / "lao_gan_bu.sqlite3").write_bytes(garbage)
    return garbage


def test_a_damaged_data_file_is_set_aside_and_replaced_by_a_backup(ctx) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.backups import restore_damaged
    from lao_gan_bu_desktop.storage.errors import DatabaseDamagedError

    create_person({"name": "张三"})
    folder = ctx.data_dir / backup.ATTACHMENTS_DIRNAME / "case_1"
    folder.mkdir(parents=True)
    (folder / "申请书.txt").write_text("备份时的原件", encoding="utf-8")
    saved = backup.make_backup(ctx.data_dir, "每日自动")
    create_person({"name": "李四"})  # after the backup: lost with the damaged file
    (folder / "申请书.txt").write_text("备份后改过", encoding="utf-8")
    garbage = damage(ctx.data_dir)
    with pytest.raises(DatabaseDamagedError):
        open_app(ctx.data_dir, daily_backup=False)
    aside = restore_damaged(ctx.data_dir, saved.path)
    # nothing deleted: the damaged file and the attachments of that moment are kept aside
    assert aside.parent == ctx.data_dir / backup.DAMAGED_DIRNAME
    assert (aside / "lao_gan_bu.sqlite3").read_bytes() == garbage
    assert (aside / "attachments" / "case_1" / "申请书.txt").read_text("utf-8") == "备份后改过"
    assert (folder / "申请书.txt").read_text(encoding="utf-8") == "备份时的原件"
    reopened = open_app(ctx.data_dir, daily_backup=False)
    try:
        assert [p["name"] for p in list_persons()] == ["张三"]
        from lao_gan_bu_desktop.storage.models import AuditLog

        entry = AuditLog.select().where(AuditLog.action == "恢复").get()
        assert "数据文件无法打开，从备份" in entry.summary and str(aside) in entry.summary
    finally:
        reopened.close()


def test_a_bad_backup_leaves_the_damaged_file_where_it_was(ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.backups import restore_damaged

    garbage = damage(ctx.data_dir)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(BackupError):
        restore_damaged(ctx.data_dir, broken)
    assert (ctx.data_dir / "lao_gan_bu.sqlite3").read_bytes() == garbage
    assert not (ctx.data_dir / backup.DAMAGED_DIRNAME).exists()


def test_a_restore_that_fails_halfway_puts_the_damaged_file_back(ctx, monkeypatch) -> None:
    from lao_gan_bu_desktop.services.backups import restore_damaged

    saved = backup.make_backup(ctx.data_dir, "手动")
    garbage = damage(ctx.data_dir)

    def disk_full(data_dir: Path, source: Path) -> None:
        (data_dir / "lao_gan_bu.sqlite3").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "restore_into", disk_full)
    with pytest.raises(OSError):
        restore_damaged(ctx.data_dir, saved.path)
    assert (ctx.data_dir / "lao_gan_bu.sqlite3").read_bytes() == garbage
    assert list((ctx.data_dir / backup.DAMAGED_DIRNAME).iterdir()) == []


def test_restore_from_the_menu_works_when_the_data_file_is_damaged_inside(ctx) -> None:
    """A file SQLite opens but whose pages are damaged cannot be backed up before the restore:
    it is moved aside instead."""
    from lao_gan_bu_desktop.services.app import close_thread_connection

    create_person({"name": "张三"})
    saved = backup.make_backup(ctx.data_dir, "每日自动")
    for n in range(400):
        create_person({"name": "王" + chr(0x4E00 + n), "address": "郑州市金水区文化路" * 10})
    close_thread_connection()
    live = ctx.data_dir / "lao_gan_bu.sqlite3"
    with sqlite3.connect(live) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(live.read_bytes())
    page = 4096
    data[page * 5 : page * 9] = b"\xa5" * (page * 4)  # a few pages the disk garbled
    live.write_bytes(bytes(data))
    assert not backup.integrity_ok(live)
    with pytest.raises(BackupError):
        backup.make_backup(ctx.data_dir, "手动")
    kept = restore_backup(ctx, saved.path)
    assert kept.path.parent == ctx.data_dir / backup.DAMAGED_DIRNAME
    assert kept.database.read_bytes() == bytes(data)
    assert [p["name"] for p in list_persons()] == ["张三"]
