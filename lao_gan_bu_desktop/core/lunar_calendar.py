"""The Chinese calendar the visit rules need: festivals, lunar day text, lunar birthdays, days off.

Lunar dates come from lunar-python, but converting one solar date there takes milliseconds, too
slow for 50 000 birthdays. So this module reads the lunar months of a lunar year (first day and
length, from ``LunarYear.getMonths``) into a table the first time that year is needed, and
converts by bisection. lunar-python itself is imported only then, so start-up does not pay.

Festivals (:func:`festivals`): 元旦 1/1, 除夕 (the day *before* 春节 — never "lunar 12/30", which
does not exist in years whose 12th month has 29 days), 春节 lunar 1/1, 元宵节 1/15, 清明节 (the
solar term), 端午节 5/5, 七一 (建党节), 中秋节 8/15, 国庆节 10/1, 重阳节 9/9 (the legal 老年节).

Lunar birthdays (:func:`lunar_birthday_in`): a person whose record says 按农历过生日 celebrates
on the lunar month and day of their (solar) birth date. In a lunar year where that month is
short, the 30th falls on the 29th. A person born in a leap month (闰月) celebrates in the
ordinary month of that number, unless the lunar year has that same leap month too, in which case
they celebrate in the leap month.

Official days off (:func:`official_days_off`) come from chinese-calendar, which knows only the
years the State Council has announced; for any other year it returns nothing rather than guess.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .holidays import Arrangement

log = logging.getLogger(__name__)

FESTIVAL_NAMES: tuple[str, ...] = (
    "元旦",
    "除夕",
    "春节",
    "元宵节",
    "清明节",
    "端午节",
    "七一",
    "中秋节",
    "国庆节",
    "重阳节",
)
LUNAR_FESTIVALS: dict[str, tuple[int, int]] = {
    "春节": (1, 1),
    "元宵节": (1, 15),
    "端午节": (5, 5),
    "中秋节": (8, 15),
    "重阳节": (9, 9),
}
SOLAR_FESTIVALS: dict[str, tuple[int, int]] = {"元旦": (1, 1), "七一": (7, 1), "国庆节": (10, 1)}

MONTH_NAMES = ("正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月")
MONTH_NAMES += ("冬月", "腊月")
_DIGITS = "一二三四五六七八九十"

_JULIAN_ORDINAL_OFFSET = 1721424.5  # julian day of 0001-01-01 minus its ordinal (1)
_FIRST_LUNAR_YEAR = 1870
_LAST_LUNAR_YEAR = 2110


@dataclass(frozen=True)
class LunarDate:
    """A lunar date: ``year`` (lunar year), ``month`` 1–12, ``day`` 1–30, ``leap`` for 闰月."""

    year: int
    month: int
    day: int
    leap: bool = False

    @property
    def month_text(self) -> str:
        return ("闰" if self.leap else "") + MONTH_NAMES[self.month - 1]

    @property
    def day_text(self) -> str:
        return lunar_day_name(self.day)

    def __str__(self) -> str:
        return self.month_text + self.day_text


def lunar_day_name(day: int) -> str:
    """初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十."""
    if day <= 10:
        return "初" + _DIGITS[day - 1]
    if day < 20:
        return "十" + _DIGITS[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS[day - 21]
    return "三十"


class _MonthTable:
    """Lunar months (first day ordinal, year, month, leap, length), read a lunar year at a time
    from lunar-python when first needed (about 2 ms a year), so start-up pays nothing."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, int, bool, int]] = []
        self.by_key: dict[tuple[int, int, bool], tuple[int, int]] = {}
        self.loaded: set[int] = set()

    def ensure(self, year: int) -> None:
        if year in self.loaded:
            return
        if not _FIRST_LUNAR_YEAR <= year <= _LAST_LUNAR_YEAR:
            raise ValueError(f"农历{year}年超出换算范围")
        from lunar_python import LunarYear

        for m in LunarYear.fromYear(year).getMonths():
            if m.getYear() != year:
                continue
            start = int(m.getFirstJulianDay() - _JULIAN_ORDINAL_OFFSET)
            month = m.getMonth()
            self.by_key[(year, abs(month), month < 0)] = (start, m.getDayCount())
            self.entries.append((start, year, abs(month), month < 0, m.getDayCount()))
        self.entries.sort()
        self.loaded.add(year)


_TABLE = _MonthTable()


def to_lunar(day: _dt.date) -> LunarDate:
    """The lunar date of a solar date (1870–2110)."""
    table = _TABLE
    if day.year - 1 not in table.loaded or day.year not in table.loaded:
        if not _FIRST_LUNAR_YEAR < day.year <= _LAST_LUNAR_YEAR:
            raise ValueError(f"日期 {day.isoformat()} 超出农历换算范围")
        table.ensure(day.year - 1)
        table.ensure(day.year)
    ordinal = day.toordinal()
    index = bisect.bisect_right(table.entries, (ordinal, 1 << 30)) - 1
    if index < 0:
        raise ValueError(f"日期 {day.isoformat()} 超出农历换算范围")
    start, year, month, leap, length = table.entries[index]
    if ordinal - start >= length:
        raise ValueError(f"日期 {day.isoformat()} 超出农历换算范围")
    return LunarDate(year, month, ordinal - start + 1, leap)


def _month(year: int, month: int, leap: bool) -> tuple[int, int] | None:
    if year not in _TABLE.loaded:
        if not _FIRST_LUNAR_YEAR <= year <= _LAST_LUNAR_YEAR:
            return None
        _TABLE.ensure(year)
    return _TABLE.by_key.get((year, month, leap))


