"""Starting the program: smoke start, the single-instance lock, Chinese Qt translations."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.ui.app import (
    LOCK_FILENAME,
    acquire_lock,
    application,
    install_translations,
    run_gui,
)

from .conftest import make_settings


def test_smoke_start_paints_before_it_opens_the_data(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    folder = tmp_path / "demo"
    code = run_gui(folder, demo=True, smoke=True, settings=make_settings(tmp_path / "s.ini"))
    assert code == 0
    assert not (folder / "lao_gan_bu.sqlite3").exists()  # the window opens it after the paint
    assert not (folder / LOCK_FILENAME).exists()  # released on exit


def run_window_until(folder: Path, settings_path: Path, done, **options) -> tuple[int, list]:
    """Start the program on ``folder`` (no smoke), close its window once ``done(window)`` holds;
    returns the exit code and what ``done`` returned."""
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    seen: list = []

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].isVisible():
            result = done(windows[0])
            if result:
                seen.append(result)
                poll.stop()
                windows[0].close()  # the last window: the event loop ends

    # Both timers are stopped when the program returns: a timer left behind would act in a
    # later test (closing its window, or calling exit() outside any event loop, after which
    # no QEventLoop in this process runs again).
    poll = QTimer()
    poll.timeout.connect(check)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.exit(5))  # never hang the suite
    poll.start(20)
    give_up.start(15000)
    try:
        code = run_gui(folder, settings=make_settings(settings_path), **options)
    finally:
        poll.stop()
        give_up.stop()
    return code, seen


def test_full_start_opens_the_data_after_the_first_paint(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    folder = tmp_path / "demo"

    def ready(window):
        home = window.tabs["home"]
        if window.all_tabs_built() and home.charts is not None and not home.is_loading():
            return home.title.text(), window.status_label.text(), window.ctx is not None
        return None

    code, seen = run_window_until(folder, tmp_path / "s.ini", ready, demo=True)
    assert code == 0
    title, status, opened = seen[0]
    assert opened and "离退休干部概况" in title
    assert status.startswith("操作员：") and str(folder) in status
    assert (folder / "lao_gan_bu.sqlite3").exists()
    assert not (folder / LOCK_FILENAME).exists()


def test_a_damaged_database_is_reported_and_left_alone(qtbot, tmp_path, capsys) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    damaged = folder / "lao_gan_bu.sqlite3"
    damaged.write_bytes(b"\x00\x01 not a database " * 200)
    before = damaged.read_bytes()
    code, seen = run_window_until(folder, tmp_path / "s.ini", lambda window: None)
    assert code == 1 and not seen
    err = capsys.readouterr().err
    assert "无法打开数据文件" in err and "没有备份可以恢复" in err
    assert damaged.read_bytes() == before
    assert not (folder / LOCK_FILENAME).exists()


def damaged_folder_with_a_backup(tmp_path: Path) -> tuple[Path, bytes]:
    """A data folder with two people, a backup holding only the first, and then a data file
    that SQLite cannot open."""
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.roster import create_person
    from lao_gan_bu_desktop.storage.backup import make_backup

    folder = tmp_path / "data"
    ctx = open_app(folder, daily_backup=False)
    create_person({"name": "张三"})
    make_backup(folder, "每日自动")
    create_person({"name": "李四"})
    ctx.close()
    for extra in ("-wal", "-shm"):
        (folder / f"lao_gan_bu.sqlite3{extra}").unlink(missing_ok=True)
    garbage = b"\x00 a sector the disk could not read " * 300
    (folder / "lao_gan_bu.sqlite3").write_bytes(garbage)
    return folder, garbage


def test_a_damaged_data_file_can_be_replaced_by_the_newest_backup(
    qtbot, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from lao_gan_bu_desktop.storage.backup import DAMAGED_DIRNAME
    from lao_gan_bu_desktop.ui.backups import damaged_data

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    folder, garbage = damaged_folder_with_a_backup(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(
        damaged_data, "ask", lambda parent, message, newest: asked.append(newest) or "newest"
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)

    def ready(window):
        home = window.tabs["home"]
        if window.all_tabs_built() and home.charts is not None and not home.is_loading():
            return home.cards["total"].number.text()
        return None

    code, seen = run_window_until(folder, tmp_path / "s.ini", ready)
    assert code == 0 and asked and "每日自动" in asked[0]
    assert seen == ["1"]  # 张三, as the backup holds him; 李四 came after it
    (aside,) = (folder / DAMAGED_DIRNAME).iterdir()
    assert (aside / "lao_gan_bu.sqlite3").read_bytes() == garbage


def test_quitting_instead_of_restoring_changes_nothing(
    qtbot, tmp_path, monkeypatch, capsys
) -> None:
    from lao_gan_bu_desktop.ui.backups import damaged_data

    folder, garbage = damaged_folder_with_a_backup(tmp_path)
    monkeypatch.setattr(damaged_data, "ask", lambda parent, message, newest: "quit")
    code, seen = run_window_until(folder, tmp_path / "s.ini", lambda window: None)
    assert code == 1 and not seen
    err = capsys.readouterr().err
    assert "无法打开数据文件" in err and "下次打开程序时还可以" in err
    assert (folder / "lao_gan_bu.sqlite3").read_bytes() == garbage
    assert not (folder / "damaged").exists()


def test_the_first_paint_needs_no_database_code_and_no_qt_namespace(tmp_path) -> None:
    """Start-up hygiene behind the start-up figure of bench_roster.py: peewee and Qt's ``Qt``
    enum namespace load only after the window is painted (see ui.main_window)."""
    code = textwrap.dedent(
        f"""
        import sys
        import PySide6.QtCore as core
        import lao_gan_bu_desktop.ui.app as ui_app
        filter_of = ui_app._FirstPaint.eventFilter
        def watch(self, watched, event):
            if not self.painted and event.type() == core.QEvent.Type.Paint:
                print("peewee" in sys.modules, "Qt" in core.__dict__, flush=True)
            return filter_of(self, watched, event)
        ui_app._FirstPaint.eventFilter = watch
        from lao_gan_bu_desktop.__main__ import main
        sys.exit(main(["--data-dir", {str(tmp_path / "data")!r}, "--smoke"]))
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "False"]


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
        # what Qt's own zh_CN file leaves in English in the file dialog
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
        assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
        assert QCoreApplication.translate("QFileDialog", "Back") == "后退"  # Qt's answer
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


