"""Hospital stays (住院) and annual health checks (体检) of a person.

A hospital stay drives the 住院探望 / 出院回访 rules of the due list; the health checks give the
list of people without this year's check and the count on 首页.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from peewee import JOIN, fn

from ..core.normalize import clean_text
from ..core.phones import contact_phone
from ..storage.database import db
from ..storage.models import Person, Unit
from ..storage.visits_models import HealthCheck, HospitalStay
from . import audit
from .units import unit_key
from .visits import VisitError


def _person_name(person_id: int) -> str:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise VisitError(f"找不到编号为 {person_id} 的人员，可能已被删除。请刷新后重试。")
    return person.name


# ---------------------------------------------------------------- hospital stays


def add_hospital_stay(
    person_id: int,
    admitted_on: _dt.date,
    *,
    hospital: str = "",
    discharged_on: _dt.date | None = None,
    notes: str = "",
) -> int:
    """Record a hospital stay; returns its id."""
    name = _person_name(person_id)
    if discharged_on and discharged_on < admitted_on:
        raise VisitError("出院日期不能早于入院日期，请重新选择。")
    with db.atomic():
        stay = HospitalStay.create(
            person=person_id,
            admitted_on=admitted_on,
            discharged_on=discharged_on,
            hospital=clean_text(hospital),
            notes=clean_text(notes),
        )
        audit.record("新增", "hospital_stay", stay.id, f"{name} {admitted_on} 住院 {hospital}")
    return stay.id


def discharge(stay_id: int, discharged_on: _dt.date) -> None:
    """Record the discharge date of a stay (starts the 7-day follow-up)."""
    stay = HospitalStay.get_or_none(HospitalStay.id == stay_id)
    if stay is None:
        raise VisitError("找不到这条住院记录，可能已被删除。请刷新后重试。")
    if discharged_on < stay.admitted_on:
        raise VisitError(
            f"出院日期不能早于入院日期（{stay.admitted_on.isoformat()}），请重新选择。"
        )
    with db.atomic():
        HospitalStay.update(discharged_on=discharged_on).where(HospitalStay.id == stay_id).execute()
        audit.record(
            "修改",
            "hospital_stay",
            stay_id,
            "出院",
            {"discharged_on": (stay.discharged_on, discharged_on)},
        )


def list_hospital_stays(person_id: int) -> list[dict[str, Any]]:
    """A person's hospital stays, newest first."""
    query = (
        HospitalStay.select()
        .where(HospitalStay.person == person_id)
        .order_by(HospitalStay.admitted_on.desc())
    )
    return [
        {
            "id": s.id,
            "admitted_on": s.admitted_on,
            "discharged_on": s.discharged_on,
            "hospital": s.hospital,
            "notes": s.notes,
        }
        for s in query
    ]


# ---------------------------------------------------------------- health checks


def record_health_check(
    person_id: int, day: _dt.date, *, hospital: str = "", result: str = ""
) -> int:
    """Record (or replace) the person's check for the year of ``day``; returns its id."""
    name = _person_name(person_id)
    with db.atomic():
        existing = HealthCheck.get_or_none(
            (HealthCheck.person == person_id) & (HealthCheck.year == day.year)
        )
        if existing is not None:
            HealthCheck.update(
                date=day, hospital=clean_text(hospital), result=clean_text(result)
            ).where(HealthCheck.id == existing.id).execute()
            audit.record(
                "修改",
                "health_check",
                existing.id,
                f"{name} {day.year}年体检",
                {"date": (existing.date, day), "result": (existing.result, clean_text(result))},
            )
            return existing.id
        check = HealthCheck.create(
            person=person_id,
            year=day.year,
            date=day,
            hospital=clean_text(hospital),
            result=clean_text(result),
        )
        audit.record("新增", "health_check", check.id, f"{name} {day.year}年体检")
    return check.id


def list_health_checks(person_id: int) -> list[dict[str, Any]]:
    """A person's health checks, newest first."""
    query = (
        HealthCheck.select()
        .where(HealthCheck.person == person_id)
        .order_by(HealthCheck.year.desc())
    )
    return [
        {"id": c.id, "year": c.year, "date": c.date, "hospital": c.hospital, "result": c.result}
        for c in query
    ]


def without_health_check(year: int) -> list[dict[str, Any]]:
    """People on the roster (在册) with no check recorded for ``year``, by unit (the zone's
    order) and name."""
    checked = HealthCheck.select(HealthCheck.person).where(HealthCheck.year == year)
    query = (
        Person.select(
            Person.id,
            Person.name,
            Person.phone,
            Person.landline,
            Person.birth_date,
            fn.COALESCE(Unit.name, "").alias("unit"),
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where((Person.status == "在册") & Person.id.not_in(checked))
        .order_by(Person.search_key, Person.name)
        .dicts()
    )
    order = unit_key()  # the zone's order of units, as every output; names in pinyin
    rows = sorted(query, key=lambda r: (not r["unit"], order(r["unit"])))
    for row in rows:
        row["phone"] = contact_phone(row["phone"], row.pop("landline"))
    return rows


def health_check_counts(year: int) -> dict[str, int]:
    """``total`` on the roster, ``checked`` this year, ``missing``."""
    total = Person.select().where(Person.status == "在册").count()
    checked = (
        HealthCheck.select()
        .join(Person)
        .where((HealthCheck.year == year) & (Person.status == "在册"))
        .count()
    )
    return {"total": total, "checked": checked, "missing": total - checked}
