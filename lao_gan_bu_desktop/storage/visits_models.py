"""peewee models of visits (走访记录), their people, hospital stays and health checks (体检).

The schema is created by migration 4 (``migrations/m0004_visits.py``). Money: ``Visit.amount``
is stored as integer fen and read back as a Decimal of 元 with two places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..core import clock
from .models import BaseModel, Person

CENT = Decimal("0.01")


class FenField(IntegerField):
    """A Decimal of 元 (two places) kept as integer fen."""

    def db_value(self, value):
        if value is None:
            return 0
        return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def python_value(self, value):
        if value is None:
            return Decimal("0.00")
        return (Decimal(int(value)) / 100).quantize(CENT)


class Visit(BaseModel):
    """A planned or done visit (走访记录) to one or more people."""

    kind = CharField()
    status = CharField(default="计划", index=True)  # 计划, 已完成, 取消
    planned_on = DateField(null=True, index=True)
    done_on = DateField(null=True, index=True)
    visitors = CharField(default="")
    gift = CharField(default="")
    amount = FenField(default=0)
    notes = TextField(default="")
    follow_up_on = DateField(null=True)
    occasion = CharField(default="", index=True)  # e.g. 春节2027, set by 生成慰问计划
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    version = IntegerField(default=0)  # row version: each save checks and adds one


class VisitPerson(BaseModel):
    """Who was visited: the many-to-many link of visits and persons."""

    visit = ForeignKeyField(Visit, backref="links", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="visit_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("visit", "person"), True),)


class HospitalStay(BaseModel):
    """A hospital stay (住院) of a person; discharge date empty while in hospital."""

    person = ForeignKeyField(Person, backref="hospital_stays", on_delete="CASCADE")
    admitted_on = DateField(index=True)
    discharged_on = DateField(null=True)
    hospital = CharField(default="")
    notes = TextField(default="")


class HealthCheck(BaseModel):
    """A person's annual health check (体检): one per person and year."""

    person = ForeignKeyField(Person, backref="health_checks", on_delete="CASCADE")
    year = IntegerField(index=True)
    date = DateField()
    hospital = CharField(default="")
    result = TextField(default="")

    class Meta:
        indexes = ((("person", "year"), True),)


VISIT_MODELS = (Visit, VisitPerson, HospitalStay, HealthCheck)
