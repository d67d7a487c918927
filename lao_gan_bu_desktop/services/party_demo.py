"""The demo zone's 党组织: the 2 单建 and 15 共建 branches the roster already names, each
共建 branch with its unit and the serving staff's branch it shares, the 单建 ones covering the
机关 departments and the 办事处; a secretary each; a year of monthly 主题党日 with attendance
(those who cannot come are excused and get 送学上门; one member stays away three times running);
one transfer out under way and one transfer in completed this year.

Members stay in the branch of their own unit where it has one, so the survey's figures (17
branches, 107 party members) are unchanged. Meetings and attendance are written in bulk, to keep
the demo quick; it draws from its own random numbers so the other demo steps are unchanged.
"""

from __future__ import annotations

import datetime as _dt
import random

from ..core.pinyin import sort_key
from ..storage.models import PartyBranch, Person
from ..storage.party_models import (
    PartyAttendance,
    PartyBranchUnit,
    PartyMeeting,
    PartyTransfer,
    StudyDelivery,
)
from . import audit

SEED = 2020_0701
MEETING_DAY = 10  # 主题党日 on the 10th of each month
TOPICS = (
    "学习新修订的《中国共产党纪律处分条例》",
    "重温入党誓词，讲讲入党故事",
    "学习全国两会精神",
    "清明祭英烈，传承红色基因",
    "观看警示教育片",
    "学习《习近平谈治国理政》第五卷",
    "庆祝建党 105 周年，表彰优秀党员",
    "参观辖区重点企业，感受高新区发展变化",
    "学习党的二十届四中全会精神",
    "国庆主题党日：我与祖国共成长",
    "重阳敬老，开展志愿服务",
    "开展批评与自我批评，民主评议党员",
)
EXCUSES = ("外出探亲", "身体不适", "照顾家人", "住院治疗", "在外地居住")
DELIVERED_BY = ("王丽", "赵敏")  # the office's clerks, with the branch secretary
TRANSFER_OUT_TO = "郑州市金水区文化路街道农科路社区党委"
TRANSFER_IN_FROM = "郑州市二七区建中街街道兴华社区党委"


def _months(today: _dt.date, count: int = 12) -> list[_dt.date]:
    """The meeting days of the last ``count`` months up to ``today``, oldest first."""
    days: list[_dt.date] = []
    year, month = today.year, today.month
    while len(days) < count:
        day = _dt.date(year, month, MEETING_DAY)
        if day <= today:
            days.append(day)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


def _cover_units(branches: list[PartyBranch]) -> dict[int, int]:
    """Set each branch's partner and units; returns unit id → the branch its members join."""
    shared = [b for b in branches if b.kind == "共建"]
    standalone = [b for b in branches if b.kind == "单建"]
    home: dict[int, int] = {}
    links = []
    for b in shared:
        if b.unit_id is None:
            continue
        unit_name = b.unit.name
        PartyBranch.update(partner=f"{unit_name}机关党支部").where(PartyBranch.id == b.id).execute()
        links.append({"branch": b.id, "unit": b.unit_id})
        home[b.unit_id] = b.id
    if standalone:
        from ..storage.models import Unit

        units = list(Unit.select().order_by(Unit.id))
        offices = [u for u in units if u.name.endswith("办事处")]
        departments = [u for u in units if u not in offices]
        groups = [departments, offices] if len(standalone) > 1 else [units]
        for b, group in zip(standalone, groups, strict=False):
            links += [{"branch": b.id, "unit": u.id} for u in group]
            for u in group:
                home.setdefault(u.id, b.id)
            PartyBranch.update(unit=group[0].id if group else None).where(
                PartyBranch.id == b.id
            ).execute()
    PartyBranchUnit.insert_many(links).execute()
    return home


def add_demo_party(rng: random.Random, today: _dt.date) -> None:
    """The demo step (its own random numbers, see the module's note)."""
    own = random.Random(SEED)
    branches = list(PartyBranch.select().order_by(PartyBranch.id))
    if not branches:
        return
    kinds = {b.id: b.kind for b in branches}
    home = _cover_units(branches)
    standalone_of_unit = {}
    for link in PartyBranchUnit.select():
        if kinds[link.branch_id] == "单建":
            standalone_of_unit[link.unit_id] = link.branch_id
    members = list(
        Person.select()
        .where(Person.party_branch.is_null(False) & (Person.status == "在册"))
        .order_by(Person.id)
    )
    # Older members stay in the retirees' own (单建) branch; the others join their unit's.
    for p in members:
        if kinds[p.party_branch_id] == "单建":
            target = standalone_of_unit.get(p.unit_id, p.party_branch_id)
        else:
            target = home.get(p.unit_id, p.party_branch_id)
        p.party_branch_id = target
    for branch_id in {p.party_branch_id for p in members}:
        ids = [p.id for p in members if p.party_branch_id == branch_id]
        Person.update(party_branch=branch_id).where(Person.id.in_(ids)).execute()
    by_branch: dict[int, list[Person]] = {}
    for p in members:
        by_branch.setdefault(p.party_branch_id, []).append(p)
    for branch_id, people in by_branch.items():
        able = [p for p in people if p.self_care == "自理"] or people
        secretary = min(able, key=lambda p: (p.party_join_date or today, sort_key(p.name)))
        PartyBranch.update(secretary=secretary.id).where(PartyBranch.id == branch_id).execute()
    _meetings(own, today, by_branch)
    _transfers(own, today, members)
    audit.record("新增", "party_branch", None, "演示数据：党组织、组织生活和组织关系转接")


