"""The annual survey's figures from the roster, and the paragraph that opens the report.

Counts cover people whose status is 在册. Keys follow the glossary so that ``stats --json``,
the 首页 cards and the leaders' workbook read the same numbers.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

from peewee import JOIN, fn

from ..core.ages import AGE_BRACKETS, age_bracket, age_on
from ..core.report_text import survey_paragraph
from ..core.tiers import SERVICE_TIERS, service_tier
from ..core.vocab import (
    BRANCH_KINDS,
    RESIDENCE_AREAS,
    RETIREMENT_KINDS,
    SELF_CARE_LEVELS,
    is_democratic_party_member,
    is_party_member,
)
from ..storage.aid_models import persons_with_open_case
from ..storage.models import PartyBranch, Person, Unit
from .settings import get_setting


def _zeroed(keys: tuple[str, ...]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


def compute_stats(day: _dt.date | None = None) -> dict[str, Any]:
    """The survey's figures as of ``day`` (default today)."""
    day = day or _dt.date.today()
    by_kind = _zeroed(RETIREMENT_KINDS)
    by_age = _zeroed(AGE_BRACKETS)
    by_self_care = _zeroed(SELF_CARE_LEVELS)
    by_residence = _zeroed(RESIDENCE_AREAS)
    by_tier = _zeroed(SERVICE_TIERS)
    units: dict[str, Counter] = {}
    party = democratic = unknown_age = 0
    query = (
        Person.select(
            Person.id,
            Person.retirement_kind,
            Person.birth_date,
            Person.self_care,
            Person.health_status,
            Person.bedridden,
            Person.hardship,
            Person.residence_area,
            Person.political_status,
            fn.COALESCE(Unit.name, "（未填单位）").alias("unit_name"),
        )
        .join(Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
        .where(Person.status == "在册")
        .namedtuples()
    )
    total = 0
    open_aid = persons_with_open_case()
    for p in query:
        total += 1
        by_kind[p.retirement_kind] = by_kind.get(p.retirement_kind, 0) + 1
        age = age_on(p.birth_date, day) if p.birth_date else None
        if age is None:
            unknown_age += 1
        else:
            by_age[age_bracket(age)] += 1
        if p.self_care:
            by_self_care[p.self_care] = by_self_care.get(p.self_care, 0) + 1
        if p.residence_area:
            by_residence[p.residence_area] = by_residence.get(p.residence_area, 0) + 1
        tier = service_tier(
            age=age,
            self_care=p.self_care,
            health_status=p.health_status,
            bedridden=bool(p.bedridden),
            hardship=p.hardship,
            open_aid_case=p.id in open_aid,
        )
        by_tier[tier] += 1
        member = is_party_member(p.political_status)
        party += member
        democratic += is_democratic_party_member(p.political_status)
        counter = units.setdefault(p.unit_name, Counter())
        counter["total"] += 1
        counter[p.retirement_kind] += 1
        counter["party_members"] += member
    branches = _zeroed(BRANCH_KINDS)
    for kind, count in (
        PartyBranch.select(PartyBranch.kind, fn.COUNT(PartyBranch.id))
        .group_by(PartyBranch.kind)
        .tuples()
    ):
        branches[kind] = count
    by_unit = [
        {
            "unit": name,
            "total": c["total"],
            "离休": c["离休"],
            "退休": c["退休"],
            "party_members": c["party_members"],
        }
        for name, c in sorted(units.items(), key=lambda item: (-item[1]["total"], item[0]))
    ]
    stats: dict[str, Any] = {
        "as_of": day.isoformat(),
        "zone_name": get_setting("zone_name"),
        "city_name": get_setting("city_name"),
        "total": total,
        "by_kind": by_kind,
        "by_age_bracket": by_age,
        "age_unknown": unknown_age,
        "by_self_care": by_self_care,
        "not_self_caring": by_self_care.get("不能自理", 0),
        "branches_by_kind": branches,
        "party_members": party,
        "democratic_party_members": democratic,
        "by_residence": by_residence,
        "by_service_tier": by_tier,
        "by_unit": by_unit,
    }
    stats["paragraph"] = survey_paragraph(stats, stats["zone_name"], stats["city_name"])
    from .aid import aid_overview  # 帮扶 figures of the year, for the report and 首页

    stats["aid"] = aid_overview(day)
    return stats
