"""A data folder that cannot be written: the program opens it read-only, says so in plain words,
logs to the system's temporary folder, and refuses every change in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DB, count, make_read_only, no_english_trouble, run, undo_read_only

pytestmark = pytest.mark.faults


@pytest.fixture
def read_only(data: Path, tmp_path: Path):
    folder = make_read_only(data, tmp_path)
    yield folder
    undo_read_only(folder)


def test_reading_commands_work_and_say_the_folder_is_read_only(
    read_only: Path, tmp_path: Path
) -> None:
    for command in (["stats"], ["persons", "--json"], ["export", "roster", str(tmp_path)]):
        done = run(read_only, *command)
        assert done.returncode == 0, done.stderr
        assert "只读" in done.stderr
        no_english_trouble(done.stderr)
    assert list(tmp_path.glob("*.xlsx"))
    logs = read_only.parent.parent / "system-temp" / "LaoGanBu-logs" / "lao_gan_bu.log"
    assert logs.exists()  # the log went to the system's temporary folder


def test_commands_that_write_refuse_in_chinese(read_only: Path, tmp_path: Path) -> None:
    before = count(read_only / DB)
    source = tmp_path / "名单.csv"
    source.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    for command in (["import", str(source), "--unit", "测试单位"], ["backup"]):
        refused = run(read_only, *command)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "不能写入（只读）" in refused.stderr
        no_english_trouble(refused.stderr)
    assert count(read_only / DB) == before


def test_the_window_shows_read_only_and_turns_editing_off(read_only: Path, qtbot) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.app import acquire_lock
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    assert acquire_lock(read_only) is not None  # not taken for "another window has it"

    ctx = open_app(read_only, daily_backup=False)
    window = MainWindow(None, data_dir=read_only, open_data=lambda: ctx)
    qtbot.addWidget(window)
    try:
        window.require_data()
        assert "只读" in window.windowTitle()
        assert "只读" in window.status_label.text()
        assert not window.menus["编辑"].isEnabled()
        assert "只读" in window.tabs["home"].notice.text()
    finally:
        window.stop_background_work()
        ctx.close()
