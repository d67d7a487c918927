"""党组织 services on a real data folder: branches (kind, partner, secretary among members, units
covered), members (only party members; moving between branches), transfers (in and out, the
list under way, completing one moves the person), meetings with attendance (reasons for 请假,
no future meetings), who missed the last three meetings, 送学上门, and ``stats`` taking its
branch and member counts from the party data; then the demo zone's party life."""

from __future__ import annotations

import datetime as _dt

import openpyxl
import pytest

from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.services import exporting, party, party_life
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.storage.models import Person, Unit
from tests.conftest import FIXED_TODAY

D = _dt.date


def _person(name: str, status: str = "中共党员", unit: Unit | None = None, **kw) -> int:
    return Person.create(name=name, political_status=status, unit=unit, search_key=name, **kw).id


@pytest.fixture
def zone(ctx):
    """Two units, a 共建 branch covering one and a 单建 branch covering both, five people."""
    a = Unit.create(name="经济发展局")
    b = Unit.create(name="科技局")
    shared = party.save_branch(
        None, "经济发展局党支部", "共建", partner="经济发展局机关党支部", units=["经济发展局"]
    )
    alone = party.save_branch(None, "离退休干部第一党支部", "单建", units=["科技局", "经济发展局"])
    people = {
        "张建国": _person("张建国", unit=a),
        "李秀英": _person("李秀英", unit=a),
        "王志强": _person("王志强", "中共预备党员", unit=b),
        "赵桂兰": _person("赵桂兰", "群众", unit=b),
        "刘德明": _person("刘德明", unit=b),
    }
    party.add_members(shared, [people["张建国"], people["李秀英"]])
    party.add_members(alone, [people["王志强"], people["刘德明"]])
    return {"shared": shared, "alone": alone, **people}


def test_branches_with_partner_secretary_members_and_units(zone) -> None:
    rows = {r["name"]: r for r in party.list_branches()}
    assert [r["kind"] for r in party.list_branches()] == ["单建", "共建"]  # 单建 first
    shared = rows["经济发展局党支部"]
    assert shared["partner"] == "经济发展局机关党支部" and shared["units"] == ["经济发展局"]
    assert shared["members"] == 2 and shared["secretary"] == ""
    assert rows["离退休干部第一党支部"]["units"] == ["经济发展局", "科技局"]

    with pytest.raises(RuleError, match="不是本支部党员"):
        party.save_branch(zone["shared"], "经济发展局党支部", "共建", secretary_id=zone["刘德明"])
    party.save_branch(
        zone["shared"],
        "经济发展局党支部",
        "共建",
        partner="经济发展局机关党支部",
        secretary_id=zone["张建国"],
        units=["经济发展局"],
    )
    assert party.list_branches()[1]["secretary"] == "张建国"
    members = party.branch_members(zone["shared"])
    assert [m["name"] for m in members if m["secretary"]] == ["张建国"]

    # a 单建 branch keeps no partner; names are unique; units must exist
    party.save_branch(zone["alone"], "离退休干部第一党支部", "单建", partner="某某支部")
    assert party.list_branches()[0]["partner"] == "" and party.list_branches()[0]["units"] == []
    with pytest.raises(RuleError, match="已有名为"):
        party.save_branch(None, "经济发展局党支部", "单建")
    with pytest.raises(RuleError, match="没有这些单位：财政局"):
        party.save_branch(None, "新支部", "单建", units=["财政局"])


def test_members_are_party_members_and_move_between_branches(zone) -> None:
    with pytest.raises(RuleError, match="赵桂兰的政治面貌不是中共党员"):
        party.add_members(zone["shared"], [zone["赵桂兰"]])
    party.save_branch(zone["alone"], "离退休干部第一党支部", "单建", secretary_id=zone["刘德明"])
    assert party.add_members(zone["shared"], [zone["刘德明"], zone["张建国"]]) == 1  # one moved
    assert Person.get_by_id(zone["刘德明"]).party_branch_id == zone["shared"]
    alone = next(r for r in party.list_branches() if r["id"] == zone["alone"])
    assert alone["members"] == 1 and alone["secretary"] == ""  # the secretary left with him
    assert party.remove_members(zone["shared"], [zone["李秀英"]]) == 1
    assert Person.get_by_id(zone["李秀英"]).party_branch_id is None
    with pytest.raises(RuleError, match="还有 1 名党员"):
        party.delete_branch(zone["alone"])
    party.remove_members(zone["alone"], [zone["王志强"]])
    party.delete_branch(zone["alone"])
    assert [r["name"] for r in party.list_branches()] == ["经济发展局党支部"]


