"""Starting the program: smoke start, the single-instance lock, Chinese Qt translations."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from lao_gan_bu_desktop.ui.app import (
    LOCK_FILENAME,
    acquire_lock,
    application,
    install_translations,
    run_gui,
)

from .conftest import make_settings


def test_smoke_start_with_demo_data(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    folder = tmp_path / "demo"
    code = run_gui(folder, demo=True, smoke=True, settings=make_settings(tmp_path / "s.ini"))
    assert code == 0
    assert (folder / "lao_gan_bu.sqlite3").exists()
    assert not (folder / LOCK_FILENAME).exists()  # released on exit


def test_second_start_on_the_same_folder_says_so(qtbot, tmp_path, capsys) -> None:
    folder = tmp_path / "data"
    lock = acquire_lock(folder)
    assert lock is not None
    try:
        code = run_gui(folder, smoke=True, settings=make_settings(tmp_path / "s.ini"))
    finally:
        lock.unlock()
    assert code == 1
    assert "正由另一个老干部工作台窗口使用" in capsys.readouterr().err
    assert not (folder / "lao_gan_bu.sqlite3").exists()  # the database was not opened


def test_qt_dialogs_speak_chinese(qapp) -> None:
    app = application()
    translators = install_translations(app)
    try:
        assert translators
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_process_events_keeps_none_alive(qapp) -> None:
    """PySide6 6.12 dropped a reference to None per processEvents() call (see pyproject)."""
    import sys

    before = sys.getrefcount(None)
    for _ in range(200):
        qapp.processEvents()
    assert sys.getrefcount(None) >= before - 20


def test_the_days_first_start_backs_up_after_the_window_shows(qtbot, tmp_path) -> None:
    from lao_gan_bu_desktop.storage.backup import list_backups

    folder = tmp_path / "demo"
    settings = make_settings(tmp_path / "s.ini")
    assert run_gui(folder, demo=True, smoke=True, settings=settings) == 0
    made = list_backups(folder)
    assert [b.reason for b in made] == ["每日自动"]  # finished before the program ended
    assert run_gui(folder, demo=True, smoke=True, settings=settings) == 0
    assert len(list_backups(folder)) == 1  # once a day


def test_daily_backup_reports_to_the_status_bar(qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QLabel

    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.daily_backup import DailyBackup

    ctx = open_app(tmp_path / "data", daily_backup=False)
    try:
        receiver = QLabel()
        job = DailyBackup(ctx.data_dir)
        job.finished.connect(receiver.setText)
        assert job.start()
        qtbot.waitUntil(lambda: receiver.text() == "今天的自动备份已完成", timeout=5000)
        job.wait()
        assert not DailyBackup(ctx.data_dir).start()  # done for today
    finally:
        ctx.close()
