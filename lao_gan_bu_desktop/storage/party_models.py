"""peewee models of 党组织 beyond the branch itself (storage/models.PartyBranch): the units a
branch covers, 组织关系转接 (transfers in and out), 组织生活 meetings with each member's
attendance, and 送学上门 (study material taken to members who cannot come). The schema is
created by ``migrations/m0011_party.py``, never by ``create_tables``.
"""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from ..core import clock
from .models import BaseModel, PartyBranch, Person, Unit


class PartyBranchUnit(BaseModel):
    """One unit a branch covers (a branch may cover several)."""

    branch = ForeignKeyField(PartyBranch, backref="unit_links", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="branch_links", on_delete="CASCADE")


class PartyTransfer(BaseModel):
    """组织关系转接: a member's organisation relation moving in (转入) or out (转出)."""

    person = ForeignKeyField(Person, backref="party_transfers", on_delete="CASCADE")
    direction = CharField()  # 转入 / 转出
    transfer_date = DateField()
    from_org = CharField(default="")
    to_org = CharField(default="")
    letter_number = CharField(default="")  # 介绍信编号
    status = CharField(default="办理中", index=True)  # 办理中 / 已完成
    branch = ForeignKeyField(
        PartyBranch, null=True, backref="transfers", on_delete="SET NULL"
    )  # ours: the branch joined (转入) or left (转出)
    completed_on = DateField(null=True)
    note = TextField(default="")
    created_at = DateTimeField(default=clock.now)


class PartyMeeting(BaseModel):
    """组织生活: one meeting of a branch (支部党员大会, 支委会, 党小组会, 党课, 主题党日, 学习)."""

    branch = ForeignKeyField(PartyBranch, backref="meetings", on_delete="CASCADE")
    held_on = DateField()
    kind = CharField()
    topic = CharField(default="")
    place = CharField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=clock.now)


class PartyAttendance(BaseModel):
    """One member at one meeting: 出席, 请假 (with a reason) or 缺席."""

    meeting = ForeignKeyField(PartyMeeting, backref="attendance", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="party_attendance", on_delete="CASCADE")
    status = CharField(default="出席")
    reason = CharField(default="")


class StudyDelivery(BaseModel):
    """送学上门: study material taken to a member who cannot come (the survey's 点单+送学)."""

    person = ForeignKeyField(Person, backref="study_deliveries", on_delete="CASCADE")
    delivered_on = DateField()
    delivered_by = CharField(default="")
    material = CharField(default="")
    meeting = ForeignKeyField(
        PartyMeeting, null=True, backref="deliveries", on_delete="SET NULL"
    )  # the meeting whose content was taken
    note = TextField(default="")


PARTY_MODELS = (PartyBranchUnit, PartyTransfer, PartyMeeting, PartyAttendance, StudyDelivery)
