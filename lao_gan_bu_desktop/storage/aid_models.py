"""peewee models of hardship aid (帮扶): AidCase, AidEvent, AidPayment, AidAttachment, AidBudget.

Names follow ../shared/GLOSSARY.md. Money columns hold whole 分 (INTEGER) so that SQLite adds
them exactly; :class:`MoneyField` hands Decimal 元 with two places to and from Python. The
schema is created by migration 5 (``migrations/m0005_aid.py``), never by ``create_tables``.
"""

from __future__ import annotations

from decimal import Decimal

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from ..core import clock
from ..core.aid_rules import CLOSED_STATUSES, from_fen, to_fen
from .models import BaseModel, Person


class MoneyField(IntegerField):
    """Decimal 元 in Python, integer 分 in the database."""

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, int):  # already 分 (e.g. from SQL sums)
            return value
        return to_fen(Decimal(value))

    def python_value(self, value):
        return from_fen(value)


class AidCase(BaseModel):
    """帮扶案例: one application of one person in one year, and where it stands now."""

    person = ForeignKeyField(Person, backref="aid_cases", on_delete="CASCADE")
    year = IntegerField(index=True)
    category = CharField()
    reason = TextField(default="")  # 困难情况
    amount_requested = MoneyField()
    amount_approved = MoneyField(null=True)
    status = CharField(default="申请", index=True)
    clerk = CharField(default="")  # 经办人
    next_step_due = DateField(null=True)
    notes = TextField(default="")
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    household_size = IntegerField(null=True)  # 家庭人口
    household_income = MoneyField(null=True)  # 家庭月收入（元）
    bank = CharField(default="")  # 开户行
    bank_account = CharField(default="")  # 账号
    version = IntegerField(default=0)  # row version: each save checks and adds one


class AidEvent(BaseModel):
    """One step done (or 驳回, or 更正) on a case; events are only ever added."""

    case = ForeignKeyField(AidCase, backref="events", on_delete="CASCADE")
    step = CharField()
    on = DateField()
    operator = CharField()
    note = TextField(default="")
    amount = MoneyField(null=True)
    created_at = DateTimeField(default=clock.now)


class AidPayment(BaseModel):
    """One payment of approved aid."""

    case = ForeignKeyField(AidCase, backref="payments", on_delete="CASCADE")
    paid_on = DateField()
    amount = MoneyField()
    method = CharField(default="银行转账")
    receipt_no = CharField(default="")
    operator = CharField(default="")
    created_at = DateTimeField(default=clock.now)


class AidAttachment(BaseModel):
    """A file kept with a case under ``attachments/aid/<case id>/`` in the data folder."""

    case = ForeignKeyField(AidCase, backref="attachments", on_delete="CASCADE")
    filename = CharField()
    stored_path = CharField()  # relative to the data folder, with forward slashes
    added_at = DateTimeField(default=clock.now)
    operator = CharField(default="")


class AidBudget(BaseModel):
    """帮扶经费: the year's aid budget."""

    year = IntegerField(primary_key=True)
    amount = MoneyField()
    notes = TextField(default="")


def open_case_condition():
    """peewee condition: the case is neither 结案 nor 驳回."""
    return AidCase.status.not_in(CLOSED_STATUSES)


def open_case_exists(person_id_column):
    """SQL ``EXISTS`` (an open aid case of the person in ``person_id_column``)."""
    sub = AidCase.select(AidCase.id).where(
        (AidCase.person == person_id_column) & open_case_condition()
    )
    return fn.EXISTS(sub)


def persons_with_open_case(person_ids=None) -> frozenset[int]:
    """Ids of the people (among ``person_ids``, default all) who have an open aid case."""
    query = AidCase.select(AidCase.person).where(open_case_condition()).distinct()
    if person_ids is not None:
        query = query.where(AidCase.person.in_(list(person_ids)))
    return frozenset(row[0] for row in query.tuples())


AID_MODELS = (AidCase, AidEvent, AidPayment, AidAttachment, AidBudget)
