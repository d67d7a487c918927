"""Dates of a person that cannot be true, named once for every door (import, dialog, listing).

A birth after today or before 1880, an age over 120, a retirement, first job, party membership
or death before the birth, a retirement before the first job, or a death after today: each is
a problem with a Chinese reason.
Writing checks them to refuse the value; reading checks them so that a value stored before the
rule existed (or written by another program) never breaks a listing: the age is left blank and
the person is flagged (``date_issue`` of the roster's rows).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .vocab import FIELD_LABELS

MAX_AGE = 120
EARLIEST_BIRTH = _dt.date(1880, 1, 1)
AFTER_BIRTH_KEYS = ("retirement_date", "work_start_date", "party_join_date", "death_date")
DATE_KEYS = ("birth_date", *AFTER_BIRTH_KEYS)


def _plain_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    return value if isinstance(value, _dt.date) else None


def _years_before(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_problems(values: Mapping[str, Any], today: _dt.date) -> dict[str, str]:
    """Field key → Chinese reason for every date of ``values`` that cannot be true on ``today``.

    ``values`` holds glossary keys; a key that is missing or empty is not checked, and a stored
    value that is not a date at all is a problem of its own.
    """
    problems: dict[str, str] = {}
    for key in DATE_KEYS:
        raw = values.get(key)
        if raw not in (None, "") and _plain_date(raw) is None:
            problems[key] = f"{FIELD_LABELS[key]}“{raw}”不是日期，请重新填写"
    birth = _plain_date(values.get("birth_date"))
    death = _plain_date(values.get("death_date"))
    if birth is not None:
        if birth > today:
            problems["birth_date"] = (
                f"出生日期{birth.isoformat()}晚于今天（{today.isoformat()}），请核对"
            )
        elif birth < EARLIEST_BIRTH:
            problems["birth_date"] = f"出生日期{birth.isoformat()}早于1880年，请核对"
        elif birth <= _years_before(death if death and death >= birth else today, MAX_AGE + 1):
            problems["birth_date"] = (
                f"出生日期{birth.isoformat()}表明年龄超过{MAX_AGE}岁，请核对出生日期"
            )
        for key in AFTER_BIRTH_KEYS:
            value = _plain_date(values.get(key))
            if value is not None and value < birth:
                problems[key] = (
                    f"{FIELD_LABELS[key]}{value.isoformat()}早于出生日期{birth.isoformat()}，请核对"
                )
    if death is not None and death > today and "death_date" not in problems:
        problems["death_date"] = f"去世日期{death.isoformat()}晚于今天，请核对"
    retired = _plain_date(values.get("retirement_date"))
    started = _plain_date(values.get("work_start_date"))
    if retired and started and retired < started and "retirement_date" not in problems:
        problems["retirement_date"] = (
            f"{FIELD_LABELS['retirement_date']}{retired.isoformat()}早于"
            f"{FIELD_LABELS['work_start_date']}{started.isoformat()}，请核对"
        )
    return problems


class DateRules:
    """:func:`date_problems` for many rows on one day (an import): the usual row, whose dates
    are plain dates in order within a lifetime, is passed in a few comparisons; any other row
    gets the full check, so the answer is always the same as :func:`date_problems`'."""

    __slots__ = ("oldest", "today")

    def __init__(self, today: _dt.date) -> None:
        self.today = today
        # A birth on or before this day is over MAX_AGE (the full check says so).
        self.oldest = max(_years_before(today, MAX_AGE + 1), EARLIEST_BIRTH - _dt.timedelta(1))

    def problems(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The same as ``date_problems(values, today)``."""
        birth = values.get("birth_date")
        if birth.__class__ is _dt.date and self.oldest < birth <= self.today:
            for key in AFTER_BIRTH_KEYS:
                value = values.get(key)
                if value is not None and (value.__class__ is not _dt.date or value < birth):
                    break
            else:
                death = values.get("death_date")
                retired, started = values.get("retirement_date"), values.get("work_start_date")
                if (death is None or death <= self.today) and (
                    retired is None or started is None or started <= retired
                ):
                    return {}
        return date_problems(values, self.today)


def describe(problems: Mapping[str, str]) -> str:
    """The problems of :func:`date_problems` as one line ("" when there are none)."""
    return "；".join(problems.values())
