"""日常工作 → 单位 in the real main window on the demo zone: the units in the zone's order with
their deputies, clerks, people and this year's 核对表; the filter box and 未收回核对表; a double
click opens the edit dialog and saves; a rename onto a taken name is refused pointing to 合并;
合并 asks to confirm, tells what moved and the whole window follows; check lists marked sent
and returned; moving a unit up changes the zone's order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from lao_gan_bu_desktop.services import roster, units
from lao_gan_bu_desktop.ui.office import common
from lao_gan_bu_desktop.ui.office.unit_dialog import MergeUnitsDialog, RenameUnitDialog, UnitDialog
from tests.ui.office.pages import shown_rows


@pytest.fixture
def page(window):
    office = window.show_tab("office")
    shown = office.show_page("单位")
    assert window.tab_widget.tabText(window.tab_widget.currentIndex()) == "日常工作"
    assert office.pages.tabText(office.pages.currentIndex()) == "单位"
    return shown


def _select(page, *names: str) -> None:
    page.select_ids([r["id"] for r in page.rows if r["name"] in names])


def _titles(page) -> list[str]:
    model = page.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_units_in_order_with_filters(page) -> None:
    assert _titles(page) == [
        "顺序",
        "单位",
        "分管领导",
        "联络员",
        "电话",
        "人数",
        "特困",
        "最近导入",
        "核对表（寄出/收回）",
    ]
    rows = shown_rows(page.view)
    assert [r["name"] for r in rows] == units.ordered_units()
    assert [r["order"] for r in rows] == list(range(1, 18))
    assert all(r["leader"] and r["contact"] and r["phone"] for r in rows)
    assert sum(r["persons"] for r in rows) == 153
    assert page.summary.text() == "共 17 个单位，153 人在册；2026年核对表未收回 3 个"
    proxy = page.view.model()
    shown = {proxy.index(r, 1).data(): proxy.index(r, 8).data() for r in range(proxy.rowCount())}
    assert shown["城市管理局"].endswith("未收回") and shown["党群工作部"].endswith("收回")

    page.outstanding.setChecked(True)
    assert [r["name"] for r in shown_rows(page.view)] == ["城市管理局", "双桥办事处", "应急管理局"]
    page.outstanding.setChecked(False)
    page.search.setText("刘建国")
    assert [r["name"] for r in shown_rows(page.view)] == ["党群工作部"]
    page.search.clear()
    assert len(shown_rows(page.view)) == 17

    _select(page, "党群工作部")
    assert "在册 11 人：离休 2、退休 9" in page.details.text()


def test_double_click_edits_a_unit_and_its_check_list(qtbot, page, monkeypatch) -> None:
    opened: list[UnitDialog] = []

    def fill(dialog) -> bool:
        opened.append(dialog)
        assert dialog.windowTitle() == "单位：城市管理局"
        dialog.contact.setText("马丽")
        dialog.phone.setText("0371 6788 9999")
        dialog.returned.check.setChecked(True)
        dialog.returned.date.setDate(QDate(2026, 11, 27))
        return True

    monkeypatch.setattr(common, "run_dialog", fill)
    proxy = page.view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "城市管理局")
    rect = page.view.visualRect(proxy.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1
    unit = next(r for r in page.rows if r["name"] == "城市管理局")
    assert unit["contact"] == "马丽" and unit["phone"] == "0371-67889999"
    assert unit["check_text"] == "10-18 寄出 / 11-27 收回"
    assert page.summary.text().endswith("未收回 2 个")
    assert common.selected_ids(page.view) == [unit["id"]]


def test_a_taken_name_is_refused_pointing_to_merge(page, monkeypatch, message_boxes) -> None:
    _select(page, "科技局")
    tries: list[RenameUnitDialog] = []

    def rename(dialog) -> bool:
        tries.append(dialog)
        dialog.new_name.setText("经济发展局" if len(tries) == 1 else "科技创新局")
        return True

    monkeypatch.setattr(common, "run_dialog", rename)
    assert page.rename_selected() == "科技创新局"
    kind, title, text = message_boxes[0]
    assert (kind, title) == ("warning", "无法改名")
    assert "已有名为“经济发展局”的单位" in text and "合并" in text
    assert len(tries) == 2  # the dialog came back for another name
    assert "科技创新局" in [r["name"] for r in page.rows]
    assert "科技局" not in [r["name"] for r in page.rows]


def test_merge_confirms_tells_the_counts_and_the_window_follows(
    window, page, monkeypatch, message_boxes
) -> None:
    moved_people = [p["id"] for p in roster.list_persons() if p["unit"] == "科技局"]
    _select(page, "科技局")
    questions: list[str] = []

    def choose(dialog) -> bool:
        assert isinstance(dialog, MergeUnitsDialog)
        assert "9 人（在册 9 人）" in dialog.moves.text()
        dialog.target.setCurrentText("经济发展局")
        return True

    monkeypatch.setattr(common, "run_dialog", choose)
    monkeypatch.setattr(common, "ask_yes_no", lambda _p, _t, text: questions.append(text) or False)
    assert page.merge_selected() is None  # 否: nothing merged
    assert len(page.rows) == 17
    monkeypatch.setattr(common, "ask_yes_no", lambda _p, _t, text: questions.append(text) or True)
    moved = page.merge_selected()
    assert moved is not None and moved["persons"] == 9 and moved["branches"] == 1
    assert "确定把“科技局”并入“经济发展局”吗" in questions[0]
    assert message_boxes[-1][1] == "合并完成" and "9 人（在册 9 人）" in message_boxes[-1][2]
    names = [r["name"] for r in page.rows]
    assert "科技局" not in names and len(names) == 16
    survivor = next(r for r in page.rows if r["name"] == "经济发展局")
    assert survivor["persons"] == 18
    assert common.selected_ids(page.view) == [survivor["id"]]
    assert {p["unit"] for p in roster.list_persons() if p["id"] in moved_people} == {"经济发展局"}
    # the whole window was reloaded: 花名册's unit choice names the units left, in order
    combo = window.tab("roster").filter_bar.unit
    assert [combo.itemText(i) for i in range(1, combo.count())] == units.ordered_units()
    assert combo.findText("科技局") == -1 and combo.count() == 17


def test_check_lists_marked_and_order_moved(page, message_boxes) -> None:
    _select(page, "城市管理局", "党群工作部")
    assert page.mark_returned() == 1  # 党群工作部's was back already
    assert "另 1 个此前已登记收回" in message_boxes[-1][2]
    assert page.summary.text().endswith("未收回 2 个")
    page.outstanding.setChecked(True)
    _select(page, "双桥办事处")
    page.returned_button.click()
    assert [r["name"] for r in shown_rows(page.view)] == ["应急管理局"]
    page.outstanding.setChecked(False)

    _select(page, "党群工作部")
    before = [r["name"] for r in shown_rows(page.view)]
    page.up_button.click()
    after = [r["name"] for r in shown_rows(page.view)]
    at = before.index("党群工作部")
    assert after.index("党群工作部") == at - 1 and after == units.ordered_units()


def test_delete_an_empty_unit_asks_and_can_be_undone_one_with_people_offers_merge(
    window, page, monkeypatch, message_boxes
) -> None:
    units.add_unit("文化旅游局", leader="孙立")
    page.refresh()
    _select(page, "科技局")
    questions: list[str] = []
    merges: list[bool] = []
    monkeypatch.setattr(common, "ask_yes_no", lambda _p, _t, text: questions.append(text) or True)
    monkeypatch.setattr(page, "merge_selected", lambda: merges.append(True))
    assert page.delete_selected() is False  # 9 people: refused, 合并 offered and opened
    assert "还有 9 人" in questions[-1] and "现在打开“合并”吗" in questions[-1]
    assert merges == [True] and "科技局" in [r["name"] for r in page.rows]

    _select(page, "文化旅游局")
    assert page.delete_button.isEnabled() and not page.undo_button.isVisibleTo(page)
    assert page.delete_selected() is True
    assert "确定删除单位“文化旅游局”吗" in questions[-1] and "撤销删除" in questions[-1]
    assert "文化旅游局" not in [r["name"] for r in page.rows]
    combo = window.tab("roster").filter_bar.unit
    assert combo.findText("文化旅游局") == -1  # the whole window followed
    assert page.undo_button.isVisibleTo(page)

    restored = page.undo_delete()
    assert restored is not None and not page.undo_button.isVisibleTo(page)
    row = next(r for r in page.rows if r["name"] == "文化旅游局")
    assert row["leader"] == "孙立" and common.selected_ids(page.view) == [restored]
    assert message_boxes == []
