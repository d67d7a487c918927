"""The person fields of the glossary, their kinds, and normalising a cell for a field.

:data:`PERSON_FIELDS` lists every person field in glossary order with its Chinese label and kind;
import, edit forms and exports all walk this one list. :func:`normalize_field` turns a raw cell
into the stored value for the field's kind, raising the typed RuleError of that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import parse_optional_date
from .errors import RuleError
from .idnumber import parse_id_number
from .normalize import (
    MAX_LINE_LENGTH,
    normalize_bool,
    normalize_name,
    normalize_phone,
    normalize_postcode,
    normalize_text,
    to_halfwidth,
)
from .vocab import FIELD_LABELS, VOCABULARIES, normalize_choice

FIELD_KINDS: tuple[str, ...] = (
    "text",
    "name",
    "id",
    "date",
    "choice",
    "bool",
    "phone",
    "postcode",
    "tags",
)


@dataclass(frozen=True)
class FieldSpec:
    """One person field: canonical key, Chinese label, kind (one of FIELD_KINDS), choices."""

    key: str
    label: str
    kind: str  # "text","name","id","date","choice","bool","phone","postcode","tags"
    choices: tuple[str, ...] = ()


def _spec(key: str, kind: str, label: str | None = None) -> FieldSpec:
    choices = VOCABULARIES[key] if kind == "choice" else ()
    return FieldSpec(key=key, label=label or FIELD_LABELS[key], kind=kind, choices=choices)


PERSON_FIELDS: tuple[FieldSpec, ...] = (
    _spec("name", "name"),
    _spec("gender", "choice"),
    _spec("ethnicity", "choice"),
    _spec("id_number", "id"),
    _spec("birth_date", "date"),
    _spec("retirement_kind", "choice"),
    _spec("retirement_date", "date"),
    _spec("work_start_date", "date"),
    _spec("unit", "text"),
    _spec("position", "text"),
    _spec("rank_level", "choice"),
    _spec("political_status", "choice"),
    _spec("party_join_date", "date"),
    _spec("party_branch", "text"),
    _spec("residence_area", "choice"),
    _spec("address", "text"),
    _spec("postcode", "postcode"),
    _spec("phone", "phone"),
    _spec("landline", "phone"),
    _spec("in_wechat_group", "bool"),
    _spec("living_arrangement", "choice"),
    _spec("health_status", "choice"),
    _spec("self_care", "choice"),
    _spec("bedridden", "bool"),
    _spec("hardship", "choice"),
    _spec("specialties", "text"),
    _spec("hobbies", "tags"),
    _spec("needs", "text"),
    _spec("journal", "text"),
    _spec("newspaper", "text"),
    _spec("status", "choice"),
    _spec("death_date", "date"),
    _spec("notes", "text"),
    _spec("lunar_birthday", "bool", "按农历过生日"),
)

FIELD_BY_KEY: dict[str, FieldSpec] = {spec.key: spec for spec in PERSON_FIELDS}

# The text fields kept in a one-line column (VARCHAR(255) on the database server): a longer
# value is refused here, in words, rather than cut or refused by the server.
ONE_LINE_KEYS = frozenset({"unit", "position", "party_branch", "address", "journal", "newspaper"})

TAG_SEPARATOR = "、"
_TAG_SPLIT = re.compile(r"[,，、;；/\s]+")


def normalize_tags(value: object) -> str:
    """Tags separated by , ， 、 ; ； / or spaces, cleaned, without repeats, joined with "、"."""
    text = to_halfwidth(normalize_text(value))
    tags: list[str] = []
    for part in _TAG_SPLIT.split(text):
        tag = part.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return TAG_SEPARATOR.join(tags)


def normalize_field(key: str, value: object) -> object:
    """The stored value of person field ``key`` for a raw cell.

    date → ``date | None``; bool → ``bool | None``; choice → canonical value or ``""``;
    id → the 18-character number, or ``""`` for an empty cell (a person may lack an ID number);
    phone/postcode/text/tags → ``str``; name → the normalised name (empty is an error).
    Raises the typed RuleError of the kind; an unknown ``key`` raises KeyError.
    """
    spec = FIELD_BY_KEY[key]
    kind = spec.kind
    if kind == "name":
        return normalize_name(value)
    if kind == "choice":
        return normalize_choice(key, value)
    if kind == "date":
        return parse_optional_date(value)
    if kind == "bool":
        return normalize_bool(value)
    if kind == "id":
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        return parse_id_number(value).number
    if kind == "phone":
        return normalize_phone(value)
    if kind == "postcode":
        return normalize_postcode(value)
    if kind == "tags":
        return normalize_tags(value)
    text = normalize_text(value)
    if key in ONE_LINE_KEYS and len(text) > MAX_LINE_LENGTH:
        raise RuleError(
            f"{spec.label}有 {len(text)} 个字，超过了 {MAX_LINE_LENGTH} 个字的上限，"
            "请核对是否把其他内容填进了这一栏。"
        )
    return text
