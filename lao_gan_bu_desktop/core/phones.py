"""Telling the numbers in a phone cell apart: mobiles and landlines.

Units type several numbers into one 联系电话 cell ("13912345678 / 0371-67881234",
"手机：139…，座机：6788…"), or a landline where the sheet says 手机. :func:`split_phones` finds
each number, puts it in canonical form (:func:`..normalize.normalize_phone`) and sorts it into
mobiles and landlines, so that the import can put a landline in 固定电话 and a mobile in 手机.
"""

from __future__ import annotations

import re

from .errors import RuleError
from .normalize import normalize_phone, strip_phone_label, to_halfwidth

# Between two numbers: Chinese and ASCII list punctuation, "或", "和", "及" and labels.
_SEPARATORS = re.compile(r"[,，、;；/／|｜\n\r]+|或|和|及")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def is_mobile(number: str) -> bool:
    """True for a canonical 11-digit mainland mobile number."""
    return _MOBILE.fullmatch(number) is not None


def _pieces(text: str) -> list[str]:
    parts = []
    for part in _SEPARATORS.split(to_halfwidth(text)):
        part = strip_phone_label(part).strip()
        if part:
            parts.append(part)
    return parts


def split_phones(text: str) -> tuple[list[str], list[str]]:
    """(mobiles, landlines) in canonical form, in the order typed, each number once.

    Raises RuleError (the message of :func:`normalize_phone`) when a piece is no phone number;
    two numbers separated only by spaces are split there when the whole is too long for one.
    """
    mobiles: list[str] = []
    landlines: list[str] = []
    for piece in _pieces(str(text)):
        try:
            numbers = [normalize_phone(piece)]
        except RuleError:
            words = piece.split()
            if len(words) < 2:
                raise
            numbers = [normalize_phone(w) for w in words]
        for number in numbers:
            if not number:
                continue
            target = mobiles if is_mobile(number) else landlines
            if number not in target:
                target.append(number)
    return mobiles, landlines
