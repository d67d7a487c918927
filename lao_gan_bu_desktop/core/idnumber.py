"""公民身份号码 (GB 11643-1999): checking, converting old 15-digit numbers, masking.

The canonical form is 18 characters with an upper-case X. The area code is deliberately not
checked against any list (codes change with administrative divisions).

Numbers stored as numbers: a spreadsheet cell holding an ID as a number keeps only 15 significant
digits, so the last digits are gone and cannot be recovered. Therefore

* a float is refused with :data:`LOST_DIGITS_MESSAGE`, except a whole one of 15 digits (an old
  number, which Excel's 15 significant digits keep whole);
* text in scientific notation ("4.10105E+17") or ending in ".0" after 15+ digits is refused too;
* an int of 15 digits is exact (well below 2**53) and is read like text;
* an int of 18 digits is accepted only when it is a fully valid number (its check digit is then
  evidence that nothing was lost); otherwise it is refused with :data:`LOST_DIGITS_MESSAGE`;
* an int of any other length of 16 digits or more is refused with :data:`LOST_DIGITS_MESSAGE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .errors import IdNumberError
from .normalize import strip_text_marks, to_halfwidth

LOST_DIGITS_MESSAGE = "身份证号被保存为数字，后几位已丢失，请将该列设为文本后重新填写"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_MAP = "10X98765432"
_MIN_YEAR = 1880
_MAX_YEAR = 2100

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")
_FLOAT_TEXT = re.compile(r"^\d{15,}\.0+$")


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number in canonical 18-character form with what it tells."""

    number: str
    birth_date: date
    gender: str


_WHITESPACE = re.compile(r"\s+")
_ID_CHARS = re.compile(r"[0-9X]*")


def check_digit(first17: str) -> str:
    """The GB 11643 check character ('0'-'9' or 'X') for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdNumberError(f"身份证号前17位应为数字，当前为“{first17}”")
    total = sum(map(int.__mul__, map(int, first17), _WEIGHTS))
    return _CHECK_MAP[total % 11]


_CANONICAL = re.compile("[0-9]{17}[0-9X]")
_ZERO_SUM = ord("0") * sum(_WEIGHTS)


@lru_cache(maxsize=65536)
def _birth_date(text: str) -> date | None:
    """The date of "YYYYMMDD" when it exists and its year is plausible, else None."""
    try:
        birth = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return birth if _MIN_YEAR <= birth.year <= _MAX_YEAR else None


def _parse_canonical(text: str) -> IdNumber | None:
    """A valid number already in canonical form, read quickly (the common case in an import);
    None for anything else, which :func:`_parse_text` then explains."""
    birth = _birth_date(text[6:14])
    if birth is None:
        return None
    total = sum(map(int.__mul__, text[:17].encode(), _WEIGHTS)) - _ZERO_SUM
    if _CHECK_MAP[total % 11] != text[17]:
        return None
    return IdNumber(text, birth, "男" if int(text[16]) % 2 == 1 else "女")


def _parse_text(text: str) -> IdNumber:
    if len(text) == 18 and _CANONICAL.fullmatch(text):
        fast = _parse_canonical(text)
        if fast is not None:
            return fast
    return _parse_slow(text)


# A dash typed between groups of digits ("410105-19550312-1135"), as spaces are.
_GROUP_DASH = re.compile(r"(?<=\d)[-‐‑–—―−](?=[\dXx])")


def _parse_slow(text: str) -> IdNumber:
    cleaned = strip_text_marks(to_halfwidth(text)).replace("×", "X")
    cleaned = _GROUP_DASH.sub("", _WHITESPACE.sub("", cleaned))
    if not cleaned:
        raise IdNumberError("身份证号不能为空")
    if _SCIENTIFIC.fullmatch(cleaned) or _FLOAT_TEXT.fullmatch(cleaned):
        raise IdNumberError(LOST_DIGITS_MESSAGE)
    cleaned = cleaned.upper()
    bad = [] if _ID_CHARS.fullmatch(cleaned) else [ch for ch in cleaned if ch not in "0123456789X"]
    if bad:
        raise IdNumberError(f"身份证号“{cleaned}”中含有无效字符“{bad[0]}”，只能是数字和末位的X")
    if len(cleaned) not in (15, 18):
        raise IdNumberError(f"身份证号应为18位（或旧的15位），当前为{len(cleaned)}位")
    if len(cleaned) == 15:
        if "X" in cleaned:
            raise IdNumberError("旧的15位身份证号只能由数字组成，请核对")
        first17 = cleaned[:6] + "19" + cleaned[6:]
    else:
        if "X" in cleaned[:17]:
            raise IdNumberError("身份证号只有最后一位可以是X，请核对")
        first17 = cleaned[:17]
    birth_text = first17[6:14]
    year, month, day = int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:])
    try:
        birth = date(year, month, day)
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期{birth_text}不存在") from None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise IdNumberError(f"身份证号中的出生日期{birth_text}不合理，请核对")
    expected = check_digit(first17)
    if len(cleaned) == 18 and cleaned[17] != expected:
        raise IdNumberError(f"身份证号校验位错误：最后一位应为{expected}，请核对")
    gender = "男" if int(first17[16]) % 2 == 1 else "女"
    return IdNumber(number=first17 + expected, birth_date=birth, gender=gender)


def parse_id_number(value: object) -> IdNumber:
    """Check an ID number from a cell and return it in canonical form.

    Accepts text with spaces, full-width digits and a lower-case or full-width x, and old 15-digit
    numbers (converted to 18). Raises IdNumberError with a precise Chinese message otherwise;
    see the module docstring for numbers stored as numbers.
    """
    if value is None:
        raise IdNumberError("身份证号不能为空")
    if isinstance(value, bool):
        raise IdNumberError(f"身份证号“{value}”无法识别，请填写18位身份证号")
    if isinstance(value, float):
        # Excel keeps 15 significant digits: an old 15-digit number stored as a number is whole.
        if value.is_integer() and 1e14 <= value < 1e15:
            return _parse_text(str(int(value)))
        raise IdNumberError(LOST_DIGITS_MESSAGE)
    if isinstance(value, int):
        digits = str(value)
        if len(digits) == 18:
            try:
                return _parse_text(digits)
            except IdNumberError:
                raise IdNumberError(LOST_DIGITS_MESSAGE) from None
        if len(digits) >= 16:
            raise IdNumberError(LOST_DIGITS_MESSAGE)
        return _parse_text(digits)
    return _parse_text(str(value))


def mask_id_number(number: str) -> str:
    """The number with its middle hidden: first 6, stars, last 4 ("410105********123X")."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
