"""Roster use cases on a real SQLite file: validation, duplicates, status, deletion, audit."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.roster import PersonValidationError
from lao_gan_bu_desktop.storage.models import AuditLog, Contact, Person
from lao_gan_bu_desktop.storage.roster_queries import RosterFilter, query_person_ids

TODAY = _dt.date(2026, 11, 29)


def test_create_fills_birth_date_and_gender_from_id(ctx) -> None:
    pid = roster.create_person(
        {
            "name": " 张　三 ",
            "id_number": "11010519491231002x",
            "unit": "财政金融局",
            "phone": "+86 138 0371 1234",
            "retirement_kind": "退休干部",
        },
        contacts=[
            {"name": "李四", "relation": "儿子", "phone": "13900000000", "is_emergency": True}
        ],
    )
    p = roster.get_person(pid, day=TODAY)
    assert p["name"] == "张三"
    assert p["id_number"] == "11010519491231002X"
    assert p["birth_date"] == _dt.date(1949, 12, 31)
    assert p["gender"] == "女"
    assert p["unit"] == "财政金融局"
    assert p["phone"] == "13803711234"
    assert p["retirement_kind"] == "退休"
    assert p["age"] == 76
    assert p["contacts"][0]["is_emergency"] is True
    log = AuditLog.get(AuditLog.record_id == pid)
    assert log.action == "新增"
    assert json.loads(log.changes)["name"] == [None, "张三"]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("id_number", "110105194912310021", "校验位"),
        ("id_number", "110105194902310021", "不存在"),
        ("name", "", "姓名不能为空"),
        ("birth_date", "1955年13月", "日期"),
        ("political_status", "火星人", "政治面貌"),
    ],
)
def test_invalid_values_block_saving_and_store_nothing(ctx, field, value, fragment) -> None:
    data = {"name": "王五", field: value}
    with pytest.raises(PersonValidationError) as info:
        roster.create_person(data)
    assert fragment in info.value.errors[field]
    assert Person.select().count() == 0
    assert AuditLog.select().count() == 0


def test_duplicate_id_names_the_holder(ctx) -> None:
    roster.create_person({"name": "张三", "id_number": "11010519491231002X"})
    with pytest.raises(PersonValidationError) as info:
        roster.create_person({"name": "张叁", "id_number": "11010519491231002X"})
    assert "张三" in info.value.errors["id_number"]


def test_update_records_old_and_new_per_field(ctx) -> None:
    pid = roster.create_person({"name": "张三", "phone": "13803711234", "hobbies": "书法"})
    changes = roster.update_person(pid, {"phone": "13900000000", "hobbies": "书法，太极"})
    assert changes == {"phone": ("13803711234", "13900000000"), "hobbies": ("书法", "书法、太极")}
    log = AuditLog.select().where(AuditLog.action == "修改").get()
    assert json.loads(log.changes)["phone"] == ["13803711234", "13900000000"]
    assert roster.update_person(pid, {"phone": "13900000000"}) == {}


def test_contacts_replace_and_are_audited(ctx) -> None:
    pid = roster.create_person({"name": "张三"}, contacts=[{"name": "李四", "relation": "配偶"}])
    roster.update_person(
        pid,
        {},
        contacts=[
            {"name": "张小明", "relation": "儿子", "phone": "13900000000", "is_emergency": True}
        ],
    )
    assert [c.name for c in Contact.select()] == ["张小明"]
    log = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert "contacts" in json.loads(log.changes)


def test_mark_deceased_leaves_default_view_but_stays_on_record(ctx) -> None:
    a = roster.create_person({"name": "张三"})
    b = roster.create_person({"name": "李四"})
    with pytest.raises(PersonValidationError):
        roster.set_status([a], "已故")
    assert roster.set_status([a], "已故", _dt.date(2026, 11, 1)) == 1
    assert query_person_ids(RosterFilter(), today=TODAY) == [b]
    assert query_person_ids(RosterFilter(statuses=("已故",)), today=TODAY) == [a]
    person = roster.get_person(a)
    assert person["death_date"] == _dt.date(2026, 11, 1)


def test_delete_is_audited_with_the_data(ctx) -> None:
    pid = roster.create_person(
        {"name": "张三", "phone": "13803711234"}, contacts=[{"name": "李四"}]
    )
    roster.delete_person(pid)
    assert Person.select().count() == 0
    assert Contact.select().count() == 0
    log = AuditLog.select().where(AuditLog.action == "删除").get()
    assert json.loads(log.changes)["phone"] == ["13803711234", None]


def test_operator_comes_from_settings(ctx) -> None:
    from lao_gan_bu_desktop.services.settings import set_setting

    set_setting("operator", "王丽")
    pid = roster.create_person({"name": "张三"})
    assert AuditLog.get(AuditLog.record_id == pid).operator == "王丽"


def test_deleting_people_names_what_goes_with_them_and_backs_up_first(ctx) -> None:
    from lao_gan_bu_desktop.storage.backup import list_backups

    a = roster.create_person({"name": "张三"}, contacts=[{"name": "李四"}, {"name": "王五"}])
    b = roster.create_person({"name": "赵六"})
    assert roster.deletion_consequences([a, b]) == ["家属和紧急联系人 2 人"]
    assert roster.deletion_consequences([b]) == []
    before = len(list_backups(ctx.data_dir))
    assert roster.delete_persons([a, b, a]) == 2
    assert Person.select().count() == 0
    backups = list_backups(ctx.data_dir)
    assert len(backups) == before + 1 and backups[0].reason == "删除人员前"
