"""Festival dates against the published table for 2024–2030, lunar day text, lunar birthdays."""

from __future__ import annotations

import datetime as dt

import pytest

from lao_gan_bu_desktop.core import lunar_calendar as lc

D = dt.date

# Published dates (国务院办公厅节假日安排 / 万年历), checked against lunar-python.
SPRING = {
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
    2027: D(2027, 2, 6),
    2028: D(2028, 1, 26),
    2029: D(2029, 2, 13),
    2030: D(2030, 2, 3),
}
MID_AUTUMN = {
    2024: D(2024, 9, 17),
    2025: D(2025, 10, 6),
    2026: D(2026, 9, 25),
    2027: D(2027, 9, 15),
    2028: D(2028, 10, 3),
    2029: D(2029, 9, 22),
    2030: D(2030, 9, 12),
}
DOUBLE_NINTH = {
    2024: D(2024, 10, 11),
    2025: D(2025, 10, 29),
    2026: D(2026, 10, 18),
    2027: D(2027, 10, 8),
    2028: D(2028, 10, 26),
    2029: D(2029, 10, 16),
    2030: D(2030, 10, 5),
}
DRAGON_BOAT = {2024: D(2024, 6, 10), 2025: D(2025, 5, 31), 2026: D(2026, 6, 19)}
QINGMING = {2024: D(2024, 4, 4), 2025: D(2025, 4, 4), 2026: D(2026, 4, 5), 2027: D(2027, 4, 5)}


@pytest.mark.parametrize("year", range(2024, 2031))
def test_festivals_match_published_table(year: int) -> None:
    days = lc.festivals(year)
    assert days["春节"] == SPRING[year]
    assert days["中秋节"] == MID_AUTUMN[year]
    assert days["重阳节"] == DOUBLE_NINTH[year]
    assert days["除夕"] == SPRING[year] - dt.timedelta(days=1)
    assert days["元宵节"] == SPRING[year] + dt.timedelta(days=14)
    assert days["元旦"] == D(year, 1, 1)
    assert days["七一"] == D(year, 7, 1)
    assert days["国庆节"] == D(year, 10, 1)
    assert list(days.values()) == sorted(days.values())
    if year in DRAGON_BOAT:
        assert days["端午节"] == DRAGON_BOAT[year]
    if year in QINGMING:
        assert days["清明节"] == QINGMING[year]


def test_chuxi_in_a_year_whose_last_month_is_short() -> None:
    # Lunar 2025's 腊月 has 29 days: 除夕 is 腊月廿九 (2026-02-16), there is no 腊月三十.
    assert lc.month_length(2025, 12) == 29
    assert lc.festivals(2026)["除夕"] == D(2026, 2, 16)
    assert lc.lunar_full_text(D(2026, 2, 16)) == "腊月廿九"
    with pytest.raises(ValueError, match="不存在"):
        lc.from_lunar(2025, 12, 30)


def test_lunar_day_text() -> None:
    assert lc.lunar_day_text(D(2026, 2, 17)) == "正月"  # the 1st shows the month
    assert lc.lunar_day_text(D(2026, 3, 3)) == "十五"
    assert lc.lunar_full_text(D(2026, 2, 10)) == "腊月廿三"
    assert lc.lunar_day_text(D(2025, 7, 25)) == "闰六月"
    assert lc.lunar_full_text(D(2025, 7, 26)) == "闰六月初二"
    assert lc.lunar_day_text(D(2026, 11, 29)) == "廿一"
    assert [lc.lunar_day_name(n) for n in (1, 10, 11, 20, 21, 30)] == [
        "初一",
        "初十",
        "十一",
        "二十",
        "廿一",
        "三十",
    ]


def test_to_lunar_agrees_with_lunar_python() -> None:
    from lunar_python import Solar

    day = D(1925, 1, 1)
    while day < D(2035, 1, 1):
        expected = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        got = lc.to_lunar(day)
        assert (got.year, -got.month if got.leap else got.month, got.day) == (
            expected.getYear(),
            expected.getMonth(),
            expected.getDay(),
        )
        day += dt.timedelta(days=97)


def test_lunar_birthday_on_the_30th_of_a_short_month_falls_on_the_29th() -> None:
    birth = lc.LunarDate(1946, 12, 30)
    assert lc.lunar_birthday_in(birth, 2025) == D(2026, 2, 16)  # 腊月廿九, the month is short
    assert lc.month_length(2029, 12) == 30
    assert lc.lunar_birthday_in(birth, 2029) == lc.from_lunar(2029, 12, 30)
    assert lc.lunar_full_text(lc.lunar_birthday_in(birth, 2029)) == "腊月三十"


def test_leap_month_birthday() -> None:
    born = lc.LunarDate(1944, 6, 10, leap=True)
    # 2025 has a leap sixth month: the birthday is in it.
    assert lc.has_month(2025, 6, leap=True)
    assert lc.lunar_birthday_in(born, 2025) == lc.from_lunar(2025, 6, 10, leap=True)
    # 2026 has none: the ordinary sixth month.
    assert not lc.has_month(2026, 6, leap=True)
    assert lc.lunar_birthday_in(born, 2026) == lc.from_lunar(2026, 6, 10)


def test_official_days_off_known_and_unknown_years() -> None:
    days = lc.official_days_off(D(2026, 9, 20), D(2026, 10, 10))
    assert days[D(2026, 10, 1)] == "国庆节"
    assert D(2026, 9, 20) not in days
    assert lc.official_days_off(D(2099, 1, 1), D(2099, 1, 10)) == {}


def test_festivals_between_crosses_years() -> None:
    found = lc.festivals_between(D(2026, 12, 25), D(2027, 2, 10))
    assert found[D(2027, 1, 1)] == ["元旦"]
    assert found[D(2027, 2, 6)] == ["春节"]
    assert found[D(2027, 2, 5)] == ["除夕"]
    with pytest.raises(ValueError, match="未知的节日"):
        lc.festival_on("情人节", 2026)
