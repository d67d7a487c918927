"""The demo zone's 活动 and 服务团队, after the survey: autumn classes in 书法, 绘画, 茶艺 and 太极
at the zone's staff culture centre (weekly, begun eight weeks ago, the past days with their
attendance; 茶艺 is full with a waiting list), an outing, a visit to enterprises and the
zone's anniversary exhibition; two service teams formed by interest and residence. Sign-ups are
drawn from the suggestions, as a clerk would. Nobody is added to the roster. It draws from its
own random numbers so the other demo steps are unchanged.
"""

from __future__ import annotations

import datetime as _dt
import random

from ..storage.activity_models import ActivityAttendance
from . import activities, teams

SEED = 2020_0830
CENTRE = "高新区科学大道职工文化活动中心"
ORGANISER = "党群工作部干部管理科"
CLASSES = (  # name, topic, weekday (0 = Monday), capacity
    ("书法班（秋季）", "书法", 1, 20),
    ("绘画班（秋季）", "绘画", 2, 16),
    ("茶艺班（秋季）", "茶艺", 3, 8),
    ("太极拳班（秋季）", "太极", 4, 25),
)
WEEKS = 10


def _weekly(start: _dt.date, weekday: int, count: int) -> list[_dt.date]:
    first = start + _dt.timedelta(days=(weekday - start.weekday()) % 7)
    return [first + _dt.timedelta(weeks=n) for n in range(count)]


def _attend(rng: random.Random, activity_id: int, today: _dt.date, share: float) -> None:
    """Attendance on the days gone by, written at once (a clerk would tick the grid)."""
    detail = activities.get_activity(activity_id)
    signed = [s["person_id"] for s in detail["signups"] if not s["waiting"]]
    rows = [
        {"session": session["id"], "person": pid}
        for session in detail["sessions"]
        if session["held_on"] <= today
        for pid in signed
        if rng.random() < share
    ]
    for begin in range(0, len(rows), 200):
        ActivityAttendance.insert_many(rows[begin : begin + 200]).execute()


def _fill(rng: random.Random, activity_id: int, count: int, today: _dt.date) -> None:
    """The best suggested people, signed up a week or two before the first day."""
    people = [s["id"] for s in activities.suggestions(activity_id, day=today)][:count]
    first = activities.get_activity(activity_id)["start_date"]
    signed_on = min(first - _dt.timedelta(days=rng.randint(7, 14)), today)
    if people:
        activities.sign_up(activity_id, people, waiting_list=True, day=signed_on)


def add_demo_activities(rng: random.Random, today: _dt.date) -> None:
    """The demo step: four classes, three activities, two teams (its own random numbers)."""
    own = random.Random(SEED)
    start = today - _dt.timedelta(weeks=8)
    for name, topic, weekday, capacity in CLASSES:
        aid = activities.save_activity(
            None,
            {
                "name": name,
                "kind": "老年大学课程",
                "topic": topic,
                "dates": _weekly(start, weekday, WEEKS),
                "place": CENTRE,
                "organiser": ORGANISER,
                "capacity": capacity,
                "notes": "每周一次，每次两小时（下午 3:00—5:00）。",
            },
        )
        _fill(own, aid, capacity + 2 if capacity < 10 else capacity - own.randint(2, 6), today)
        _attend(own, aid, today, 0.85)
    one_day = (
        (
            "重阳节登高（嵩山）",
            "参观游览",
            "摄影、旅游",
            today - _dt.timedelta(days=50),
            "登封市嵩山",
            30,
        ),
        (
            "走访区内高新技术企业",
            "走访企业",
            "",
            today - _dt.timedelta(days=20),
            "高新区科学大道",
            15,
        ),
        (
            "建区成就展参观",
            "纪念活动",
            "",
            today + _dt.timedelta(days=12),
            "高新区职工之家",
            None,
        ),
    )
    for name, kind, topic, day, place, capacity in one_day:
        aid = activities.save_activity(
            None,
            {
                "name": name,
                "kind": kind,
                "topic": topic,
                "dates": [day],
                "place": place,
                "organiser": ORGANISER,
                "capacity": capacity,
            },
        )
        _fill(own, aid, capacity or 20, today)
        _attend(own, aid, today, 0.9)
    for name, interest, area, duties in (
        (
            "科学大道书画志愿服务队",
            "书法、绘画",
            "高新区科学大道",
            "为社区写春联、办书画展，辅导社区书画爱好者。",
        ),
        (
            "银发法律咨询服务队",
            "法律",
            "高新区",
            "每月第一个周六在职工之家为居民义务解答法律问题。",
        ),
    ):
        tid = teams.save_team(
            None, {"name": name, "interest": interest, "area": area, "duties": duties}
        )
        people = [p["id"] for p in teams.team_suggestions(tid, day=today)][: own.randint(6, 9)]
        if people:
            teams.add_members(tid, people, day=today - _dt.timedelta(days=own.randint(30, 200)))
            teams.set_leader(tid, people[0], day=today)
