"""The annual survey's figures from the roster, and the paragraph that opens the report.

Counts cover people whose status is 在册. Keys follow the glossary so that ``stats --json``,
the 首页 cards and the leaders' workbook read the same numbers. The branch counts (单建 / 共建)
and the members of each branch come from the party data (services/party.py); the party members
are those whose 政治面貌 says so, and those of them in no branch are counted apart.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

from peewee import JOIN, fn

from ..core import clock
from ..core.ages import AGE_BRACKETS
from ..core.report_text import survey_paragraph
from ..core.tiers import SERVICE_TIERS
from ..core.vocab import (
    BRANCH_KINDS,
    KIND_NOT_GIVEN,
    RESIDENCE_AREAS,
    RETIREMENT_KINDS,
    SELF_CARE_LEVELS,
    is_democratic_party_member,
    is_party_member,
)
from ..storage.models import Person, Unit
from ..storage.roster_queries import age_bracket_expression, tier_expression
from .party import branch_figures
from .settings import get_setting
from .units import unit_key


def _zeroed(keys: tuple[str, ...]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


def compute_stats(day: _dt.date | None = None) -> dict[str, Any]:
    """The survey's figures as of ``day`` (default today).

    SQLite groups the people by every attribute the figures need (a few hundred groups even for
    50 000 people); the age bracket and service tier are the SQL forms of the core rules.
    """
    day = day or clock.today()
    by_kind = _zeroed(RETIREMENT_KINDS)
    by_age = _zeroed(AGE_BRACKETS)
    by_self_care = _zeroed(SELF_CARE_LEVELS)
    by_residence = _zeroed(RESIDENCE_AREAS)
    by_tier = _zeroed(SERVICE_TIERS)
    units: dict[str, Counter] = {}
    membership: dict[str, tuple[bool, bool]] = {}  # political status → (party, democratic)
    party = democratic = unknown_age = total = loose = 0
    bracket = age_bracket_expression(day)
    tier = tier_expression(day)
    unit_name = fn.COALESCE(Unit.name, "（未填单位）")
    in_branch = Person.party_branch.is_null(False)
    columns = (
        Person.retirement_kind,
        bracket,
        Person.self_care,
        Person.residence_area,
        tier,
        Person.political_status,
        in_branch,
        unit_name,
    )
    query = (
        Person.select(*columns, fn.COUNT(Person.id))
        .join(Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
        .where(Person.status == "在册")
        .group_by(*columns)
    )
    for (
        kind,
        age_group,
        self_care,
        residence,
        tier_name,
        political,
        branch_member,
        unit,
        count,
    ) in Person._meta.database.execute(query).fetchall():
        total += count
        kind = kind or KIND_NOT_GIVEN
        by_kind[kind] = by_kind.get(kind, 0) + count
        if age_group:
            by_age[age_group] += count
        else:
            unknown_age += count
        if self_care:
            by_self_care[self_care] = by_self_care.get(self_care, 0) + count
        if residence:
            by_residence[residence] = by_residence.get(residence, 0) + count
        by_tier[tier_name] += count
        # Thousands of groups share a handful of statuses: each is understood once.
        member_of = membership.get(political)
        if member_of is None:
            member_of = (is_party_member(political), is_democratic_party_member(political))
            membership[political] = member_of
        members = count if member_of[0] else 0
        if member_of[0] and not branch_member:
            loose += count
        party += members
        democratic += count if member_of[1] else 0
        counter = units.setdefault(unit, Counter())
        counter["total"] += count
        counter[kind] += count
        counter["party_members"] += members
    party_data = branch_figures()
    branches = _zeroed(BRANCH_KINDS) | party_data["branches_by_kind"]
    order = unit_key()
    by_unit = [
        {
            "unit": name,
            "total": c["total"],
            "离休": c["离休"],
            "退休": c["退休"],
            "party_members": c["party_members"],
        }
        for name, c in sorted(units.items(), key=lambda item: order(item[0]))
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
        "party_members_in_branches": party_data["members_in_branches"],
        "party_members_without_branch": loose,
        "by_branch": party_data["by_branch"],
        "democratic_party_members": democratic,
        "by_residence": by_residence,
        "by_service_tier": by_tier,
        "by_unit": by_unit,
    }
    stats["paragraph"] = survey_paragraph(stats, stats["zone_name"], stats["city_name"])
    from .aid import aid_overview  # 帮扶 figures of the year, for the report and 首页

    stats["aid"] = aid_overview(day)
    return stats
