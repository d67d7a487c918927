"""组织生活: branch meetings (支部党员大会, 支委会, 党小组会, 党课, 主题党日, 学习) with each
member's attendance (出席, 请假 with a reason, 缺席); who missed the last three meetings of their
branch; 送学上门 — study material taken to members who cannot come (the survey's 点单+送学).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from peewee import JOIN, Case, fn

from ..core import clock
from ..core.dates import check_year
from ..core.normalize import clean_line, clean_text
from ..core.party_rules import (
    ATTENDANCE_STATUSES,
    MEETING_KINDS,
    MISSED_IN_A_ROW,
    last_meetings,
    missed_in_a_row,
)
from ..core.pinyin import sort_key
from ..storage.database import db
from ..storage.models import PartyBranch, Person, Unit
from ..storage.party_models import PartyAttendance, PartyMeeting, StudyDelivery
from . import audit
from .party import PartyError, branch_members

AttendanceRow = tuple[int, str, str]  # person id, status, reason


def attendance_rate(present: int, expected: int) -> str:
    """出席率 in whole percent, rounded half up (4 of 6 → "67%"); "" when no one was expected."""
    if not expected:
        return ""
    return f"{(present * 200 + expected) // (expected * 2)}%"


def _meeting(meeting_id: int) -> PartyMeeting:
    meeting = PartyMeeting.get_or_none(PartyMeeting.id == meeting_id)
    if meeting is None:
        raise PartyError("找不到这次组织生活记录，可能已被删除。请刷新后重试。")
    return meeting


def list_meetings(*, year: int | None = None, branch_id: int | None = None) -> list[dict[str, Any]]:
    """Meetings (of ``year`` / of one branch when given), newest first, each with its counts of
    出席, 请假 and 缺席."""
    counts = (
        PartyAttendance.select(
            PartyAttendance.meeting,
            fn.COUNT(PartyAttendance.id),
            fn.SUM(Case(None, [(PartyAttendance.status == "出席", 1)], 0)),
            fn.SUM(Case(None, [(PartyAttendance.status == "请假", 1)], 0)),
            fn.SUM(Case(None, [(PartyAttendance.status == "缺席", 1)], 0)),
        )
        .join(PartyMeeting)
        .group_by(PartyAttendance.meeting)
    )
    query = (
        PartyMeeting.select(
            PartyMeeting.id,
            PartyMeeting.held_on,
            PartyMeeting.branch,
            PartyBranch.name,
            PartyMeeting.kind,
            PartyMeeting.topic,
            PartyMeeting.place,
        )
        .join(PartyBranch)
        .order_by(PartyMeeting.held_on.desc(), PartyBranch.name, PartyMeeting.id.desc())
    )
    if year is not None:
        start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
        query = query.where(PartyMeeting.held_on.between(start, end))
        counts = counts.where(PartyMeeting.held_on.between(start, end))
    if branch_id is not None:
        query = query.where(PartyMeeting.branch == branch_id)
        counts = counts.where(PartyMeeting.branch == branch_id)
    by_meeting = {m: (n, p or 0, e or 0, a or 0) for m, n, p, e, a in counts.tuples()}
    rows = []
    for mid, held_on, bid, branch, kind, topic, place in query.tuples():
        total, present, excused, absent = by_meeting.get(mid, (0, 0, 0, 0))
        rows.append(
            {
                "id": mid,
                "held_on": held_on,
                "branch_id": bid,
                "branch": branch,
                "kind": kind,
                "topic": topic,
                "place": place,
                "expected": total,
                "present": present,
                "excused": excused,
                "absent": absent,
                "rate": attendance_rate(present, total),
            }
        )
    return rows


def meeting_years() -> list[int]:
    """The years that have meetings, newest first."""
    years = {d.year for (d,) in PartyMeeting.select(PartyMeeting.held_on).tuples()}
    return sorted(years, reverse=True)


def get_meeting(meeting_id: int) -> dict[str, Any]:
    """A meeting with its attendance rows (person_id, name, unit, status, reason) by name."""
    m = _meeting(meeting_id)
    query = (
        PartyAttendance.select(
            PartyAttendance.person,
            Person.name,
            Unit.name,
            PartyAttendance.status,
            PartyAttendance.reason,
        )
        .join(Person)
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(PartyAttendance.meeting == m.id)
        .order_by(Person.search_key, Person.name)
        .tuples()
    )
    return {
        "id": m.id,
        "branch_id": m.branch_id,
        "branch": m.branch.name,
        "held_on": m.held_on,
        "kind": m.kind,
        "topic": m.topic,
        "place": m.place,
        "note": m.note,
        "attendance": [
            {"person_id": pid, "name": name, "unit": unit or "", "status": st, "reason": reason}
            for pid, name, unit, st, reason in query
        ],
    }


def new_attendance(branch_id: int) -> list[dict[str, Any]]:
    """The attendance grid of a new meeting: every 在册 member of the branch, 出席."""
    return [
        {"person_id": m["id"], "name": m["name"], "unit": m["unit"], "status": "出席", "reason": ""}
        for m in branch_members(branch_id)
    ]


def _check_attendance(attendance: Sequence[AttendanceRow]) -> list[AttendanceRow]:
    rows: dict[int, AttendanceRow] = {}
    names = dict(
        Person.select(Person.id, Person.name)
        .where(Person.id.in_([r[0] for r in attendance]))
        .tuples()
    )
    for person_id, status, reason in attendance:
        if person_id not in names:
            raise PartyError("出勤名单中有人已不在花名册中，请关闭后重新打开这次组织生活。")
        if status not in ATTENDANCE_STATUSES:
            raise PartyError(
                f"{names[person_id]}的出勤“{status}”不对，请选 {'、'.join(ATTENDANCE_STATUSES)}。"
            )
        reason = clean_line(reason, "请假原因")
        if status == "请假" and not reason:
            raise PartyError(f"{names[person_id]}请假，请填写请假原因（如：住院、外出探亲）。")
        rows[person_id] = (person_id, status, reason if status != "出席" else "")
    return list(rows.values())


def save_meeting(
    meeting_id: int | None,
    branch_id: int,
    held_on: _dt.date,
    kind: str,
    topic: str,
    attendance: Sequence[AttendanceRow],
    *,
    place: str = "",
    note: str = "",
    today: _dt.date | None = None,
) -> int:
    """Record (``meeting_id`` None) or correct a meeting and its attendance; returns its id."""
    today = today or clock.today()
    branch = PartyBranch.get_or_none(PartyBranch.id == branch_id)
    if branch is None:
        raise PartyError("请选择开会的党支部。")
    if not isinstance(held_on, _dt.date):
        raise PartyError("请填写开会日期。")
    check_year(held_on, "开会日期")
    if held_on > today:
        raise PartyError(f"开会日期 {held_on} 晚于今天；出勤要在开过会后登记。")
    if kind not in MEETING_KINDS:
        raise PartyError(f"会议类型“{kind}”不对，请选 {'、'.join(MEETING_KINDS)}。")
    topic = clean_line(topic, "会议主题")
    if not topic:
        raise PartyError("请填写会议主题，如：学习党的二十届四中全会精神。")
    rows = _check_attendance(attendance)
    values = {
        "branch": branch.id,
        "held_on": held_on,
        "kind": kind,
        "topic": topic,
        "place": clean_line(place, "会议地点"),
        "note": clean_text(note),
    }
    present = sum(1 for r in rows if r[1] == "出席")
    summary = f"{branch.name} {held_on} {kind}《{topic}》出席 {present}/{len(rows)} 人"
    with db.atomic():
        if meeting_id is None:
            meeting = PartyMeeting.create(**values)
            audit.record("新增", "party_meeting", meeting.id, summary)
        else:
            meeting = _meeting(meeting_id)
            PartyMeeting.update(values).where(PartyMeeting.id == meeting.id).execute()
            PartyAttendance.delete().where(PartyAttendance.meeting == meeting.id).execute()
            audit.record("修改", "party_meeting", meeting.id, summary)
        if rows:
            PartyAttendance.insert_many(
                [
                    {"meeting": meeting.id, "person": pid, "status": st, "reason": reason}
                    for pid, st, reason in rows
                ]
            ).execute()
    return meeting.id


def delete_meeting(meeting_id: int) -> None:
    """Delete a meeting entered by mistake, with its attendance."""
    m = _meeting(meeting_id)
    with db.atomic():
        m.delete_instance(recursive=True)
        audit.record("删除", "party_meeting", meeting_id, f"删除组织生活记录 {m.held_on} {m.topic}")


def missed_last_meetings(
    day: _dt.date | None = None, count: int = MISSED_IN_A_ROW
) -> list[dict[str, Any]]:
    """在册 members who were not present (请假 or 缺席) at any of their branch's last ``count``
    meetings up to ``day``: name, branch, unit, phone, how many 请假 / 缺席, the reasons given,
    the last meeting they attended and the last 送学上门 they had; by branch, then name."""
    day = day or clock.today()
    meetings = PartyMeeting.select(
        PartyMeeting.id, PartyMeeting.branch, PartyMeeting.held_on
    ).tuples()
    last = last_meetings(meetings, day, count)
    if not last:
        return []
    meeting_ids = [m for ids in last.values() for m in ids]
    members = dict(
        Person.select(Person.id, Person.party_branch)
        .where(Person.party_branch.in_(list(last)) & (Person.status == "在册"))
        .tuples()
    )
    attendance = {
        (m, p): (st, reason)
        for m, p, st, reason in PartyAttendance.select(
            PartyAttendance.meeting,
            PartyAttendance.person,
            PartyAttendance.status,
            PartyAttendance.reason,
        )
        .where(PartyAttendance.meeting.in_(meeting_ids))
        .tuples()
    }
    missed = missed_in_a_row(last, members, attendance)
    if not missed:
        return []
    ids = [m.person_id for m in missed]
    people = {
        pid: (name, key, unit or "", phone, branch)
        for pid, name, key, unit, phone, branch in Person.select(
            Person.id, Person.name, Person.search_key, Unit.name, Person.phone, PartyBranch.name
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .switch(Person)
        .join(PartyBranch, on=(Person.party_branch == PartyBranch.id))
        .where(Person.id.in_(ids))
        .tuples()
    }
    last_present = dict(
        PartyAttendance.select(PartyAttendance.person, fn.MAX(PartyMeeting.held_on))
        .join(PartyMeeting)
        .where(
            PartyAttendance.person.in_(ids)
            & (PartyAttendance.status == "出席")
            & (PartyMeeting.held_on <= day)
        )
        .group_by(PartyAttendance.person)
        .tuples()
    )
    last_delivery = dict(
        StudyDelivery.select(StudyDelivery.person, fn.MAX(StudyDelivery.delivered_on))
        .where(StudyDelivery.person.in_(ids) & (StudyDelivery.delivered_on <= day))
        .group_by(StudyDelivery.person)
        .tuples()
    )
    rows = []
    for m in missed:
        name, key, unit, phone, branch = people[m.person_id]
        rows.append(
            {
                "id": m.person_id,
                "person_id": m.person_id,
                "name": name,
                "search_key": key,
                "branch_id": m.branch_id,
                "branch": branch,
                "unit": unit,
                "phone": phone,
                "excused": m.excused,
                "absent": m.absent,
                "reasons": "、".join(m.reasons),
                "last_present": _as_date(last_present.get(m.person_id)),
                "last_delivery": _as_date(last_delivery.get(m.person_id)),
            }
        )
    rows.sort(key=lambda r: (sort_key(r["branch"]), r["search_key"], r["name"]))
    return rows


def _as_date(value: Any) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


# 送学上门 ------------------------------------------------------------------------------


def list_deliveries(year: int | None = None) -> list[dict[str, Any]]:
    """送学上门 records (of ``year`` when given), newest first."""
    query = (
        StudyDelivery.select(
            StudyDelivery.id,
            StudyDelivery.person,
            Person.name,
            PartyBranch.name,
            StudyDelivery.delivered_on,
            StudyDelivery.delivered_by,
            StudyDelivery.material,
            StudyDelivery.meeting,
            StudyDelivery.note,
        )
        .join(Person)
        .join(PartyBranch, JOIN.LEFT_OUTER, on=(Person.party_branch == PartyBranch.id))
        .order_by(StudyDelivery.delivered_on.desc(), StudyDelivery.id.desc())
    )
    if year is not None:
        query = query.where(
            StudyDelivery.delivered_on.between(_dt.date(year, 1, 1), _dt.date(year, 12, 31))
        )
    keys = (
        "id",
        "person_id",
        "name",
        "branch",
        "delivered_on",
        "delivered_by",
        "material",
        "meeting_id",
        "note",
    )
    rows = [dict(zip(keys, row, strict=True)) for row in query.tuples()]
    for row in rows:
        row["branch"] = row["branch"] or ""
    return rows


def add_delivery(
    person_id: int,
    delivered_on: _dt.date,
    delivered_by: str,
    material: str,
    *,
    meeting_id: int | None = None,
    note: str = "",
    today: _dt.date | None = None,
) -> int:
    """Record study material taken to a member's home; returns its id."""
    today = today or clock.today()
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise PartyError("请选择送学的对象（花名册中的党员）。")
    if not isinstance(delivered_on, _dt.date):
        raise PartyError("请填写送学日期。")
    check_year(delivered_on, "送学日期")
    if delivered_on > today:
        raise PartyError(f"送学日期 {delivered_on} 晚于今天，请填已经送到的日期。")
    delivered_by = clean_line(delivered_by, "送学人")
    material = clean_line(material, "送学内容")
    if not delivered_by:
        raise PartyError("请填写送学人，如：支部书记、干部管理科工作人员的姓名。")
    if not material:
        raise PartyError("请填写送学内容，如：主题党日学习材料、《老年春秋》当期。")
    if meeting_id is not None:
        _meeting(meeting_id)
    with db.atomic():
        delivery = StudyDelivery.create(
            person=person.id,
            delivered_on=delivered_on,
            delivered_by=delivered_by,
            material=material,
            meeting=meeting_id,
            note=clean_text(note),
        )
        audit.record(
            "新增",
            "study_delivery",
            delivery.id,
            f"{delivered_on} {delivered_by}为{person.name}送学上门：{material}",
        )
    return delivery.id


def delete_delivery(delivery_id: int) -> None:
    """Delete a 送学上门 record entered by mistake."""
    delivery = StudyDelivery.get_or_none(StudyDelivery.id == delivery_id)
    if delivery is None:
        raise PartyError("找不到这条送学记录，可能已被删除。请刷新后重试。")
    with db.atomic():
        delivery.delete_instance()
        audit.record("删除", "study_delivery", delivery_id, "删除送学上门记录")
