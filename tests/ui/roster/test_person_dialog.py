"""The person dialog: adding someone, live ID checks, validation shown per field, unsaved changes."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.core.idnumber import check_digit
from lao_gan_bu_desktop.storage.models import AuditLog, Contact, Person
from lao_gan_bu_desktop.ui.roster import person_dialog
from lao_gan_bu_desktop.ui.roster.person_dialog import PersonDialog
from tests.conftest import FIXED_TODAY
from tests.ui.conftest import wait_for_home

FIRST17 = "41010519500307123"
GOOD_ID = FIRST17 + check_digit(FIRST17)
BAD_ID = FIRST17 + ("0" if check_digit(FIRST17) != "0" else "1")


def open_new(window, qtbot) -> PersonDialog:
    roster = window.tabs["roster"]
    roster.new_action.trigger()
    dialog = roster.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_add_a_person_through_the_dialog(window, qtbot) -> None:
    dialog = open_new(window, qtbot)
    assert dialog.windowTitle() == "新增人员"
    dialog.editors["name"].line.setText("钱学林")
    qtbot.keyClicks(dialog.editors["id_number"].line, GOOD_ID)
    verdict = dialog.editors["id_number"].side_label
    assert verdict.text().startswith("✓ 有效")
    assert dialog.editors["birth_date"].value() == "1950-03-07"
    assert dialog.editors["gender"].value() == "男"
    dialog.editors["unit"].combo.setCurrentText("科技局")
    dialog.editors["retirement_date"].line.setText("2010年3月")
    dialog.editors["phone"].line.setText("13803711234")
    row = dialog.contacts.add_contact(
        {"name": "钱小明", "relation": "儿子", "phone": "13900000000"}
    )
    dialog.contacts.set_emergency(row, True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)

    person = Person.get(Person.id_number == GOOD_ID)
    assert person.name == "钱学林"
    assert person.birth_date == _dt.date(1950, 3, 7)
    assert person.retirement_date == _dt.date(2010, 3, 1)
    assert person.unit.name == "科技局"
    contact = Contact.get(Contact.person == person.id)
    assert (contact.name, contact.is_emergency) == ("钱小明", True)
    assert AuditLog.get(AuditLog.record_id == person.id).action == "新增"
    roster = window.tabs["roster"]
    assert roster.selected_ids() == [person.id]
    assert roster.count_label.text() == "共 154 人，当前显示 154 人"
    assert wait_for_home(qtbot, window).cards["total"].number.text() == "154"


def test_bad_id_number_shows_the_reason_and_blocks_saving(window, qtbot) -> None:
    dialog = open_new(window, qtbot)
    dialog.editors["name"].line.setText("孙立")
    qtbot.keyClicks(dialog.editors["id_number"].line, BAD_ID)
    editor = dialog.editors["id_number"]
    assert editor.side_label.text() == "✗ 无效"
    assert "校验位" in editor.error_label.text()
    assert editor.error_label.isVisibleTo(dialog)
    before = Person.select().count()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert Person.select().count() == before
    assert dialog.tabs.currentIndex() == 0
    assert "校验位" in editor.error_label.text()


def test_impossible_birth_date_in_id_number(window, qtbot) -> None:
    first17 = "41010519500231123"
    dialog = open_new(window, qtbot)
    dialog.editors["id_number"].line.setText(first17 + "0")
    assert "不存在" in dialog.editors["id_number"].error_label.text()


def test_duplicate_id_number_names_the_holder(window, qtbot) -> None:
    holder = Person.select().where(Person.id_number.is_null(False)).first()
    dialog = open_new(window, qtbot)
    dialog.editors["name"].line.setText("孙立")
    dialog.editors["id_number"].line.setText(holder.id_number)
    editor = dialog.editors["id_number"]
    assert editor.side_label.text() == "✗ 重复"
    assert holder.name in editor.error_label.text()
    assert not dialog.save()
    assert Person.select().where(Person.name == "孙立").count() == 0


def test_service_errors_are_shown_next_to_each_field(window, qtbot) -> None:
    dialog = open_new(window, qtbot)
    dialog.editors["postcode"].line.setText("45")
    dialog.editors["status"].set_value("已故")
    assert not dialog.save()
    assert dialog.editors["name"].error() == "姓名不能为空"
    assert dialog.editors["postcode"].error()
    assert dialog.editors["death_date"].error()
    assert dialog.tabs.currentIndex() == 0  # the first tab with a problem
    dialog.editors["death_date"].line.setText("明天")
    dialog.editors["death_date"].line.editingFinished.emit()
    assert "无法识别" in dialog.editors["death_date"].error()


def test_date_fields_accept_any_form(window, qtbot) -> None:
    dialog = open_new(window, qtbot)
    line = dialog.editors["work_start_date"].line
    line.setText("1968.9")
    line.editingFinished.emit()
    assert line.text() == "1968-09-01"
    assert dialog.editors["work_start_date"].error() == ""


def test_edit_existing_person_and_unsaved_changes(roster, window, qtbot, monkeypatch) -> None:
    roster.view.selectRow(0)
    pid = roster.selected_ids()[0]
    name = Person.get_by_id(pid).name
    qtbot.keyClick(roster.view, Qt.Key.Key_Return)
    dialog = roster.dialog
    assert dialog is not None and dialog.person_id == pid
    assert dialog.editors["name"].value() == name
    assert not dialog.is_dirty()
    dialog.editors["needs"].text.setPlainText("希望上门理发")
    assert dialog.is_dirty()

    monkeypatch.setattr(PersonDialog, "ask_unsaved", lambda self: person_dialog.UNSAVED_CANCEL)
    dialog.reject()
    assert dialog.isVisible()
    monkeypatch.setattr(PersonDialog, "ask_unsaved", lambda self: person_dialog.UNSAVED_SAVE)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert Person.get_by_id(pid).needs == "希望上门理发"
    assert (
        AuditLog.select().where((AuditLog.record_id == pid) & (AuditLog.action == "修改")).exists()
    )


def test_discarding_changes_keeps_the_record(roster, qtbot, monkeypatch) -> None:
    pid = roster.model.person_id(1)
    dialog = roster.open_person(pid)
    old = Person.get_by_id(pid).name
    dialog.editors["name"].line.setText("改过的名字")
    monkeypatch.setattr(PersonDialog, "ask_unsaved", lambda self: person_dialog.UNSAVED_DISCARD)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert Person.get_by_id(pid).name == old


def test_every_field_has_an_editor_on_some_tab(demo_ctx, qtbot) -> None:
    from lao_gan_bu_desktop.core.fields import PERSON_FIELDS

    dialog = PersonDialog(None, today=lambda: FIXED_TODAY)
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {f.key for f in PERSON_FIELDS}
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["基本信息", "联系方式与家属", "健康与需求", "党组织", "备注"]
    choices = dialog.editors["political_status"].combo
    assert choices.findText("中共党员") > 0


def test_every_error_is_shown_at_once_beside_its_field(window, qtbot) -> None:
    """An empty name is flagged together with a bad ID number, not after it is fixed."""
    dialog = open_new(window, qtbot)
    qtbot.keyClicks(dialog.editors["id_number"].line, BAD_ID)
    dialog.editors["retirement_date"].line.setText("2010年13月")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.editors["id_number"].error()
    assert dialog.editors["name"].error() == "姓名不能为空"
    assert dialog.editors["retirement_date"].error()
    assert Person.select().where(Person.id_number == BAD_ID).count() == 0


def test_phone_numbers_go_where_their_form_says(window, qtbot) -> None:
    """A landline typed as 手机 moves to 固定电话; a field holding both is split."""
    dialog = open_new(window, qtbot)
    dialog.editors["name"].line.setText("孙立平")
    dialog.editors["phone"].line.setText("0371-67891234")
    dialog.editors["phone"].line.editingFinished.emit()
    assert dialog.editors["phone"].value() == ""
    assert dialog.editors["landline"].value() == "0371-67891234"
    assert not dialog.phone_note.isHidden() and "固定电话" in dialog.phone_note.text()
    dialog.editors["phone"].line.setText("13803711234 / 0371 66881234")
    dialog.editors["landline"].line.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    person = Person.get(Person.name == "孙立平")
    assert (person.phone, person.landline) == ("13803711234", "0371-66881234")


def test_every_page_of_a_saved_person_has_its_tab_in_sight(roster, qtbot) -> None:
    """Nine pages (活动与团队 the last): the dialog opens wide enough for every tab, none behind
    the tab bar's scroll arrows, as long as the screen is wide enough for them."""
    dialog = roster.open_person(roster.model.person_id(0))
    qtbot.waitExposed(dialog)
    bar = dialog.tabs.tabBar()
    assert dialog.tabs.count() >= 9
    room = dialog.screen().availableGeometry().width() - 16
    needed = bar.sizeHint().width()
    assert needed + 30 < room, f"the test's screen ({room} px) is too narrow to tell"
    qtbot.waitUntil(lambda: bar.tabRect(bar.count() - 1).right() <= bar.width())
    assert bar.tabRect(0).left() >= 0
    dialog.close()
