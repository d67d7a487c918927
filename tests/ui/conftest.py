"""UI fixtures: the main window on a copy of the demo zone, layout kept in a temporary ini file.

Message boxes and the unsaved-changes question are replaced so that no test ever waits on a
modal dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.conftest import FIXED_TODAY


@pytest.fixture(autouse=True, scope="session")
def chinese_locale():
    """Qt's widgets show dates as the program does (install_translations sets this too): the
    same for every UI test, whichever ran first."""
    from lao_gan_bu_desktop.ui.common.qt_translation_gaps import use_chinese_locale

    use_chinese_locale()


@pytest.fixture(autouse=True)
def no_qt_worker_left_behind(qapp):
    """Fail the test that leaves a QThread or QThreadPool task running, or Qt's event loop
    unable to run (see tests/leak_guard.py). It is set up before qtbot, so it checks after
    qtbot has closed the test's windows."""
    from tests.leak_guard import event_loop_is_alive, leftover_qt_workers, track_qt_workers

    track_qt_workers()
    yield
    left = leftover_qt_workers()
    if left:
        pytest.fail("测试结束时仍有 Qt 后台任务在运行：" + "、".join(left), pytrace=False)
    if not event_loop_is_alive():
        pytest.fail(
            "Qt 的事件循环在这个测试中死掉了：有代码在 exec() 之外调用了 exit()/quit()（多半是本测试或更早的测试留下的定时器），"
            "多半是留下的定时器），之后的测试都会超时。",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> list[tuple[str, str, str]]:
    """Every QMessageBox.warning/critical/information/about call as (kind, title, text)."""
    calls: list[tuple[str, str, str]] = []
    for kind in ("warning", "critical", "information", "about"):

        def fake(parent, title, text, *args, _kind=kind, **kwargs):
            calls.append((_kind, title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))
    return calls


@pytest.fixture(autouse=True)
def discard_unsaved_on_teardown(monkeypatch) -> None:
    """A dialog left open with changes is discarded when the window closes (never a real box)."""
    from lao_gan_bu_desktop.ui.roster import person_dialog

    monkeypatch.setattr(
        person_dialog.PersonDialog, "ask_unsaved", lambda self: person_dialog.UNSAVED_DISCARD
    )


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "layout.ini"


def make_settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, demo_ctx, settings_path):
    """The main window on the demo zone, shown, for FIXED_TODAY, a moment after its first paint
    (the other tabs are built in idle time then; test_lazy_tabs tests the moments before)."""
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    win = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.all_tabs_built, timeout=20000)
    return win


@pytest.fixture
def roster(window):
    """The 花名册 tab, shown and loaded."""
    tab = window.show_tab("roster")
    tab.ensure_loaded()
    return tab


def wait_for_home(qtbot, window, timeout: int = 20000):
    """首页 of ``window`` once the figures of its latest refresh are shown (they are read in a
    worker thread)."""
    home = window.tabs["home"]
    qtbot.waitUntil(lambda: home.charts is not None and not home.is_loading(), timeout=timeout)
    return home
