"""手机 or 固定电话: a phone value classified by its form, not by the column it came in.

A mobile is 1[3-9] and nine more digits (a +86 prefix allowed); anything else that reads as a
phone number is a landline, with or without its area code ("0371-67891234", "67891234"). One cell
may hold both ("13803711234 / 0371-67891234"): ``split_phones`` separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import RuleError
from .normalize import normalize_phone

MOBILE = "手机"
LANDLINE = "固定电话"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[,，;；/／、|｜\n]+")


@dataclass(frozen=True)
class PhoneSplit:
    """The numbers found in one or more cells: mobiles, landlines, and pieces not understood."""

    mobiles: tuple[str, ...] = ()
    landlines: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def mobile(self) -> str:
        return self.mobiles[0] if self.mobiles else ""

    @property
    def landline(self) -> str:
        return self.landlines[0] if self.landlines else ""

    @property
    def extra(self) -> tuple[str, ...]:
        """Numbers beyond the first of each kind (the person has one field of each)."""
        return self.mobiles[1:] + self.landlines[1:]


def classify_phone(value: object) -> str:
    """手机, 固定电话, or ``""`` when ``value`` is empty or not one phone number."""
    try:
        number = normalize_phone(value)
    except RuleError:
        return ""
    if not number:
        return ""
    return MOBILE if _MOBILE.fullmatch(number) else LANDLINE


def _pieces(text: str) -> list[str]:
    """The numbers of one cell: split at separators, and at spaces when a piece holds more
    digits than one number ("13803711234 67891234"), never inside "0371 67891234"."""
    pieces: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        if classify_phone(part):
            pieces.append(part)
            continue
        words = part.split()
        if len(words) > 1 and all(classify_phone(w) for w in words):
            pieces.extend(words)
        else:
            pieces.append(part)
    return pieces


def split_phones(*values: object) -> PhoneSplit:
    """Every number in ``values`` (cells or fields), normalised and sorted into its kind."""
    mobiles: list[str] = []
    landlines: list[str] = []
    unknown: list[str] = []
    for value in values:
        if value is None:
            continue
        if isinstance(value, float):
            value = normalize_phone(value) if classify_phone(value) else str(value)
        for piece in _pieces(str(value)):
            kind = classify_phone(piece)
            if not kind:
                unknown.append(piece)
                continue
            number = normalize_phone(piece)
            target = mobiles if kind == MOBILE else landlines
            if number not in target:
                target.append(number)
    return PhoneSplit(tuple(mobiles), tuple(landlines), tuple(unknown))
