"""Tests of core.idnumber: GB 11643 check digits, 15-digit numbers, lost digits, masking."""

from datetime import date

import pytest

from lao_gan_bu_desktop.core.errors import IdNumberError, RuleError
from lao_gan_bu_desktop.core.idnumber import (
    LOST_DIGITS_MESSAGE,
    IdNumber,
    check_digit,
    mask_id_number,
    parse_id_number,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", IdNumber("11010519491231002X", date(1949, 12, 31), "女")),
        ("11010519491231002x", IdNumber("11010519491231002X", date(1949, 12, 31), "女")),
        (
            "１１０１０５１９４９１２３１００２ｘ",
            IdNumber("11010519491231002X", date(1949, 12, 31), "女"),
        ),
        (
            "１１０１０５１９４９１２３１００２Ｘ",
            IdNumber("11010519491231002X", date(1949, 12, 31), "女"),
        ),
        (" 110105 19491231 002X ", IdNumber("11010519491231002X", date(1949, 12, 31), "女")),
        ("110105\u300019491231002X", IdNumber("11010519491231002X", date(1949, 12, 31), "女")),
        ("340524800101001", IdNumber("34052419800101001X", date(1980, 1, 1), "男")),
        ("34052419800101001X", IdNumber("34052419800101001X", date(1980, 1, 1), "男")),
        (340524800101001, IdNumber("34052419800101001X", date(1980, 1, 1), "男")),
    ],
)
def test_valid_numbers(value: object, expected: IdNumber) -> None:
    assert parse_id_number(value) == expected


def test_valid_18_digit_int_is_accepted() -> None:
    number = "11010519491231003" + check_digit("11010519491231003")
    assert number.isdigit()
    assert parse_id_number(int(number)).number == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "身份证号应为18位（或旧的15位），当前为17位"),
        ("1101051949123100200", "身份证号应为18位（或旧的15位），当前为19位"),
        ("110105194912310029", "身份证号校验位错误：最后一位应为X，请核对"),
        ("110105194902310022", "身份证号中的出生日期19490231不存在"),
        ("110105490231002", "身份证号中的出生日期19490231不存在"),
        (4.10105e17, LOST_DIGITS_MESSAGE),
        (410105194912310000.0, LOST_DIGITS_MESSAGE),
        ("4.10105E+17", LOST_DIGITS_MESSAGE),
        ("4.10105194912310E+17", LOST_DIGITS_MESSAGE),
        ("4.10105194912310e17", LOST_DIGITS_MESSAGE),
        ("410105194912310000.0", LOST_DIGITS_MESSAGE),
        (410105194912310000, LOST_DIGITS_MESSAGE),
        (41010519491231000, LOST_DIGITS_MESSAGE),
        ("", "身份证号不能为空"),
        (None, "身份证号不能为空"),
    ],
)
def test_errors(value: object, message: str) -> None:
    with pytest.raises(IdNumberError) as info:
        parse_id_number(value)
    assert info.value.message == message
    assert isinstance(info.value, RuleError)


@pytest.mark.parametrize(
    "value",
    ["11010519491231002Y", "1101051949123100-X", "X10105194912310020", "11010518000101002X"],
)
def test_bad_characters_or_positions(value: str) -> None:
    with pytest.raises(IdNumberError):
        parse_id_number(value)


@pytest.mark.parametrize(
    ("first17", "digit"),
    [("11010519491231002", "X"), ("34052419800101001", "X"), ("11010519491231003", "8")],
)
def test_check_digit(first17: str, digit: str) -> None:
    assert check_digit(first17) == digit


def test_check_digit_rejects_non_digits() -> None:
    with pytest.raises(IdNumberError):
        check_digit("1101051949123100")


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("41010519491231123X", "410105********123X"),
        ("340524800101001", "340524*****1001"),
        ("123", "***"),
    ],
)
def test_mask(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked
