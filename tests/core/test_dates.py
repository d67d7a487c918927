"""Tests of core.dates: every date form units use, Excel serials, impossible dates."""

from datetime import date, datetime

import pytest

from lao_gan_bu_desktop.core.dates import format_date, parse_date, parse_optional_date
from lao_gan_bu_desktop.core.errors import DateFormatError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1955-03-12", date(1955, 3, 12)),
        ("1955/3/12", date(1955, 3, 12)),
        ("1955.03.12", date(1955, 3, 12)),
        ("1955.03", date(1955, 3, 1)),
        ("1955.3", date(1955, 3, 1)),
        ("1955.1", date(1955, 1, 1)),
        ("1955.10", date(1955, 10, 1)),
        ("1955.12", date(1955, 12, 1)),
        ("1955年3月", date(1955, 3, 1)),
        ("1955年3月12日", date(1955, 3, 12)),
        ("1955年03月12号", date(1955, 3, 12)),
        ("1955 年 3 月", date(1955, 3, 1)),
        ("19550312", date(1955, 3, 12)),
        ("195503", date(1955, 3, 1)),
        ("1955-3", date(1955, 3, 1)),
        ("1955-03-12 00:00:00", date(1955, 3, 12)),
        ("1955-03-12T08:30", date(1955, 3, 12)),
        ("１９５５－０３－１２", date(1955, 3, 12)),
        ("１９５５年３月", date(1955, 3, 1)),
        ("一九五五年三月", date(1955, 3, 1)),
        ("一九五〇年五月三日", date(1950, 5, 3)),
        ("一九五〇年十二月三十一日", date(1950, 12, 31)),
        ("二〇一〇年十月", date(2010, 10, 1)),
        (" 1955-03-12 ", date(1955, 3, 12)),
        (date(1955, 3, 12), date(1955, 3, 12)),
        (datetime(1955, 3, 12, 10, 30), date(1955, 3, 12)),
        (20160, date(1955, 3, 12)),
        (20160.0, date(1955, 3, 12)),
        (20160.75, date(1955, 3, 12)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (19550312, date(1955, 3, 12)),
        (19550312.0, date(1955, 3, 12)),
        (195503, date(1955, 3, 1)),
        (1955.03, date(1955, 3, 1)),
        (1955.12, date(1955, 12, 1)),
    ],
)
def test_parse_date(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1955-02-31", "日期“1955-02-31”不存在，请核对"),
        ("1955年13月", "日期“1955年13月”不存在，请核对"),
        ("19550231", "日期“19550231”不存在，请核对"),
        ("1955.13", "日期“1955.13”不存在，请核对"),
        ("abc", "无法识别的日期“abc”，请写成 1955-03-12 或 1955年3月"),
        ("1955", "无法识别的日期“1955”，请写成 1955-03-12 或 1955年3月"),
        ("5.3", "无法识别的日期“5.3”，请写成 1955-03-12 或 1955年3月"),
        ("55.13", "日期“55.13”不存在，请核对"),
        ("12/03/1955", "无法识别的日期“12/03/1955”，请写成 1955-03-12 或 1955年3月"),
        ("一九五五年十三月", "日期“一九五五年十三月”不存在，请核对"),
        ("", "日期不能为空，请写成 1955-03-12 或 1955年3月"),
        ("  ", "日期不能为空，请写成 1955-03-12 或 1955年3月"),
        (None, "日期不能为空，请写成 1955-03-12 或 1955年3月"),
    ],
)
def test_parse_date_errors(value: object, message: str) -> None:
    with pytest.raises(DateFormatError) as info:
        parse_date(value)
    assert info.value.message == message


@pytest.mark.parametrize("value", [60, 1955.1, 55.1, 0, -5, float("nan"), float("inf"), True, 1955])
def test_parse_date_number_errors(value: object) -> None:
    with pytest.raises(DateFormatError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("　", None), ("1955.3", date(1955, 3, 1))],
)
def test_parse_optional_date(value: object, expected: date | None) -> None:
    assert parse_optional_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(1955, 3, 1), "1955-03-01"), (None, ""), (datetime(2024, 1, 2, 3, 4), "2024-01-02")],
)
def test_format_date(value: date | None, expected: str) -> None:
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("55.3", date(1955, 3, 1)),
        ("51.05", date(1951, 5, 1)),
        ("06.10", date(2006, 10, 1)),
        ("26.11", date(2026, 11, 1)),
        ("27.01", date(1927, 1, 1)),
        ("51.5.3", date(1951, 5, 3)),
        ("51年5月", date(1951, 5, 1)),
        (51.05, date(1951, 5, 1)),
        (6.12, date(2006, 12, 1)),
    ],
)
def test_two_digit_years_are_of_this_century_up_to_this_year(value: object, expected: date) -> None:
    from lao_gan_bu_desktop.core import clock

    with clock.frozen(date(2026, 11, 29)):
        assert parse_date(value) == expected
