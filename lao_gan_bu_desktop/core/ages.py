"""Ages in whole years and the age brackets of the annual survey (年报).

A person born on 29 February is a year older on 1 March in years without 29 February, and on
29 February in leap years: the birthday has not happened on 28 February yet.
"""

from __future__ import annotations

from datetime import date

from .errors import RuleError

AGE_BRACKETS: tuple[str, ...] = ("60岁以下", "60至70岁", "71至79岁", "80岁及以上")


def age_on(birth_date: date, day: date) -> int:
    """Whole years between ``birth_date`` and ``day`` (see the module docstring for 29 Feb)."""
    if day < birth_date:
        raise RuleError(
            f"出生日期{birth_date.isoformat()}晚于计算日期{day.isoformat()}，请核对出生日期"
        )
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def age_bracket(age: int) -> str:
    """60岁以下 (under 60), 60至70岁 (60–70 inclusive), 71至79岁, 80岁及以上."""
    if age < 60:
        return AGE_BRACKETS[0]
    if age <= 70:
        return AGE_BRACKETS[1]
    if age <= 79:
        return AGE_BRACKETS[2]
    return AGE_BRACKETS[3]