def has_month(year: int, month: int, leap: bool = False) -> bool:
    """Whether lunar ``year`` has this month (a leap month exists in some years only)."""
    return _month(year, month, leap) is not None


def month_length(year: int, month: int, leap: bool = False) -> int:
    """29 or 30: the length of a lunar month (ValueError when it does not exist)."""
    found = _month(year, month, leap)
    if found is None:
        raise ValueError(f"农历{year}年没有{'闰' if leap else ''}{MONTH_NAMES[month - 1]}")
    return found[1]


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> _dt.date:
    """The solar date of a lunar date; ValueError when it does not exist."""
    found = _month(year, month, leap)
    if found is None or not 1 <= day <= found[1]:
        text = f"农历{year}年{'闰' if leap else ''}{MONTH_NAMES[month - 1]}{lunar_day_name(day)}"
        raise ValueError(f"{text}不存在")
    return _dt.date.fromordinal(found[0] + day - 1)


def lunar_day_text(day: _dt.date) -> str:
    """What a calendar cell shows: the month name on the 1st (正月, 闰六月), else 初二, 十五 …"""
    lunar = to_lunar(day)
    if lunar.day == 1:
        return lunar.month_text
    return lunar.day_text


def lunar_full_text(day: _dt.date) -> str:
    """腊月廿三, 闰六月初一 …"""
    return str(to_lunar(day))


def lunar_birthday_in(birth: LunarDate, lunar_year: int) -> _dt.date:
    """The solar date of a lunar birthday in ``lunar_year`` (rules in the module docstring)."""
    leap = birth.leap and has_month(lunar_year, birth.month, True)
    day = min(birth.day, month_length(lunar_year, birth.month, leap))
    return from_lunar(lunar_year, birth.month, day, leap)


@lru_cache(maxsize=512)
def _qingming(year: int) -> _dt.date:
    from lunar_python import Solar

    solar = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"]
    return _dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=512)
def festivals(year: int) -> dict[str, _dt.date]:
    """The festival dates of a solar year, by name, in calendar order."""
    result: dict[str, _dt.date] = {}
    spring = from_lunar(year, 1, 1)
    for name in FESTIVAL_NAMES:
        if name in SOLAR_FESTIVALS:
            month, day = SOLAR_FESTIVALS[name]
            result[name] = _dt.date(year, month, day)
        elif name == "除夕":
            result[name] = spring - _dt.timedelta(days=1)
        elif name == "清明节":
            result[name] = _qingming(year)
        else:
            month, day = LUNAR_FESTIVALS[name]
            result[name] = from_lunar(year, month, day)
    return dict(sorted(result.items(), key=lambda kv: kv[1]))


def festivals_between(start: _dt.date, end: _dt.date) -> dict[_dt.date, list[str]]:
    """Festival names by date for ``start`` … ``end`` inclusive."""
    found: dict[_dt.date, list[str]] = {}
    for year in range(start.year, end.year + 1):
        for name, day in festivals(year).items():
            if start <= day <= end:
                found.setdefault(day, []).append(name)
    return found


def festival_on(name: str, year: int) -> _dt.date:
    """The date of festival ``name`` in ``year``; ValueError for an unknown name."""
    days = festivals(year)
    if name not in days:
        raise ValueError(f"未知的节日“{name}”，可选：{'、'.join(FESTIVAL_NAMES)}")
    return days[name]


def library_knows(year: int) -> bool:
    """True when chinese-calendar carries the State Council's arrangement for ``year``."""
    try:
        import chinese_calendar

        chinese_calendar.get_holiday_detail(_dt.date(year, 6, 1))
        return True
    except (ImportError, NotImplementedError):
        return False


def official_days_off(
    start: _dt.date, end: _dt.date, entered: Mapping[int, Arrangement] | None = None
) -> dict[_dt.date, str]:
    """Statutory days off (法定节假日, not ordinary weekends): the clerk's ``entered``
    arrangement for a year when there is one, else chinese-calendar's.

    Values are the Chinese holiday name. A year known to neither gives nothing.
    """
    entered = entered or {}
    names = {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利纪念日",
    }
    result: dict[_dt.date, str] = {}
    day = start
    while day <= end:
        own = entered.get(day.year)
        if own is not None:
            if day in own.days_off:
                result[day] = own.days_off[day]
            day += _dt.timedelta(days=1)
            continue
        try:
            import chinese_calendar

            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except (ImportError, NotImplementedError):
            day = _dt.date(day.year + 1, 1, 1)
            continue
        if on_holiday and name:
            result[day] = names.get(str(name), str(name))
        day += _dt.timedelta(days=1)
    return result


def is_known_workday_shift(day: _dt.date, entered: Mapping[int, Arrangement] | None = None) -> bool:
    """True on a weekend that is an official working day (调休上班), when the year is known
    (entered by the clerk, else from chinese-calendar)."""
    own = (entered or {}).get(day.year)
    if own is not None:
        return day in own.work_days
    try:
        import chinese_calendar

        return day.weekday() >= 5 and chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):
        return False


def years_without_arrangement(
    start: _dt.date, end: _dt.date, entered: Mapping[int, Arrangement] | None = None
) -> list[int]:
    """The years from ``start`` to ``end`` whose days off nobody knows yet."""
    entered = entered or {}
    return [
        year
        for year in range(start.year, end.year + 1)
        if year not in entered and not library_knows(year)
    ]
