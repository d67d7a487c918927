"""Damaged pages written into a copy of a database: the check at start notices them, index
damage is repaired (after a backup of the file as it was), other damage gets the restore, and
the clerk is told either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DB, count, integrity, run
from .damage import damage_index_page

pytestmark = pytest.mark.faults


def test_a_damaged_index_is_found_at_start_backed_up_and_repaired(data: Path) -> None:
    before = count(data / DB)
    damage_index_page(data / DB, garbage=False)
    assert integrity(data / DB) != "ok"
    done = run(data, "persons")
    assert done.returncode == 0, done.stderr
    assert "索引损坏" in done.stderr and "已先备份" in done.stderr  # the clerk is told
    assert integrity(data / DB) == "ok"
    assert count(data / DB) == before
    kept = [p for p in (data / "backups").iterdir() if p.name.endswith("_检查修复前")]
    assert len(kept) == 1 and integrity(kept[0] / DB) == "ok"
    again = run(data, "persons")  # nothing more to say
    assert again.returncode == 0 and "损坏" not in again.stderr


def test_damage_beyond_the_indexes_is_reported_with_the_way_to_restore(data: Path) -> None:
    made = run(data, "backup")
    assert made.returncode == 0
    good = sorted(p for p in (data / "backups").iterdir())
    damage_index_page(data / DB, garbage=True)
    done = run(data, "stats")
    assert "已损坏" in done.stderr and "恢复" in done.stderr, done.stderr
    assert "磁盘" not in done.stderr.split("已损坏")[0]  # not blamed on the disk
    backups = sorted(p for p in (data / "backups").iterdir() if not p.name.startswith("."))
    assert backups == good  # no damaged copy was taken for a backup
    restored = run(data, "restore", str(backups[0]))
    assert restored.returncode == 0, restored.stderr
    assert integrity(data / DB) == "ok"


def test_the_window_shows_what_the_check_found(data: Path, qtbot) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    damage_index_page(data / DB, garbage=False)
    ctx = open_app(data, daily_backup=False)
    window = MainWindow(None, data_dir=data, open_data=lambda: ctx)
    qtbot.addWidget(window)
    try:
        window.require_data()
        assert "索引损坏" in window.statusBar().currentMessage()
        notice = window.tabs["home"].notice
        assert not notice.isHidden() and "索引损坏" in notice.text()
    finally:
        window.stop_background_work()
        ctx.close()


def test_the_window_offers_the_restore_for_damage_beyond_the_indexes(
    data: Path, qtbot, monkeypatch
) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    assert run(data, "backup").returncode == 0
    damage_index_page(data / DB, garbage=True)
    ctx = open_app(data, daily_backup=False)
    asked: list[bool] = []
    monkeypatch.setattr(MainWindow, "restore_from_backup", lambda self: asked.append(True))
    window = MainWindow(None, data_dir=data, open_data=lambda: ctx)
    qtbot.addWidget(window)
    try:
        window.require_data()
        home = window.tabs["home"]
        assert "已损坏" in home.notice.text()
        assert not home.restore_button.isHidden()
        home.restore_button.click()
        assert asked == [True]
    finally:
        window.stop_background_work()
        ctx.close()


def test_a_data_file_emptied_beside_backups_is_refused_and_restored(data: Path) -> None:
    # A sync tool or a failed copy leaves the data file at 0 bytes. SQLite takes that for a new
    # database: the program used to start empty ("共 0 人"), and each day's backup after it
    # would have been of nothing.
    before = count(data / DB)
    assert run(data, "backup").returncode == 0
    (data / DB).write_bytes(b"")
    done = run(data, "persons")
    assert done.returncode == 2, done.stdout
    assert "数据文件是空的（0 字节）" in done.stderr and "用备份恢复" in done.stderr
    assert "共 0 人" not in done.stdout
    assert (data / DB).stat().st_size == 0  # nothing was written into it
    saved = sorted(p for p in (data / "backups").iterdir() if not p.name.startswith("."))
    restored = run(data, "restore", str(saved[-1]))
    assert restored.returncode == 0, restored.stderr
    assert count(data / DB) == before and integrity(data / DB) == "ok"


def test_a_new_folder_with_an_empty_file_and_no_backups_still_starts(tmp_path: Path) -> None:
    folder = tmp_path / "新的数据文件夹"
    folder.mkdir()
    (folder / DB).write_bytes(b"")  # nothing to lose: taken as a new data file, as before
    done = run(folder, "persons")
    assert done.returncode == 0, done.stderr
    assert count(folder / DB) == 0
