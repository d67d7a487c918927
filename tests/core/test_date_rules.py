"""core.person_dates.DateRules, the import's quick path, gives exactly what date_problems gives:
every combination of boundary dates around today, the 120-year limit, 1880 and the birth."""

from __future__ import annotations

import datetime as _dt
import itertools

from lao_gan_bu_desktop.core.person_dates import EARLIEST_BIRTH, DateRules, date_problems

TODAY = _dt.date(2026, 3, 1)
LEAP_TODAY = _dt.date(2028, 2, 29)


def _births(today: _dt.date) -> list[object]:
    limit = today.replace(year=today.year - 121) if today.day != 29 else _dt.date(1907, 2, 28)
    one = _dt.timedelta(days=1)
    return [
        None,
        "",
        "1950年",
        _dt.datetime(1950, 3, 1, 8, 0),
        EARLIEST_BIRTH - one,
        EARLIEST_BIRTH,
        limit - one,
        limit,
        limit + one,
        _dt.date(1950, 3, 1),
        today - one,
        today,
        today + one,
    ]


def _others(today: _dt.date) -> list[object]:
    one = _dt.timedelta(days=1)
    return [
        None,
        _dt.date(1950, 2, 28),
        _dt.date(1950, 3, 1),
        _dt.date(1970, 1, 1),
        today,
        today + one,
        "不详",
    ]


def test_the_quick_path_agrees_with_the_full_check() -> None:
    checked = 0
    for today in (TODAY, LEAP_TODAY):
        rules = DateRules(today)
        for birth, work, death in itertools.product(_births(today), _others(today), _others(today)):
            values = {"name": "张三"}
            for key, value in (
                ("birth_date", birth),
                ("work_start_date", work),
                ("death_date", death),
            ):
                if value is not None:
                    values[key] = value
            assert rules.problems(values) == date_problems(values, today), values
            checked += 1
    assert checked > 1000


def test_a_usual_row_has_no_problem_and_a_late_birth_has_one() -> None:
    rules = DateRules(TODAY)
    assert (
        rules.problems(
            {"birth_date": _dt.date(1950, 3, 1), "work_start_date": _dt.date(1970, 7, 1)}
        )
        == {}
    )
    assert "birth_date" in rules.problems({"birth_date": TODAY + _dt.timedelta(days=1)})
