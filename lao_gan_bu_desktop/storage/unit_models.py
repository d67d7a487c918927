"""peewee model of the units' yearly check list (单位核对表): when the office sent a unit its
list of people to check and when the unit sent it back. The table is created by migration 10
(``migrations/m0010_units.py``), never by ``create_tables``.
"""

from __future__ import annotations

from peewee import DateField, ForeignKeyField, IntegerField, TextField

from .models import BaseModel, Unit


class UnitCheckList(BaseModel):
    """One unit's 核对表 of one year: the day it was sent and the day it came back."""

    unit = ForeignKeyField(Unit, backref="check_lists", on_delete="CASCADE")
    year = IntegerField(index=True)
    sent_on = DateField(null=True)
    returned_on = DateField(null=True)
    note = TextField(default="")

    class Meta:
        indexes = ((("unit", "year"), True),)
