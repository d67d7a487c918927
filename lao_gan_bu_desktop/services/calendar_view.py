"""What the calendar shows for each day: lunar day, festivals, days off, visit and birthday counts.

Counts are read with a few SQL queries per month (not through the full due list) so that a month
of a 50 000-person roster is ready in milliseconds; the due list of the month is computed
separately (:func:`services.visits.due_list`) and added to the cells when ready.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..core.lunar_calendar import (
    LunarDate,
    festivals_between,
    is_known_workday_shift,
    lunar_birthday_in,
    lunar_day_text,
    official_days_off,
    to_lunar,
)
from ..core.visit_rules import PersonRecord, RuleSettings, birthdays_between
from ..storage.database import db
from .holidays import entered_arrangements
from .visits import CANCELLED, day_counts, db_date, load_rule_settings


@dataclass
class DayInfo:
    """One day cell of the calendar."""

    day: _dt.date
    lunar: str = ""
    festivals: list[str] = field(default_factory=list)
    day_off: str = ""
    work_shift: bool = False  # a weekend that is an official working day (调休上班)
    planned: int = 0
    done: int = 0
    overdue: int = 0
    birthdays: int = 0
    due: int = 0
    due_overdue: int = 0
    names: list[str] = field(default_factory=list)  # the first people visited (NAMES_SHOWN)
    people: int = 0  # people of the day's visits (planned or done), all of them
    due_names: list[str] = field(default_factory=list)  # the first people due (not overdue)
    birthday_names: list[str] = field(default_factory=list)  # the first people with a birthday


NAMES_SHOWN = 3


def day_names(start: _dt.date, end: _dt.date) -> dict[_dt.date, tuple[list[str], int]]:
    """Per day: the first NAMES_SHOWN people of its visits (in the order recorded) and how many
    there are. The names come from a subquery per day with visits, limited to NAMES_SHOWN rows,
    so a festival day with thousands of visits costs no more than a quiet one (a window
    function sorting every visit of the month doubled the month view's time)."""
    rows = db.execute_sql(
        "SELECT d, n, (SELECT group_concat(name, char(31)) FROM (SELECT p.name AS name "
        'FROM "visit" v2 JOIN "visit_person" vp2 ON vp2.visit_id = v2.id '
        'JOIN "person" p ON p.id = vp2.person_id '
        "WHERE v2.status != ? AND COALESCE(v2.done_on, v2.planned_on) = d "
        "ORDER BY v2.id, p.id LIMIT ?) AS shown) "
        "FROM (SELECT COALESCE(v.done_on, v.planned_on) AS d, count(*) AS n "
        'FROM "visit" v JOIN "visit_person" vp ON vp.visit_id = v.id '
        "WHERE v.status != ? AND COALESCE(v.done_on, v.planned_on) BETWEEN ? AND ? GROUP BY d) AS days",
        (CANCELLED, NAMES_SHOWN, CANCELLED, start.isoformat(), end.isoformat()),
    ).fetchall()
    return {db_date(d): (names.split("\x1f") if names else [], int(n)) for d, n, names in rows}


def names_text(names: list[str], people: int) -> str:
    """“王一、李二、张三” or “王一、李二、张三 等 8 人”."""
    text = "、".join(names)
    return f"{text} 等 {people} 人" if people > len(names) else text


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
    found: list[dict[str, Any]] = []

    def add(pid: int, name: str, when: _dt.date, age: int, lunar: bool) -> None:
        if age >= settings.birthday_min_age or age in rounds:
            found.append(
                {
                    "day": when,
                    "person_id": pid,
                    "name": name,
                    "age": age,
                    "round": age in rounds,
                    "lunar": lunar,
                }
            )

    solar = _md_ranges(start, end)
    lunar = _md_ranges(start - _dt.timedelta(days=62), end + _dt.timedelta(days=62))
    for is_lunar, ranges in ((0, solar), (1, lunar)):
        where = " OR ".join("substr(birth_date, 6, 5) BETWEEN ? AND ?" for _ in ranges)
        rows = db.execute_sql(
            "SELECT id, name, birth_date FROM person WHERE +status = '在册' "
            f"AND +lunar_birthday = ? AND birth_date IS NOT NULL AND ({where})",
            (is_lunar, *(x for pair in ranges for x in pair)),
        ).fetchall()
        for pid, name, birth in rows:
            if is_lunar:
                for when, age in _lunar_birthdays(birth, start, end):
                    add(pid, name, when, age, True)
            else:
                record = PersonRecord(pid, name, db_date(birth))
                for when, age in birthdays_between(record, start, end):
                    add(pid, name, when, age, False)
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
    entered = entered_arrangements()
    for when, name in official_days_off(start, end, entered).items():
        infos[when].day_off = name
    for when, info in infos.items():
        if when.weekday() >= 5 and is_known_workday_shift(when, entered):
            info.work_shift = True
    for when, counts in day_counts(start, end, day=today).items():
        info = infos.get(when)
        if info is not None:
            info.planned = counts["planned"]
            info.done = counts["done"]
            info.overdue = counts["overdue"]
    for when, count in birthday_counts(start, end, settings).items():
        infos[when].birthdays += count
    for when, (names, people) in day_names(start, end).items():
        if when in infos:
            infos[when].names = names
            infos[when].people = people
    return infos


_LUNAR_OF_BIRTH: dict[str, LunarDate] = {}


@lru_cache(maxsize=20_000)
def _lunar_day_in(month: int, day: int, leap: bool, lunar_year: int) -> _dt.date:
    return lunar_birthday_in(LunarDate(0, month, day, leap), lunar_year)


def _lunar_birthdays(birth: str, start: _dt.date, end: _dt.date) -> list[tuple[_dt.date, int]]:
    """(day, age) of the lunar birthdays in the period of someone born on ``birth`` (ISO text).

    The same as ``core.visit_rules.birthdays_between`` for a lunar record, with the conversions
    cached: the calendar asks for many months in a row.
    """
    lunar = _LUNAR_OF_BIRTH.get(birth)
    if lunar is None:
        try:
            lunar = _LUNAR_OF_BIRTH[birth] = to_lunar(db_date(birth))
        except ValueError:  # outside the lunar table: no lunar birthday to count
            return []
    found = []
    for lunar_year in range(max(start.year - 1, lunar.year + 1), end.year + 1):
        when = _lunar_day_in(lunar.month, lunar.day, lunar.leap, lunar_year)
        if start <= when <= end:
            found.append((when, lunar_year - lunar.year))
    return found


def _md_ranges(start: _dt.date, end: _dt.date) -> list[tuple[str, str]]:
    """Month-day text ranges ("MM-DD") covering ``start`` … ``end`` (split at the new year)."""
    if (end - start).days >= 365:
        return [("01-01", "12-31")]
    lo, hi = start.strftime("%m-%d"), end.strftime("%m-%d")
    if hi == "02-28":
        hi = "02-29"  # born on 29 February: the 28th in a common year
    if start.year == end.year:
        return [(lo, hi)]
    return [(lo, "12-31"), ("01-01", hi)]


def birthday_counts(
    start: _dt.date, end: _dt.date, settings: RuleSettings | None = None
) -> dict[_dt.date, int]:
    """How many birthdays the rules care about fall on each day (counted mostly in SQL)."""
    settings = settings or load_rule_settings()
    counts: dict[_dt.date, int] = {}
    if not settings.birthday_enabled:
        return counts
    rounds = set(settings.round_birthdays)

    def wanted(age: int) -> bool:
        return age >= settings.birthday_min_age or age in rounds

    # Solar birthdays: grouped by month-day and birth year in SQL, one query per calendar year.
    for year in range(start.year, end.year + 1):
        first = max(start, _dt.date(year, 1, 1))
        last = min(end, _dt.date(year, 12, 31))
        upper = last.strftime("%m-%d")
        if upper == "02-28" and last == _dt.date(year, 3, 1) - _dt.timedelta(days=1):
            upper = "02-29"  # born on 29 February: the 28th in a common year
        rows = db.execute_sql(
            "SELECT substr(birth_date, 6, 5) AS md, CAST(substr(birth_date, 1, 4) AS INTEGER), "
            "count(*) FROM person WHERE +status = '在册' AND +lunar_birthday = 0 "
            "AND birth_date IS NOT NULL AND substr(birth_date, 6, 5) BETWEEN ? AND ? GROUP BY 1, 2",
            (first.strftime("%m-%d"), upper),
        ).fetchall()
        for md, born, n in rows:
            month, day = int(md[:2]), int(md[3:])
            try:
                when = _dt.date(year, month, day)
            except ValueError:  # 29 February in a common year: celebrated on the 28th
                when = _dt.date(year, 2, 28)
            if born < year and wanted(year - born) and start <= when <= end:
                counts[when] = counts.get(when, 0) + n
    # Lunar birthdays: only those born (solar month-day) within about two months of the period.
    ranges = _md_ranges(start - _dt.timedelta(days=62), end + _dt.timedelta(days=62))
    where = " OR ".join("substr(birth_date, 6, 5) BETWEEN ? AND ?" for _ in ranges)
    rows = db.execute_sql(
        "SELECT birth_date, count(*) FROM person WHERE +status = '在册' AND +lunar_birthday = 1 "
        f"AND birth_date IS NOT NULL AND ({where}) GROUP BY birth_date",
        tuple(x for pair in ranges for x in pair),
    ).fetchall()
    for birth, n in rows:
        for when, age in _lunar_birthdays(birth, start, end):
            if wanted(age):
                counts[when] = counts.get(when, 0) + n
    return counts


def add_due_counts(infos: dict[_dt.date, DayInfo], items) -> None:
    """Put the number of due items (and overdue ones) in the day cells."""
    for info in infos.values():
        info.due = info.due_overdue = 0
        info.due_names = []
    for item in items:
        if item.visit_id is not None:  # an overdue plan: already counted as a planned visit
            continue
        info = infos.get(item.day)
        if info is not None:
            info.due += 1
            info.due_overdue += int(item.overdue)
            if not item.overdue and len(info.due_names) < NAMES_SHOWN:
                info.due_names.append(item.name)


def add_birthday_names(infos: dict[_dt.date, DayInfo], people: list[dict[str, Any]]) -> None:
    """Name the first NAMES_SHOWN people whose birthday (as listed by :func:`birthdays`) falls
    on each day cell."""
    for info in infos.values():
        info.birthday_names = []
    for person in people:
        info = infos.get(person["day"])
        if info is not None and len(info.birthday_names) < NAMES_SHOWN:
            info.birthday_names.append(person["name"])
