"""Tabs built when first needed: only 首页 before the first paint, the others on demand or idle."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.ui import tabs as tab_registry
from lao_gan_bu_desktop.ui.exporting.actions import current_roster_filter
from lao_gan_bu_desktop.ui.main_window import MainWindow
from lao_gan_bu_desktop.ui.roster.model import column_index
from tests.conftest import FIXED_TODAY

from .conftest import make_settings

TITLES = ["首页", "花名册", "走访日历", "帮扶", "日常工作", "党组织", "导入记录"]


def fresh(qtbot, demo_ctx, settings_path) -> MainWindow:
    """A new main window, not shown (so nothing is built in idle time)."""
    win = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    return win


def titles(win: MainWindow) -> list[str]:
    return [win.tab_widget.tabText(i) for i in range(win.tab_widget.count())]


def menu_texts(win: MainWindow) -> dict[str, list[str]]:
    return {
        title: [
            "---" if a.isSeparator() else f"{a.text()}|{a.shortcut().toString()}"
            for a in menu.actions()
            if a.isVisible()
        ]
        for title, menu in win.menus.items()
    }


def test_only_home_is_built_before_the_first_paint(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    assert list(win.tabs) == ["home"]
    assert titles(win) == TITLES  # every tab is in the tab bar from the start
    assert win.tab_widget.currentWidget() is win.tabs["home"]
    assert not win.all_tabs_built()
    win.refresh()  # reloads what is built, builds nothing
    assert list(win.tabs) == ["home"]


def test_selecting_a_tab_builds_it_in_its_place(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    win.tab_widget.setCurrentIndex(TITLES.index("帮扶"))
    aid = win.tabs["aid"]
    assert win.tab_widget.currentWidget() is aid
    assert win.tab_widget.indexOf(aid) == TITLES.index("帮扶")
    assert aid.objectName() == "tab_aid"
    assert titles(win) == TITLES
    assert set(win.tabs) == {"home", "aid"}
    assert win.show_tab("calendar") is win.tabs["calendar"]
    assert win.tab_widget.currentIndex() == TITLES.index("走访日历")
    assert win.tab("aid") is aid  # built once


def test_the_other_tabs_are_built_after_the_first_paint(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    win.show()
    qtbot.waitUntil(win.all_tabs_built, timeout=20000)
    assert list(win.tabs) == [spec.key for spec in tab_registry.TABS]
    assert titles(win) == TITLES
    assert win.tab_widget.currentWidget() is win.tabs["home"]  # still where the clerk was


def test_menus_read_the_same_whatever_order_the_tabs_are_built_in(
    qtbot, demo_ctx, settings_path
) -> None:
    natural = fresh(qtbot, demo_ctx, settings_path)
    natural.build_all_tabs()
    backwards = fresh(qtbot, demo_ctx, settings_path)
    for spec in reversed(tab_registry.TABS):
        backwards.tab(spec.key)
    assert menu_texts(backwards) == menu_texts(natural)
    file_menu = menu_texts(natural)["文件"]
    assert file_menu[:3] == ["新增人员|Ctrl+N", "新建走访…|", "生成慰问计划…|"]
    assert file_menu.index("导入…|Ctrl+I") < file_menu.index("导出…|Ctrl+E")
    assert file_menu.index("导出…|Ctrl+E") < file_menu.index("备份数据|Ctrl+B")


def test_a_menu_opened_early_lists_every_tabs_actions(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    assert "导入…" not in [a.text() for a in win.menu("文件").actions() if a.isVisible()]
    win.menu("文件").aboutToShow.emit()
    assert win.all_tabs_built()
    assert "导入…" in [a.text() for a in win.menu("文件").actions() if a.isVisible()]


def test_a_home_card_opens_the_roster_before_it_was_built(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    win.tabs["home"].filter_requested.emit(RosterFilter(retirement_kind="离休"))
    roster = win.tabs["roster"]
    assert win.tab_widget.currentWidget() is roster
    assert roster.model.rowCount() == 2


def test_export_takes_the_filter_of_a_roster_not_yet_built(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    assert isinstance(current_roster_filter(win), RosterFilter)
    assert "roster" in win.tabs


def test_ctrl_f_on_home_focuses_the_roster_search(qtbot, demo_ctx, settings_path) -> None:
    win = fresh(qtbot, demo_ctx, settings_path)
    win.resize(1280, 800)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20000)
    qtbot.waitUntil(win.all_tabs_built, timeout=20000)
    home = win.tabs["home"]
    assert win.tab_widget.currentWidget() is home
    home.setFocus()
    qtbot.keyClick(home, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    roster = win.tabs["roster"]
    assert win.tab_widget.currentWidget() is roster
    qtbot.waitUntil(roster.filter_bar.search.hasFocus, timeout=20000)


def test_layout_of_a_tab_not_built_in_a_session_is_kept(qtbot, demo_ctx, settings_path) -> None:
    first = fresh(qtbot, demo_ctx, settings_path)
    header = first.show_tab("roster").view.horizontalHeader()
    phone = column_index("phone")
    header.resizeSection(phone, 222)
    first.tab("calendar").set_view(2)
    first.close()

    second = fresh(qtbot, demo_ctx, settings_path)  # closed before its roster was ever built
    second.close()
    assert "roster" not in second.tabs

    third = fresh(qtbot, demo_ctx, settings_path)
    assert "roster" not in third.tabs
    assert third.tab("roster").view.horizontalHeader().sectionSize(phone) == 222
    assert third.tab("calendar").stack.currentIndex() == 2


def test_a_tab_that_fails_to_build_leaves_the_others_working(
    qtbot, demo_ctx, settings_path, monkeypatch, message_boxes
) -> None:
    attempts: list[str] = []

    def broken(window):
        attempts.append("calendar")
        raise RuntimeError("日历坏了")

    specs = [
        tab_registry.TabSpec(s.key, s.title, broken) if s.key == "calendar" else s
        for s in tab_registry.TABS
    ]
    monkeypatch.setattr(tab_registry, "TABS", specs)
    monkeypatch.setattr("lao_gan_bu_desktop.ui.main_window.TABS", specs)
    win = fresh(qtbot, demo_ctx, settings_path)
    win.show()
    qtbot.waitUntil(
        lambda: set(win.tabs) == {"home", "roster", "aid", "office", "party", "imports"},
        timeout=20000,
    )
    assert attempts == ["calendar"]  # tried once in idle time, not again and again
    assert [box[0] for box in message_boxes] == ["critical"]  # 意外错误, traceback to the log
    assert titles(win) == TITLES
    win.menu("文件").aboutToShow.emit()
    assert attempts == ["calendar"]
    win.tab_widget.setCurrentIndex(TITLES.index("走访日历"))  # the clerk asks: try again
    assert attempts == ["calendar", "calendar"]
    assert win.tab_widget.currentIndex() == TITLES.index("走访日历")


def before_data(qtbot, demo_ctx, settings_path, opener) -> MainWindow:
    """A window made as the program makes it: before its database is open."""
    win = MainWindow(
        None,
        settings=make_settings(settings_path),
        today=lambda: FIXED_TODAY,
        data_dir=demo_ctx.data_dir,
        open_data=opener,
    )
    qtbot.addWidget(win)
    return win


def test_a_window_made_before_its_data_opens_it_after_the_first_paint(
    qtbot, demo_ctx, settings_path
) -> None:
    opened: list[int] = []
    win = before_data(qtbot, demo_ctx, settings_path, lambda: opened.append(1) or demo_ctx)
    assert win.ctx is None and not opened
    assert win.status_label.text() == f"数据文件夹：{demo_ctx.data_dir}"
    card = win.tabs["home"].cards["total"]
    assert card.cursor().shape() == Qt.CursorShape.ArrowCursor  # mouse details come later
    win.show()
    qtbot.waitUntil(win.all_tabs_built, timeout=20000)
    assert opened == [1] and win.ctx is demo_ctx
    assert win.status_label.text().startswith("操作员：")
    assert card.cursor().shape() == Qt.CursorShape.PointingHandCursor
    qtbot.waitUntil(lambda: card.number.text() != "…", timeout=20000)


def test_a_tab_wanted_before_the_paint_opens_the_data_at_once(
    qtbot, demo_ctx, settings_path
) -> None:
    opened: list[int] = []
    win = before_data(qtbot, demo_ctx, settings_path, lambda: opened.append(1) or demo_ctx)
    win.tabs["home"].filter_requested.emit(RosterFilter(retirement_kind="离休"))
    assert opened == [1] and win.ctx is demo_ctx
    assert win.tabs["roster"].model.rowCount() == 2


def test_data_that_cannot_be_opened_is_told_once(qtbot, demo_ctx, settings_path) -> None:
    from lao_gan_bu_desktop.storage.errors import StorageError

    calls: list[int] = []
    failure = StorageError("无法打开数据文件：测试")

    def broken():
        calls.append(1)
        raise failure

    win = before_data(qtbot, demo_ctx, settings_path, broken)
    told: list[Exception] = []
    win.data_failed.connect(told.append)
    win.show()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert told == [failure] and win.ctx is None
    assert list(win.tabs) == ["home"]  # nothing that reads data was built
    try:
        win.tab("aid")
    except StorageError as exc:
        assert exc is failure
    else:
        raise AssertionError("tab() built a tab without its data")
    win.refresh()  # harmless
    assert calls == [1] and told == [failure]