def test_transfers_in_and_out(zone) -> None:
    newcomer = _person("孙秀兰")
    today = D(2026, 6, 1)
    with pytest.raises(RuleError, match="转入须选择接收的党支部"):
        party.create_transfer(newcomer, "转入", D(2026, 5, 1), from_org="某社区党委", today=today)
    with pytest.raises(RuleError, match="晚于今天"):
        party.create_transfer(newcomer, "转入", D(2026, 7, 1), branch_id=zone["alone"], today=today)
    with pytest.raises(RuleError, match="只有中共党员、预备党员"):
        party.create_transfer(zone["赵桂兰"], "转出", D(2026, 5, 1), to_org="某处", today=today)
    arriving = party.create_transfer(
        newcomer,
        "转入",
        D(2026, 5, 1),
        from_org="二七区兴华社区党委",
        letter_number="二建组转〔2026〕8号",
        branch_id=zone["alone"],
        today=today,
    )
    leaving = party.create_transfer(
        zone["李秀英"], "转出", D(2026, 5, 20), to_org="金水区农科路社区党委", today=today
    )
    with pytest.raises(RuleError, match="已有一条办理中的转出记录"):
        party.create_transfer(zone["李秀英"], "转出", D(2026, 5, 21), to_org="x", today=today)
    under_way = party.transfers_under_way()
    assert [t["id"] for t in under_way] == [leaving, arriving]  # newest first
    out = under_way[0]
    assert (out["from_org"], out["to_org"], out["branch"]) == (
        "经济发展局党支部",
        "金水区农科路社区党委",
        "经济发展局党支部",
    )
    assert under_way[1]["to_org"] == "离退休干部第一党支部"
    assert under_way[1]["letter_number"] == "二建组转〔2026〕8号"
    assert Person.get_by_id(newcomer).party_branch_id is None  # only once completed

    with pytest.raises(RuleError, match="早于转接日期"):
        party.complete_transfer(arriving, D(2026, 4, 1), today=today)
    party.complete_transfer(arriving, D(2026, 5, 15), today=today)
    party.complete_transfer(leaving, today=today)
    assert Person.get_by_id(newcomer).party_branch_id == zone["alone"]
    assert Person.get_by_id(zone["李秀英"]).party_branch_id is None
    assert party.transfers_under_way() == []
    done = party.list_transfers("已完成")
    assert {t["completed_on"] for t in done} == {D(2026, 5, 15), today}
    with pytest.raises(RuleError, match="已经办结"):
        party.complete_transfer(leaving, today=today)


def test_meetings_attendance_and_who_missed_the_last_three(zone) -> None:
    branch = zone["alone"]
    grid = party_life.new_attendance(branch)
    assert [(r["name"], r["status"]) for r in grid] == [("刘德明", "出席"), ("王志强", "出席")]
    today = D(2026, 6, 30)
    with pytest.raises(RuleError, match="请填写请假原因"):
        party_life.save_meeting(
            None,
            branch,
            D(2026, 3, 10),
            "主题党日",
            "学习",
            [(zone["王志强"], "请假", "")],
            today=today,
        )
    with pytest.raises(RuleError, match="晚于今天"):
        party_life.save_meeting(None, branch, D(2026, 7, 10), "主题党日", "学习", [], today=today)
    with pytest.raises(RuleError, match="会议类型"):
        party_life.save_meeting(None, branch, D(2026, 3, 10), "茶话会", "学习", [], today=today)
    ids = []
    for month, (liu, wang) in zip(
        (2, 3, 4, 5),
        (
            (("出席", ""), ("出席", "")),
            (("出席", ""), ("请假", "住院治疗")),
            (("出席", ""), ("缺席", "")),
            (("缺席", ""), ("请假", "外出探亲")),
        ),
        strict=True,
    ):
        ids.append(
            party_life.save_meeting(
                None,
                branch,
                D(2026, month, 10),
                "主题党日",
                f"{month}月主题党日",
                [(zone["刘德明"], *liu), (zone["王志强"], *wang)],
                place="活动室",
                today=today,
            )
        )
    listed = party_life.list_meetings(year=2026, branch_id=branch)
    assert [m["held_on"].month for m in listed] == [5, 4, 3, 2]
    assert (listed[0]["expected"], listed[0]["present"], listed[0]["excused"]) == (2, 0, 1)
    assert listed[0]["absent"] == 1 and listed[3]["rate"] == "100%"
    missed = party_life.missed_last_meetings(today)
    assert [(m["name"], m["excused"], m["absent"]) for m in missed] == [("王志强", 2, 1)]
    assert missed[0]["reasons"] == "外出探亲、住院治疗"  # newest first
    assert missed[0]["last_present"] == D(2026, 2, 10) and missed[0]["last_delivery"] is None
    # before the fourth meeting 王志强 had attended one of the last three
    assert party_life.missed_last_meetings(D(2026, 4, 30)) == []

    delivery = party_life.add_delivery(
        zone["王志强"], D(2026, 5, 14), "王丽", "主题党日学习材料", meeting_id=ids[-1], today=today
    )
    with pytest.raises(RuleError, match="请填写送学人"):
        party_life.add_delivery(zone["王志强"], D(2026, 5, 14), " ", "材料", today=today)
    assert party_life.missed_last_meetings(today)[0]["last_delivery"] == D(2026, 5, 14)
    assert [d["name"] for d in party_life.list_deliveries(2026)] == ["王志强"]
    assert party_life.list_deliveries(2025) == []

    # correcting the last meeting: 王志强 came after all
    meeting = party_life.get_meeting(ids[-1])
    assert [(a["name"], a["status"], a["reason"]) for a in meeting["attendance"]] == [
        ("刘德明", "缺席", ""),
        ("王志强", "请假", "外出探亲"),
    ]
    party_life.save_meeting(
        ids[-1],
        branch,
        D(2026, 5, 10),
        "主题党日",
        "5月主题党日",
        [(zone["刘德明"], "缺席", ""), (zone["王志强"], "出席", "")],
        today=today,
    )
    assert party_life.missed_last_meetings(today) == []
    party_life.delete_delivery(delivery)
    party_life.delete_meeting(ids[0])
    assert len(party_life.list_meetings()) == 3


