"""首页's 党组织 figures for leaders: branches (单建 / 共建), party members, this year's
组织生活 held so far, members who missed their branch's last meetings, transfers 办理中.

Only reads, through the party services (services/party.py, party_life.py); 首页 calls it in
its worker thread with the other figures.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..core import clock
from ..core.party_rules import MISSED_IN_A_ROW
from ..core.vocab import BRANCH_KINDS, is_party_member
from ..storage.models import Person
from . import party, party_life


def party_home_figures(day: _dt.date | None = None) -> dict[str, Any]:
    """The 党组织 card's figures as of ``day``: ``branches``, ``branches_by_kind`` (单建, 共建),
    ``party_members`` (在册 中共党员 and 预备党员), ``members_in_branches``, ``meetings_this_year``
    (held from 1 January up to ``day``), ``missed`` (how many missed the last ``missed_count``
    meetings of their branch), ``transfers_under_way``."""
    day = day or clock.today()
    figures = party.branch_figures()
    by_kind = {kind: figures["branches_by_kind"].get(kind, 0) for kind in BRANCH_KINDS}
    statuses = Person.select(Person.political_status).where(Person.status == "在册").tuples()
    members = sum(1 for (status,) in statuses if is_party_member(status or ""))
    meetings = [
        m
        for m in party_life.list_meetings(year=day.year)
        if m["held_on"] is not None and _day(m["held_on"]) <= day
    ]
    return {
        "branches": sum(figures["branches_by_kind"].values()),
        "branches_by_kind": by_kind,
        "party_members": members,
        "members_in_branches": figures["members_in_branches"],
        "meetings_this_year": len(meetings),
        "missed": len(party_life.missed_last_meetings(day)),
        "missed_count": MISSED_IN_A_ROW,
        "transfers_under_way": len(party.transfers_under_way()),
    }


def _day(value: Any) -> _dt.date:
    return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value)[:10])
