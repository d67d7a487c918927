"""peewee model of 操作员: the clerks who use the program on this data, each with an optional
password kept only as a salted hash (services.operators makes and checks it). The schema is
created by ``migrations/m0013_operators.py``, never by ``create_tables``.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField, TextField

from ..core import clock
from .models import BaseModel


class Operator(BaseModel):
    """One clerk: the name the audit log records, and ``password_hash`` ("" when none)."""

    name = CharField(unique=True)
    password_hash = TextField(default="")  # "scrypt$n$r$p$salt_hex$hash_hex"
    sort_order = IntegerField(default=0)
    created_at = DateTimeField(default=clock.now)
