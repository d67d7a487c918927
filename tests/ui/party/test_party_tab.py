"""The 党组织 tab in the real main window on the demo zone: recording a meeting with each
member's attendance (a radio click, Ctrl+2 on a selection, reasons typed in the grid, a refusal
without a reason), completing a transfer out and registering a transfer in, editing a branch
(secretary, keys F2 / Ctrl+Shift+F, sorting) and putting a member in it; keys switch pages and every
button is visible at 1366×728."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.services import party, party_life
from lao_gan_bu_desktop.ui.office import common
from lao_gan_bu_desktop.ui.party.meetings_page import MeetingDialog
from tests.conftest import FIXED_TODAY
from tests.ui.office.pages import assert_buttons_fit, select_ids, shown_rows


def _party(window):
    tab = window.show_tab("party")
    assert window.tab_widget.tabText(window.tab_widget.currentIndex()) == "党组织"
    return tab


def test_record_a_meeting_with_attendance(qtbot, window, monkeypatch, message_boxes) -> None:
    page = _party(window).show_page("组织生活")
    second = next(b for b in party.list_branches() if b["name"].endswith("第二党支部"))
    page.branch.setCurrentIndex(page.branch.findData(second["id"]))
    assert {r["branch"] for r in page.model.rows} == {second["name"]}
    before = page.model.rowCount()
    missed_before = page.missed_model.rowCount()
    assert missed_before > 0 and "连续3次" in page.lower.tabText(0)
    calls: list[int] = []

    def fill(dialog: MeetingDialog) -> bool:
        calls.append(1)
        if len(calls) == 1:
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            assert dialog.branch.currentData() == second["id"]
            assert dialog.grid.rowCount() == second["members"]
            dialog.kind.setCurrentText("党课")
            dialog.topic.setText("学习党的二十届四中全会精神")
            dialog.place.setText("老干部活动中心")
            absent = dialog.grid.cellWidget(0, dialog.FIRST_STATUS + 2)
            qtbot.mouseClick(absent, Qt.MouseButton.LeftButton)
            dialog.grid.setFocus()
            dialog.grid.selectRow(1)
            dialog.grid.selectionModel().select(
                dialog.grid.model().index(2, 0),
                dialog.grid.selectionModel().SelectionFlag.Select
                | dialog.grid.selectionModel().SelectionFlag.Rows,
            )
            qtbot.keyClick(dialog.grid, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
            assert [dialog.status_of(r) for r in range(4)] == ["缺席", "请假", "请假", "出席"]
            assert dialog.counts.text() == (
                f"应到 {second['members']} 人：出席 {second['members'] - 3}，请假 2，缺席 1"
            )
            dialog.grid.item(1, dialog.REASON).setText("住院治疗")
            return True  # row 2 has no reason yet: refused, the dialog comes back
        dialog.grid.item(2, dialog.REASON).setText("外出探亲")
        return True

    monkeypatch.setattr(common, "run_dialog", fill)
    new_id = page.new_meeting()
    assert len(calls) == 2 and new_id is not None
    assert any("请填写请假原因" in text for _k, _t, text in message_boxes)
    assert page.model.rowCount() == before + 1
    row = next(r for r in page.model.rows if r["id"] == new_id)
    assert (row["kind"], row["held_on"], row["present"], row["excused"], row["absent"]) == (
        "党课",
        FIXED_TODAY,
        second["members"] - 3,
        2,
        1,
    )
    assert shown_rows(page.view)[0]["id"] == new_id  # newest first
    stored = party_life.get_meeting(new_id)
    reasons = sorted(a["reason"] for a in stored["attendance"] if a["status"] == "请假")
    assert reasons == ["住院治疗", "外出探亲"]

    # reopened from the list, the grid shows what was saved
    seen: list[list[str]] = []

    def look(dialog: MeetingDialog) -> bool:
        seen.append([dialog.status_of(r) for r in range(dialog.grid.rowCount())])
        return False

    monkeypatch.setattr(common, "run_dialog", look)
    select_ids(page.view, [new_id])
    page.edit_meeting()
    assert sorted(seen[0]).count("请假") == 2 and seen[0].count("缺席") == 1


def test_complete_a_transfer_and_register_one_in(qtbot, window, monkeypatch) -> None:
    tab = _party(window)
    page = tab.show_page("组织关系转接")
    assert page.show_status.currentText() == "办理中" and page.model.rowCount() == 1
    assert page.summary.text() == "办理中 1 件"
    transfer = page.model.rows[0]
    branch_before = next(b for b in party.list_branches() if b["id"] == transfer["branch_id"])
    select_ids(page.view, [transfer["id"]])
    page._enable()
    assert page.complete_button.isEnabled()
    monkeypatch.setattr(common, "run_dialog", lambda dialog: True)  # 办结 today
    qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0 and page.summary.text() == "没有办理中的转接"
    page.show_status.setCurrentText("已完成")
    done = next(r for r in page.model.rows if r["id"] == transfer["id"])
    assert done["status"] == "已完成" and done["completed_on"] == FIXED_TODAY
    branches = tab.branches
    row = next(r for r in branches.model.rows if r["id"] == branch_before["id"])
    assert row["members"] == branch_before["members"] - 1  # the 支部 page followed
    assert transfer["person_id"] not in [m["id"] for m in party.branch_members(row["id"])]

    # the same person comes back: a transfer in to the first branch, then completed
    first = party.list_branches()[0]

    def fill(dialog) -> bool:
        dialog.person.setCurrentIndex(dialog.person.findData(transfer["person_id"]))
        assert dialog.branch_label.text() == "接收支部："
        dialog.branch.setCurrentIndex(dialog.branch.findData(first["id"]))
        dialog.from_org.setText(transfer["to_org"])
        dialog.letter_number.setText("农社党转〔2026〕3号")
        return True

    monkeypatch.setattr(common, "run_dialog", fill)
    tid = page.new_transfer()
    assert page.show_status.currentText() == "办理中"
    (arriving,) = page.model.rows
    assert arriving["id"] == tid and arriving["direction"] == "转入"
    assert (arriving["to_org"], arriving["letter_number"]) == (first["name"], "农社党转〔2026〕3号")
    page.find.setText("农社")
    assert page.view.model().rowCount() == 1
    page.find.setText("没有这个")
    assert page.view.model().rowCount() == 0
    page.find.clear()
    select_ids(page.view, [tid])
    monkeypatch.setattr(common, "run_dialog", lambda dialog: True)
    assert page.complete()
    assert transfer["person_id"] in [m["id"] for m in party.branch_members(first["id"])]


def test_edit_a_branch_and_put_a_member_in(qtbot, window, monkeypatch) -> None:
    page = _party(window).show_page("支部")
    assert page.summary.text().startswith("党支部 17 个（单建 2，共建 15），党员 107 人")
    shared = next(r for r in page.model.rows if r["kind"] == "共建" and r["members"] >= 2)
    page.select_branch(shared["id"])
    assert page.members_model.rowCount() == shared["members"]
    other = next(m for m in page.members_model.rows if not m["secretary"])
    opened: list[str] = []

    def edit(dialog) -> bool:
        opened.append(dialog.windowTitle())
        assert dialog.partner.isEnabled() and dialog.partner.text() == shared["partner"]
        dialog.secretary.setCurrentIndex(dialog.secretary.findData(other["id"]))
        return True

    monkeypatch.setattr(common, "run_dialog", edit)
    window.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    assert opened == ["修改党支部"]
    row = next(r for r in page.model.rows if r["id"] == shared["id"])
    assert row["secretary"] == other["name"]
    assert [m["role"] for m in page.members_model.rows if m["id"] == other["id"]] == ["书记"]

    # a member of the first (单建) branch moves in
    first = page.model.rows[0]
    mover = party.branch_members(first["id"])[0]

    def tick(dialog) -> bool:
        dialog.find.setText(mover["name"])
        visible = [
            dialog.people.item(i).text()
            for i in range(dialog.people.count())
            if not dialog.people.item(i).isHidden()
        ]
        assert visible and all(mover["name"] in text for text in visible)
        dialog.set_checked([mover["id"]])
        return True

    monkeypatch.setattr(common, "run_dialog", tick)
    assert page.add_members() == 1
    assert page.branch["members"] == shared["members"] + 1
    assert mover["id"] in [m["id"] for m in page.members_model.rows]

    # Ctrl+Shift+F finds a branch; a click on 党员 sorts by the count
    qtbot.keyClick(
        page.view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(page.find.hasFocus)
    page.find.insert("第二")  # typed where the key put the cursor
    assert [r["name"] for r in shown_rows(page.view)] == ["管委会机关离退休干部第二党支部"]
    page.find.clear()
    page.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    counts = [r["members"] for r in shown_rows(page.view)]
    assert counts == sorted(counts, reverse=True) and len(counts) == 17


def test_keys_switch_pages_and_every_button_fits_at_1366(qtbot, window) -> None:
    tab = _party(window)
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: window.width() == 1366)
    for title in ("支部", "组织关系转接", "组织生活"):
        page = tab.show_page(title)
        qtbot.waitUntil(page.isVisible)
        assert_buttons_fit(window, page, title)
    tab.pages.setCurrentIndex(0)
    window.activateWindow()
    tab.branches.view.setFocus()
    qtbot.waitUntil(tab.branches.view.hasFocus)
    qtbot.keyClick(tab.branches.view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == 2)


def test_export_buttons_write_the_workbooks(qtbot, window, monkeypatch, message_boxes, tmp_path):
    import openpyxl

    tab = _party(window)
    asked: list[str] = []

    def save_to(_parent, title, suggested, _filters):
        asked.append(suggested.name)
        return tmp_path / suggested.stem  # without .xlsx: added

    monkeypatch.setattr(common, "ask_save_path", save_to)
    written = tab.branches.export_branches()
    assert written == tmp_path / f"{asked[0].removesuffix('.xlsx')}.xlsx" and written.exists()
    assert asked[0] == f"高新区离退休干部党支部一览_{FIXED_TODAY}.xlsx"
    assert openpyxl.load_workbook(written)["党支部"]["A1"].value == "高新区离退休干部党支部一览"
    assert message_boxes[-1][1] == "导出完成"

    page = tab.show_page("组织生活")
    page.year.setValue(FIXED_TODAY.year)
    assert page.export_attendance() is None  # 全部支部: one branch at a time
    assert "请先在年度旁的下拉框里选一个党支部" in message_boxes[-1][2]
    first = next(b for b in party.list_branches() if b["name"].endswith("第一党支部"))
    page.branch.setCurrentIndex(page.branch.findData(first["id"]))
    written = page.export_attendance()
    assert written is not None and asked[-1].startswith(f"{first['name']}{FIXED_TODAY.year}年")
    assert openpyxl.load_workbook(written).sheetnames == ["出勤表", "连续未参加"]
    page.year.setValue(2019)
    assert page.export_attendance() is None
    assert message_boxes[-1][:2] == ("warning", "无法导出")
    assert "2019年还没有组织生活记录" in message_boxes[-1][2]


def test_the_find_boxes_show_their_whole_hint_at_1366(qtbot, window, tmp_path) -> None:
    """The tester read "查找姓名、党组…": each page's find box is as wide as its hint."""
    tab = _party(window)
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: window.width() == 1366)
    for title in ("支部", "组织关系转接", "组织生活"):
        page = tab.show_page(title)
        qtbot.waitUntil(page.isVisible)
        box = page.find
        hint = box.placeholderText()
        assert hint.startswith("查找") and "Ctrl" not in hint  # the key is in the tooltip
        assert "Ctrl+Shift+F" in box.toolTip()
        room = box.width() - 2 * box.fontMetrics().height()  # less the clear button, margins
        assert box.fontMetrics().horizontalAdvance(hint) <= room, (title, hint, box.width())
        assert_buttons_fit(window, page, title)
        window.grab().save(str(tmp_path / f"{title}.png"))


def test_the_attendance_rate_is_rounded() -> None:
    assert party_life.attendance_rate(4, 6) == "67%"  # was 66% (cut off, not rounded)
    assert party_life.attendance_rate(1, 3) == "33%"
    assert party_life.attendance_rate(1, 2) == "50%"
    assert party_life.attendance_rate(6, 6) == "100%"
    assert party_life.attendance_rate(0, 0) == ""
