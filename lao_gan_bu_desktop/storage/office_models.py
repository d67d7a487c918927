"""peewee models of the office's yearly routines: 一刊一报 subscriptions (Publication,
Subscription), 情况通报 notices (Notice, NoticeRecipient) and the new-retiree checklist
(RetireeStep). Names follow docs/GLOSSARY.md; the schema is created by migrations 7–9
(``migrations/m0007_subscriptions.py`` …), never by ``create_tables``.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..core import clock
from .models import BaseModel, Person


class Publication(BaseModel):
    """A journal or newspaper the office orders (《老年春秋》, a paper to choose, a gift paper)."""

    name = CharField(unique=True)
    kind = CharField(default="报纸")  # 刊物 / 报纸
    provision = CharField(default="自选")  # 统一订阅 / 自选 / 赠阅
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)
    notes = TextField(default="")


class Subscription(BaseModel):
    """One person's copy of one publication in one year."""

    person = ForeignKeyField(Person, backref="subscriptions", on_delete="CASCADE")
    year = IntegerField()
    publication = ForeignKeyField(Publication, backref="subscriptions", on_delete="CASCADE")
    copies = IntegerField(default=1)
    created_at = DateTimeField(default=clock.now)


class Notice(BaseModel):
    """情况通报: a notice sent to a group of people."""

    title = CharField()
    issued_on = DateField(index=True)
    body = TextField(default="")
    audience = CharField(default="全部")  # 全部 / 单位 / 党支部 / 分层
    audience_value = CharField(default="")  # the unit, branch or tier named
    attachment_name = CharField(default="")
    attachment_path = CharField(default="")  # relative to the data folder, forward slashes
    created_at = DateTimeField(default=clock.now)


class NoticeRecipient(BaseModel):
    """One person a notice went to: how they were reached and whether they confirmed."""

    notice = ForeignKeyField(Notice, backref="recipients", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="notices", on_delete="CASCADE")
    channel = CharField(default="")  # 微信群 / 电话 / 上门 / 邮寄, empty = not yet reached
    reached_on = DateField(null=True)
    confirmed = BooleanField(default=False)
    note = TextField(default="")


class RetireeStep(BaseModel):
    """One step of a new retiree's checklist (离退休办理) and the day it was done."""

    person = ForeignKeyField(Person, backref="retiree_steps", on_delete="CASCADE")
    step = CharField()
    done_on = DateField(null=True)
    note = TextField(default="")
