"""Two clerks, one record: every save of a person, aid case or visit is made against the version
the clerk loaded; a save over someone else's change is refused with who, when and what differs,
and saving against the new version overwrites on purpose. The change marker the window polls
moves with every change."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import aid, aid_household, conflicts, roster, visits
from lao_gan_bu_desktop.services.errors import ConflictError, StorageError
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.services.visits import VisitInput

D = _dt.date(2026, 3, 2)


def _as(operator: str) -> None:
    set_setting("operator", operator)


@pytest.fixture
def person(ctx) -> int:
    _as("张敏")
    return roster.create_person(
        {"name": "张桂兰", "id_number": "11010519491231002X", "phone": "13800000001"}
    )


def test_each_save_adds_one_to_the_version(person) -> None:
    assert roster.get_person(person)["version"] == 0
    roster.update_person(person, {"phone": "13800000002"}, expected_version=0)
    assert roster.get_person(person)["version"] == 1
    roster.set_status([person], "迁出")
    assert roster.get_person(person)["version"] == 2
    # nothing differs from what is stored: nothing written, the version stays
    assert roster.update_person(person, {"phone": "13800000002"}, expected_version=2) == {}
    assert roster.get_person(person)["version"] == 2


def test_a_save_over_anothers_change_is_refused_with_who_when_and_what(person) -> None:
    mine = roster.get_person(person)  # 张敏 opens the dialog
    with clock.frozen(D):
        _as("王丽")  # … and 王丽, on another PC, changes the phone
        roster.update_person(person, {"phone": "13900000009"}, expected_version=mine["version"])
        _as("张敏")
        with pytest.raises(ConflictError) as caught:
            roster.update_person(
                person,
                {"phone": mine["phone"], "address": "建设路 1 号"},
                expected_version=mine["version"],
            )
    error = caught.value
    assert isinstance(error, StorageError)  # the CLI and the window's fallbacks show it
    assert error.operator == "王丽"
    assert error.at is not None and error.at.date() == D
    assert error.message.startswith(f"王丽 在 {error.at:%H:%M} 修改了张桂兰的信息")
    assert "没有保存" in error.message
    assert error.current_version == 1
    diffs = {d.label: (d.mine, d.stored) for d in error.differences}
    assert diffs == {"手机": ("13800000001", "13900000009"), "现住址": ("建设路 1 号", "（空）")}
    stored = roster.get_person(person)  # nothing of 张敏's was written
    assert (stored["phone"], stored["address"], stored["version"]) == ("13900000009", "", 1)


def test_saving_against_the_new_version_overwrites_on_purpose(person) -> None:
    loaded = roster.get_person(person)["version"]
    _as("王丽")
    roster.update_person(person, {"phone": "13900000009"}, expected_version=loaded)
    _as("张敏")
    with pytest.raises(ConflictError) as caught:
        roster.update_person(person, {"phone": "13800000003"}, expected_version=loaded)
    roster.update_person(
        person, {"phone": "13800000003"}, expected_version=caught.value.current_version
    )
    stored = roster.get_person(person)
    assert (stored["phone"], stored["version"]) == ("13800000003", 2)


def test_contacts_are_part_of_the_person(person) -> None:
    loaded = roster.get_person(person)["version"]
    _as("王丽")
    roster.update_person(
        person, {}, [{"name": "李强", "relation": "儿子"}], expected_version=loaded
    )
    _as("张敏")
    with pytest.raises(ConflictError) as caught:
        roster.update_person(person, {"notes": "新备注"}, [], expected_version=loaded)
    labels = [d.label for d in caught.value.differences]
    assert labels == ["备注", "家属与紧急联系人"]


def test_a_person_deleted_meanwhile(person) -> None:
    loaded = roster.get_person(person)["version"]
    _as("王丽")
    roster.delete_person(person)
    with pytest.raises(ConflictError) as caught:
        roster.update_person(person, {"phone": "13800000003"}, expected_version=loaded)
    assert caught.value.deleted and caught.value.operator == "王丽"
    assert "删除了这个人员" in caught.value.message


def test_an_import_changes_the_version_too(ctx, person, tmp_path) -> None:
    from lao_gan_bu_desktop.services.import_apply import import_file

    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,身份证号,手机\n张桂兰,11010519491231002X,13700000007\n", "utf-8")
    loaded = roster.get_person(person)["version"]
    import_file(sheet, "财政局", ctx.data_dir)
    assert roster.get_person(person)["version"] == loaded + 1
    with pytest.raises(ConflictError):
        roster.update_person(person, {"notes": "x"}, expected_version=loaded)


def _case(person: int) -> int:
    return aid.create_case(
        person, year=2026, category="医疗救助", reason="住院", amount_requested="3000", on=D
    )


def test_aid_case_steps_are_made_against_the_loaded_version(person) -> None:
    cid = _case(person)
    seen = aid.get_case(cid)
    assert seen["version"] == 0
    _as("王丽")
    aid.advance(cid, "单位初审", on=D, expected_version=seen["version"])
    _as("张敏")
    with pytest.raises(ConflictError) as caught:  # 张敏 still sees 申请 and clicks 单位初审 too
        aid.advance(cid, "单位初审", on=D, expected_version=seen["version"])
    error = caught.value
    assert error.operator == "王丽" and error.table == "aid_case"
    assert "张桂兰的帮扶案例" in error.message
    assert [e["step"] for e in aid.get_case(cid)["events"]] == ["申请", "单位初审"]
    # a correction and the household details check the version too, then save against it
    with pytest.raises(ConflictError):
        aid.correct(cid, "改金额", on=D, amount_requested="2500", expected_version=0)
    aid.correct(
        cid, "改金额", on=D, amount_requested="2500", expected_version=error.current_version
    )
    version = aid.get_case(cid)["version"]
    with pytest.raises(ConflictError) as household:
        aid_household.set_household_details(
            cid,
            household_size=3,
            household_income="2100",
            bank="",
            bank_account="",
            expected_version=version - 1,
        )
    assert {d.label for d in household.value.differences} == {"家庭人口", "家庭月收入"}
    aid_household.set_household_details(
        cid,
        household_size=3,
        household_income="2100",
        bank="",
        bank_account="",
        expected_version=version,
    )
    assert aid.get_case(cid)["version"] == version + 1


def test_two_payments_from_one_view_are_not_both_recorded(person) -> None:
    from lao_gan_bu_desktop.services import aid_budget

    aid_budget.set_budget(2026, "100000")
    cid = _case(person)
    for step in ("单位初审", "调查核实"):
        aid.advance(cid, step, on=D)
    aid.advance(cid, "审批", on=D, amount_approved="1000")
    seen = aid.get_case(cid)["version"]
    _as("王丽")
    aid.record_payment(cid, paid_on=D, amount="1000", expected_version=seen)
    _as("张敏")
    with pytest.raises(ConflictError) as caught:
        aid.record_payment(cid, paid_on=D, amount="1000", expected_version=seen)
    (diff,) = [d for d in caught.value.differences if d.label == "发放"]
    assert diff.mine == "2026-03-02 银行转账 1,000.00 元"
    assert diff.stored == "2026-03-02 银行转账 1,000.00 元（王丽）"
    assert aid.get_case(cid)["paid"] == Decimal("1000.00")


def test_visits_are_saved_against_the_loaded_version(person) -> None:
    vid = visits.create_visit(VisitInput((person,), "日常走访", D, visitors="刘建国"))
    seen = visits.get_visit(vid)
    assert seen["version"] == 0
    _as("王丽")
    visits.update_visit(
        vid, VisitInput((person,), "日常走访", D, visitors="王丽"), expected_version=0
    )
    visits.reschedule(vid, D + _dt.timedelta(days=1))
    assert visits.get_visit(vid)["version"] == 2
    _as("张敏")
    with pytest.raises(ConflictError) as caught:
        visits.update_visit(
            vid, VisitInput((person,), "日常走访", D, visitors="刘建国"), expected_version=0
        )
    diffs = {d.label: (d.mine, d.stored) for d in caught.value.differences}
    assert diffs == {
        "计划日期": ("2026-03-02", "2026-03-03"),
        "走访人员": ("刘建国", "王丽"),
    }
    assert caught.value.operator == "王丽"
    visits.update_visit(
        vid,
        VisitInput((person,), "日常走访", D, visitors="刘建国"),
        expected_version=caught.value.current_version,
    )
    assert visits.get_visit(vid)["visitors"] == "刘建国"


def test_the_change_marker_moves_with_every_change(person) -> None:
    before = conflicts.change_marker()
    assert conflicts.change_marker() == before  # asking changes nothing
    roster.update_person(person, {"phone": "13800000002"})
    after = conflicts.change_marker()
    assert after != before and after[0] > before[0]


def test_the_marker_sees_a_lower_id_committed_late(person) -> None:
    """On a database server a transaction holding a lower audit id can commit after a higher
    one: the highest id then stays, and the marker must still move."""
    from lao_gan_bu_desktop.storage.models import AuditLog

    highest = conflicts.change_marker()[0]
    AuditLog.create(id=highest + 10, operator="王丽", action="修改", table="person")
    seen = conflicts.change_marker()
    AuditLog.create(id=highest + 5, operator="张敏", action="修改", table="person")
    late = conflicts.change_marker()
    assert late[0] == seen[0] == highest + 10
    assert late != seen
