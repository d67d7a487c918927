"""The 走访日历 tab driven with qtbot on real data folders: lunar days and festivals in the grid,
create, complete, reschedule, cancel and undo visits, the views, the rules and campaign dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.services import roster, visits
from lao_gan_bu_desktop.ui.visits.calendar_tab import VisitsCalendarTab
from lao_gan_bu_desktop.ui.visits.visit_dialog import VisitDialog, to_qdate

D = dt.date
PRESS, RELEASE = QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease
DOUBLE = QEvent.Type.MouseButtonDblClick
TODAY = D(2026, 11, 29)


def on_modal(action) -> None:
    """Run ``action(dialog)`` on the modal dialog that is about to open."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        action(dialog)

    QTimer.singleShot(0, run)


def make_tab(qtbot) -> VisitsCalendarTab:
    tab = VisitsCalendarTab(today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=20000)
    tab.load_now()
    return tab


def test_grid_shows_lunar_days_festivals_and_counts(demo_ctx, qtbot, tmp_path) -> None:
    tab = make_tab(qtbot)
    assert tab.month_view.month == D(2026, 11, 1)
    assert tab.month_view.info(D(2026, 11, 29)).lunar == "廿一"
    assert tab.month_view.info(D(2026, 11, 9)).lunar == "十月"
    assert tab.month_view.info(D(2026, 11, 29)).planned == 1
    assert tab.month_view.info(D(2026, 11, 20)).overdue == 1
    tab.show_month(D(2027, 2, 1))
    tab.load_now()
    info = tab.month_view.info(D(2027, 2, 6))
    assert info.festivals == ["春节"] and info.lunar == "正月"
    assert tab.month_view.info(D(2027, 2, 5)).festivals == ["除夕"]
    assert info.due > 5  # the 春节 campaign is not planned yet
    tab.show_month(D(2026, 10, 1))
    assert tab.month_view.info(D(2026, 10, 1)).day_off == "国庆节"
    assert tab.month_view.info(D(2026, 10, 18)).festivals == ["重阳节"]
    before = [tab.month_view.info(D(2026, 10, d)).done for d in range(6, 18)]
    assert sum(before) > 5  # the demo's 重阳 visits, done in the days before
    tab.month_view.grab().save(str(tmp_path / "grid.png"))


