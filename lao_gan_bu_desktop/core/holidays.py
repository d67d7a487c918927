"""A year's official days off (放假) and weekend working days (调休上班) as the clerk enters them.

chinese-calendar knows the State Council's arrangements only up to the year it was released for;
each later year is published in November or December and entered in 工具 → 节假日安排. An
entered year replaces the library's for that year (core.lunar_calendar.official_days_off).

:func:`parse_arrangement` reads the notice as pasted ("一、元旦：1月1日（周五）至3日（周日）放假，
共3天。"; "2月7日（周日）、2月20日（周六）上班。") or a plain list of dates ("2027-01-01 元旦",
"2027-02-06至2027-02-12 春节", "2027-02-07 上班").
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field

HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
DEFAULT_NAME = "假日"

_DATE = re.compile(
    r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
    r"|(?:(?P<cy>\d{4})\s*年\s*)?(?:(?P<cm>\d{1,2})\s*月\s*)?(?P<cd>\d{1,2})\s*[日号]"
)
_RANGE = re.compile(r"[至到~～—–]|-{1,2}")
_HEADED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:]{1,12})[：:](.*)$")
_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)")
_SENTENCE = re.compile(r"[。；;\n]")


@dataclass
class Arrangement:
    """One year's days off (day → holiday name) and weekend working days."""

    year: int
    days_off: dict[_dt.date, str] = field(default_factory=dict)
    work_days: set[_dt.date] = field(default_factory=set)

    def problems(self) -> list[str]:
        """What keeps this arrangement from being kept, in Chinese (empty when it is fine)."""
        found: list[str] = []
        strays = sorted(d for d in (*self.days_off, *self.work_days) if d.year != self.year)
        if strays:
            found.append(
                f"{'、'.join(d.isoformat() for d in strays[:5])} 不在 {self.year} 年："
                f"请在 {strays[0].year} 年的安排中录入"
            )
        both = sorted(set(self.days_off) & self.work_days)
        if both:
            found.append(
                f"{'、'.join(d.isoformat() for d in both[:5])} 既是放假又是上班，请删去其一"
            )
        return found

    def to_json(self) -> dict:
        return {
            "off": {d.isoformat(): name for d, name in sorted(self.days_off.items())},
            "work": sorted(d.isoformat() for d in self.work_days),
        }

    @classmethod
    def from_json(cls, year: int, data: dict) -> Arrangement:
        return cls(
            year,
            {_dt.date.fromisoformat(k): str(v) for k, v in (data.get("off") or {}).items()},
            {_dt.date.fromisoformat(k) for k in data.get("work") or ()},
        )


@dataclass
class ParseResult:
    """What :func:`parse_arrangement` found, and the lines it could not read."""

    days_off: dict[_dt.date, str] = field(default_factory=dict)
    work_days: set[_dt.date] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def _holiday_name(text: str, fallback: str) -> str:
    for name in HOLIDAY_NAMES:
        if name in text or name.rstrip("节") in text:
            return name
    return fallback


def _dates(sentence: str, year: int, problems: list[str]) -> list[_dt.date]:
    """The days a sentence names, ranges ("1月1日至3日") expanded, in order."""
    days: list[_dt.date] = []
    last: _dt.date | None = None
    previous_end = 0
    for match in _DATE.finditer(sentence):
        try:
            if match.group("iy"):
                day = _dt.date(int(match["iy"]), int(match["im"]), int(match["id"]))
            else:
                y = int(match["cy"]) if match["cy"] else (last.year if last else year)
                m = int(match["cm"]) if match["cm"] else (last.month if last else None)
                if m is None:
                    problems.append(f"“{match.group(0)}”没有写月份")
                    continue
                day = _dt.date(y, m, int(match["cd"]))
        except ValueError:
            problems.append(f"“{match.group(0)}”不是有效日期")
            continue
        between = sentence[previous_end : match.start()]
        if last is not None and _RANGE.search(between) and day >= last:
            step = last + _dt.timedelta(days=1)
            while step <= day:
                days.append(step)
                step += _dt.timedelta(days=1)
        else:
            days.append(day)
        last = day
        previous_end = match.end()
    return days


def parse_arrangement(text: str, year: int) -> ParseResult:
    """The days off and working days in ``text`` (a pasted notice or a list of dates); a date
    without its year belongs to ``year``."""
    result = ParseResult()
    text = unicodedata.normalize("NFKC", text)
    for raw in text.splitlines():
        line = _ASIDE.sub("", raw).strip()
        if not line:
            continue
        headed = _HEADED.match(line)
        name = DEFAULT_NAME
        if headed:
            name = headed.group(1).strip()
            line = headed.group(2)
        else:
            name = _holiday_name(line, DEFAULT_NAME)
        for sentence in _SENTENCE.split(line):
            if not _DATE.search(sentence):
                continue
            days = _dates(sentence, year, result.problems)
            if "上班" in sentence:
                result.work_days.update(days)
            else:
                for day in days:
                    result.days_off[day] = name
    for day in result.work_days & set(result.days_off):
        result.problems.append(f"{day.isoformat()} 既写了放假又写了上班")
    if not result.days_off and not result.work_days and not result.problems:
        result.problems.append(
            "没有识别出日期：请粘贴国务院办公厅的放假通知，或每行写一个日期（如 2027-01-01 元旦）"
        )
    return result
