"""活动 and 服务团队 in the real main window on the demo zone: 日常工作 → 活动 lists the demo's
classes (year and kind filters, sorting); a new activity is made in its dialog, two people are
signed up from the search box, a third is refused over the capacity and then put on the waiting
list, attendance is ticked in the grid, and the person dialog's 活动与团队 page shows it; the
suggestions (worked out on a worker thread behind 正在计算…) sign people up; a team is made with members and a leader; every button is on
screen at 1366×728. Offscreen grabs of each view and dialog go to LAO_GAN_BU_SHOTS if set."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.ui.office import common
from tests.conftest import FIXED_TODAY
from tests.ui.office.pages import assert_buttons_fit, shown_rows

SHOTS = os.environ.get("LAO_GAN_BU_SHOTS", "")


def _grab(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _select(view, row_id: int) -> None:
    proxy = view.model()
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data(common.ID_ROLE) == row_id:
            view.selectRow(r)
            view.setCurrentIndex(proxy.index(r, 0))
            return
    raise LookupError(row_id)


def test_the_demo_classes_are_listed_filtered_and_sorted(qtbot, office) -> None:
    page = office.show_page("活动")
    qtbot.waitUntil(page.isVisible)
    assert page.selected_year() == FIXED_TODAY.year
    names = [r["name"] for r in page.model.rows]
    for course in ("书法班（秋季）", "绘画班（秋季）", "茶艺班（秋季）", "太极拳班（秋季）"):
        assert course in names
    assert "共 7 项" in page.summary.text()
    _grab(office.main_window, "活动页")
    page.kind.setCurrentText("老年大学课程")
    assert {r["kind"] for r in page.model.rows} == {"老年大学课程"} and page.model.rowCount() == 4
    page.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # 报名
    signed = [r["sign_ups"] for r in shown_rows(page.view)]
    assert signed == sorted(signed, reverse=True)
    page.year.setCurrentIndex(page.year.findData(None))  # 全部
    assert page.model.rowCount() == 4
    page.kind.setCurrentText("全部")
    teams = office.show_page("服务团队")
    assert teams.model.rowCount() == 2 and all(r["leader"] for r in teams.model.rows)
    _grab(office.main_window, "服务团队页")


def test_make_an_activity_sign_up_attend_and_see_it_in_the_person_dialog(
    qtbot, window, office, monkeypatch, message_boxes
) -> None:
    from lao_gan_bu_desktop.services.roster import list_persons

    page = office.show_page("活动")
    people = [p for p in list_persons() if p["status"] == "在册"]
    first, second, third = people[3], people[10], people[20]
    made: dict[str, object] = {}

    def work(dialog) -> bool:
        assert dialog.tabs.isTabEnabled(0) and not dialog.tabs.isTabEnabled(1)
        dialog.name.setText("书画交流会")
        dialog.kind.setCurrentText("文体活动")
        dialog.topic.setCurrentText("书法")
        dialog.place.setText("高新区职工之家")
        dialog.capacity.setValue(2)
        dialog.add_dates([FIXED_TODAY - _dt.timedelta(days=3)])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.activity_id is not None and dialog.tabs.isTabEnabled(1)
        _grab(dialog, "新活动_基本信息")

        dialog.tabs.setCurrentIndex(1)
        for person in (first, second):
            dialog.picker.search.setText(person["name"])
            match = next(
                dialog.picker.matches.item(i)
                for i in range(dialog.picker.matches.count())
                if dialog.picker.matches.item(i).data(Qt.ItemDataRole.UserRole) == person["id"]
            )
            dialog.picker.matches.clearSelection()
            match.setSelected(True)
            qtbot.mouseClick(dialog.picker.button, Qt.MouseButton.LeftButton)
        assert {r["name"] for r in dialog.signup_model.rows} == {first["name"], second["name"]}
        assert "已报名 2 人（限 2 人）" in dialog.count_label.text()

        # over the capacity: refused in plain words, then the waiting list
        assert not dialog.sign_up([third["id"]])
        assert "只剩 0 个名额" in message_boxes[-1][2]
        dialog.waiting_ok.setChecked(True)
        assert dialog.sign_up([third["id"]])
        assert "放进了候补名单" in message_boxes[-1][2]
        waiting = next(r for r in dialog.signup_model.rows if r["id"] == third["id"])
        assert waiting["status"] == "候补"
        _grab(dialog, "新活动_报名名单")

        dialog.tabs.setCurrentIndex(2)
        assert dialog.grid.rowCount() == 2 and dialog.grid.columnCount() == 2
        session = dialog.detail["sessions"][0]["id"]
        dialog.set_attendance(session, first["id"], True)
        assert dialog.detail["attendance_count"] == 1
        totals = {
            dialog.grid.verticalHeaderItem(r).text(): dialog.grid.item(r, 1).text()
            for r in range(dialog.grid.rowCount())
        }
        assert totals == {first["name"]: "1", second["name"]: "0"}
        _grab(dialog, "新活动_出勤")
        made["id"] = dialog.activity_id
        return False

    monkeypatch.setattr(common, "run_dialog", work)
    assert page.new_activity() == made["id"]
    row = next(r for r in page.model.rows if r["id"] == made["id"])
    assert (row["sign_ups"], row["waiting"], row["attendance"], row["attendees"]) == (2, 1, 1, 1)

    dialog = window.tab("roster").open_person(first["id"])
    qtbot.waitUntil(dialog.isVisible)
    participation = dialog.feature_pages["活动与团队"]
    dialog.tabs.setCurrentWidget(participation)
    mine = {r["name"]: r for r in participation.activity_model.rows}
    assert mine["书画交流会"]["status"] == "已报名" and mine["书画交流会"]["attended_text"] == "1/1"
    assert "报名活动" in participation.summary.text()
    _grab(dialog, "人员信息_活动与团队")
    dialog.reject()
    other = window.tab("roster").open_person(third["id"])
    qtbot.waitUntil(other.isVisible)
    theirs = {r["name"]: r for r in other.feature_pages["活动与团队"].activity_model.rows}
    assert theirs["书画交流会"]["status"] == "候补"
    other.reject()


def test_suggestions_sign_people_up(qtbot, office, monkeypatch) -> None:
    from lao_gan_bu_desktop.ui.office.activity_dialog import ActivityDialog
    from lao_gan_bu_desktop.ui.office.person_picker import SuggestionsDialog

    page = office.show_page("活动")
    course = next(r for r in page.model.rows if r["name"] == "书法班（秋季）")
    dialog = ActivityDialog(course["id"], FIXED_TODAY, office)
    qtbot.addWidget(dialog)
    before = dialog.detail["sign_ups"]
    seen: list[SuggestionsDialog] = []

    def tick(suggestions) -> bool:
        seen.append(suggestions)
        assert suggestions.table.rowCount() > 2
        assert all(suggestions.table.item(r, 4).text() for r in range(3))
        _grab(suggestions, "推荐人选")
        suggestions.check([suggestions.rows[0]["id"], suggestions.rows[1]["id"]])
        return True

    # worked out on a worker thread (1.5 s at 20 000 people) behind 正在计算…
    import threading

    from PySide6 import QtWidgets

    from lao_gan_bu_desktop.services import activities

    threads: list[threading.Thread] = []
    busy_texts: list[str] = []
    real_suggestions, real_busy = activities.suggestions, QtWidgets.QProgressDialog

    def suggestions(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_suggestions(*args, **kwargs)

    class Busy(real_busy):
        def __init__(self, text, *args) -> None:
            busy_texts.append(text)
            super().__init__(text, *args)

    monkeypatch.setattr(activities, "suggestions", suggestions)
    monkeypatch.setattr(QtWidgets, "QProgressDialog", Busy)
    monkeypatch.setattr(common, "run_dialog", tick)
    assert dialog.suggest()
    assert threads and threads[0] is not threading.main_thread()
    assert busy_texts == ["正在计算推荐人选…"]
    assert dialog.detail["sign_ups"] == before + 2
    assert seen[0].rows[0]["id"] in [s["person_id"] for s in dialog.detail["signups"]]
    dialog.close()


def test_a_team_with_members_and_a_leader(qtbot, office, monkeypatch) -> None:
    from lao_gan_bu_desktop.services.roster import list_persons

    page = office.show_page("服务团队")
    people = list_persons()

    def work(dialog) -> bool:
        assert not dialog.members_box.isEnabled()
        dialog.name.setText("茶艺交流服务队")
        dialog.interest.setText("茶艺")
        dialog.area.setText("高新区")
        dialog.duties.setPlainText("在社区开展茶艺讲座。")
        assert dialog.save()
        assert dialog.members_box.isEnabled()
        dialog.add_members([people[0]["id"], people[1]["id"]])
        _select(dialog.view, people[1]["id"])
        assert dialog.make_leader()
        assert (
            dialog.model.rows[0]["role"] == "队长" and dialog.model.rows[0]["id"] == people[1]["id"]
        )
        _grab(dialog, "新服务团队")
        return False

    monkeypatch.setattr(common, "run_dialog", work)
    page.new_team()
    team = next(r for r in page.model.rows if r["name"] == "茶艺交流服务队")
    assert (team["leader"], team["members"]) == (people[1]["name"], 2)


def test_every_button_fits_at_1366_and_keys_switch_pages(qtbot, window, office) -> None:
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: window.width() == 1366)
    for title in ("活动", "服务团队"):
        page = office.show_page(title)
        qtbot.waitUntil(page.isVisible)
        assert_buttons_fit(window, page, title)
    office.pages.setCurrentIndex(0)
    window.activateWindow()
    office.subscriptions.view.setFocus()
    qtbot.waitUntil(lambda: office.subscriptions.view.hasFocus())
    qtbot.keyClick(office.subscriptions.view, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: office.pages.currentIndex() == 3)
    assert office.pages.tabText(3) == "活动" and office.pages.tabText(4) == "服务团队"
