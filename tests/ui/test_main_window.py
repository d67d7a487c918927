"""The main window: menus, the 首页 cards, search, status marks, copying and the kept layout."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services.settings import get_setting
from lao_gan_bu_desktop.storage.models import AuditLog, Person
from lao_gan_bu_desktop.ui import tabs as tab_registry
from lao_gan_bu_desktop.ui.main_window import MainWindow
from lao_gan_bu_desktop.ui.roster import status_dialog
from lao_gan_bu_desktop.ui.roster.model import column_index
from tests.conftest import FIXED_TODAY

from .conftest import make_settings, wait_for_home


def names(tab) -> list[str]:
    return [tab.model.row_dict(r)["name"] for r in range(tab.model.rowCount())]


def select_name(tab, name: str) -> int:
    """Select the row of ``name`` alone. Through the selection model: QTableView.selectRow reads
    the keyboard modifiers Qt believes are held, and a Ctrl left "held" by an earlier test's
    shortcut would make it toggle an already selected row off."""
    from PySide6.QtCore import QItemSelectionModel

    row = names(tab).index(name)
    flags = QItemSelectionModel.SelectionFlag
    tab.view.selectionModel().select(tab.model.index(row, 0), flags.ClearAndSelect | flags.Rows)
    return tab.model.person_id(row)


def test_menus_tabs_and_status_bar(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件", "编辑", "视图", "工具", "帮助"]
    tabs = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    assert tabs[:2] == ["首页", "花名册"] and "帮扶" in tabs  # features add their own tabs
    file_actions = [a.text() for a in window.menu("文件").actions() if a.text()]
    assert {"新增人员", "备份数据", "恢复备份…", "退出"} <= set(file_actions)
    assert "数据文件夹" in window.status_label.text()


def test_home_cards_open_the_roster_filtered(window, qtbot) -> None:
    home = window.tabs["home"]
    qtbot.waitUntil(lambda: home.cards["total"].number.text() == "153", timeout=20000)
    assert home.cards["age:80岁及以上"].number.text() == "13"
    assert home.cards["kind:离休"].number.text() == "2"
    assert home.cards["party"].number.text() == "107"
    qtbot.mouseClick(home.cards["age:80岁及以上"], Qt.MouseButton.LeftButton)
    roster = window.tabs["roster"]
    assert window.tab_widget.currentWidget() is roster
    assert roster.model.rowCount() == 13
    assert roster.filter_bar.combos["age_bracket"].currentText() == "80岁及以上"
    assert roster.count_label.text() == "共 153 人，当前显示 13 人"
    window.open_roster_filtered(RosterFilter(self_care="不能自理"))
    assert roster.model.rowCount() == 3


def test_search_finds_by_pinyin_initials(roster, qtbot) -> None:
    assert roster.model.rowCount() == 153
    roster.filter_bar.search.setFocus()
    qtbot.keyClicks(roster.filter_bar.search, "zs")
    qtbot.waitUntil(lambda: roster.model.rowCount() < 153, timeout=20000)
    found = names(roster)
    assert "张昇" in found
    assert all("zs" in roster.model.row_dict(r)["search_key"] for r in range(len(found)))
    assert roster.count_label.text() == f"共 153 人，当前显示 {len(found)} 人"
    qtbot.keyClick(roster.filter_bar.search, Qt.Key.Key_Escape)
    assert roster.filter_bar.search.text() == ""
    assert roster.model.rowCount() == 153


def test_search_by_id_tail_and_chinese(roster) -> None:
    person = roster.model.row_dict(0)
    roster.filter_bar.search.setText(person["id_number"][-6:])
    roster.filter_bar.apply_now()
    assert person["name"] in names(roster)
    roster.filter_bar.search.setText(person["name"])
    roster.filter_bar.apply_now()
    assert names(roster)[0] == person["name"]


def test_clear_filters_button(roster, qtbot) -> None:
    roster.set_filter(RosterFilter(retirement_kind="离休", text="x"))
    assert roster.filter_bar.is_filtered()
    qtbot.mouseClick(roster.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert not roster.filter_bar.is_filtered()
    assert roster.model.rowCount() == 153


def test_party_and_democratic_filters(roster) -> None:
    combo = roster.filter_bar.combos["political_status"]
    combo.setCurrentIndex(combo.findText("党员（含预备党员）"))
    assert roster.model.rowCount() == 107
    combo.setCurrentIndex(combo.findText("民主党派"))
    assert roster.model.rowCount() == 2


def test_mark_dead_leaves_the_default_view(roster, window, monkeypatch, qtbot) -> None:
    asked: list[list[str]] = []

    def answer(parent, person_names, today):
        asked.append(list(person_names))
        return FIXED_TODAY

    monkeypatch.setattr(status_dialog, "ask_death_date", answer)
    name = names(roster)[5]
    pid = select_name(roster, name)
    roster.dead_action.trigger()
    assert asked == [[name]]
    assert name not in names(roster)
    assert roster.count_label.text() == "共 152 人，当前显示 152 人"
    assert wait_for_home(qtbot, window).cards["total"].number.text() == "152"
    person = Person.get_by_id(pid)
    assert (person.status, person.death_date) == ("已故", FIXED_TODAY)
    audit = AuditLog.select().where(AuditLog.record_id == pid).order_by(AuditLog.id.desc()).get()
    assert audit.action == "标记状态"
    status = roster.filter_bar.status
    status.setCurrentIndex(status.findText("已故"))
    assert names(roster) == [name]


def test_mark_moved_and_back(roster, monkeypatch) -> None:
    monkeypatch.setattr(status_dialog, "confirm", lambda *a, **k: True)
    name = names(roster)[3]
    pid = select_name(roster, name)
    assert not roster.active_action.isEnabled()  # already 在册
    roster.moved_action.trigger()
    assert name not in names(roster)
    roster.set_filter(RosterFilter(statuses=("迁出",)))
    select_name(roster, name)
    assert roster.active_action.isEnabled()
    roster.active_action.trigger()
    assert Person.get_by_id(pid).status == "在册"


def test_cancelled_death_date_changes_nothing(roster, monkeypatch) -> None:
    monkeypatch.setattr(status_dialog, "ask_death_date", lambda *a: None)
    pid = select_name(roster, names(roster)[0])
    roster.dead_action.trigger()
    assert Person.get_by_id(pid).status == "在册"


def test_death_date_dialog(qtbot) -> None:
    dialog = status_dialog.DeathDateDialog(["张三"], FIXED_TODAY)
    qtbot.addWidget(dialog)
    assert dialog.death_date() == FIXED_TODAY
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-3))
    assert dialog.death_date().day == FIXED_TODAY.day - 3
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(30))
    assert dialog.death_date() <= FIXED_TODAY  # no date of death in the future


def test_delete_permanently_is_confirmed_and_audited(roster, monkeypatch, demo_ctx) -> None:
    from lao_gan_bu_desktop.services.roster import deletion_consequences
    from lao_gan_bu_desktop.storage.backup import list_backups

    asked: list[str] = []
    monkeypatch.setattr(status_dialog, "confirm", lambda _p, _t, text, *a, **k: asked.append(text))
    name = names(roster)[7]
    pid = select_name(roster, name)
    going = deletion_consequences([pid])
    assert going  # the demo gives each person something that goes with them
    roster.delete_action.trigger()
    assert Person.get_or_none(Person.id == pid) is not None
    assert "将一并删除：" in asked[0] and "自动备份" in asked[0]
    assert all(f"· {item}" in asked[0] for item in going)
    backups = len(list_backups(demo_ctx.data_dir))
    monkeypatch.setattr(status_dialog, "confirm", lambda *a, **k: True)
    select_name(roster, name)
    roster.delete_action.trigger()
    assert Person.get_or_none(Person.id == pid) is None
    assert len(list_backups(demo_ctx.data_dir)) == backups + 1
    audit = AuditLog.select().where(AuditLog.record_id == pid).order_by(AuditLog.id.desc()).get()
    assert audit.action == "删除"
    assert json.loads(audit.changes)["name"][0] == name


def test_copy_rows_as_tab_separated_text(roster) -> None:
    roster.set_filter(RosterFilter(retirement_kind="离休"))
    roster.view.selectAll()
    roster.copy_action.trigger()
    lines = QApplication.clipboard().text().strip().split("\r\n")
    assert lines[0].split("\t")[0] == "姓名"
    assert len(lines) == 3
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)


def test_column_layout_is_kept(window, settings_path, demo_ctx, qtbot) -> None:
    roster = window.show_tab("roster")
    header = roster.view.horizontalHeader()
    gender, phone, id_number = (column_index(k) for k in ("gender", "phone", "id_number"))
    roster.set_column_visible(gender, False)
    roster.set_column_visible(id_number, True)
    header.moveSection(header.visualIndex(phone), 1)
    header.resizeSection(phone, 222)
    header.setSortIndicator(column_index("age"), Qt.SortOrder.DescendingOrder)
    window.close()

    again = MainWindow(demo_ctx, settings=make_settings(settings_path), today=lambda: FIXED_TODAY)
    qtbot.addWidget(again)
    tab = again.show_tab("roster")
    tab.ensure_loaded()
    header = tab.view.horizontalHeader()
    assert header.isSectionHidden(gender)
    assert not header.isSectionHidden(id_number)
    assert header.visualIndex(phone) == 1
    assert header.sectionSize(phone) == 222
    assert tab.model.order == ("age", True)
    assert tab.model.row_dict(0)["age"] == 95


def test_header_menu_lists_columns(roster) -> None:
    menu = roster.column_menu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert "公民身份号码" in labels
    assert "恢复默认列" in labels
    gender = column_index("gender")
    next(a for a in menu.actions() if a.text() == "性别").setChecked(False)
    assert roster.view.horizontalHeader().isSectionHidden(gender)
    roster.reset_columns()
    assert not roster.view.horizontalHeader().isSectionHidden(gender)


def test_ctrl_f_focuses_the_search_box(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=20000)
    roster = window.tabs["roster"]
    roster.find_action.trigger()
    assert window.tab_widget.currentWidget() is roster
    qtbot.waitUntil(roster.filter_bar.search.hasFocus, timeout=20000)


def test_settings_dialog_saves_and_audits(window, qtbot) -> None:
    from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window)
    qtbot.addWidget(dialog)
    dialog.edits["zone_name"].setText("经开区")
    adding = dialog.operators.dialog("add")  # 操作员 page: takes effect at once
    adding.name.setText("王丽")
    assert adding.try_accept()
    dialog.save()
    assert get_setting("zone_name") == "经开区"
    assert AuditLog.select().where(AuditLog.table == "setting").count() == 1
    assert AuditLog.select().where(AuditLog.table == "operator").count() == 1
    window.operator_gate().after_settings()  # the only operator, no password: signed in
    window.refresh()
    assert "经开区" in wait_for_home(qtbot, window).title.text()
    assert "王丽" in window.status_label.text()


def test_backup_now(window, message_boxes) -> None:
    window.backup_now()
    assert message_boxes[-1][1] == "备份完成"
    assert any((window.ctx.data_dir / "backups").iterdir())


def test_restore_backup_reloads(window, roster, monkeypatch, message_boxes, qtbot) -> None:
    from lao_gan_bu_desktop.storage.backup import make_backup

    info = make_backup(window.ctx.data_dir, "测试")
    monkeypatch.setattr(status_dialog, "confirm", lambda *a, **k: True)
    select_name(roster, names(roster)[0])
    monkeypatch.setattr(status_dialog, "ask_death_date", lambda *a: FIXED_TODAY)
    roster.dead_action.trigger()
    assert roster.model.rowCount() == 152
    assert wait_for_home(qtbot, window).cards["total"].number.text() == "152"
    assert window.restore_backup(info.path)
    assert roster.model.rowCount() == 153
    assert wait_for_home(qtbot, window).cards["total"].number.text() == "153"


def test_home_charts_come_with_the_figures_and_open_the_roster(window, qtbot) -> None:
    home = window.tabs["home"]
    qtbot.waitUntil(lambda: home.charts is not None, timeout=20000)
    home.charts.filterRequested.emit(RosterFilter(retirement_kind="离休"))
    roster = window.tabs["roster"]
    assert window.tab_widget.currentWidget() is roster
    assert roster.model.rowCount() == 2


def test_view_menu_and_ctrl_number_switch_tabs(window, message_boxes) -> None:
    """视图 → 花名册 (and Ctrl+2 …) show their tab; the action's checked flag is not a tab key."""
    view = [a for a in window.menu("视图").actions() if a.shortcut().toString().startswith("Ctrl+")]
    keys = [spec.key for spec in tab_registry.TABS]
    assert len(view) >= len(keys)
    for n, key in enumerate(keys):
        view[n].trigger()
        assert window.tab_widget.currentWidget() is window.tabs[key]
    assert message_boxes == []
