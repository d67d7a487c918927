"""The demo zone's year of visits: done campaigns and birthdays, monthly home visits, a hospital
stay with its follow-ups, a few plans (two of them overdue) and this year's health checks.

:func:`add_demo_visits` is a ``DEMO_STEPS`` step, run inside ``fill_demo``'s transaction after
the roster exists. It keeps its own random generator so that its data do not depend on the order
of the other steps.
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal

from ..core.lunar_calendar import festival_on
from ..core.visit_rules import (
    RuleSettings,
    birthdays_between,
    campaign_members,
)
from ..storage.visits_models import HealthCheck, HospitalStay, Visit, VisitPerson
from .visits import person_records

SEED = 2026_1129
VISITORS = ("刘建国、王丽", "陈志强、赵敏", "王丽", "赵敏、李娜", "党群工作部慰问组")
GIFTS = {
    "春节": ("米、面、油", Decimal("800")),
    "中秋节": ("月饼、水果", Decimal("300")),
    "重阳节": ("牛奶、糕点", Decimal("300")),
    "七一": ("慰问金", Decimal("500")),
}
HOSPITALS = ("郑州大学第一附属医院", "河南省人民医院", "郑州市中心医院", "高新区人民医院")
NOTES_DONE = (
    "身体状况良好，精神不错",
    "子女在家照顾，生活稳定",
    "血压偏高，嘱按时服药",
    "反映小区电梯维修问题，已转社区",
    "希望多组织书画活动",
    "行动不便，需定期上门",
)


def _visit(
    rng: random.Random,
    pid: int,
    kind: str,
    planned: _dt.date,
    *,
    done: bool,
    gift: str = "",
    amount: Decimal = Decimal("0"),
    notes: str = "",
    occasion: str = "",
    follow_up_on: _dt.date | None = None,
) -> int:
    done_on = planned + _dt.timedelta(days=rng.choice((0, 0, 0, 1, 2))) if done else None
    vid = Visit.insert(
        kind=kind,
        status="已完成" if done else "计划",
        planned_on=planned,
        done_on=done_on,
        visitors=rng.choice(VISITORS),
        gift=gift,
        amount=amount,
        notes=notes or (rng.choice(NOTES_DONE) if done else ""),
        occasion=occasion,
        follow_up_on=follow_up_on,
    ).execute()
    VisitPerson.insert(visit=vid, person=pid).execute()
    return vid


def add_demo_visits(rng: random.Random, today: _dt.date) -> None:
    """Fill a year of visits up to ``today`` and a few plans after it (see module docstring)."""
    rng = random.Random(SEED)
    persons = person_records(("在册",))
    settings = RuleSettings()
    start = today - _dt.timedelta(days=365)
    # Festival campaigns of the past year, done a few days before each festival.
    for rule in settings.campaigns:
        for year in (start.year, today.year):
            day = festival_on(rule.festival, year)
            if not start <= day < today:
                continue
            gift, amount = GIFTS[rule.festival]
            for p, why in campaign_members(rule, persons, day):
                planned = day - _dt.timedelta(days=rng.randint(2, 12))
                _visit(
                    rng,
                    p.id,
                    "节日慰问",
                    planned,
                    done=True,
                    gift=gift,
                    amount=amount,
                    notes=f"{rule.festival}慰问：{why}",
                    occasion=f"{rule.festival}{year}",
                )
    # Birthdays of the past year (80 and over, round birthdays), done.
    for p in persons:
        for day, age in birthdays_between(p, start, today - _dt.timedelta(days=1)):
            if age >= 80 or age in settings.round_birthdays:
                _visit(
                    rng,
                    p.id,
                    "生日祝寿",
                    day,
                    done=True,
                    gift="生日蛋糕、鲜花",
                    amount=Decimal("200"),
                    notes=f"{age}岁生日祝寿",
                )
    # Monthly home visits for those who cannot care for themselves; this month still open.
    needy = [p for p in persons if p.bedridden or p.self_care == "不能自理"]
    first = start.replace(day=1)
    while first < today.replace(day=1):
        for p in needy:
            day = first + _dt.timedelta(days=rng.randint(3, 25))
            _visit(rng, p.id, "上门服务", day, done=True, notes="上门了解身体和生活情况")
        first = (first + _dt.timedelta(days=32)).replace(day=1)
    # A hospital stay with its visit, discharged last week: the follow-up is planned for tomorrow.
    others = [p for p in persons if p not in needy and p.birth_date]
    patient = others[5]
    admitted = today - _dt.timedelta(days=14)
    discharged = today - _dt.timedelta(days=5)
    HospitalStay.insert(
        person=patient.id,
        admitted_on=admitted,
        discharged_on=discharged,
        hospital=HOSPITALS[0],
        notes="肺部感染",
    ).execute()
    _visit(
        rng,
        patient.id,
        "生病住院",
        admitted + _dt.timedelta(days=1),
        done=True,
        gift="水果、营养品",
        amount=Decimal("500"),
        notes="病情稳定，家属陪护",
        follow_up_on=discharged + _dt.timedelta(days=6),
    )
    _visit(rng, patient.id, "生病住院", today + _dt.timedelta(days=1), done=False, notes="出院回访")
    # Someone admitted yesterday: the due list asks for a visit within 3 days.
    HospitalStay.insert(
        person=others[11].id,
        admitted_on=today - _dt.timedelta(days=1),
        hospital=HOSPITALS[1],
        notes="股骨骨折",
    ).execute()
    # Plans: two overdue, the rest in the next two weeks.
    for offset, idx, kind in ((-9, 20, "日常走访"), (-3, 27, "上门服务")):
        _visit(
            rng,
            others[idx].id,
            kind,
            today + _dt.timedelta(days=offset),
            done=False,
            notes="了解近况",
        )
    for offset in (0, 2, 4, 6, 9, 13):
        p = rng.choice(others)
        _visit(
            rng,
            p.id,
            rng.choice(("日常走访", "上门服务", "电话问候")),
            today + _dt.timedelta(days=offset),
            done=False,
        )
    # This year's health checks for about nine in ten.
    for p in persons:
        if rng.random() < 0.88:
            day = _dt.date(today.year, rng.randint(1, min(today.month, 10)), rng.randint(1, 28))
            if day <= today:
                HealthCheck.insert(
                    person=p.id,
                    year=today.year,
                    date=day,
                    hospital=rng.choice(HOSPITALS),
                    result=rng.choice(
                        ("未见明显异常", "血压偏高，建议复查", "血糖偏高", "骨密度降低")
                    ),
                ).execute()
