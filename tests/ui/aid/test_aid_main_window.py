"""帮扶 reached from the main window: its tab, the 首页 card that opens a due case, the person
dialog's 帮扶记录 page, and a case created and advanced there (modal steps scripted)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from lao_gan_bu_desktop.services import aid
from tests.conftest import FIXED_TODAY
from tests.ui.aid.helpers import script_fixture, type_text  # noqa: F401 - the fixture
from tests.ui.conftest import wait_for_home


def test_aid_tab_in_the_main_window(window, qtbot, script) -> None:
    tab = window.show_tab("aid")
    assert window.tab_widget.tabText(window.tab_widget.currentIndex()) == "帮扶"
    assert tab.today() == FIXED_TODAY
    assert tab.model.rowCount() == 5  # this year's demo cases
    assert "200,000.00 元" in tab.budget_label.text()
    file_actions = [a.text() for a in window.menu("文件").actions()]
    assert "导出帮扶汇总表…" in file_actions

    from lao_gan_bu_desktop.services.roster import list_persons

    persons = list_persons(day=FIXED_TODAY)
    names = [p["name"] for p in persons]
    name = next(
        p["name"] for p in persons if p["service_tier"] == "活跃" and names.count(p["name"]) == 1
    )

    def fill(dialog):
        type_text(qtbot, dialog.search, name)
        dialog.update_matches()
        type_text(qtbot, dialog.reason, "老伴住院，自付 1.2 万元")
        qtbot.keyClicks(dialog.amount, "3000")

    window.tabs["home"].refresh()
    home = wait_for_home(qtbot, window)
    key_before = int(home.cards["tier:重点"].number.text())
    script.fillers.append(fill)
    script.answers.append(True)  # in case the demo already gave them a case this year
    tab.table.setFocus()
    qtbot.keyClick(
        tab.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert tab.model.rowCount() == 6
    dialog = tab.case_dialog
    assert dialog.case["name"] == name and dialog.case["status"] == "申请"
    # an open case makes them 重点: 首页 follows
    qtbot.waitUntil(lambda: int(home.cards["tier:重点"].number.text()) == key_before + 1)

    def step(d):
        d.on.setDate(QDate(2026, 11, 29))

    script.fillers.append(step)
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "单位初审"
    assert any(r["status"] == "单位初审" and r["name"] == name for r in tab.model.rows)
    assert script.errors == []


def test_home_card_opens_the_due_case(window, qtbot) -> None:
    window.tabs["home"].refresh()
    card = wait_for_home(qtbot, window).aid_card
    assert card.reminders.count() >= 1
    item = card.reminders.item(0)
    card.reminders.itemDoubleClicked.emit(item)
    tab = window.tabs["aid"]
    assert window.tab_widget.currentWidget() is tab
    assert tab.case_dialog is not None
    assert tab.case_dialog.case_id == item.data(Qt.ItemDataRole.UserRole)
    assert "2026年共受理特殊困难帮扶申请" in card.paragraph.text()


def test_person_dialog_has_the_aid_page(roster, window, qtbot) -> None:
    rows = aid.list_cases(aid.AidFilter(year=2026), today=FIXED_TODAY)
    person_id = rows[0]["person_id"]
    dialog = roster.open_person(person_id)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "帮扶记录" in titles  # features add their pages after the field pages
    page = dialog.feature_pages["帮扶记录"]
    assert page.table.rowCount() >= 1
    assert page.table.item(0, 1).text() == rows[0]["category"]
    dialog.reject()
