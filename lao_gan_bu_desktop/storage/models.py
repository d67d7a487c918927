"""peewee models of the roster: units, party branches, persons, contacts, audit log, settings.

Field names follow ../shared/GLOSSARY.md. Choice fields hold the Chinese vocabulary value itself
(e.g. ``retirement_kind = "退休"``) so that the database reads plainly in any SQLite browser.
The schema itself is created by the numbered migrations, never by ``create_tables``.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from ..core import clock
from .database import db


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Unit(BaseModel):
    """单位: the work unit a person retired from."""

    name = CharField(unique=True)
    leader = CharField(default="")  # 分管领导
    contact = CharField(default="")  # 联络员
    phone = CharField(default="")
    notes = TextField(default="")
    sort_order = IntegerField(null=True)  # the zone's own order of its units; empty: by pinyin


class PartyBranch(BaseModel):
    """党支部: 单建 (retirees alone) or 共建 (shared with serving staff). The units a branch
    covers are ``PartyBranchUnit`` rows (storage/party_models.py); ``unit`` is the first of them."""

    name = CharField(unique=True)
    kind = CharField(default="共建")
    unit = ForeignKeyField(Unit, null=True, backref="branches", on_delete="SET NULL")
    partner = CharField(default="")  # 共建: the serving staff's branch it is shared with
    secretary = DeferredForeignKey(
        "Person", null=True, backref="secretary_of", on_delete="SET NULL"
    )  # 书记, a person of the roster
    notes = TextField(default="")


class Person(BaseModel):
    """A retired cadre on the roster (离退休干部)."""

    name = CharField(index=True)
    gender = CharField(default="")
    ethnicity = CharField(default="")
    id_number = CharField(null=True, unique=True)
    birth_date = DateField(null=True, index=True)
    lunar_birthday = BooleanField(default=False)
    retirement_kind = CharField(default="退休")
    retirement_date = DateField(null=True)
    work_start_date = DateField(null=True)
    unit = ForeignKeyField(Unit, null=True, backref="persons", on_delete="SET NULL")
    position = CharField(default="")
    rank_level = CharField(default="")
    political_status = CharField(default="")
    party_join_date = DateField(null=True)
    party_branch = ForeignKeyField(PartyBranch, null=True, backref="persons", on_delete="SET NULL")
    residence_area = CharField(default="本市")
    address = CharField(default="")
    postcode = CharField(default="")
    phone = CharField(default="")
    landline = CharField(default="")
    in_wechat_group = BooleanField(default=False)
    living_arrangement = CharField(default="")
    health_status = CharField(default="")
    self_care = CharField(default="自理")
    bedridden = BooleanField(default=False)
    hardship = CharField(default="无")
    specialties = TextField(default="")
    hobbies = TextField(default="")
    needs = TextField(default="")
    journal = CharField(default="")
    newspaper = CharField(default="")
    status = CharField(default="在册", index=True)
    death_date = DateField(null=True)
    notes = TextField(default="")
    search_key = CharField(default="", index=True)  # pinyin "zhangsan zs", see core.pinyin
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    version = IntegerField(default=0)  # row version: each save checks and adds one


class Contact(BaseModel):
    """家属 / 紧急联系人 of a person."""

    person = ForeignKeyField(Person, backref="contacts", on_delete="CASCADE")
    name = CharField()
    relation = CharField(default="")
    phone = CharField(default="")
    is_emergency = BooleanField(default=False)
    notes = TextField(default="")


class AuditLog(BaseModel):
    """One create, change, removal or export: who, when, which record, each field old → new."""

    at = DateTimeField(default=clock.now, index=True)
    operator = CharField()
    action = CharField()  # 新增, 修改, 标记状态, 删除, 导入, 导出, 恢复 …
    table = CharField()
    record_id = IntegerField(null=True, index=True)
    summary = TextField(default="")
    changes = TextField(default="{}")  # JSON {field: [old, new]}


class Setting(BaseModel):
    """A key → JSON value setting kept in the database (zone name, operator, rules …)."""

    key = CharField(primary_key=True)
    value = TextField()


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = DateTimeField(default=clock.now)


ROSTER_MODELS = (Unit, PartyBranch, Person, Contact, AuditLog, Setting)
