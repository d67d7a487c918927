"""A due list of a few weeks reads only the people that can have an item in it
(core.visit_rules.person_scope); its items must be exactly those of the whole roster."""

from __future__ import annotations

import datetime as dt

import pytest

from lao_gan_bu_desktop.core.visit_rules import RuleSettings, due_items, person_scope
from lao_gan_bu_desktop.services import health, roster, visits
from lao_gan_bu_desktop.services.visits import VisitInput

D = dt.date
TODAY = D(2026, 11, 29)
STATUSES = ("在册", "已故", "迁出")


def unscoped(start: dt.date, end: dt.date, day: dt.date, settings: RuleSettings) -> list[dict]:
    """The due list from every person (as before the scope)."""
    since = min(start, day) - dt.timedelta(days=settings.overdue_lookback_days + 60)
    return [
        i.to_dict()
        for i in due_items(
            visits.person_records(STATUSES),
            visits.visit_records(since),
            visits.stay_records(since),
            settings,
            start,
            end,
            day,
        )
    ]


def scoped(start: dt.date, end: dt.date, day: dt.date, settings: RuleSettings) -> list[dict]:
    return [i.to_dict() for i in visits.due_list(start, end, day=day, settings=settings)]


@pytest.fixture
def zone(demo_ctx):
    """The demo zone plus birthdays on the edges: 29 February, 31 December, 1 January."""
    for name, birth in (
        ("闰日生", "1940-02-29"),
        ("岁末生", "1946-12-31"),
        ("元旦生", "1936-01-01"),
    ):
        roster.create_person({"name": name, "birth_date": birth})
    roster.create_person({"name": "农历生", "birth_date": "1941-01-20", "lunar_birthday": True})
    moved = roster.create_person({"name": "迁出者", "birth_date": "1940-05-05"})
    visits.create_visit(VisitInput((moved,), "日常走访", TODAY - dt.timedelta(days=3)))
    roster.set_status([moved], "迁出")
    died = roster.create_person({"name": "故去者", "birth_date": "1930-08-08"})
    roster.set_status([died], "已故", death_date=TODAY - dt.timedelta(days=5))
    health.add_hospital_stay(died, TODAY - dt.timedelta(days=20), hospital="市一院")
    return demo_ctx


def test_the_scope_names_festivals_and_birthday_ranges() -> None:
    settings = RuleSettings()
    home = person_scope(settings, TODAY, TODAY + dt.timedelta(days=7), TODAY)
    assert not home.everyone_living  # no festival from 30 Oct to 6 Dec
    assert home.birthday_ranges == (("10-30", "12-06"),)
    new_year = person_scope(settings, D(2027, 1, 10), D(2027, 1, 17), D(2027, 1, 10))
    assert new_year.birthday_ranges == (("12-11", "12-31"), ("01-01", "01-17"))
    spring = person_scope(settings, D(2027, 2, 1), D(2027, 2, 8), D(2027, 2, 1))
    assert spring.everyone_living  # 春节 2027 is 6 February
    leap = person_scope(settings, D(2027, 2, 21), D(2027, 2, 28), D(2027, 2, 21))
    assert leap.birthday_ranges == (("01-22", "02-28"), ("02-29", "02-29"))
    year = person_scope(settings, D(2027, 1, 1), D(2027, 12, 31), D(2027, 1, 1))
    assert year.birthday_ranges is None


def test_short_due_lists_are_unchanged_by_the_scope(zone) -> None:
    settings = visits.load_rule_settings()
    days = [TODAY + dt.timedelta(days=n) for n in range(-40, 460, 3)]
    days += [
        D(2027, 2, 21),
        D(2027, 2, 27),
        D(2027, 2, 28),
        D(2028, 2, 28),
        D(2028, 2, 29),
        D(2026, 12, 31),
    ]
    for day in days:
        end = day + dt.timedelta(days=7)
        assert scoped(day, end, day, settings) == unscoped(day, end, day, settings), day
    # No look-back: the week up to 28 February 2027 has no festival, only the 29 February birthday.
    narrow = RuleSettings(overdue_lookback_days=0)
    week = (D(2027, 2, 21), D(2027, 2, 28), D(2027, 2, 21))
    assert not person_scope(narrow, *week).everyone_living
    found = scoped(*week, narrow)
    assert any(i["name"] == "闰日生" and i["day"] == D(2027, 2, 28) for i in found)
    assert found == unscoped(*week, narrow)


def test_calendar_months_and_other_settings_are_unchanged_by_the_scope(zone) -> None:
    wide = RuleSettings(birthday_min_age=60, overdue_lookback_days=90, death_visit_days=30)
    for settings in (visits.load_rule_settings(), wide):
        for month in range(1, 13):
            start = D(2027, month, 1) - dt.timedelta(days=6)
            end = start + dt.timedelta(days=48)
            assert scoped(start, end, TODAY, settings) == unscoped(start, end, TODAY, settings)
    year = (D(2027, 1, 1), D(2027, 12, 31))
    assert scoped(*year, TODAY, wide) == unscoped(*year, TODAY, wide)


def test_the_home_reads_fewer_people(zone, monkeypatch) -> None:
    read: list[int] = []
    real = visits.person_records

    def counting(*args, **kwargs):
        records = real(*args, **kwargs)
        read.append(len(records))
        return records

    monkeypatch.setattr(visits, "person_records", counting)
    visits.due_list(TODAY, TODAY + dt.timedelta(days=7), day=TODAY)
    assert 0 < read[0] < len(real(STATUSES)) / 2