def _meetings(rng: random.Random, today: _dt.date, by_branch: dict[int, list[Person]]) -> None:
    days = _months(today)
    rows = [
        {
            "branch": branch_id,
            "held_on": day,
            "kind": "主题党日",
            "topic": TOPICS[(day.month - 1) % len(TOPICS)],
            "place": "老干部活动中心" if i % 3 else "支部活动室",
            "note": "",
        }
        for branch_id in sorted(by_branch)
        for i, day in enumerate(days)
    ]
    PartyMeeting.insert_many(rows).execute()
    meetings = list(
        PartyMeeting.select(PartyMeeting.id, PartyMeeting.branch, PartyMeeting.held_on).tuples()
    )
    # Those who cannot come are always excused; one member stays away the last three times.
    homebound = {p.id for people in by_branch.values() for p in people if p.self_care != "自理"}
    secretaries = dict(
        PartyBranch.select(PartyBranch.id, Person.name)
        .join(Person, on=(PartyBranch.secretary == Person.id))
        .tuples()
    )
    secretary_ids = {s for (s,) in PartyBranch.select(PartyBranch.secretary).tuples()}
    able = sorted(
        (
            p
            for people in by_branch.values()
            for p in people
            if p.id not in homebound and p.id not in secretary_ids
        ),
        key=lambda p: p.id,
    )
    stray = rng.choice(able).id if able else None
    last_three = set(days[-3:])
    attendance = []
    for meeting_id, branch_id, held_on in meetings:
        for p in by_branch[branch_id]:
            if p.id in homebound:
                status, reason = "请假", "行动不便，送学上门"
            elif p.id == stray and held_on in last_three:
                status, reason = "缺席", ""
            else:
                roll = rng.random()
                if roll < 0.88:
                    status, reason = "出席", ""
                elif roll < 0.96:
                    status, reason = "请假", rng.choice(EXCUSES)
                else:
                    status, reason = "缺席", ""
            attendance.append(
                {"meeting": meeting_id, "person": p.id, "status": status, "reason": reason}
            )
    for begin in range(0, len(attendance), 400):
        PartyAttendance.insert_many(attendance[begin : begin + 400]).execute()
    meeting_of = {(b, d): m for m, b, d in meetings}
    deliveries = []
    for branch_id, people in by_branch.items():
        for p in people:
            if p.id not in homebound:
                continue
            for day in days[-4:]:
                deliveries.append(
                    {
                        "person": p.id,
                        "delivered_on": min(day + _dt.timedelta(days=rng.randint(2, 6)), today),
                        "delivered_by": f"{secretaries.get(branch_id, '')}、"
                        f"{rng.choice(DELIVERED_BY)}".strip("、"),
                        "material": f"主题党日学习材料：{TOPICS[(day.month - 1) % len(TOPICS)]}",
                        "meeting": meeting_of.get((branch_id, day)),
                        "note": "",
                    }
                )
    if deliveries:
        StudyDelivery.insert_many(deliveries).execute()


def _transfers(rng: random.Random, today: _dt.date, members: list[Person]) -> None:
    """One member moving to the community where they live (转出, 办理中) and one who came from
    a community earlier this year (转入, 已完成)."""
    secretaries = {s for (s,) in PartyBranch.select(PartyBranch.secretary).tuples()}
    movable = [p for p in members if p.self_care == "自理" and p.id not in secretaries]
    if len(movable) < 2:
        return
    leaving, arrived = rng.sample(movable, 2)
    sent = today - _dt.timedelta(days=18)
    PartyTransfer.create(
        person=leaving.id,
        direction="转出",
        transfer_date=sent,
        from_org=PartyBranch.get_by_id(leaving.party_branch_id).name,
        to_org=TRANSFER_OUT_TO,
        letter_number=f"郑高党组转〔{sent.year}〕{rng.randint(10, 30)}号",
        status="办理中",
        branch=leaving.party_branch_id,
        note="随子女迁居，回执未退回",
    )
    came = today - _dt.timedelta(days=150)
    PartyTransfer.create(
        person=arrived.id,
        direction="转入",
        transfer_date=came,
        from_org=TRANSFER_IN_FROM,
        to_org=PartyBranch.get_by_id(arrived.party_branch_id).name,
        letter_number=f"二建组转〔{came.year}〕{rng.randint(3, 9)}号",
        status="已完成",
        branch=arrived.party_branch_id,
        completed_on=came + _dt.timedelta(days=12),
    )
