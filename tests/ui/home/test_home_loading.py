"""首页 reads its figures in a worker thread: they arrive, a refresh while one runs gives the
newest figures (the stale ones are dropped), and closing the window during a read is clean."""

from __future__ import annotations

import threading

import pytest

from lao_gan_bu_desktop.services import stats as stats_service
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.home import loader as home_loader
from lao_gan_bu_desktop.ui.main_window import MainWindow
from tests.conftest import FIXED_TODAY

from ..conftest import make_settings, wait_for_home


class Gate:
    """Wraps home_loader.read_figures: each read waits until the test opens the gate."""

    def __init__(self, monkeypatch) -> None:
        self.real = home_loader.read_figures
        self.open = threading.Event()
        self.started = threading.Semaphore(0)
        self.reads = 0
        monkeypatch.setattr(home_loader, "read_figures", self.read)

    def read(self, day, *args):
        self.reads += 1
        self.started.release()
        assert self.open.wait(10), "the test never opened the gate"
        return self.real(day, *args)

    def wait_started(self, qtbot) -> None:
        """Until the next read has begun (the event loop runs meanwhile)."""
        qtbot.waitUntil(lambda: self.started.acquire(blocking=False), timeout=20000)


@pytest.fixture
def gate(monkeypatch) -> Gate:
    gate = Gate(monkeypatch)
    yield gate
    gate.open.set()  # never leave a worker waiting


def shown_window(qtbot, demo_ctx, settings_path) -> MainWindow:
    win = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def count_shown(home) -> list[str]:
    shown: list[str] = []
    home.figures_shown.connect(lambda: shown.append(home.cards["total"].number.text()))
    return shown


def test_the_figures_arrive_after_the_first_paint(qtbot, demo_ctx, settings_path) -> None:
    win = shown_window(qtbot, demo_ctx, settings_path)
    home = wait_for_home(qtbot, win)
    assert home.cards["total"].number.text() == "153"
    assert home.cards["party"].number.text() == "107"
    assert "离退休干部概况（截至 2026-11-29）" in home.title.text()
    assert home.charts is not None
    assert home.reminders.tree.topLevelItemCount() > 1
    assert "未体检" in home.reminders.health.text()
    assert home.aid_card.paragraph.text().startswith("2026年共受理特殊困难帮扶申请")
    assert home.aid_card.reminders.count() >= 1


def test_cards_wait_with_their_old_values_while_reading(
    qtbot, demo_ctx, settings_path, gate
) -> None:
    win = shown_window(qtbot, demo_ctx, settings_path)
    home = win.tabs["home"]
    gate.wait_started(qtbot)  # the first read, after the first paint
    assert home.is_loading()
    assert home.cards["total"].number.text() == "…"  # the first load: no figure yet
    assert home.title.text() == "正在统计……"
    gate.open.set()
    qtbot.waitUntil(lambda: not home.is_loading(), timeout=20000)
    assert home.cards["total"].number.text() == "153"
    gate.open.clear()
    Person.update(status="迁出").where(Person.id == Person.select(Person.id).limit(1)).execute()
    home.refresh()
    gate.wait_started(qtbot)
    assert home.cards["total"].number.text() == "153"  # the old figure until the new one comes
    gate.open.set()
    qtbot.waitUntil(lambda: home.cards["total"].number.text() == "152", timeout=20000)


def test_a_refresh_while_reading_gives_the_newest_figures(
    qtbot, demo_ctx, settings_path, gate
) -> None:
    win = shown_window(qtbot, demo_ctx, settings_path)
    home = win.tabs["home"]
    shown = count_shown(home)
    gate.wait_started(qtbot)  # the first read has begun with 153 people
    first = Person.select(Person.id).where(Person.status == "在册").limit(3)
    ids = [p.id for p in first]
    for n, pid in enumerate(ids):  # three changes, each followed by a refresh
        Person.update(status="迁出").where(Person.id == pid).execute()
        set_setting("zone_name", f"第{n + 1}区")
        home.refresh()
    gate.open.set()
    qtbot.waitUntil(lambda: not home.is_loading(), timeout=20000)
    assert home.cards["total"].number.text() == "150"
    assert "第3区" in home.title.text()
    assert shown == ["150"]  # the stale figures of the first read were never shown
    assert gate.reads == 2  # the three refreshes coalesced into one more read


def test_closing_the_window_during_a_read_is_clean(qtbot, demo_ctx, settings_path, gate) -> None:
    win = shown_window(qtbot, demo_ctx, settings_path)
    home = win.tabs["home"]
    shown = count_shown(home)
    gate.wait_started(qtbot)
    home.refresh()  # one more is pending: closing drops it
    opener = threading.Timer(0.2, gate.open.set)  # the read ends while close() waits for it
    opener.start()
    win.close()
    opener.join()
    assert not home.is_loading()
    assert home.loader._pool.activeThreadCount() == 0
    qtbot.wait(50)  # a result queued for the GUI thread would arrive now
    assert shown == []
    assert gate.reads == 1
    home.refresh()  # after the close nothing starts any more
    assert not home.is_loading()


def test_a_failed_read_says_so_and_shows_the_rest(
    qtbot, demo_ctx, settings_path, monkeypatch
) -> None:
    def broken(day=None):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(stats_service, "compute_stats", broken)
    win = shown_window(qtbot, demo_ctx, settings_path)
    home = win.tabs["home"]
    qtbot.waitUntil(lambda: "失败" in home.title.text(), timeout=20000)
    assert home.title.text() == "统计失败，详情见日志文件。"
    assert home.cards["total"].number.text() == "…"
    assert "失败" in home.aid_card.paragraph.text()
    assert home.reminders.tree.topLevelItemCount() > 1  # the reminders came all the same


def test_closing_before_the_first_read_starts_none(qtbot, demo_ctx, settings_path) -> None:
    win = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    home = win.tabs["home"]
    win.close()
    home.refresh()
    assert home._loader is None and not home.is_loading()
