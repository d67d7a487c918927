"""peewee models of 活动 (classes and activities: Activity, ActivitySession, ActivitySignup,
ActivityAttendance) and 服务团队 (ServiceTeam, TeamMember). Names follow docs/GLOSSARY.md; the
schema is created by migration 12 (``migrations/m0012_activities.py``), never by
``create_tables``.
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


class Activity(BaseModel):
    """A class (老年大学 course) or an activity (outing, visit to an enterprise, anniversary)."""

    name = CharField()
    kind = CharField()  # core.activity_rules.ACTIVITY_KINDS
    topic = CharField(default="")  # the interest it serves (书法, 绘画 …), for suggestions
    start_date = DateField(index=True)  # the first session's day
    end_date = DateField()  # the last session's day
    place = CharField(default="")
    organiser = CharField(default="")
    capacity = IntegerField(null=True)  # None: no limit
    notes = TextField(default="")
    created_at = DateTimeField(default=clock.now)


class ActivitySession(BaseModel):
    """One day an activity is held (a course has many, an outing one)."""

    activity = ForeignKeyField(Activity, backref="sessions", on_delete="CASCADE")
    held_on = DateField()


class ActivitySignup(BaseModel):
    """A person signed up for an activity, or on its waiting list (``waiting``)."""

    activity = ForeignKeyField(Activity, backref="signups", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="activity_signups", on_delete="CASCADE")
    signed_on = DateField()
    waiting = BooleanField(default=False)
    note = TextField(default="")


class ActivityAttendance(BaseModel):
    """A person was there on one session's day."""

    session = ForeignKeyField(ActivitySession, backref="attendance", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="activity_attendance", on_delete="CASCADE")


class ServiceTeam(BaseModel):
    """服务团队: formed by interest and by where people live."""

    name = CharField(unique=True)
    interest = CharField(default="")  # 书法, 法律咨询 …
    area = CharField(default="")  # where it works: 高新区科学大道一带 …
    duties = TextField(default="")  # what it does
    notes = TextField(default="")
    created_at = DateTimeField(default=clock.now)


class TeamMember(BaseModel):
    """A person in a service team; the leader has the role 队长."""

    team = ForeignKeyField(ServiceTeam, backref="members", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="team_memberships", on_delete="CASCADE")
    role = CharField(default="队员")  # 队长 / 队员
    joined_on = DateField(null=True)
