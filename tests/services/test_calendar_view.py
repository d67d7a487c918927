"""The calendar's day cells: counts read in SQL agree with the rules in core."""

from __future__ import annotations

import datetime as dt

from lao_gan_bu_desktop.core.visit_rules import RuleSettings, birthdays_between
from lao_gan_bu_desktop.services import roster, visits
from lao_gan_bu_desktop.services.calendar_view import (
    birthday_counts,
    birthdays,
    calendar_days,
    grid_days,
)

D = dt.date
TODAY = D(2026, 11, 29)


def _expected(start: dt.date, end: dt.date) -> dict[dt.date, int]:
    s = RuleSettings()
    counts: dict[dt.date, int] = {}
    for p in visits.person_records(("在册",)):
        for day, age in birthdays_between(p, start, end):
            if age >= s.birthday_min_age or age in s.round_birthdays:
                counts[day] = counts.get(day, 0) + 1
    return counts


def test_birthday_counts_agree_with_the_rules(demo_ctx) -> None:
    # Add edge cases: 29 February, a lunar 腊月三十 and a leap-month birth.
    roster.create_person({"name": "闰日", "birth_date": "1944-02-29"})
    roster.create_person({"name": "腊月", "birth_date": "1947-02-19", "lunar_birthday": True})
    roster.create_person({"name": "闰月", "birth_date": "1944-08-08", "lunar_birthday": True})
    for month in [D(2026, m, 1) for m in range(1, 13)] + [D(2027, 2, 1), D(2028, 2, 1)]:
        days = grid_days(month)
        expected = _expected(days[0], days[-1])
        assert birthday_counts(days[0], days[-1]) == expected, month
        listed: dict[dt.date, int] = {}
        for row in birthdays(days[0], days[-1]):
            listed[row["day"]] = listed.get(row["day"], 0) + 1
        assert listed == expected, month


def test_calendar_days_of_a_month(ctx) -> None:
    pid = roster.create_person({"name": "王建国", "birth_date": "1946-02-06"})
    v = visits.create_visit(visits.VisitInput((pid,), "日常走访", D(2026, 2, 3)))
    visits.create_visit(visits.VisitInput((pid,), "日常走访", D(2026, 2, 4)))
    visits.mark_done(v, D(2026, 2, 3))
    days = grid_days(D(2026, 2, 1))
    assert days[0] == D(2026, 1, 26) and len(days) == 42 and days[0].weekday() == 0
    infos = calendar_days(days[0], days[-1], today=D(2026, 2, 10))
    assert infos[D(2026, 2, 17)].festivals == ["春节"]
    assert infos[D(2026, 2, 16)].festivals == ["除夕"]
    assert infos[D(2026, 2, 17)].day_off == "春节"
    assert infos[D(2026, 2, 14)].work_shift  # Saturday before 春节: an official working day
    assert not infos[D(2026, 2, 7)].work_shift
    assert infos[D(2026, 2, 3)].done == 1
    assert (infos[D(2026, 2, 4)].planned, infos[D(2026, 2, 4)].overdue) == (1, 1)
    assert infos[D(2026, 2, 6)].birthdays == 1  # 80: a round birthday
    assert infos[D(2026, 2, 10)].lunar == "廿三"


def test_day_cells_name_the_people_visited(demo_ctx) -> None:
    """Up to three names per day, then how many people in all."""
    import datetime as _dt

    from lao_gan_bu_desktop.services import visits
    from lao_gan_bu_desktop.services.calendar_view import calendar_days, names_text
    from lao_gan_bu_desktop.services.roster import list_persons
    from tests.conftest import FIXED_TODAY

    day = _dt.date(2026, 12, 9)
    people = list_persons()[:5]
    ids = tuple(p["id"] for p in people)
    visits.create_visit(visits.VisitInput(ids, "日常走访", day))
    infos = calendar_days(day, day, today=FIXED_TODAY)
    info = infos[day]
    assert info.people >= 5
    assert len(info.names) == 3
    assert names_text(info.names, info.people).endswith(f"等 {info.people} 人")
    assert names_text(["王一"], 1) == "王一"
