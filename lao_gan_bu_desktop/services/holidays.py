"""工具 → 节假日安排: the years' days off the clerk entered, kept in the settings table.

One settings key holds every entered year (a few dozen dates a year), so it is backed up and
restored with the data and needs no table of its own. An entered year takes precedence over
chinese-calendar's (which ends with the year it was released for).
"""

from __future__ import annotations

import datetime as _dt

from ..core.holidays import Arrangement
from ..core.lunar_calendar import (
    is_known_workday_shift,
    library_knows,
    official_days_off,
    years_without_arrangement,
)
from . import audit
from .settings import get_setting, set_setting

SETTINGS_KEY = "holiday_arrangements"


class HolidayError(ValueError):
    """An arrangement that cannot be kept; the message says why, in Chinese."""

    @property
    def message(self) -> str:
        return str(self)


def entered_arrangements() -> dict[int, Arrangement]:
    """Every year the clerk entered, by year."""
    stored = get_setting(SETTINGS_KEY, {}) or {}
    return {int(year): Arrangement.from_json(int(year), data) for year, data in stored.items()}


def arrangement_for(year: int) -> tuple[Arrangement, str]:
    """``year``'s arrangement and where it comes from: "录入" (entered), "内置" (chinese-calendar)
    or "" (nobody knows it yet: an empty arrangement)."""
    own = entered_arrangements().get(year)
    if own is not None:
        return own, "录入"
    if not library_knows(year):
        return Arrangement(year), ""
    first, last = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    days = [first + _dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return (
        Arrangement(
            year,
            official_days_off(first, last, {}),
            {d for d in days if d.weekday() >= 5 and is_known_workday_shift(d, {})},
        ),
        "内置",
    )


def save_arrangement(arrangement: Arrangement) -> None:
    """Keep ``arrangement`` for its year (replacing an earlier entry); HolidayError when it
    has dates of another year or a day both off and working."""
    problems = arrangement.problems()
    if problems:
        raise HolidayError("；".join(problems))
    stored = dict(get_setting(SETTINGS_KEY, {}) or {})
    stored[str(arrangement.year)] = arrangement.to_json()
    set_setting(SETTINGS_KEY, dict(sorted(stored.items())))
    audit.record(
        "修改",
        "setting",
        None,
        f"录入{arrangement.year}年放假安排：放假 {len(arrangement.days_off)} 天，"
        f"调休上班 {len(arrangement.work_days)} 天",
    )


def delete_arrangement(year: int) -> bool:
    """Forget the entered arrangement of ``year`` (chinese-calendar's applies again, if any)."""
    stored = dict(get_setting(SETTINGS_KEY, {}) or {})
    if stored.pop(str(year), None) is None:
        return False
    set_setting(SETTINGS_KEY, stored)
    audit.record("删除", "setting", None, f"删除录入的{year}年放假安排")
    return True


def missing_years(start: _dt.date, end: _dt.date) -> list[int]:
    """The years from ``start`` to ``end`` whose 放假安排 is neither built in nor entered."""
    return list(years_without_arrangement(start, end, entered_arrangements()))


def missing_note(start: _dt.date, end: _dt.date) -> str:
    """What the calendar says when a shown year has no 放假安排 yet, e.g.
    "2027年放假安排尚未录入"; empty when every year is known."""
    missing = missing_years(start, end)
    if not missing:
        return ""
    return "、".join(f"{y}年" for y in missing) + "放假安排尚未录入"