def test_navigation_and_today(demo_ctx, qtbot) -> None:
    tab = make_tab(qtbot)
    qtbot.mouseClick(tab.next_button, Qt.MouseButton.LeftButton)
    assert tab.month_view.month == D(2026, 12, 1)
    qtbot.keyClick(tab.month_view, Qt.Key.Key_PageDown)
    assert tab.month_view.month == D(2027, 1, 1)
    tab.year_spin.setValue(2030)
    assert tab.month_view.month == D(2030, 1, 1)
    tab.month_combo.setCurrentIndex(8)
    assert tab.month_view.month == D(2030, 9, 1)
    qtbot.keyClick(tab.month_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert tab.month_view.month == D(2026, 11, 1) and tab.month_view.selected == TODAY
    qtbot.keyClick(tab.month_view, Qt.Key.Key_Right)
    assert tab.month_view.selected == D(2026, 11, 30)
    qtbot.keyClick(tab.month_view, Qt.Key.Key_Down)  # into December: the month follows
    assert tab.month_view.month == D(2026, 12, 1)
    pos = tab.month_view.cell_center(D(2026, 12, 9))
    qtbot.mouseClick(tab.month_view, Qt.MouseButton.LeftButton, pos=pos)
    assert tab.month_view.selected == D(2026, 12, 9)
    assert tab.day_label.text().startswith("2026年12月9日 星期三  农历冬月初一")


def test_create_complete_reschedule_cancel_undo(ctx, qtbot) -> None:
    pid = roster.create_person({"name": "王建国", "birth_date": "1950-03-01", "unit": "科技局"})
    tab = make_tab(qtbot)
    tab.select_day(D(2026, 12, 3))

    def fill(dialog: VisitDialog) -> None:
        qtbot.keyClicks(dialog.picker, "wjg")  # pinyin initials
        assert dialog.matching_labels("wjg") == ["王建国（科技局）"]
        dialog.picker.completer().popup().hide()
        qtbot.keyClick(dialog.picker, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.visit_id is None  # Enter adds, does not save
        assert dialog.person_ids() == (pid,)
        dialog.kind.setCurrentText("上门服务")
        dialog.visitors.setText("刘建国")
        dialog.amount.setText("300")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_modal(fill)
    qtbot.keyClick(
        tab.month_view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    rows = visits.list_visits(person_id=pid)
    assert [(v["planned_on"], v["kind"], v["status"], str(v["amount"])) for v in rows] == [
        (D(2026, 12, 3), "上门服务", "计划", "300.00")
    ]
    assert tab.month_view.info(D(2026, 12, 3)).planned == 1
    assert tab.select_entry("王建国")
    # Reschedule to the 5th through the dialog.
    on_modal(lambda d: (d.date.setDate(to_qdate(D(2026, 12, 5))), d.accept()))
    tab.reschedule_current()
    assert visits.list_visits(person_id=pid)[0]["planned_on"] == D(2026, 12, 5)
    assert tab.month_view.info(D(2026, 12, 3)).planned == 0
    assert tab.month_view.info(D(2026, 12, 5)).planned == 1
    # Mark done in one action (Ctrl+D), then undo.
    tab.select_day(D(2026, 12, 5))
    assert tab.select_entry("王建国")
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=20000)
    qtbot.keyClick(tab.day_list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    v = visits.list_visits(person_id=pid)[0]
    assert (v["status"], v["done_on"]) == ("已完成", TODAY)
    assert tab.month_view.info(D(2026, 12, 5)).planned == 0  # done today, in November
    tab.undo()
    assert visits.list_visits(person_id=pid)[0]["status"] == "计划"
    # Cancel, undo.
    tab.select_day(D(2026, 12, 5))
    assert tab.select_entry("王建国")
    tab.cancel_current()
    assert visits.list_visits(person_id=pid)[0]["status"] == "取消"
    assert tab.month_view.info(D(2026, 12, 5)).planned == 0
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    assert visits.list_visits(person_id=pid)[0]["status"] == "计划"


def test_dialog_shows_errors_and_saves_nothing(ctx, qtbot) -> None:
    roster.create_person({"name": "李秀英"})
    dialog = VisitDialog(day=D(2026, 12, 3), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "请至少选择一位走访对象" in dialog.error.text()
    dialog.picker.setText("xiuying")  # full pinyin, part of the name
    dialog._add_picked()
    assert dialog.person_ids()
    dialog.amount.setText("五百元")
    dialog.save()
    assert "不是数字" in dialog.error.text()
    assert visits.list_visits() == []
    dialog.picker.setText("不存在的人")
    dialog._add_picked()
    assert "没有找到" in dialog.error.text()


def test_plan_a_due_item_from_the_day_list(demo_ctx, qtbot) -> None:
    tab = make_tab(qtbot)
    tab.select_day(D(2026, 12, 1))
    assert tab.select_entry("【应访】")  # the hospital visit of the demo
    on_modal(lambda d: d.save())
    tab.open_current()
    planned = visits.list_visits(D(2026, 12, 1), D(2026, 12, 1))
    assert any(v["kind"] == "生病住院" and v["status"] == "计划" for v in planned)
    assert not any(d.rule == "住院探望" for d in visits.due_list(TODAY, D(2026, 12, 5), day=TODAY))


def test_week_and_agenda_views(demo_ctx, qtbot) -> None:
    tab = make_tab(qtbot)
    tab.set_view(1)
    assert tab.week_view.topLevelItemCount() == 7
    assert tab.week_view.topLevelItem(6).text(0).endswith("（今天）")
    tab.set_view(2)
    first = tab.agenda_view.topLevelItem(0)
    assert first.text(0).startswith("逾期未完成")
    assert first.childCount() >= 2
    # from today, even when an earlier day is selected; no line cut off (tooltips and widths)
    tab.select_day(TODAY - dt.timedelta(days=10))
    days = [
        tab.agenda_view.topLevelItem(i).text(0)
        for i in range(1, tab.agenda_view.topLevelItemCount())
    ]
    assert days and days[0].startswith(f"{TODAY.month}月") and "（今天）" in days[0]
    late = tab.agenda_view.topLevelItem(0).child(0)
    assert late.text(0).startswith("【逾期】") and late.toolTip(0) == late.text(0)
    width = tab.agenda_view.fontMetrics().horizontalAdvance(late.text(0))
    assert tab.agenda_view.columnWidth(0) >= width
    tab.set_view(0)
    assert tab.stack.currentWidget() is tab.month_view


def test_rules_dialog_saves_settings(ctx, qtbot) -> None:
    from lao_gan_bu_desktop.ui.visits.rules_dialog import VisitRulesDialog

    dialog = VisitRulesDialog()
    qtbot.addWidget(dialog)
    dialog.birthday_min_age.setValue(85)
    dialog.round_birthdays.setText("80，90、100")
    spring = next(b for b in dialog.campaign_boxes if b.festival == "春节")
    spring.tier_care.setChecked(False)
    dialog.save()
    s = visits.load_rule_settings()
    assert s.birthday_min_age == 85 and s.round_birthdays == (80, 90, 100)
    assert s.campaign("春节").tiers == ("重点",)
    dialog = VisitRulesDialog()
    qtbot.addWidget(dialog)
    dialog.round_birthdays.setText("八十")
    dialog.save()
    assert "数字" in dialog.error.text()
    assert visits.load_rule_settings().round_birthdays == (80, 90, 100)


def test_campaign_dialog_plans_and_exports(demo_ctx, qtbot, tmp_path) -> None:
    from openpyxl import load_workbook

    from lao_gan_bu_desktop.ui.visits.campaign_dialog import CampaignDialog

    dialog = CampaignDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert (dialog.festival.currentText(), dialog.year.value()) == ("春节", 2027)
    rows = dialog.table.rowCount()
    assert rows > 5
    dialog.gift.setText("米面油")
    assert dialog.plan() == rows
    assert dialog.plan() == 0
    assert dialog.undo_button.isEnabled()
    assert dialog.undo() == rows
    assert visits.list_visits(D(2027, 2, 6), D(2027, 2, 6)) == []
    assert dialog.plan() == rows
    path = dialog.export(str(tmp_path / "名单.xlsx"))
    ws = load_workbook(path)["慰问名单"]
    assert ws.cell(row=3 + rows, column=1).value == rows  # 序号 of the last person
    assert ws.max_row == 3 + rows + 2  # a blank row, then 经办人 / 审核
    assert "签收" in [c.value for c in ws[3]]


def test_ledger_export_from_the_tab(demo_ctx, qtbot, tmp_path) -> None:
    from openpyxl import load_workbook

    tab = make_tab(qtbot)
    path = tab.export_ledger(str(tmp_path / "台账.xlsx"))
    ws = load_workbook(path)["走访台账"]
    assert "2026年11月1日至2026年11月30日" in ws["A2"].value
    assert ws.max_row > 4


def test_large_roster_reads_details_in_the_background(demo_ctx, qtbot) -> None:
    tab = make_tab(qtbot)
    tab.go_today()
    tab._details_timer.stop()
    tab._visits, tab._due = [], []
    tab._load_details(background=True)  # a worker thread with its own connection
    qtbot.waitUntil(lambda: bool(tab._due), timeout=20000)
    assert any(d.rule == "逾期未走访" for d in tab._due)
    assert tab.status_label.text() == ""
    # A reply for a month no longer shown is dropped.
    generation = tab._generation
    tab._details_arrived(generation - 1, ([], [], []))
    assert tab._due


def test_picker_with_several_matches_asks_to_choose(ctx, qtbot) -> None:
    roster.create_person({"name": "王丽", "unit": "科技局"})
    roster.create_person({"name": "王力", "unit": "财政金融局"})
    dialog = VisitDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert sorted(dialog.matching_labels("wl")) == ["王丽（科技局）", "王力（财政金融局）"]
    dialog.picker.setText("wl")
    dialog._add_picked()
    assert "对应多人" in dialog.error.text() and dialog.person_ids() == ()
    dialog._picked_label("王力（财政金融局）")
    assert len(dialog.person_ids()) == 1 and dialog.error.text() == ""


def test_cells_name_the_people_due_and_with_a_birthday(demo_ctx, qtbot, tmp_path) -> None:
    """Not only counts: a cell names who is due and whose birthday it is (up to three)."""
    from lao_gan_bu_desktop.services.calendar_view import NAMES_SHOWN

    tab = make_tab(qtbot)
    tab.show_month(D(2027, 2, 1))
    tab.load_now()
    spring = tab.month_view.info(D(2027, 2, 6))
    due_there = [
        d.name for d in tab._due if d.day == D(2027, 2, 6) and not d.overdue and d.visit_id is None
    ]
    assert spring.due_names == due_there[:NAMES_SHOWN] and len(spring.due_names) == NAMES_SHOWN
    birthdays = {}
    for b in tab._birthdays:
        birthdays.setdefault(b["day"], []).append(b["name"])
    day, names = next(iter(sorted(birthdays.items())))
    assert tab.month_view.info(day).birthday_names == names[:NAMES_SHOWN]
    tab.month_view.grab().save(str(tmp_path / "names.png"))


def test_new_visit_prefills_the_visitor(ctx, qtbot) -> None:
    """新建走访 starts with 走访人员 filled (the tester had to type it each time): the operator
    at work, else the first of the office's clerks; it stays editable."""
    from lao_gan_bu_desktop.services.office_setup import OfficeSetup, save_setup
    from lao_gan_bu_desktop.services.settings import set_session_operator

    save_setup(OfficeSetup(zone_name="高新区", clerks=["刘建国", "王丽"]))
    dialog = VisitDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.visitors.text() == "刘建国" and not dialog.visitors.isReadOnly()
    set_session_operator("王丽")
    try:
        again = VisitDialog(today=TODAY)
        qtbot.addWidget(again)
        assert again.visitors.text() == "王丽"
    finally:
        set_session_operator(None)


def test_a_double_click_on_a_greyed_day_of_the_next_month_opens_that_day(qtbot) -> None:
    """The first click shows December (the grid moves under the pointer); the double-click
    still means 12月2日, not the day that came to lie under the pointer."""
    from lao_gan_bu_desktop.services.calendar_view import grid_days
    from lao_gan_bu_desktop.ui.visits.month_view import MonthView

    view = MonthView()
    qtbot.addWidget(view)
    view.resize(840, 620)
    view.set_month(D(2026, 11, 1), {}, today=TODAY)
    view.show()
    qtbot.waitExposed(view)
    assert D(2026, 12, 2) in grid_days(D(2026, 11, 1))

    def follow(day: dt.date) -> None:  # as the tab does: a day of another month shows it
        if day.replace(day=1) != view.month:
            view.set_month(day.replace(day=1), {}, today=TODAY, selected=day)

    view.daySelected.connect(follow)
    activated: list[dt.date] = []
    view.dayActivated.connect(activated.append)
    pos = QPointF(view.cell_center(D(2026, 12, 2)))
    where = view.mapToGlobal(pos)
    # what a mouse sends for a double-click (QTest's mouseDClick sends the last event only)
    for kind, ms in (
        (PRESS, 1000),
        (RELEASE, 1060),
        (PRESS, 1150),
        (DOUBLE, 1150),
        (RELEASE, 1200),
    ):
        held = Qt.MouseButton.NoButton if kind == RELEASE else Qt.MouseButton.LeftButton
        event = QMouseEvent(
            kind, pos, where, Qt.MouseButton.LeftButton, held, Qt.KeyboardModifier.NoModifier
        )
        event.setTimestamp(ms)
        QApplication.sendEvent(view, event)
    assert view.month == D(2026, 12, 1)
    assert view.day_at(pos.toPoint()) != D(2026, 12, 2)  # the grid did move under the pointer
    assert activated == [D(2026, 12, 2)] and view.selected == D(2026, 12, 2)


def test_a_double_click_on_an_empty_day_opens_a_new_visit_for_it(demo_ctx, qtbot) -> None:
    """The guide's 双击一天可以新建走访: an empty day's list holds only its grey hint row, which
    is no visit to open; a day with visits puts the first one forward instead."""
    tab = make_tab(qtbot)
    empty = D(2026, 11, 13)
    assert not visits.list_visits(start=empty, end=empty)
    seen: list[dt.date] = []

    def note_and_close(dialog) -> None:
        assert isinstance(dialog, VisitDialog)
        seen.append(dialog.planned_on.date().toPython())
        dialog.reject()

    on_modal(note_and_close)
    qtbot.mouseDClick(
        tab.month_view, Qt.MouseButton.LeftButton, pos=tab.month_view.cell_center(empty)
    )
    qtbot.waitUntil(lambda: seen == [empty])
    busy = D(2026, 11, 29)  # the demo's 胡志强, planned for today
    qtbot.mouseDClick(
        tab.month_view, Qt.MouseButton.LeftButton, pos=tab.month_view.cell_center(busy)
    )
    current = tab.day_list.currentItem()
    assert current is not None and "胡志强" in current.text(0)
    assert seen == [empty]  # no dialog for a day that has visits


def test_suggestions_close_after_add(ctx, qtbot) -> None:
    """The tester's report: the name suggestions stayed open after 添加."""
    from PySide6.QtWidgets import QPushButton

    roster.create_person({"name": "王建国", "unit": "科技局"})
    roster.create_person({"name": "王建军", "unit": "财政金融局"})
    dialog = VisitDialog(today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    popup = dialog.picker.completer().popup()
    qtbot.keyClicks(dialog.picker, "wjg")
    qtbot.waitUntil(popup.isVisible, timeout=20000)
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "添加")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert len(dialog.person_ids()) == 1 and dialog.picker.text() == ""
    assert not popup.isVisible()
    # picked from the list: closed as well, and nothing is offered for the empty box
    qtbot.keyClicks(dialog.picker, "wjj")
    qtbot.waitUntil(popup.isVisible, timeout=20000)
    dialog._picked_label("王建军（财政金融局）")
    assert len(dialog.person_ids()) == 2
    assert not popup.isVisible() and dialog.picker.completer().model().rowCount() == 0
