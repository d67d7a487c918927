"""The visit calendar reached from the main window: its tab, its menu actions, a visit saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.services import visits
from lao_gan_bu_desktop.ui.visits.calendar_tab import VisitsCalendarTab
from tests.conftest import FIXED_TODAY


def test_calendar_tab_and_menus(window, qtbot) -> None:
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    assert "走访日历" in titles
    tab = window.show_tab("calendar")
    assert isinstance(tab, VisitsCalendarTab)
    assert tab.today() == FIXED_TODAY  # the window's clock
    tab.load_now()
    assert tab.month_view.month == FIXED_TODAY.replace(day=1)
    file_actions = {a.text() for a in window.menu("文件").actions()}
    assert {"新建走访…", "生成慰问计划…", "导出走访台账…"} <= file_actions
    assert "走访规则…" in {a.text() for a in window.menu("工具").actions()}
    # From the roster tab, 文件 → 新建走访 switches to the calendar and saves a visit.
    window.show_tab("roster")
    before = len(visits.list_visits(FIXED_TODAY, FIXED_TODAY))

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        dialog._picked_label(dialog.matching_labels("a")[0])
        dialog.save()

    QTimer.singleShot(0, fill)
    next(a for a in window.menu("文件").actions() if a.text() == "新建走访…").trigger()
    assert window.tab_widget.currentWidget() is tab
    assert len(visits.list_visits(FIXED_TODAY, FIXED_TODAY)) == before + 1
    assert tab.month_view.info(FIXED_TODAY).planned == before + 1
    window.refresh()  # the window's F5 reaches the calendar too
    assert tab.month_view.info(dt.date(2026, 11, 29)).planned == before + 1


def test_home_shows_the_visit_reminders(window, qtbot) -> None:
    home = window.tabs["home"]
    reminders = home.reminders
    qtbot.waitUntil(lambda: reminders.tree.topLevelItemCount() > 1, timeout=20000)
    sections = [
        reminders.tree.topLevelItem(i).text(0) for i in range(reminders.tree.topLevelItemCount())
    ]
    assert sections[0].startswith("逾期")
    assert "未体检" in reminders.health.text()


def test_person_dialog_has_the_visit_record_tab(window, qtbot) -> None:
    from lao_gan_bu_desktop.ui.visits.person_visits_widget import PersonVisitsWidget

    pid = next(
        v["person_ids"][0]
        for v in visits.list_visits(dt.date(2026, 1, 1), FIXED_TODAY)
        if v["status"] == "已完成"
    )
    roster = window.show_tab("roster")
    dialog = roster.open_person(pid)
    qtbot.waitExposed(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "走访记录" in titles
    widget = dialog.tabs.widget(titles.index("走访记录"))
    assert isinstance(widget, PersonVisitsWidget)
    assert widget.visits_table.rowCount() >= 1
    assert widget.today() == FIXED_TODAY
    dialog.reject()
    new = roster.open_person(None)
    assert "走访记录" not in [new.tabs.tabText(i) for i in range(new.tabs.count())]
    new.reject()


def test_calendar_rereads_when_shown_again(window, qtbot) -> None:
    tab = window.show_tab("calendar")
    tab.load_now()
    before = tab.month_view.info(FIXED_TODAY).planned
    window.show_tab("roster")
    pid = visits.person_choices()[0][0]
    visits.create_visit(visits.VisitInput((pid,), "电话问候", FIXED_TODAY))  # e.g. from 首页
    window.show_tab("calendar")
    assert tab.month_view.info(FIXED_TODAY).planned == before + 1


def test_calendar_view_is_remembered(qtbot, demo_ctx, settings_path) -> None:
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    from ..conftest import make_settings

    win = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    win.tab("calendar").set_view(2)
    win.save_state()
    again = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(again)
    assert again.tab("calendar").stack.currentIndex() == 2


def test_marking_done_in_the_calendar_is_not_taken_for_another_pcs_change(window, qtbot) -> None:
    """The tester's report: 5 s after 标记完成 the status bar said 已显示别处保存的最新修改."""
    pid = visits.person_choices()[0][0]
    vid = visits.create_visit(visits.VisitInput((pid,), "电话问候", FIXED_TODAY))
    window.refresh()
    assert window.check_for_changes() is False
    tab = window.show_tab("calendar")
    tab.select_day(FIXED_TODAY)
    tab.load_now()
    items = [tab.day_list.topLevelItem(i) for i in range(tab.day_list.topLevelItemCount())]
    mine = next(i for i in items if (tab.payload_of(i) or {}).get("visit", {}).get("id") == vid)
    tab.day_list.setCurrentItem(mine)
    assert tab.done_button.isEnabled()
    tab.done_button.click()
    assert visits.get_visit(vid)["status"] == "已完成"
    assert "完成" in tab.status_label.text()
    assert window.check_for_changes() is False  # the clerk's own change, not another PC's
    assert "别处" not in window.statusBar().currentMessage()