def test_stats_take_branches_and_members_from_the_party_data(zone) -> None:
    s = compute_stats(D(2026, 6, 1))
    assert s["branches_by_kind"] == {"单建": 1, "共建": 1}
    assert s["party_members"] == 4 and s["party_members_in_branches"] == 4
    assert s["party_members_without_branch"] == 0
    assert [(b["branch"], b["members"]) for b in s["by_branch"]] == [
        ("离退休干部第一党支部", 2),
        ("经济发展局党支部", 2),
    ]
    party.save_branch(None, "经济发展局第二党支部", "共建", units=["经济发展局"])
    _person("周玉梅")  # a party member in no branch
    party.remove_members(zone["shared"], [zone["李秀英"]])
    s = compute_stats(D(2026, 6, 1))
    assert s["branches_by_kind"] == {"单建": 1, "共建": 2}
    assert s["party_members"] == 5 and s["party_members_in_branches"] == 3
    assert s["party_members_without_branch"] == 2
    assert [(b["branch"], b["members"]) for b in s["by_branch"]][1:] == [
        ("经济发展局党支部", 1),
        ("经济发展局第二党支部", 0),
    ]
    assert "党支部3个，其中单建1个、与在职人员共建2个" in s["paragraph"]


def test_demo_zone_party_life(demo_ctx, tmp_path) -> None:
    branches = party.list_branches()
    assert [b["kind"] for b in branches].count("单建") == 2 and len(branches) == 17
    assert sum(b["members"] for b in branches) == 107
    for b in branches:
        assert b["members"] > 0 and b["units"], b["name"]
        members = party.branch_members(b["id"])
        assert [m["name"] for m in members if m["secretary"]] == [b["secretary"]]
        if b["kind"] == "共建":
            assert b["partner"] and len(b["units"]) == 1
            assert {m["unit"] for m in members} == set(b["units"])
    under_way = party.transfers_under_way()
    assert len(under_way) == 1 and under_way[0]["direction"] == "转出"
    assert under_way[0]["letter_number"]
    meetings = party_life.list_meetings()
    assert len(meetings) == 17 * 12
    assert {m["kind"] for m in meetings} == {"主题党日"}
    assert min(m["held_on"] for m in meetings) > FIXED_TODAY - _dt.timedelta(days=366)
    missed = party_life.missed_last_meetings(FIXED_TODAY)
    assert missed and any(m["absent"] == 3 for m in missed)
    excused = [m for m in missed if m["excused"] == 3]
    assert excused and all(m["last_delivery"] is not None for m in excused)
    assert party_life.list_deliveries()

    s = compute_stats(FIXED_TODAY)
    assert s["branches_by_kind"] == {"单建": 2, "共建": 15} and s["party_members"] == 107
    assert s["party_members_in_branches"] == 107

    out = tmp_path / "统计报表.xlsx"
    exporting.export_report(out, day=FIXED_TODAY)
    sheet = openpyxl.load_workbook(out)["党组织"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert rows[0][:2] == ("管委会机关离退休干部第一党支部", "单建")
    total = next(r for r in rows if r[0] == "合计")
    assert total[4] == 107 and len([r for r in rows if r[1] in ("单建", "共建")]) == 17
