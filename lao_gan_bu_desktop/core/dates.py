"""Reading dates in every form that unit spreadsheets use, and writing them back as ISO text.

Accepted: ``date``/``datetime`` objects; Excel serial numbers (1900 date system); and text such as
1955-03-12, 1955/3/12, 1955.03.12, 1955.03, 1955.3, 1955年3月, 1955年3月12日, 1955年03月12号,
19550312, 195503, 1955-3 and 1955-03-12 00:00:00, in full-width digits too, and dates written out in Chinese
numerals (一九五〇年五月三日, 一九五〇年五月). A month alone becomes
the 1st of that month (the glossary keeps 离退休时间 this way). A two-digit year ("51.05",
"06.10", "51年5月", also the number 51.05) is of this century up to this year, else of the last.
The Chinese keyboard's "。", "，" and "、" between the numbers stand for the dot ("1950。05").

Text after a dot is read as a month, not as a decimal fraction: "1955.1" is January and
"1955.10" October. A *number* 1955.1 is ambiguous (a cell typed as 1955.10 is stored as 1955.1),
so it is refused with a message asking for a text column.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from .errors import DateFormatError
from .normalize import to_halfwidth

MIN_YEAR = 1880
MAX_YEAR = 2100

# Excel's 1900 date system counts 1900-01-01 as 1 and wrongly believes 1900-02-29 (serial 60)
# exists, so from serial 61 on the epoch is 1899-12-30 and below 60 it is 1899-12-31.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_EPOCH_BEFORE_BUG = date(1899, 12, 31)
_EXCEL_SERIAL_MIN = 1
_EXCEL_SERIAL_MAX = 80000

_HINT = "请写成 1955-03-12 或 1955年3月"

_TIME_SUFFIX = re.compile(r"^(.*?\d)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_PATTERNS = (
    re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?[.]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)
# A year of two digits, as older clerks write it: "51.05", "06.10", "51年5月", "51.5.3".
_SHORT_YEAR = (
    re.compile(r"^(\d{2})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$"),
    re.compile(r"^(\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?[.]?$"),
)


# "1950。05", "1948，11，20", "1944、2": the Chinese keyboard's full stop, comma and enumeration
# comma typed between the numbers of a date.
_IME_DOTS = re.compile(r"(?<=\d)[。、,，](?=\d)")


def _full_year(short: int) -> int:
    """The year of a two-digit year: this century up to this year, else the last one ("51" is
    1951, "06" is 2006 and "30" is 1930 in 2026): the dates of the roster are all in the past."""
    from . import clock

    this_year = clock.today().year
    year = this_year // 100 * 100 + short
    return year if year <= this_year else year - 100


def check_year(day: date | None, label: str) -> None:
    """DateFormatError when ``day`` lies outside the years the program takes (those a date
    typed anywhere is read in): a date edit's 0001 or 9999, which no list, calendar or export
    can show and the command line could not even ask for."""
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateFormatError(
            f"{label}{day.isoformat()}的年份不合理，应在{MIN_YEAR}至{MAX_YEAR}年之间，请核对"
        )


def _unrecognised(raw: object) -> DateFormatError:
    return DateFormatError(f"无法识别的日期“{raw}”，{_HINT}")


def _build(year: int, month: int, day: int, raw: object) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateFormatError(f"日期“{raw}”的年份不合理，应在{MIN_YEAR}至{MAX_YEAR}年之间，请核对")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"日期“{raw}”不存在，请核对") from None


def _from_serial(serial: float, raw: object) -> date:
    whole = int(serial)
    if whole == 60:
        raise DateFormatError(f"日期“{raw}”（Excel中的1900-02-29）不存在，请核对")
    epoch = _EXCEL_EPOCH_BEFORE_BUG if whole < 60 else _EXCEL_EPOCH
    return epoch + timedelta(days=whole)


def _from_number(value: float) -> date:
    if not math.isfinite(value):
        raise _unrecognised(value)
    if MIN_YEAR <= value < MAX_YEAR + 1:
        # A year or year.month typed into a number cell (1955, 1955.03), not a serial in 1905.
        if value.is_integer():
            raise _unrecognised(int(value))
        text = repr(value)
        if re.fullmatch(r"\d{4}\.1", text):
            raise DateFormatError(
                f"日期“{text}”被保存为数字，无法区分1月和10月，请将该列设为文本后重新填写"
            )
        return _from_text(text, value)
    if value.is_integer():
        whole = int(value)
        if _EXCEL_SERIAL_MIN <= whole < _EXCEL_SERIAL_MAX:
            return _from_serial(value, whole)
        return _from_text(str(whole), whole)
    if 1 <= value < 100:
        # "51.05" typed into a number cell: a two-digit year and a month (a serial with a
        # fraction would be a time of day in 1900, which no roster date is).
        text = repr(value)
        if re.fullmatch(r"\d{1,2}\.1", text):
            raise DateFormatError(
                f"日期“{text}”被保存为数字，无法区分1月和10月，请将该列设为文本后重新填写"
            )
        return _from_text(text.zfill(len(text) + 1) if value < 10 else text, value)
    if _EXCEL_SERIAL_MIN <= value < _EXCEL_SERIAL_MAX:
        return _from_serial(value, value)
    raise _unrecognised(value)


_CHINESE_DIGITS = dict(zip("〇○零Ｏ一二三四五六七八九", "0000123456789", strict=True))
_CHINESE_DATE = re.compile(
    r"^([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})[日号]?)?$"
)


def _chinese_number(text: str) -> int:
    """一 … 三十一 as a number (months and days written in Chinese numerals)."""
    if "十" not in text:
        return int(_CHINESE_DIGITS[text])
    tens, _ten, units = text.partition("十")
    return (int(_CHINESE_DIGITS[tens]) if tens else 1) * 10 + (
        int(_CHINESE_DIGITS[units]) if units else 0
    )


def _from_chinese_numerals(cleaned: str, raw: object) -> date | None:
    """ "一九五〇年五月三日" (a date written out in Chinese numerals), else None."""
    found = _CHINESE_DATE.fullmatch(cleaned)
    if found is None:
        return None
    year = int("".join(_CHINESE_DIGITS[ch] for ch in found.group(1)))
    day = _chinese_number(found.group(3)) if found.group(3) else 1
    return _build(year, _chinese_number(found.group(2)), day, raw)


def _from_text(text: str, raw: object) -> date:
    cleaned = to_halfwidth(text).strip()
    if cleaned[:1] in _CHINESE_DIGITS:
        written = _from_chinese_numerals(re.sub(r"\s+", "", cleaned), raw)
        if written is not None:
            return written
    match = _TIME_SUFFIX.match(cleaned)
    if match:
        cleaned = match.group(1)
    cleaned = _IME_DOTS.sub(".", re.sub(r"\s+", "", cleaned))
    for pattern in _PATTERNS:
        found = pattern.fullmatch(cleaned)
        if found:
            year, month, day = found.groups()
            return _build(int(year), int(month), int(day) if day else 1, raw)
    for pattern in _SHORT_YEAR:
        found = pattern.fullmatch(cleaned)
        if found:
            year, month, day = found.groups()
            return _build(_full_year(int(year)), int(month), int(day) if day else 1, raw)
    raise _unrecognised(raw)


def parse_date(value: object) -> date:
    """The date in a cell, or DateFormatError with a Chinese message naming the value.

    An empty cell is an error here too; use :func:`parse_optional_date` where empty is allowed.
    """
    if value is None:
        raise DateFormatError("日期不能为空，" + _HINT)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _unrecognised(value)
    if isinstance(value, (int, float)):
        return _from_number(float(value)) if isinstance(value, float) else _from_int(value)
    text = str(value)
    if not text.strip():
        raise DateFormatError("日期不能为空，" + _HINT)
    return _from_text(text, text.strip())


def _from_int(value: int) -> date:
    if MIN_YEAR <= value <= MAX_YEAR:
        raise _unrecognised(value)
    if _EXCEL_SERIAL_MIN <= value < _EXCEL_SERIAL_MAX:
        return _from_serial(value, value)
    return _from_text(str(value), value)


def parse_optional_date(value: object) -> date | None:
    """Like :func:`parse_date`, but ``None``, ``""`` and whitespace give ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return parse_date(value)


def format_date(d: date | None) -> str:
    """ISO text (1955-03-12) of a date, or ``""`` for ``None``."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.date()
    return d.isoformat()
