"""What the clerk asked the roster for, in words (storage.roster_queries turns it into SQL).

In core, apart from the queries, so that the window can name a filter (首页's cards) before the
database and peewee are loaded, and hand one to the services without importing storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PARTY_MEMBERS = "党员"  # political_status filter value meaning 中共党员 or 预备党员
DEMOCRATIC_PARTIES = "民主党派"
DATE_ISSUES = "日期有误"  # age_bracket filter value: people whose stored dates cannot be true


@dataclass(frozen=True)
class RosterFilter:
    """What the clerk asked for; empty means "any"."""

    text: str = ""
    units: tuple[str, ...] = ()
    retirement_kind: str = ""
    age_bracket: str = ""
    service_tier: str = ""
    statuses: tuple[str, ...] = ("在册",)
    political_status: str = ""
    residence_area: str = ""
    self_care: str = ""
    hardship: str = ""
    person_ids: tuple[int, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
