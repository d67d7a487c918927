"""Roster queries: a filter in words → SQL over persons, and rows → plain dicts.

The service tier and the age bracket are derived (never stored); here they become SQL
expressions so that 50 000 people filter and sort inside SQLite in a few milliseconds.
The expressions must agree with ``core.tiers.service_tier`` and ``core.ages.age_bracket``;
tests/storage/test_roster_queries.py checks that they do.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any

from peewee import JOIN, Case, fn

from ..core.ages import age_bracket, age_on
from ..core.person_dates import EARLIEST_BIRTH, MAX_AGE, date_problems, describe
from ..core.roster_filter import DATE_ISSUES, DEMOCRATIC_PARTIES, PARTY_MEMBERS, RosterFilter
from ..core.tiers import service_tier
from ..core.vocab import DEMOCRATIC_PARTY_STATUSES, KIND_NOT_GIVEN, PARTY_MEMBER_STATUSES
from .aid_models import open_case_exists, persons_with_open_case
from .database import is_postgres
from .models import Contact, PartyBranch, Person, Unit


def years_before(day: _dt.date, years: int) -> _dt.date:
    """The same calendar day ``years`` earlier (29 Feb falls back to 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def tier_expression(today: _dt.date):
    """SQL CASE giving 重点 / 关照 / 活跃 as ``core.tiers.service_tier`` does."""
    cut80 = years_before(today, 80)
    key = (
        (Person.self_care == "不能自理")
        | (Person.bedridden == True)  # noqa: E712 - peewee expression
        | Person.hardship.in_(("特困", "重病"))
        | open_case_exists(Person.id)  # an open 帮扶 case makes a person 重点
    )
    care = (
        (
            Person.birth_date.is_null(False)
            & (Person.birth_date <= cut80)
            & (Person.birth_date > years_before(today, MAX_AGE + 1))
        )
        | (Person.self_care == "半自理")
        | Person.health_status.in_(("较差", "长期患病"))
    )
    return Case(None, ((key, "重点"), (care, "关照")), "活跃")


def age_bracket_expression(today: _dt.date):
    """SQL CASE giving the age bracket of ``core.ages.age_bracket`` ('' when no birth date)."""
    b = Person.birth_date
    return Case(
        None,
        (
            (b.is_null() | (b > today) | (b <= years_before(today, MAX_AGE + 1)), ""),
            (b <= years_before(today, 80), "80岁及以上"),
            (b <= years_before(today, 71), "71至79岁"),
            (b <= years_before(today, 60), "60至70岁"),
        ),
        "60岁以下",
    )


def date_issue_condition(today: _dt.date):
    """SQL condition for the people whose stored dates cannot be true, as
    ``core.person_dates.date_problems`` finds them (the roster's "日期有误")."""
    b = Person.birth_date
    end = fn.COALESCE(Person.death_date, today)
    birth_problem = (
        (b > today) | (b < EARLIEST_BIRTH) | (b <= fn.date(end, f"-{MAX_AGE + 1} years"))
    )
    before_birth = (
        (Person.retirement_date < b)
        | (Person.work_start_date < b)
        | (Person.party_join_date < b)
        | (Person.death_date < b)
    )
    return (b.is_null(False) & (birth_problem | before_birth)) | (Person.death_date > today)


def age_bracket_condition(bracket: str, today: _dt.date):
    """SQL condition for one of ``core.ages.AGE_BRACKETS`` (or DATE_ISSUES)."""
    if bracket == DATE_ISSUES:
        return date_issue_condition(today)
    b = Person.birth_date
    if bracket == "80岁及以上":
        return (b <= years_before(today, 80)) & (b > years_before(today, MAX_AGE + 1))
    if bracket == "71至79岁":
        return (b <= years_before(today, 71)) & (b > years_before(today, 80))
    if bracket == "60至70岁":
        return (b <= years_before(today, 60)) & (b > years_before(today, 71))
    if bracket == "60岁以下":
        return (b > years_before(today, 60)) & (b <= today)
    raise ValueError(f"未知的年龄段：{bracket}")


def _glob(text: str) -> str:
    return "*" + "".join(f"[{ch}]" if ch in "*?[]" else ch for ch in text) + "*"


def text_condition(text: str):
    """What the search box matches: name, full pinyin, pinyin initials, ID tail, phone.

    The pinyin key is lower-case ASCII ("zhangsan zs"), so a case-sensitive GLOB does the
    pinyin match (faster than LIKE); names are only searched when the text has a non-ASCII
    character, numbers only when it is digits (an ID tail may end in X).
    """
    compact = text.replace(" ", "").replace("-", "")
    is_number = compact.isdigit() or (compact.endswith("x") and compact[:-1].isdigit())
    conditions = []
    if not text.isascii():
        conditions.append(Person.name.contains(text))
    elif not is_number:
        if is_postgres():  # no GLOB there: the key is lower-case, ILIKE matches the same
            conditions.append(Person.search_key.contains(text.replace(" ", "")))
        else:
            conditions.append(Person.search_key % _glob(text.replace(" ", "")))
        if not text.replace(" ", "").isalnum():  # "%" or "_" typed: a name holding it
            conditions.append(Person.name.contains(text))
    if is_number:
        conditions.append(Person.id_number ** ("%" + compact.upper()))
        conditions.append(Person.phone.contains(compact))
        conditions.append(Person.landline.contains(compact))
    if not conditions:
        conditions.append(Person.name.contains(text))
    match = conditions[0]
    for extra in conditions[1:]:
        match |= extra
    return match


def build_query(flt: RosterFilter, today: _dt.date):
    """A peewee query of person ids (joined to unit) matching ``flt``."""
    query = Person.select(Person.id).join(
        Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER
    )
    conds = []
    if flt.statuses:
        conds.append(Person.status.in_(flt.statuses))
    if flt.person_ids is not None:
        conds.append(Person.id.in_(flt.person_ids))
    text = flt.text.strip().lower()
    if text:
        conds.append(text_condition(text))
    if flt.units:
        conds.append(Unit.name.in_(flt.units))
    for attr in ("retirement_kind", "residence_area", "self_care", "hardship"):
        value = getattr(flt, attr)
        if attr == "retirement_kind" and value == KIND_NOT_GIVEN:
            value = None
            conds.append(Person.retirement_kind == "")
        if value:
            conds.append(getattr(Person, attr) == value)
    if flt.political_status == PARTY_MEMBERS:
        conds.append(Person.political_status.in_(PARTY_MEMBER_STATUSES))
    elif flt.political_status == DEMOCRATIC_PARTIES:
        conds.append(Person.political_status.in_(DEMOCRATIC_PARTY_STATUSES))
    elif flt.political_status:
        conds.append(Person.political_status == flt.political_status)
    if flt.age_bracket:
        conds.append(age_bracket_condition(flt.age_bracket, today))
    if flt.service_tier:
        conds.append(tier_expression(today) == flt.service_tier)
    for cond in conds:
        query = query.where(cond)
    return query


SORTABLE_EXPRESSIONS = {
    "name": lambda today: Person.search_key,
    "unit": lambda today: Unit.name,
    "age": lambda today: Person.birth_date,
    "age_bracket": lambda today: Person.birth_date,
    "service_tier": tier_expression,
    # the roster's 电话 column shows the mobile, else the landline
    "phone": lambda today: Person.phone.concat(Person.landline),
}
_REVERSED = {"age", "age_bracket"}  # older people have smaller birth dates


def query_person_ids(
    flt: RosterFilter,
    *,
    today: _dt.date,
    order_by: str = "name",
    descending: bool = False,
) -> list[int]:
    """Ids of the people matching ``flt``, sorted by ``order_by`` (any person key or derived)."""
    query = build_query(flt, today)
    maker = SORTABLE_EXPRESSIONS.get(order_by)
    if maker is not None:
        expr = maker(today)
    elif order_by in Person._meta.fields:
        expr = getattr(Person, order_by)
    else:
        expr = Person.search_key
    if order_by in _REVERSED:
        descending = not descending
    ordering = expr.desc(nulls="LAST") if descending else expr.asc(nulls="LAST")
    query = query.order_by(ordering, Person.search_key, Person.id)
    cursor = query.model._meta.database.execute(query)
    return [row[0] for row in cursor.fetchall()]


def count_persons(statuses: Iterable[str] = ("在册",)) -> int:
    """How many people have one of ``statuses`` (all when empty)."""
    query = Person.select(fn.COUNT(Person.id))
    statuses = tuple(statuses)
    if statuses:
        query = query.where(Person.status.in_(statuses))
    return int(query.scalar() or 0)


PERSON_COLUMNS = [
    f.name for f in Person._meta.sorted_fields if f.name not in ("unit", "party_branch")
]


def person_dict(
    row: dict[str, Any], today: _dt.date, open_aid_ids: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """A person row (with ``unit`` and ``party_branch`` names) plus the derived keys."""
    birth = row.get("birth_date")
    problems = date_problems(row, today) if birth or row.get("death_date") else {}
    # A stored date that cannot be true (kept from before the rule) leaves the age blank and
    # flags the person instead of breaking the listing for everyone.
    age = age_on(birth, today) if birth and "birth_date" not in problems else None
    row["age"] = age
    row["date_issue"] = describe(problems)
    row["age_bracket"] = age_bracket(age) if age is not None else ""
    row["service_tier"] = service_tier(
        age=age,
        self_care=row.get("self_care") or "",
        health_status=row.get("health_status") or "",
        bedridden=bool(row.get("bedridden")),
        hardship=row.get("hardship") or "",
        open_aid_case=row["id"] in open_aid_ids,
    )
    return row


def fetch_person_rows(ids: Sequence[int], today: _dt.date) -> dict[int, dict[str, Any]]:
    """Plain dicts for the given person ids (glossary keys plus ``age``, ``age_bracket``,
    ``service_tier``); ``unit`` and ``party_branch`` are names."""
    result: dict[int, dict[str, Any]] = {}
    fields = [getattr(Person, name) for name in PERSON_COLUMNS]
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        query = (
            Person.select(
                *fields,
                fn.COALESCE(Unit.name, "").alias("unit"),
                fn.COALESCE(PartyBranch.name, "").alias("party_branch"),
            )
            .join(Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
            .switch(Person)
            .join(
                PartyBranch, on=(Person.party_branch == PartyBranch.id), join_type=JOIN.LEFT_OUTER
            )
            .where(Person.id.in_(chunk))
            .dicts()
        )
        open_aid = persons_with_open_case(chunk)
        for row in query:
            result[row["id"]] = person_dict(row, today, open_aid)
    return result


def fetch_contacts(person_id: int) -> list[dict[str, Any]]:
    """The contacts of one person as plain dicts, emergency contacts first."""
    rows = (
        Contact.select()
        .where(Contact.person == person_id)
        .order_by(Contact.is_emergency.desc(), Contact.id)
        .dicts()
    )
    return [
        {k: r[k] for k in ("id", "name", "relation", "phone", "is_emergency", "notes")}
        for r in rows
    ]


def unit_names() -> list[str]:
    """All unit names, sorted."""
    return [u.name for u in Unit.select(Unit.name).order_by(Unit.name)]


def unit_sort_orders() -> dict[str, int | None]:
    """Every unit's place in the zone's own order (None where the clerk has set none)."""
    return dict(Unit.select(Unit.name, Unit.sort_order).tuples())


def set_unit_sort_orders(orders: dict[str, int | None]) -> None:
    """Store the zone's order of its units (a unit not named keeps its place)."""
    with Unit._meta.database.atomic():
        for name, order in orders.items():
            Unit.update(sort_order=order).where(Unit.name == name).execute()


def branch_names() -> list[str]:
    """All party branch names, sorted."""
    return [b.name for b in PartyBranch.select(PartyBranch.name).order_by(PartyBranch.name)]
