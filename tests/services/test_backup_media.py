"""备份到U盘 and 从U盘恢复 on real files: the removable drives offered first (Windows drive
types and Linux mounts, from fake system answers), a backup copied to a folder under a dated
name, opened and checked; the backups of a folder listed with date, size and people count read
read-only; a restore from one backs up "恢复前" first; a full or read-only target is refused
in Chinese with nothing left behind."""

from __future__ import annotations

import datetime as _dt
import errno
import os
import shutil
from pathlib import Path

import pytest

from lao_gan_bu_desktop.services import backup_media, roster
from lao_gan_bu_desktop.services.backups import list_backups, restore_backup
from lao_gan_bu_desktop.services.errors import BackupError, StorageError

NOW = _dt.datetime(2026, 11, 29, 14, 30)


def test_removable_drives_on_windows_and_linux(tmp_path) -> None:
    types = {"E:\\": 2, "F:\\": 3, "G:\\": 2}  # 2 removable, 3 fixed
    found = backup_media.removable_drives(
        platform="win32", get_drive_type=lambda root: types.get(root, 1)
    )
    assert [str(p) for p in found] == ["E:\\", "G:\\"]
    media = tmp_path / "media"
    (media / "wang" / "KINGSTON").mkdir(parents=True)
    (media / "wang" / "not-mounted").mkdir()
    (tmp_path / "run_media" / "SANDISK").mkdir(parents=True)
    mounts = {str(media / "wang" / "KINGSTON"), str(tmp_path / "run_media" / "SANDISK")}
    found = backup_media.removable_drives(
        platform="linux",
        mount_bases=[media, tmp_path / "run_media", tmp_path / "absent"],
        is_mount=lambda p: p in mounts,
    )
    assert found == [media / "wang" / "KINGSTON", tmp_path / "run_media" / "SANDISK"]


NAMES = "张王李赵刘陈杨黄"


def _people(ctx, n: int) -> list[int]:
    start = roster.count_persons()
    return [roster.create_person({"name": f"{NAMES[start + i]}老"}) for i in range(n)]


def test_export_list_and_restore_from_a_stick(ctx, tmp_path) -> None:
    """On SQLite the copy is the data file with the attachments; on a database server it is
    pg_dump's file (attachments are rows there), listed as a server backup without a count."""
    server = ctx.on_server
    data_file = "lao_gan_bu.pgdump" if server else "lao_gan_bu.sqlite3"
    _people(ctx, 3)
    (ctx.data_dir / "attachments").mkdir(exist_ok=True)
    (ctx.data_dir / "attachments" / "申请书.pdf").write_bytes(b"%PDF-1.4 test")
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = backup_media.export_backup(ctx.data_dir, stick, now=NOW)
    assert copy == stick / "老干部工作台备份_2026-11-29_1430"
    assert (copy / data_file).is_file()
    if not server:
        assert (copy / "attachments" / "申请书.pdf").read_bytes() == b"%PDF-1.4 test"
    assert [p.name for p in stick.iterdir()] == [copy.name]  # nothing else left there
    assert list_backups(ctx.data_dir)[0].reason == "备份到U盘"  # the usual backup too
    # a second one the same minute gets its own name
    again = backup_media.export_backup(ctx.data_dir, stick, now=NOW)
    assert again.name == "老干部工作台备份_2026-11-29_1430-2"

    _people(ctx, 2)  # the data moves on after the backup
    (stick / "其他文件.txt").write_text("不是备份")
    (stick / "坏的备份.sqlite3").write_bytes(b"not a database at all" * 100)
    os.chmod(copy / data_file, 0o444)  # a write-protected stick: read-only files
    found = backup_media.find_backups(stick)
    good = [b for b in found if b.usable]
    assert sorted(b.path for b in good) == [copy, again]
    first = next(b for b in good if b.path == copy)
    assert first.made_at == NOW and first.size > 0
    assert (first.people, first.on_server) == ((None, True) if server else (3, False))
    assert not list(copy.glob("*-shm")) and not list(copy.glob("*-wal"))  # read, never written
    bad = [b for b in found if not b.usable]
    assert [b.path.name for b in bad] == ["坏的备份.sqlite3"] and "不能用于恢复" in bad[0].problem

    safety = backup_media.restore_from_media(ctx, first.path)
    assert roster.count_persons() == 3
    assert safety.reason == "恢复前"
    if not server:
        assert backup_media.read_backup(safety.path).people == 5  # what was there is kept
        assert sorted(p.name for p in copy.iterdir()) == ["attachments", data_file]
    assert {"恢复前", "从U盘复制"} <= {b.reason for b in list_backups(ctx.data_dir)}
    # a backup of the program's own folder restores the same way (services.backups)
    restore_backup(ctx, again)
    assert roster.count_persons() == 3


def test_a_full_stick_leaves_nothing_half_written(ctx, tmp_path, monkeypatch) -> None:
    _people(ctx, 2)
    stick = tmp_path / "stick"
    stick.mkdir()
    real_copy = shutil.copyfile

    def copy_until_full(src, dst, *args, **kwargs):
        if os.fspath(dst).startswith(str(stick)) and os.fspath(src).endswith((".sqlite3", "dump")):
            Path(dst).write_bytes(Path(src).read_bytes()[:100])  # part of it, then full
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_copy(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    with pytest.raises(StorageError) as caught:
        backup_media.export_backup(ctx.data_dir, stick, now=NOW)
    assert "空间不够" in caught.value.message and "没有留下不完整的备份" in caught.value.message
    assert list(stick.iterdir()) == []


def test_a_read_only_stick_is_refused_plainly(ctx, tmp_path, monkeypatch) -> None:
    _people(ctx, 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    real_makedirs = os.makedirs

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(stick)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_makedirs(path, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", read_only)
    with pytest.raises(BackupError) as caught:
        backup_media.export_backup(ctx.data_dir, stick, now=NOW)
    assert "只读" in caught.value.message and "没有写入任何文件" in caught.value.message
    assert list(stick.iterdir()) == []
    with pytest.raises(BackupError) as caught:
        backup_media.export_backup(ctx.data_dir, tmp_path / "拔掉的U盘", now=NOW)
    assert "找不到文件夹" in caught.value.message
