"""The 日常工作 tab in the real main window on the demo zone: 一刊一报 (roll a year forward,
change one person's paper, export the order list and read it back, labels for a publication),
情况通报 (a new notice to a unit, recording who was reached, envelopes for those by post) and
离退休办理 (the list, the person dialog's checklist page, 首页's line); keys, sorting, and every
button visible at 1366×728."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from lao_gan_bu_desktop.ui.office import common
from tests.conftest import FIXED_TODAY
from tests.ui.conftest import wait_for_home
from tests.ui.office.pages import assert_buttons_fit, select_ids, shown_rows


def test_subscriptions_roll_forward_edit_export_and_labels(
    qtbot, office, monkeypatch, tmp_path: Path
) -> None:
    page = office.show_page("一刊一报")
    assert page.selected_year() == FIXED_TODAY.year
    assert page.model.rowCount() == 153
    assert (
        "《老年春秋》153 份" in page.summary.text() and "《高新时报》153 份" in page.summary.text()
    )
    titles = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert titles == ["姓名", "单位", "《老年春秋》", "《高新时报》", "自选报纸", "投递地址"]
    assert not page.roll_button.isEnabled()  # this year is filled already

    page.year.setValue(2028)
    assert page.model.rowCount() == 153 and "还没有订阅记录" in page.summary.text()
    assert page.roll_button.isEnabled() and page.roll_button.text() == "结转 2028 年"
    qtbot.mouseClick(page.roll_button, Qt.MouseButton.LeftButton)
    assert not page.roll_button.isEnabled()
    assert "2028 年共 153 人" in page.summary.text()
    assert all(row["newspaper"] for row in page.model.rows)

    # change one person's paper through the dialog
    first = shown_rows(page.view)[0]
    select_ids(page.view, [first["id"]])
    other = next(
        p
        for p in page.table["publications"]
        if p["provision"] == "自选" and p["name"] != first["newspaper"]
    )

    def choose(dialog) -> bool:
        dialog.paper.setCurrentIndex(dialog.paper.findData(other["id"]))
        return True

    monkeypatch.setattr(common, "run_dialog", choose)
    assert page.edit_selected()
    changed = next(r for r in page.model.rows if r["id"] == first["id"])
    assert changed["newspaper"] == other["name"]

    # the order list, read back
    target = tmp_path / "清单.xlsx"
    monkeypatch.setattr(common, "ask_save_path", lambda *a: target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(target)
    sheet = wb[other["name"]]
    names = [sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row)]
    assert first["name"] in names

    # labels for everyone on the chosen publication
    opened: list[list[int]] = []
    monkeypatch.setattr(
        "lao_gan_bu_desktop.ui.labels.menu.open_labels_dialog",
        lambda parent, flt, ids: opened.append(ids),
    )
    page.publication.setCurrentIndex(page.publication.findData(other["name"]))
    qtbot.mouseClick(page.labels_button, Qt.MouseButton.LeftButton)
    assert first["id"] in opened[0]
    assert len(opened[0]) == sum(1 for r in page.model.rows if r["newspaper"] == other["name"])


def test_subscriptions_sort_by_unit_in_pinyin_and_search(office) -> None:
    page = office.show_page("一刊一报")
    assert [r["name"] for r in shown_rows(page.view)][:1] == [page.model.rows[0]["name"]]
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    units = [r["unit"] for r in shown_rows(page.view)]
    from lao_gan_bu_desktop.core.pinyin import sort_key

    assert units == sorted(units, key=sort_key)
    page.search.setText("科技局")
    assert 0 < page.view.model().rowCount() < 153
    assert {r["unit"] for r in shown_rows(page.view)} == {"科技局"}


def test_publications_dialog_adds_and_refuses_in_chinese(qtbot, office, message_boxes) -> None:
    from lao_gan_bu_desktop.ui.office.subscriptions_page import PublicationsDialog

    dialog = PublicationsDialog(office)
    qtbot.addWidget(dialog)
    before = dialog.model.rowCount()
    dialog.name.setText("人民日报")
    dialog.provision.setCurrentText("自选")
    assert dialog.add() and dialog.model.rowCount() == before + 1
    assert not dialog.add()  # the same name again
    assert message_boxes[-1][2].startswith("已有名为《人民日报》的刊物")


def test_notices_new_notice_record_reached_and_post(qtbot, office, monkeypatch) -> None:
    page = office.show_page("情况通报")
    assert page.list_model.rowCount() == 1
    assert page.model.rowCount() == 153 and "发送给全体离退休干部" in page.heading.text()

    def fill(dialog) -> bool:
        dialog.title.setText("关于老干部活动室开放时间的通报")
        dialog.audience.setCurrentText("单位")
        dialog.value.setCurrentText("科技局")
        dialog.body.setPlainText("每周二、四开放。")
        assert dialog.count.text().startswith("共 ")
        dialog.accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(common, "run_dialog", fill)
    new_id = page.new_notice()
    assert new_id is not None and page.list_model.rowCount() == 2
    assert page.notice["id"] == new_id and page.notice["audience_text"] == "单位：科技局"
    count = page.model.rowCount()
    assert 0 < count < 153 and {r["unit"] for r in page.model.rows} == {"科技局"}
    page.state.setCurrentText("未通知")
    assert page.model.rowCount() == count

    two = [r["id"] for r in shown_rows(page.view)[:2]]
    select_ids(page.view, two)
    page.channel.setCurrentText("上门")
    qtbot.mouseClick(page.reached_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == count - 2  # 未通知 only
    page.state.setCurrentText("全部")
    reached = [r for r in page.model.rows if r["id"] in two]
    assert all(r["channel"] == "上门" and r["reached_on"] == FIXED_TODAY for r in reached)
    select_ids(page.view, two[:1])
    qtbot.mouseClick(page.confirmed_button, Qt.MouseButton.LeftButton)
    row = next(r for r in page.list_model.rows if r["id"] == new_id)
    assert (row["reached"], row["confirmed"]) == (2, 1)

    # envelopes for those reached by post in the demo's notice
    opened: list[list[int]] = []
    monkeypatch.setattr(
        "lao_gan_bu_desktop.ui.labels.menu.open_labels_dialog",
        lambda parent, flt, ids: opened.append(ids),
    )
    demo_notice = next(r["id"] for r in page.list_model.rows if r["id"] != new_id)
    page.select_notice(demo_notice)
    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)
    by_post = [r["person_id"] for r in page.notice["recipients"] if r["channel"] == "邮寄"]
    assert opened == [by_post] and by_post


def test_new_notice_with_no_title_stays_open_and_says_why(qtbot, office, monkeypatch) -> None:
    from lao_gan_bu_desktop.services import notices

    page = office.show_page("情况通报")
    before = len(notices.list_notices())
    seen: dict[str, object] = {}

    def press_save_twice(dialog) -> bool:
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.save_button.text() == "保存并生成名单"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.title_error.text() if dialog.title_error.isVisible() else ""
        seen["focus"] = dialog.focusWidget() is dialog.title
        if os.environ.get("OFFICE_SHOTS"):
            dialog.grab().save(str(Path(os.environ["OFFICE_SHOTS"]) / "notice_no_title.png"))
        dialog.title.setText("关于老干部活动室开放时间的通报")
        assert not dialog.title_error.isVisible()  # typing clears the message
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["closed"] = not dialog.isVisible()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(common, "run_dialog", press_save_twice)
    new_id = page.new_notice()
    assert seen["open"] is True and seen["focus"] is True
    assert seen["error"] == "请填写通报标题，如：关于管理体制改革进展情况的通报。"
    assert seen["closed"] is True
    assert new_id is not None and len(notices.list_notices()) == before + 1
    assert page.notice["title"] == "关于老干部活动室开放时间的通报"


def test_retirees_list_checklist_page_and_home_line(qtbot, window, office) -> None:
    page = office.show_page("离退休办理")
    assert page.model.rowCount() == 1
    row = page.model.rows[0]
    assert row["progress"] == "4/7" and row["next_step"] == "接转组织关系"
    select_ids(page.view, [row["id"]])
    page.open_selected()
    dialog = window.tab("roster").dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    checklist = dialog.feature_pages["离退休办理"]
    assert dialog.tabs.currentWidget() is checklist
    assert "下一步：接转组织关系" in checklist.status.text()
    assert not checklist.set_step("接转组织关系", FIXED_TODAY + _dt.timedelta(days=3))
    assert checklist.step_date("接转组织关系") is None  # the refused date went back
    for step in ("接转组织关系", "加入微信群"):
        assert checklist.done_today(step)
    assert page.model.rows[0]["progress"] == "6/7"
    assert checklist.done_today("首次走访")
    assert "全部办结" in checklist.status.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.summary.text() == "所有离退休办理清单都已完成。"
    dialog.reject()


def test_a_person_without_a_checklist_can_start_one(qtbot, window, office) -> None:
    from lao_gan_bu_desktop.services.roster import list_persons

    new_retiree = office.retirees.model.rows[0]["id"]
    pid = next(p["id"] for p in list_persons() if p["id"] != new_retiree)
    dialog = office.open_person(pid, "离退休办理")
    qtbot.waitUntil(dialog.isVisible)
    checklist = dialog.feature_pages["离退休办理"]
    assert dialog.tabs.currentWidget() is checklist
    assert checklist.start_button.isVisible() and not checklist.grid_host.isVisible()
    assert "没有离退休办理清单" in checklist.status.text()
    qtbot.mouseClick(checklist.start_button, Qt.MouseButton.LeftButton)
    assert checklist.grid_host.isVisible() and "已办 0/7 步" in checklist.status.text()
    qtbot.waitUntil(lambda: office.retirees.model.rowCount() == 2)
    dialog.reject()


def test_home_shows_the_new_retiree_line(qtbot, window) -> None:
    from PySide6.QtWidgets import QLabel

    window.show_tab("home")
    home = wait_for_home(qtbot, window)
    texts = [w.text() for w in home.findChildren(QLabel)]
    assert any("离退休办理未完成：" in t and "下一步：接转组织关系" in t for t in texts)


def test_keys_switch_pages_and_every_button_fits_at_1366(qtbot, window, office) -> None:
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: window.width() == 1366)
    for title in ("一刊一报", "情况通报", "离退休办理"):
        page = office.show_page(title)
        qtbot.waitUntil(page.isVisible)
        assert_buttons_fit(window, page, title)
    office.pages.setCurrentIndex(0)
    window.activateWindow()
    office.subscriptions.view.setFocus()
    qtbot.waitUntil(lambda: office.subscriptions.view.hasFocus())
    qtbot.keyClick(office.subscriptions.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: office.pages.currentIndex() == 1)


def test_labels_dialog_takes_a_publications_subscribers(qtbot, window) -> None:
    from lao_gan_bu_desktop.services import subscriptions
    from lao_gan_bu_desktop.ui.labels.dialog import JOURNAL_ONLY, LabelsDialog

    dialog = LabelsDialog(None, None, window, day=FIXED_TODAY)
    qtbot.addWidget(dialog)
    combo = dialog.publication_combo
    assert combo.currentIndex() == 0 and not dialog.publication_year.isEnabled()
    assert [combo.itemText(i) for i in range(3)] == [
        "不限",
        "订阅刊物的人（花名册）",
        "订了《老年春秋》的人",
    ]
    combo.setCurrentIndex(combo.findData("大河报"))
    assert dialog.publication_year.isEnabled()
    dialog.publication_year.setValue(FIXED_TODAY.year + 1)
    options = dialog.options()
    assert (options.publication, options.publication_year, options.journal_only) == (
        "大河报",
        FIXED_TODAY.year + 1,
        False,
    )
    dahe = subscriptions.publication_by_name("大河报")["id"]
    expected = subscriptions.subscriber_ids(dahe, FIXED_TODAY.year + 1)
    assert sorted(p for r in dialog.selection(options).recipients for p in r.person_ids) == sorted(
        expected
    )
    combo.setCurrentIndex(combo.findData(JOURNAL_ONLY))
    options = dialog.options()
    assert options.journal_only and options.publication == ""
    assert dialog.selection(options).persons == 153
    dialog.close()


def test_export_refusals_are_told_in_chinese(office, monkeypatch, message_boxes, tmp_path) -> None:
    page = office.show_page("一刊一报")
    page.year.setValue(2030)
    assert not page.export_button.isEnabled()
    monkeypatch.setattr(common, "ask_save_path", lambda *a: tmp_path / "清单.xlsx")
    assert page.export_order_list() is None
    assert message_boxes[-1][2] == "2030 年还没有订阅记录。请先结转或逐人填写。"
    page.year.setValue(FIXED_TODAY.year)
    blocked = tmp_path / "占用"
    blocked.mkdir()
    monkeypatch.setattr(common, "ask_save_path", lambda *a: blocked / "x.xlsx" / "y.xlsx")
    (blocked / "x.xlsx").write_text("not a folder")  # the parent is a file: writing fails
    assert page.export_order_list() is None
    assert message_boxes[-1][1] == "无法完成" and "文件没有保存" in message_boxes[-1][2]


def test_the_transfer_step_registers_and_completes_the_transfer_in(
    qtbot, window, office, monkeypatch
) -> None:
    from lao_gan_bu_desktop.services import party
    from lao_gan_bu_desktop.ui.party.transfers_page import CompleteDialog, TransferDialog

    row = office.retirees.model.rows[0]
    dialog = office.open_person(row["id"], "离退休办理")
    qtbot.waitUntil(dialog.isVisible)
    checklist = dialog.feature_pages["离退休办理"]
    assert "还没有登记组织关系转入" in checklist.transfer_state.text()
    assert checklist.transfer_button.text() == "登记转入…"
    assert checklist.transfer_button.isVisibleTo(checklist)
    seen: list = []

    def register(d) -> bool:
        seen.append(d)
        assert isinstance(d, TransferDialog)
        assert d.person.currentData() == row["id"] and d.direction.currentText() == "转入"
        d.branch.setCurrentIndex(d.branch.findText("管委会机关离退休干部第一党支部"))
        d.from_org.setText("管委会办公室机关党支部")
        return True

    monkeypatch.setattr(common, "run_dialog", register)
    qtbot.mouseClick(checklist.transfer_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    [transfer] = [t for t in party.transfers_under_way() if t["person_id"] == row["id"]]
    assert transfer["from_org"] == "管委会办公室机关党支部"
    assert "转入办理中" in checklist.transfer_state.text()
    assert checklist.transfer_button.text() == "办结转接…"
    assert checklist.step_date("接转组织关系") is None

    monkeypatch.setattr(common, "run_dialog", lambda d: isinstance(d, CompleteDialog))
    assert checklist.transfer_action()
    assert checklist.step_date("接转组织关系") == FIXED_TODAY
    assert "转入已完成" in checklist.transfer_state.text()
    assert not checklist.transfer_button.isVisibleTo(checklist)
    assert "已办 5/7 步" in checklist.status.text()
    qtbot.waitUntil(lambda: office.retirees.model.rows[0]["progress"] == "5/7")
    dialog.reject()
