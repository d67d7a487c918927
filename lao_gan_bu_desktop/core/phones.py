"""Telling the numbers in a phone cell apart: mobiles and landlines.

Units type several numbers into one 联系电话 cell ("13912345678 / 0371-67881234",
"手机：139…，座机：6788…"), or a landline where the sheet says 手机. :func:`split_phones` finds
each number, puts it in canonical form (:func:`..normalize.normalize_phone`) and sorts it into
mobiles and landlines, so that the import can put a landline in 固定电话 and a mobile in 手机.
:func:`classify_phone` names the kind of one value, and :func:`sort_phones` sorts the 手机 and
固定电话 fields of the person dialog the same way. :func:`contact_phone` writes a person's phones
as the one "电话" text that lists and exports show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


MOBILE = "手机"
LANDLINE = "固定电话"


def classify_phone(value: object) -> str:
    """手机, 固定电话, or ``""`` when ``value`` is empty or not one phone number."""
    try:
        number = normalize_phone(value)
    except RuleError:
        return ""
    if not number:
        return ""
    return MOBILE if is_mobile(number) else LANDLINE


@dataclass(frozen=True)
class PhoneSplit:
    """The numbers found in some cells or fields: mobiles, landlines, and values not understood."""

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
        """Numbers beyond the first of each kind (a person has one field of each)."""
        return self.mobiles[1:] + self.landlines[1:]


def sort_phones(*values: object) -> PhoneSplit:
    """Every number in ``values`` sorted into its kind (:func:`split_phones` on each)."""
    mobiles: list[str] = []
    landlines: list[str] = []
    unknown: list[str] = []
    for value in values:
        if value is None or str(value).strip() == "":
            continue
        if isinstance(value, float):
            value = normalize_phone(value) if classify_phone(value) else str(value)
        try:
            found_mobiles, found_landlines = split_phones(str(value))
        except RuleError:
            unknown.append(str(value))
            continue
        mobiles += [n for n in found_mobiles if n not in mobiles]
        landlines += [n for n in found_landlines if n not in landlines]
    return PhoneSplit(tuple(mobiles), tuple(landlines), tuple(unknown))


PHONE_HEADING = "电话"
CONTACT_SEPARATOR = " / "


def contact_phone(mobile: object, landline: object) -> str:
    """The phones to call a person on, as one text: "13912345678 / 0371-63921234".

    Wherever a list needs "电话" (the roster, call lists, campaign lists, exports without a
    固定电话 column) the 手机 alone would leave people with only a landline looking unreachable.
    Either part may be empty; a landline that repeats the mobile is written once.
    """
    first = str(mobile or "").strip()
    second = str(landline or "").strip()
    if not second or second == first:
        return first
    if not first:
        return second
    return f"{first}{CONTACT_SEPARATOR}{second}"