def test_the_days_first_start_backs_up_after_the_data_opens(qtbot, tmp_path) -> None:
    from lao_gan_bu_desktop.storage.backup import list_backups

    folder = tmp_path / "demo"

    def backed_up(window):
        return "自动备份已完成" in window.statusBar().currentMessage() or None

    code, seen = run_window_until(folder, tmp_path / "s.ini", backed_up, demo=True)
    assert code == 0 and seen
    assert [b.reason for b in list_backups(folder)] == ["每日自动"]
    code, _ = run_window_until(folder, tmp_path / "s.ini", lambda w: w.ctx is not None, demo=True)
    assert code == 0
    assert len(list_backups(folder)) == 1  # once a day


def test_daily_backup_reports_to_the_status_bar(qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QLabel

    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.backups.daily import DailyBackup

    ctx = open_app(tmp_path / "data", daily_backup=False)
    try:
        receiver = QLabel()
        job = DailyBackup(ctx.data_dir)
        job.finished.connect(receiver.setText)
        assert job.start()
        qtbot.waitUntil(lambda: receiver.text() == "今天的自动备份已完成", timeout=20000)
        job.wait()
        assert not DailyBackup(ctx.data_dir).start()  # done for today
    finally:
        ctx.close()


def test_qt_file_dialog_dates_read_the_chinese_way(tmp_path) -> None:
    """The tester saw "7 12 2026 06:38" in the file dialog's 修改日期 column. Qt reads the date
    format once, when the program starts: so a program started as on a non-Chinese Linux desk
    opens Qt's own (non-native) file dialog offscreen and reads the date text from its model."""
    (tmp_path / "名单.xlsx").write_bytes(b"x")
    stamp = 1796625480  # 2026-12-07 06:38 UTC
    os.utime(tmp_path / "名单.xlsx", (stamp, stamp))
    code = textwrap.dedent(
        f"""
        from PySide6.QtWidgets import QFileDialog, QFileSystemModel
        from lao_gan_bu_desktop.ui.app import application
        app = application()
        dialog = QFileDialog(None, "打开", {str(tmp_path)!r})
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        root = model.index({str(tmp_path)!r})
        while model.rowCount(root) == 0 or not model.index(0, 3, root).data():
            app.processEvents()
        print(model.index(0, 0, root).data(), model.index(0, 3, root).data(), sep="|")
        dialog.close()
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "TZ": "UTC"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "名单.xlsx|2026/12/7 06:38"
