"""活动 and 服务团队 on a real data folder: sign-ups within the capacity (a plain refusal, or the
waiting list, and moving up when a place frees), attendance per day with its counts, days that
cannot be dropped, suggestions ranked with their reasons, the person's participation, service
teams with one leader, the year's figures per kind, the report workbook read back, and the
records going with a deleted person."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import activities, exporting, teams
from lao_gan_bu_desktop.services.activities import ActivityError
from lao_gan_bu_desktop.services.roster import create_person, delete_person, deletion_consequences
from lao_gan_bu_desktop.services.teams import TeamError
from tests.conftest import FIXED_TODAY

DAY = _dt.date(2026, 5, 20)


def _person(name: str, **kw) -> int:
    return create_person({"name": name, "birth_date": _dt.date(1960, 3, 1), **kw})


def _course(capacity: int | None = 2, **kw) -> int:
    values = {
        "name": "书法班（春季）",
        "kind": "老年大学课程",
        "topic": "书法",
        "dates": [
            DAY - _dt.timedelta(weeks=2),
            DAY - _dt.timedelta(weeks=1),
            DAY + _dt.timedelta(days=7),
        ],
        "place": "高新区科学大道职工文化活动中心",
        "organiser": "干部管理科",
        "capacity": capacity,
    }
    return activities.save_activity(None, values | kw)


def test_sign_up_capacity_waiting_list_and_moving_up(ctx) -> None:
    clock.set_today(DAY)
    a, b, c, d = (_person(n) for n in ("张一", "李二", "王三", "赵四"))
    aid = _course(capacity=2)
    assert activities.sign_up(aid, [a]) == {"signed": ["张一"], "waiting": [], "already": []}
    with pytest.raises(ActivityError) as refused:
        activities.sign_up(aid, [b, c])
    assert refused.value.message == (
        "《书法班（春季）》限 2 人，只剩 1 个名额，这次要报 2 人。"
        "请少选几人，或放进候补名单，或在活动里提高人数上限。"
    )
    assert activities.get_activity(aid)["sign_ups"] == 1  # nothing written
    result = activities.sign_up(aid, [a, b, c, d], waiting_list=True)
    assert result == {"signed": ["李二"], "waiting": ["王三", "赵四"], "already": ["张一"]}
    detail = activities.get_activity(aid)
    assert (detail["sign_ups"], detail["waiting"]) == (2, 2)
    assert [s["status"] for s in detail["signups"]] == ["已报名", "已报名", "候补", "候补"]

    with pytest.raises(ActivityError, match="人数上限不能少于 2"):
        activities.save_activity(aid, activities.get_activity(aid) | {"capacity": 1})
    assert activities.remove_signups(aid, [a]) == ["王三"]  # the first waiting moves up
    detail = activities.get_activity(aid)
    assert {s["name"] for s in detail["signups"] if not s["waiting"]} == {"李二", "王三"}
    assert activities.save_activity(aid, detail | {"capacity": None}) == aid
    assert activities.remove_signups(aid, [b]) == ["赵四"]  # no limit: all waiting move up


def test_only_people_on_the_roster_sign_up(ctx) -> None:
    clock.set_today(DAY)
    gone = _person("钱五", status="已故", death_date=_dt.date(2025, 1, 2))
    aid = _course()
    with pytest.raises(ActivityError, match="钱五 不是在册人员"):
        activities.sign_up(aid, [gone])
    with pytest.raises(ActivityError, match="请先选择"):
        activities.sign_up(aid, [])


def test_attendance_counts_and_its_rules(ctx) -> None:
    clock.set_today(DAY)
    a, b, c = (_person(n) for n in ("张一", "李二", "王三"))
    aid = _course(capacity=2)
    activities.sign_up(aid, [a, b, c], waiting_list=True)
    first, second, future = activities.get_activity(aid)["sessions"]
    assert activities.set_attended(first["id"], [a, b], True) == 2
    assert activities.set_attended(first["id"], [a], True) == 0  # already marked
    assert activities.set_attended(second["id"], [a], True) == 1
    with pytest.raises(ActivityError, match="还没到"):
        activities.set_attended(future["id"], [a], True)
    with pytest.raises(ActivityError, match="王三 没有报名（或还在候补）"):
        activities.set_attended(first["id"], [c], True)
    [row] = activities.list_activities(2026)
    assert (row["sessions"], row["attendance"], row["attendees"]) == (3, 3, 2)
    assert row["dates_text"] == "2026-05-06 至 2026-05-27（共 3 次）"
    detail = activities.get_activity(aid)
    assert {s["name"]: s["attended"] for s in detail["signups"]} == {
        "张一": 2,
        "李二": 1,
        "王三": 0,
    }
    assert activities.set_attended(first["id"], [b], False) == 1
    assert activities.list_activities(2026)[0]["attendance"] == 2

    # a day with attendance cannot be dropped; a day without can
    keep = [s["held_on"] for s in detail["sessions"]]
    with pytest.raises(ActivityError, match="2026-05-06 已登记出勤 1 人"):
        activities.save_activity(aid, detail | {"dates": keep[1:]})
    activities.save_activity(aid, detail | {"dates": keep[:2]})
    assert activities.get_activity(aid)["end_date"] == keep[1]
    assert activities.list_activities(2025) == []
    assert activities.list_activities(2026, "参观游览") == []


def test_activity_fields_are_checked(ctx) -> None:
    with pytest.raises(ActivityError, match="活动名称不能为空"):
        _course(name=" ")
    with pytest.raises(ActivityError, match="活动类别“聚餐”不对"):
        _course(kind="聚餐")
    with pytest.raises(ActivityError, match="至少填写一个活动日期"):
        _course(dates=[])
    with pytest.raises(ActivityError, match="不能是负数"):
        _course(capacity=-3)


def test_suggestions_ranked_with_reasons(ctx) -> None:
    clock.set_today(DAY)
    road = "郑州市高新区科学大道12号院1号楼"
    _person("书法近", hobbies="书法、摄影", address=road)
    _person("书法远", hobbies="书法", address="郑州市金水区文化路5号")
    _person("特长", specialties="书法教学", address="郑州市金水区文化路6号")
    _person("同街", hobbies="钓鱼", address=road)
    _person("同区", address="郑州市高新区长椿路8号")
    _person("年长书法", hobbies="书法", birth_date=_dt.date(1940, 1, 1), address=road)
    _person("卧床书法", hobbies="书法", bedridden=True, address=road)
    _person("外地书法", hobbies="书法", residence_area="省外", address="北京市海淀区学院路1号")
    _person("无关", hobbies="钓鱼", address="郑州市金水区文化路9号")
    aid = _course(capacity=None)
    rows = activities.suggestions(aid, day=DAY)
    assert [(r["name"], r["reason"]) for r in rows] == [
        ("书法近", "爱好书法；住在科学大道；活跃"),
        ("书法远", "爱好书法；活跃"),
        ("年长书法", "爱好书法；住在科学大道；关照对象，请留意身体"),
        ("特长", "特长书法教学；活跃"),
        ("同街", "住在科学大道；活跃"),
        ("同区", "住在高新区；活跃"),
    ]
    activities.sign_up(aid, [rows[0]["id"]])
    assert "书法近" not in [r["name"] for r in activities.suggestions(aid, day=DAY)]


def test_teams_members_leader_and_participation(ctx) -> None:
    clock.set_today(DAY)
    road = "郑州市高新区科学大道12号院"
    a = _person("张一", hobbies="书法", address=road)
    b = _person("李二", hobbies="绘画", address=road)
    c = _person("王三", address="郑州市金水区文化路5号")
    tid = teams.save_team(
        None, {"name": "书画服务队", "interest": "书法、绘画", "area": "高新区科学大道"}
    )
    with pytest.raises(TeamError, match="已有名为“书画服务队”"):
        teams.save_team(None, {"name": "书画服务队"})
    assert [s["name"] for s in teams.team_suggestions(tid, day=DAY)] == ["李二", "张一"]
    assert teams.add_members(tid, [a, b]) == 2
    assert teams.add_members(tid, [a]) == 0
    teams.set_leader(tid, b)
    teams.set_leader(tid, c)  # not yet a member: joins as the leader, 李二 stays as 队员
    team = teams.get_team(tid)
    assert team["leader"] == "王三"
    assert [(m["name"], m["role"]) for m in team["members"]] == [
        ("王三", "队长"),
        ("李二", "队员"),
        ("张一", "队员"),
    ]
    [listed] = teams.list_teams()
    assert (listed["leader"], listed["members"]) == ("王三", 3)

    aid = _course(capacity=None)
    activities.sign_up(aid, [a])
    session = activities.get_activity(aid)["sessions"][0]
    activities.set_attended(session["id"], [a], True)
    mine = activities.person_participation(a)
    assert [(x["name"], x["status"], x["attended_text"]) for x in mine["activities"]] == [
        ("书法班（春季）", "已报名", "1/3")
    ]
    assert [(t["name"], t["role"]) for t in mine["teams"]] == [("书画服务队", "队员")]
    assert set(deletion_consequences([a])) >= {
        "活动报名 1 条",
        "活动出勤 1 条",
        "服务团队成员身份 1 个",
    }
    delete_person(a)
    assert activities.get_activity(aid)["sign_ups"] == 0
    assert teams.list_teams()[0]["members"] == 2
    assert teams.remove_members(tid, [c]) == 1
    assert teams.get_team(tid)["leader"] == ""
    teams.delete_team(tid)
    assert teams.list_teams() == []


def test_figures_per_kind_and_the_report_workbook(demo_ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    figures = activities.activity_figures(FIXED_TODAY.year)
    by_kind = {r["kind"]: r for r in figures["by_kind"]}
    courses = [a for a in figures["activities"] if a["kind"] == "老年大学课程"]
    assert {a["topic"] for a in courses} == {"书法", "绘画", "茶艺", "太极"}
    assert by_kind["老年大学课程"]["activities"] == 4
    assert by_kind["老年大学课程"]["sign_ups"] == sum(a["sign_ups"] for a in courses) > 0
    assert figures["total"]["attendance"] == sum(a["attendance"] for a in figures["activities"])
    assert any(a["waiting"] for a in courses)  # 茶艺 is full

    out = tmp_path / "report.xlsx"
    exporting.export_report(out, day=FIXED_TODAY)
    wb = load_workbook(out)
    sheet = wb["活动统计"]
    assert sheet["A1"].value.endswith(f"（{FIXED_TODAY.year}年活动）")
    assert [c.value for c in sheet[3]] == [
        "活动类别",
        "活动数",
        "活动次数",
        "报名人数",
        "参加人次",
        "参加人数",
    ]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=4, max_row=9, values_only=True)}
    for kind, row in by_kind.items():
        assert rows[kind] == (
            row["activities"],
            row["sessions"],
            row["sign_ups"],
            row["attendance"],
            row["participants"],
        )
    total = figures["total"]
    assert rows["合计"] == (
        total["activities"],
        total["sessions"],
        total["sign_ups"],
        total["attendance"],
        total["participants"],
    )
    notes = [sheet.cell(row=r, column=1).value for r in range(10, 15)]
    assert any(n and n.startswith("服务团队 2 个") for n in notes)
    listing = wb["活动明细"]
    names = [listing.cell(row=r, column=1).value for r in range(4, listing.max_row + 1)]
    assert sorted(names) == sorted(a["name"] for a in figures["activities"])


def test_a_year_without_activities_keeps_the_report_as_it_was(ctx, tmp_path: Path) -> None:
    _person("张一")
    out = tmp_path / "report.xlsx"
    exporting.export_report(out, day=DAY)
    assert "活动统计" not in load_workbook(out).sheetnames
