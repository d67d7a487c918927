"""首页 reminders: today and the next 7 days — birthdays, planned and overdue visits, follow-ups
— and a line for new retirees whose 离退休办理 checklist is not complete.

Each item is a plain dict with ``section``, ``day``, ``title``, ``detail`` and what it opens:
``visit_id`` (a visit) or ``person_id`` with ``due`` (a due item to plan).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..core.visit_rules import (
    RULE_BIRTHDAY,
    RULE_FOLLOW_UP,
    RULE_FOLLOW_UP_DATE,
    RULE_OVERDUE,
    RULE_ROUND_BIRTHDAY,
)
from . import new_retirees
from .health import health_check_counts
from .visits import due_list, list_visits

SECTIONS = ("逾期", "今日", "生日", "计划走访", "回访", "其他应访")


def reminders(day: _dt.date, days: int = 7) -> dict[str, Any]:
    """What 首页 shows on ``day``: ``items`` (sorted), ``counts`` by section, ``health``."""
    end = day + _dt.timedelta(days=days)
    items: list[dict[str, Any]] = []
    for due in due_list(day, end, day=day):
        if due.rule == RULE_OVERDUE:
            section = "逾期"
        elif due.rule in (RULE_BIRTHDAY, RULE_ROUND_BIRTHDAY):
            section = "生日"
        elif due.rule in (RULE_FOLLOW_UP, RULE_FOLLOW_UP_DATE):
            section = "回访"
        elif due.overdue:
            section = "逾期"
        else:
            section = "其他应访"
        items.append(
            {
                "section": section,
                "day": due.day,
                "title": f"{due.name}：{due.rule}",
                "detail": due.reason,
                "visit_id": due.visit_id,
                "person_id": due.person_id,
                "due": due,
            }
        )
    for visit in list_visits(day, end, statuses=("计划",)):
        items.append(
            {
                "section": "今日" if visit["day"] == day else "计划走访",
                "day": visit["day"],
                "title": f"{visit['persons']}：{visit['kind']}",
                "detail": visit["notes"] or visit["visitors"],
                "visit_id": visit["id"],
                "visit_version": visit["version"],
                "person_id": visit["person_ids"][0] if visit["person_ids"] else None,
                "due": None,
            }
        )
    items.sort(key=lambda i: (SECTIONS.index(i["section"]), i["day"], i["title"]))
    counts = {s: sum(1 for i in items if i["section"] == s) for s in SECTIONS}
    return {
        "items": items,
        "counts": counts,
        "health": health_check_counts(day.year),
        "new_retirees": new_retirees.reminder_line(),  # 离退休办理 not complete, or ""
    }
