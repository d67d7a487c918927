"""Visit services on a real SQLite file: create, done, reschedule, cancel, due list, campaigns,
exports read back with openpyxl, hospital stays and health checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lao_gan_bu_desktop.core.visit_rules import RuleSettings
from lao_gan_bu_desktop.services import campaigns, health, roster, visits
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.services.visits import VisitError, VisitInput
from lao_gan_bu_desktop.services.visits_exports import export_campaign_list, export_ledger
from lao_gan_bu_desktop.storage.models import AuditLog
from lao_gan_bu_desktop.storage.visits_models import Visit

D = dt.date
TODAY = D(2026, 11, 29)


@pytest.fixture
def people(ctx):
    set_setting("zone_name", "高新区")  # real data names no zone until the clerk sets one
    ids = {
        "old": roster.create_person(
            {
                "name": "王建国",
                "birth_date": "1944-12-05",
                "retirement_kind": "离休",
                "unit": "党群工作部",
                "phone": "13800000001",
                "address": "科学大道1号",
            }
        ),
        "young": roster.create_person({"name": "李秀英", "birth_date": "1962-03-01"}),
        "bed": roster.create_person(
            {"name": "赵德明", "birth_date": "1950-06-01", "bedridden": True, "unit": "科技局"}
        ),
    }
    return ids


def test_create_mark_done_reschedule_cancel(people) -> None:
    vid = visits.create_visit(
        VisitInput(
            (people["old"], people["young"]),
            "日常走访",
            D(2026, 12, 3),
            visitors="刘建国",
            gift="牛奶",
            amount="500",
        )
    )
    v = visits.get_visit(vid)
    assert v["persons"] == "王建国、李秀英"
    assert v["amount"] == Decimal("500.00") and v["status"] == "计划"
    visits.reschedule(vid, D(2026, 12, 5))
    assert visits.get_visit(vid)["planned_on"] == D(2026, 12, 5)
    visits.mark_done(vid, D(2026, 12, 5), notes="身体尚好", follow_up_on=D(2027, 1, 5))
    v = visits.get_visit(vid)
    assert (v["status"], v["done_on"], v["notes"]) == ("已完成", D(2026, 12, 5), "身体尚好")
    with pytest.raises(VisitError, match="只有“计划”状态"):
        visits.reschedule(vid, D(2026, 12, 6))
    visits.cancel_visit(vid)
    with pytest.raises(VisitError, match="已取消"):
        visits.mark_done(vid, D(2026, 12, 7))
    actions = [a.action for a in AuditLog.select().where(AuditLog.table == "visit")]
    assert actions == ["新增", "修改", "标记状态", "标记状态"]


def test_amount_is_exact_in_fen(people) -> None:
    vid = visits.create_visit(
        VisitInput((people["old"],), "节日慰问", D(2026, 12, 3), amount="1,234.565")
    )
    assert visits.get_visit(vid)["amount"] == Decimal("1234.57")
    raw = Visit._meta.database.execute_sql("SELECT amount FROM visit").fetchone()[0]
    assert raw == 123457


def test_user_errors_change_nothing(people) -> None:
    bad = [
        VisitInput((), "日常走访", D(2026, 12, 3)),
        VisitInput((people["old"],), "串门", D(2026, 12, 3)),
        VisitInput((people["old"],), "日常走访", D(2026, 12, 3), amount="五百"),
        VisitInput((people["old"],), "日常走访", D(2026, 12, 3), amount="-5"),
        VisitInput((people["old"],), "日常走访", None),
        VisitInput((people["old"],), "日常走访", D(2026, 12, 3), status="已完成"),
        VisitInput((999,), "日常走访", D(2026, 12, 3)),
    ]
    for data in bad:
        with pytest.raises(VisitError) as info:
            visits.create_visit(data)
        assert "请" in info.value.message or "应为" in info.value.message
    assert Visit.select().count() == 0
    with pytest.raises(VisitError, match="找不到"):
        visits.reschedule(12345, D(2026, 12, 3))


def test_due_list_reads_the_database(people) -> None:
    health.add_hospital_stay(people["young"], D(2026, 11, 27), hospital="省人民医院")
    items = visits.due_list(D(2026, 11, 29), D(2026, 12, 31), day=TODAY)
    seen = {(i.name, i.rule) for i in items}
    assert ("王建国", "生日") in seen  # 82 on 2026-12-05
    assert ("李秀英", "住院探望") in seen
    assert ("赵德明", "每月走访") in seen
    # Planning the hospital visit takes it off the list.
    item = next(i for i in items if i.rule == "住院探望")
    vid = visits.create_from_due(item)
    assert visits.get_visit(vid)["kind"] == "生病住院"
    items = visits.due_list(D(2026, 11, 29), D(2026, 12, 31), day=TODAY)
    assert ("李秀英", "住院探望") not in {(i.name, i.rule) for i in items}
    # Not done by its date: overdue on a later day, whatever the period.
    later = visits.due_list(D(2027, 1, 10), D(2027, 1, 20), day=D(2027, 1, 10))
    overdue = [i for i in later if i.rule == "逾期未走访"]
    assert [(i.name, i.visit_id) for i in overdue] == [("李秀英", vid)]
    assert visits.create_from_due(overdue[0]) == vid


def test_rule_settings_are_stored(people) -> None:
    s = RuleSettings(birthday_min_age=90, round_birthdays=(100,))
    visits.save_rule_settings(s)
    assert visits.load_rule_settings() == s
    with pytest.raises(VisitError, match="起始年龄"):
        visits.save_rule_settings(RuleSettings(birthday_min_age=0))
    items = visits.due_list(D(2026, 12, 1), D(2026, 12, 31), day=TODAY)
    assert "王建国" not in {i.name for i in items if i.rule in ("生日", "整寿")}


def test_campaign_plan_once_and_export_with_signature_column(people, tmp_path) -> None:
    created = campaigns.generate_campaign(
        "春节", 2027, visitors="慰问组", gift="米面油", amount="800"
    )
    assert created == 2  # 离休 王建国 and bedridden 赵德明 (tier 重点)
    assert campaigns.generate_campaign("春节", 2027) == 0  # nothing twice
    planned = visits.list_visits(D(2027, 1, 1), D(2027, 2, 28))
    assert {v["persons"] for v in planned} == {"王建国", "赵德明"}
    # planned on working days before the festival (2027-02-06), not on the day itself
    before = campaigns.working_days(D(2027, 1, 23), D(2027, 2, 5))
    assert all(v["planned_on"] in before and v["occasion"] == "春节2027" for v in planned)
    assert all(v["amount"] == Decimal("800.00") for v in planned)
    path, count = export_campaign_list("春节", 2027, tmp_path, gift_text="米面油一份", day=TODAY)
    assert count == 2 and path.name == "高新区2027年春节慰问名单_2026-11-29.xlsx"
    ws = load_workbook(path)["慰问名单"]
    assert ws["A1"].value == "高新区2027年春节走访慰问名单"
    header = [c.value for c in ws[3]]
    assert "签收" in header and "签收日期" in header
    names = [ws.cell(row=r, column=2).value for r in (4, 5)]
    assert names == ["王建国", "赵德明"]
    assert ws.cell(row=4, column=header.index("签收") + 1).value in (None, "")
    assert ws.cell(row=4, column=5).value == "13800000001"
    assert ws.print_title_rows == "$3:$3"
    with pytest.raises(VisitError, match="没有慰问规则"):
        campaigns.generate_campaign("元宵节", 2027)


def test_ledger_export(people, tmp_path) -> None:
    a = visits.create_visit(VisitInput((people["old"],), "生日祝寿", D(2026, 12, 5), amount="300"))
    visits.mark_done(a, D(2026, 12, 5))
    c = visits.create_visit(VisitInput((people["young"],), "日常走访", D(2026, 12, 10)))
    visits.cancel_visit(c)
    with pytest.raises(VisitError):  # formula text is not money
        visits.create_visit(VisitInput((people["bed"],), "上门服务", D(2026, 12, 9), amount="=1"))
    visits.create_visit(
        VisitInput((people["bed"],), "上门服务", D(2026, 12, 9), notes="=HYPERLINK(1)")
    )
    path, count = export_ledger(D(2026, 12, 1), D(2026, 12, 31), tmp_path / "台账.xlsx", day=TODAY)
    assert count == 2
    ws = load_workbook(path)["走访台账"]
    assert ws["A1"].value == "高新区离退休干部走访慰问台账"
    assert "2026年12月1日至2026年12月31日" in ws["A2"].value
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0][2] == "王建国" and rows[0][4] == "已完成" and rows[0][7] == 300
    assert rows[1][8] == "=HYPERLINK(1)" and ws.cell(row=5, column=9).data_type == "s"
    assert rows[-1][0] == "合计" and rows[-1][7] == 300
    with pytest.raises(VisitError, match="xlsx"):
        export_ledger(D(2026, 12, 1), D(2026, 12, 31), tmp_path / "台账.xls")


def test_health_checks(people) -> None:
    health.record_health_check(people["old"], D(2026, 5, 10), hospital="市一院", result="正常")
    health.record_health_check(people["old"], D(2026, 6, 1), result="复查正常")
    assert [c["result"] for c in health.list_health_checks(people["old"])] == ["复查正常"]
    missing = health.without_health_check(2026)
    # by unit in the zone's order, as every output: 科技局's 赵德明, then 李秀英 without a unit
    assert [m["name"] for m in missing] == ["赵德明", "李秀英"]
    assert health.health_check_counts(2026) == {"total": 3, "checked": 1, "missing": 2}
    with pytest.raises(VisitError, match="找不到"):
        health.record_health_check(999, D(2026, 1, 1))


def test_hospital_discharge_starts_follow_up(people) -> None:
    sid = health.add_hospital_stay(people["young"], D(2026, 11, 20), hospital="省人民医院")
    with pytest.raises(VisitError, match="不能早于入院"):
        health.discharge(sid, D(2026, 11, 1))
    health.discharge(sid, D(2026, 11, 26))
    items = visits.due_list(D(2026, 11, 29), D(2026, 12, 10), day=TODAY)
    rules = [(i.rule, i.day, i.overdue) for i in items if i.name == "李秀英"]
    assert ("出院回访", D(2026, 12, 3), False) in rules
    assert ("住院探望", D(2026, 11, 23), True) in rules
    assert health.list_hospital_stays(people["young"])[0]["discharged_on"] == D(2026, 11, 26)


def test_visits_of_a_person_and_day_counts(people) -> None:
    a = visits.create_visit(VisitInput((people["old"],), "日常走访", D(2026, 11, 20)))
    visits.create_visit(VisitInput((people["old"], people["bed"]), "上门服务", D(2026, 11, 20)))
    b = visits.create_visit(VisitInput((people["bed"],), "日常走访", D(2026, 11, 21)))
    visits.mark_done(b, D(2026, 11, 22))
    assert [v["kind"] for v in visits.list_visits(person_id=people["old"])] == [
        "日常走访",
        "上门服务",
    ]
    counts = visits.day_counts(D(2026, 11, 1), D(2026, 11, 30), day=TODAY)
    assert counts[D(2026, 11, 20)] == {"planned": 2, "done": 0, "overdue": 2}
    assert counts[D(2026, 11, 22)] == {"planned": 0, "done": 1, "overdue": 0}
    before = visits.delete_visit(a)
    assert before["persons"] == "王建国"
    assert len(visits.list_visits(person_id=people["old"])) == 1


def test_overdue_plan_of_someone_who_moved_away_keeps_the_name(people) -> None:
    vid = visits.create_visit(VisitInput((people["young"],), "日常走访", D(2026, 11, 20)))
    roster.set_status([people["young"]], "迁出")
    items = visits.due_list(D(2026, 11, 29), D(2026, 12, 5), day=TODAY)
    overdue = [i for i in items if i.visit_id == vid]
    assert [(i.name, i.rule) for i in overdue] == [("李秀英", "逾期未走访")]
    visits.cancel_visit(vid)
    assert not [
        i for i in visits.due_list(D(2026, 11, 29), D(2026, 12, 5), day=TODAY) if i.visit_id
    ]


def test_visit_of_a_deleted_person_stays_in_the_ledger(people) -> None:
    vid = visits.create_visit(VisitInput((people["young"],), "日常走访", D(2026, 11, 2)))
    visits.mark_done(vid, D(2026, 11, 2))
    assert roster.deletion_consequences([people["young"]]) == [
        "在 1 条走访记录中的名字（走访记录本身保留）"
    ]
    roster.delete_person(people["young"])
    rows = visits.list_visits(D(2026, 11, 1), D(2026, 11, 30))
    assert [(r["id"], r["persons"]) for r in rows] == [(vid, "（人员已删除）")]


def test_open_aid_case_counts_as_tier_focus_for_campaigns(people) -> None:
    from lao_gan_bu_desktop.services import aid

    assert people["young"] not in {r["person_id"] for r in campaigns.campaign_list("中秋节", 2027)}
    aid.create_case(
        people["young"],
        year=2026,
        category="医疗救助",
        reason="住院自付费用高",
        amount_requested="5000",
        on=D(2026, 11, 20),
    )
    assert {p.id: p for p in visits.person_records()}[people["young"]].open_aid_case
    rows = {r["person_id"]: r for r in campaigns.campaign_list("中秋节", 2027)}
    assert rows[people["young"]]["reason"] == "正在申请困难帮扶"  # 重点, as the roster says


def test_campaign_visits_go_on_the_working_days_before_the_festival(people) -> None:
    """The tester's 春节 plan defaulted to the festival (2027-02-06, a Saturday of the holiday):
    the visits now spread over the working days of the two weeks before it."""
    assert campaigns.visit_period("春节", 2027) == (D(2027, 1, 23), D(2027, 2, 5))
    days = campaigns.working_days(D(2027, 1, 23), D(2027, 2, 5))
    assert days and all(d.weekday() < 5 for d in days)  # no 2027 arrangement: weekends off
    assert D(2027, 1, 24) not in days  # a Sunday
    assert (
        campaigns.generate_campaign(
            "春节", 2027, planned_on=D(2027, 1, 25), planned_until=D(2027, 1, 26)
        )
        == 2
    )
    planned = sorted(v["planned_on"] for v in visits.list_visits(D(2027, 1, 1), D(2027, 2, 28)))
    assert planned == [D(2027, 1, 25), D(2027, 1, 26)]  # two people, two days: one each
    campaigns.remove_campaign_plans("春节", 2027)
    assert campaigns.generate_campaign("春节", 2027, planned_on=D(2027, 2, 1)) == 2
    planned = {v["planned_on"] for v in visits.list_visits(D(2027, 1, 1), D(2027, 2, 28))}
    assert planned == {D(2027, 2, 1)}
    with pytest.raises(VisitError, match="早于开始日期"):
        campaigns.generate_campaign(
            "重阳节", 2027, planned_on=D(2027, 10, 5), planned_until=D(2027, 10, 1)
        )
