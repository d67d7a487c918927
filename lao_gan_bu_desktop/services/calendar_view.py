"""What the calendar shows for each day: lunar day, festivals, days off, visit and birthday counts.

Counts are read with a few SQL queries per month (not through the full due list) so that a month
of a 50 000-person roster is ready in milliseconds; the due list of the month is computed
separately (:func:`services.visits.due_list`) and added to the cells when ready.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from ..core.lunar_calendar import festivals_between, lunar_day_text, official_days_off
from ..core.visit_rules import PersonRecord, RuleSettings, birthdays_between
from ..storage.database import db
from .visits import _date, day_counts, load_rule_settings


@dataclass
class DayInfo:
    """One day cell of the calendar."""

    day: _dt.date
    lunar: str = ""
    festivals: list[str] = field(default_factory=list)
    day_off: str = ""
    planned: int = 0
    done: int = 0
    overdue: int = 0
    birthdays: int = 0
    due: int = 0
    due_overdue: int = 0


def grid_days(month: _dt.date) -> list[_dt.date]:
    """The 42 days (six weeks, Monday first) that a month view shows for ``month``."""
    first = month.replace(day=1)
    start = first - _dt.timedelta(days=first.weekday())
    return [start + _dt.timedelta(days=i) for i in range(42)]


def birthdays(
    start: _dt.date, end: _dt.date, settings: RuleSettings | None = None
) -> list[dict[str, Any]]:
    """Birthdays the rules care about (aged ≥ N or a round birthday) in the period, by day."""
    settings = settings or load_rule_settings()
    if not settings.birthday_enabled:
        return []
    rounds = set(settings.round_birthdays)
    months: set[int] = set()
    day = start.replace(day=1)
    while day <= end:
        for shift in range(-2, 3):  # a lunar birthday drifts up to about seven weeks
            months.add((day.month - 1 + shift) % 12 + 1)
        day = (day + _dt.timedelta(days=32)).replace(day=1)
    marks = ",".join(f"'{m:02d}'" for m in sorted(months))
    rows = db.execute_sql(
        "SELECT id, name, birth_date, lunar_birthday FROM person "
        f"WHERE status = '在册' AND birth_date IS NOT NULL AND substr(birth_date, 6, 2) IN ({marks})"
    ).fetchall()
    found: list[dict[str, Any]] = []
    for pid, name, birth, lunar in rows:
        record = PersonRecord(pid, name, _date(birth), bool(lunar))
        for when, age in birthdays_between(record, start, end):
            if age >= settings.birthday_min_age or age in rounds:
                found.append(
                    {
                        "day": when,
                        "person_id": pid,
                        "name": name,
                        "age": age,
                        "round": age in rounds,
                        "lunar": bool(lunar),
                    }
                )
    found.sort(key=lambda r: (r["day"], r["name"]))
    return found


def calendar_days(
    start: _dt.date, end: _dt.date, *, today: _dt.date, settings: RuleSettings | None = None
) -> dict[_dt.date, DayInfo]:
    """A :class:`DayInfo` for every day from ``start`` to ``end``."""
    settings = settings or load_rule_settings()
    infos: dict[_dt.date, DayInfo] = {}
    day = start
    while day <= end:
        infos[day] = DayInfo(day, lunar_day_text(day))
        day += _dt.timedelta(days=1)
    for when, names in festivals_between(start, end).items():
        infos[when].festivals = names
    for when, name in official_days_off(start, end).items():
        infos[when].day_off = name
    for when, counts in day_counts(start, end, day=today).items():
        info = infos.get(when)
        if info is not None:
            info.planned = counts["planned"]
            info.done = counts["done"]
            info.overdue = counts["overdue"]
    for row in birthdays(start, end, settings):
        infos[row["day"]].birthdays += 1
    return infos


def add_due_counts(infos: dict[_dt.date, DayInfo], items) -> None:
    """Put the number of due items (and overdue ones) in the day cells."""
    for info in infos.values():
        info.due = info.due_overdue = 0
    for item in items:
        if item.visit_id is not None:  # an overdue plan: already counted as a planned visit
            continue
        info = infos.get(item.day)
        if info is not None:
            info.due += 1
            info.due_overdue += int(item.overdue)
