"""活动: classes (老年大学 courses) and activities (outings, visits to enterprises, anniversary
events) with their days, sign-ups within the capacity (or on a waiting list), attendance per
day, suggestions of who might come, the year's figures per kind (for the report workbook) and
each person's participation (for the person dialog). Service teams are in services.teams.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from peewee import JOIN, fn

from ..core import clock
from ..core.activity_rules import ACTIVITY_KINDS, area_of, interest_words, weigh
from ..core.ages import age_on
from ..core.dates import check_year
from ..core.errors import RuleError
from ..core.normalize import clean_line, clean_text
from ..core.pinyin import sort_key
from ..core.vocab import HOBBY_TAGS
from ..storage.activity_models import (
    Activity,
    ActivityAttendance,
    ActivitySession,
    ActivitySignup,
    ServiceTeam,
    TeamMember,
)
from ..storage.database import db
from ..storage.models import Person, Unit
from ..storage.roster_queries import tier_expression
from . import audit

SUGGESTION_LIMIT = 30


class ActivityError(RuleError):
    """An activity, a sign-up or an attendance mark breaks a rule."""


# --- reading --------------------------------------------------------------------------------
def _activity(activity_id: int) -> Activity:
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise ActivityError("找不到这项活动，可能已被删除。请刷新后重试。")
    return activity


def _counts(activity_ids: Sequence[int] | None = None) -> dict[int, dict[str, int]]:
    """activity id → sign_ups, waiting, sessions, attendance (person-days), attendees."""
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"sign_ups": 0, "waiting": 0, "sessions": 0, "attendance": 0, "attendees": 0}
    )
    signups = ActivitySignup.select(
        ActivitySignup.activity, ActivitySignup.waiting, fn.COUNT(ActivitySignup.id)
    ).group_by(ActivitySignup.activity, ActivitySignup.waiting)
    sessions = ActivitySession.select(
        ActivitySession.activity, fn.COUNT(ActivitySession.id)
    ).group_by(ActivitySession.activity)
    attendance = (
        ActivityAttendance.select(
            ActivitySession.activity,
            fn.COUNT(ActivityAttendance.id),
            fn.COUNT(ActivityAttendance.person.distinct()),
        )
        .join(ActivitySession)
        .group_by(ActivitySession.activity)
    )
    if activity_ids is not None:
        ids = list(activity_ids)
        signups = signups.where(ActivitySignup.activity.in_(ids))
        sessions = sessions.where(ActivitySession.activity.in_(ids))
        attendance = attendance.where(ActivitySession.activity.in_(ids))
    for aid, waiting, n in signups.tuples():
        counts[aid]["waiting" if waiting else "sign_ups"] += n
    for aid, n in sessions.tuples():
        counts[aid]["sessions"] = n
    for aid, n, people in attendance.tuples():
        counts[aid]["attendance"] = n
        counts[aid]["attendees"] = people
    return counts


def _session_dates(activity_ids: Sequence[int]) -> dict[int, list[_dt.date]]:
    dates: dict[int, list[_dt.date]] = defaultdict(list)
    query = (
        ActivitySession.select(ActivitySession.activity, ActivitySession.held_on)
        .where(ActivitySession.activity.in_(list(activity_ids)))
        .order_by(ActivitySession.held_on)
        .tuples()
    )
    for aid, day in query:
        dates[aid].append(day)
    return dates


def dates_text(dates: Sequence[_dt.date]) -> str:
    """2026-03-05 or 2026-03-05 至 2026-06-25（共 12 次）."""
    if not dates:
        return ""
    if len(dates) == 1:
        return dates[0].isoformat()
    return f"{dates[0].isoformat()} 至 {dates[-1].isoformat()}（共 {len(dates)} 次）"


def activity_years() -> list[int]:
    """The years that have activities, newest first."""
    years = {d.year for (d,) in Activity.select(Activity.start_date).tuples()}
    return sorted(years, reverse=True)


def list_activities(year: int | None = None, kind: str = "") -> list[dict[str, Any]]:
    """Activities (of ``year`` by their first day; of ``kind``), newest first, with their days
    and counts: sign_ups, waiting, sessions, attendance (人次), attendees (人)."""
    query = Activity.select().order_by(Activity.start_date.desc(), Activity.id.desc())
    if year is not None:
        query = query.where(
            (Activity.start_date >= _dt.date(year, 1, 1))
            & (Activity.start_date <= _dt.date(year, 12, 31))
        )
    if kind:
        query = query.where(Activity.kind == kind)
    activities = list(query)
    ids = [a.id for a in activities]
    counts = _counts(ids) if ids else {}
    dates = _session_dates(ids) if ids else {}
    rows = []
    for a in activities:
        c = counts.get(a.id) or {
            "sign_ups": 0,
            "waiting": 0,
            "sessions": 0,
            "attendance": 0,
            "attendees": 0,
        }
        days = dates.get(a.id, [])
        rows.append(
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "topic": a.topic,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "dates": days,
                "dates_text": dates_text(days),
                "place": a.place,
                "organiser": a.organiser,
                "capacity": a.capacity,
                **c,
            }
        )
    return rows


def get_activity(activity_id: int) -> dict[str, Any]:
    """An activity with its sessions (id, held_on), its sign-ups (name, unit, phone, waiting,
    signed_on, attended: number of days) and attendance as {session id: [person ids]}."""
    a = _activity(activity_id)
    sessions = [
        {"id": sid, "held_on": day}
        for sid, day in ActivitySession.select(ActivitySession.id, ActivitySession.held_on)
        .where(ActivitySession.activity == a.id)
        .order_by(ActivitySession.held_on)
        .tuples()
    ]
    attendance: dict[int, list[int]] = {s["id"]: [] for s in sessions}
    for sid, pid in (
        ActivityAttendance.select(ActivityAttendance.session, ActivityAttendance.person)
        .where(ActivityAttendance.session.in_(list(attendance)))
        .tuples()
    ):
        attendance[sid].append(pid)
    days_by_person: dict[int, int] = defaultdict(int)
    for pids in attendance.values():
        for pid in pids:
            days_by_person[pid] += 1
    query = (
        ActivitySignup.select(
            ActivitySignup.id,
            ActivitySignup.person,
            Person.name,
            Person.search_key,
            fn.COALESCE(Unit.name, ""),
            Person.phone,
            ActivitySignup.waiting,
            ActivitySignup.signed_on,
            ActivitySignup.note,
        )
        .join(Person)
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(ActivitySignup.activity == a.id)
        .order_by(ActivitySignup.waiting, ActivitySignup.signed_on, Person.search_key)
        .tuples()
    )
    signups = [
        {
            "id": sid,
            "person_id": pid,
            "name": name,
            "unit": unit,
            "phone": phone,
            "waiting": bool(waiting),
            "status": "候补" if waiting else "已报名",
            "signed_on": signed,
            "note": note,
            "attended": days_by_person.get(pid, 0),
        }
        for sid, pid, name, _key, unit, phone, waiting, signed, note in query
    ]
    counts = _counts([a.id]).get(a.id, {})
    return {
        "id": a.id,
        "name": a.name,
        "kind": a.kind,
        "topic": a.topic,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "dates": [s["held_on"] for s in sessions],
        "dates_text": dates_text([s["held_on"] for s in sessions]),
        "place": a.place,
        "organiser": a.organiser,
        "capacity": a.capacity,
        "notes": a.notes,
        "sessions": sessions,
        "signups": signups,
        "attendance": attendance,
        "sign_ups": counts.get("sign_ups", 0),
        "waiting": counts.get("waiting", 0),
        "attendance_count": counts.get("attendance", 0),
        "attendees": counts.get("attendees", 0),
    }


# --- writing --------------------------------------------------------------------------------
def _clean_dates(dates: Iterable[Any]) -> list[_dt.date]:
    days = sorted({d for d in dates if isinstance(d, _dt.date)})
    if not days:
        raise ActivityError("请至少填写一个活动日期（课程填写每次上课的日期）。")
    for day in (days[0], days[-1]):
        check_year(day, "活动日期")
    return days


def _check(values: Mapping[str, Any]) -> dict[str, Any]:
    name = clean_line(values.get("name"), "活动名称")
    if not name:
        raise ActivityError("活动名称不能为空，请填写，如：书法班（春季）。")
    kind = str(values.get("kind") or "").strip()
    if kind not in ACTIVITY_KINDS:
        raise ActivityError(f"活动类别“{kind}”不对，请选 {'、'.join(ACTIVITY_KINDS)}。")
    capacity = values.get("capacity")
    if capacity in ("", 0):
        capacity = None
    if capacity is not None:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            raise ActivityError(f"人数上限“{capacity}”不是整数，请填人数或留空。") from None
        if capacity < 0:
            raise ActivityError("人数上限不能是负数，请填人数，不限人数请留空。")
    return {
        "name": name,
        "kind": kind,
        "topic": clean_line(values.get("topic"), "活动主题"),
        "place": clean_line(values.get("place"), "活动地点"),
        "organiser": clean_line(values.get("organiser"), "组织者"),
        "capacity": capacity,
        "notes": clean_text(values.get("notes")),
    }


def save_activity(activity_id: int | None, values: Mapping[str, Any]) -> int:
    """Create (``activity_id`` None) or change an activity: name, kind, topic, dates (the days
    it is held), place, organiser, capacity (None: no limit), notes. Returns its id.

    A day that already has attendance marked cannot be dropped, and the capacity cannot go
    below the people already signed up."""
    fields = _check(values)
    days = _clean_dates(values.get("dates") or ())
    fields["start_date"], fields["end_date"] = days[0], days[-1]
    with db.atomic():
        if activity_id is None:
            activity = Activity.create(**fields)
            summary = f"新增活动《{activity.name}》（{activity.kind}）"
        else:
            activity = _activity(activity_id)
            signed = (
                ActivitySignup.select()
                .where(
                    (ActivitySignup.activity == activity.id) & (ActivitySignup.waiting == False)  # noqa: E712
                )
                .count()
            )
            if fields["capacity"] is not None and fields["capacity"] < signed:
                raise ActivityError(
                    f"已有 {signed} 人报名，人数上限不能少于 {signed}。"
                    "请先把多出的人移出名单或改为候补。"
                )
            for key, value in fields.items():
                setattr(activity, key, value)
            activity.save()
            summary = f"修改活动《{activity.name}》"
        existing = {
            s.held_on: s
            for s in ActivitySession.select().where(ActivitySession.activity == activity)
        }
        for day, session in existing.items():
            if day in days:
                continue
            marked = (
                ActivityAttendance.select().where(ActivityAttendance.session == session).count()
            )
            if marked:
                raise ActivityError(
                    f"{day.isoformat()} 已登记出勤 {marked} 人，不能删去这一天；"
                    "如确要删去，请先在出勤表中清除这一天的出勤。"
                )
            session.delete_instance()
        added = [{"activity": activity.id, "held_on": day} for day in days if day not in existing]
        if added:
            ActivitySession.insert_many(added).execute()
        audit.record("新增" if activity_id is None else "修改", "activity", activity.id, summary)
    return activity.id


def delete_activity(activity_id: int) -> None:
    """Delete an activity with its days, sign-ups and attendance."""
    a = _activity(activity_id)
    with db.atomic():
        a.delete_instance(recursive=True)
        audit.record("删除", "activity", activity_id, f"删除活动《{a.name}》及其报名和出勤记录")


def _names(person_ids: Iterable[int]) -> dict[int, str]:
    ids = list(person_ids)
    return dict(Person.select(Person.id, Person.name).where(Person.id.in_(ids)).tuples())


def _free_places(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    signed = (
        ActivitySignup.select()
        .where((ActivitySignup.activity == activity.id) & (ActivitySignup.waiting == False))  # noqa: E712
        .count()
    )
    return max(activity.capacity - signed, 0)


def sign_up(
    activity_id: int,
    person_ids: Sequence[int],
    *,
    waiting_list: bool = False,
    day: _dt.date | None = None,
) -> dict[str, list[str]]:
    """Sign people up. Over the capacity it refuses, saying how many places are left — unless
    ``waiting_list``, when those beyond the places go on the waiting list. Returns the names
    {"signed": […], "waiting": […], "already": […]}."""
    activity = _activity(activity_id)
    day = day or clock.today()
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ActivityError("请先选择要报名的人。")
    people = dict(Person.select(Person.id, Person.status).where(Person.id.in_(ids)).tuples())
    names = _names(ids)
    gone = [names.get(pid, str(pid)) for pid in ids if people.get(pid) != "在册"]
    if gone:
        raise ActivityError(f"{'、'.join(gone)} 不是在册人员，不能报名。请从在册人员中选择。")
    already_ids = {
        pid
        for (pid,) in ActivitySignup.select(ActivitySignup.person)
        .where((ActivitySignup.activity == activity.id) & ActivitySignup.person.in_(ids))
        .tuples()
    }
    new = [pid for pid in ids if pid not in already_ids]
    free = _free_places(activity)
    if free is not None and len(new) > free and not waiting_list:
        raise ActivityError(
            f"《{activity.name}》限 {activity.capacity} 人，只剩 {free} 个名额，这次要报 {len(new)} 人。"
            "请少选几人，或放进候补名单，或在活动里提高人数上限。"
        )
    signed = new if free is None else new[:free]
    waiting = [] if free is None else new[free:]
    with db.atomic():
        rows = [
            {"activity": activity.id, "person": pid, "signed_on": day, "waiting": pid in waiting}
            for pid in new
        ]
        for begin in range(0, len(rows), 200):
            ActivitySignup.insert_many(rows[begin : begin + 200]).execute()
        if new:
            parts = []
            if signed:
                parts.append(f"报名 {'、'.join(names[p] for p in signed)}")
            if waiting:
                parts.append(f"候补 {'、'.join(names[p] for p in waiting)}")
            audit.record(
                "新增", "activity_signup", activity.id, f"《{activity.name}》" + "，".join(parts)
            )
    return {
        "signed": [names[p] for p in signed],
        "waiting": [names[p] for p in waiting],
        "already": [names[p] for p in ids if p in already_ids],
    }


def remove_signups(activity_id: int, person_ids: Sequence[int]) -> list[str]:
    """Take people off the list (their attendance at it goes too); the first on the waiting list
    move up into the places freed. Returns the names of those moved up."""
    activity = _activity(activity_id)
    ids = list(person_ids)
    if not ids:
        raise ActivityError("请先在名单中选中要移出的人。")
    names = _names(ids)
    with db.atomic():
        sessions = ActivitySession.select(ActivitySession.id).where(
            ActivitySession.activity == activity.id
        )
        ActivityAttendance.delete().where(
            ActivityAttendance.session.in_(sessions) & ActivityAttendance.person.in_(ids)
        ).execute()
        ActivitySignup.delete().where(
            (ActivitySignup.activity == activity.id) & ActivitySignup.person.in_(ids)
        ).execute()
        moved = _move_up(activity)
        summary = f"《{activity.name}》移出 {'、'.join(names.get(p, str(p)) for p in ids)}"
        if moved:
            summary += f"，候补转为报名：{'、'.join(moved)}"
        audit.record("删除", "activity_signup", activity.id, summary)
    return moved


def _move_up(activity: Activity) -> list[str]:
    free = _free_places(activity)
    waiting = (
        ActivitySignup.select(ActivitySignup.id, Person.name)
        .join(Person)
        .where((ActivitySignup.activity == activity.id) & (ActivitySignup.waiting == True))  # noqa: E712
        .order_by(ActivitySignup.signed_on, ActivitySignup.id)
        .tuples()
    )
    rows = list(waiting) if free is None else list(waiting)[:free]
    if rows:
        ActivitySignup.update(waiting=False).where(
            ActivitySignup.id.in_([r[0] for r in rows])
        ).execute()
    return [name for _id, name in rows]


def set_attended(
    session_id: int, person_ids: Sequence[int], present: bool, *, today: _dt.date | None = None
) -> int:
    """Mark these signed-up people as there (or not) on one day; returns how many changed."""
    session = ActivitySession.get_or_none(ActivitySession.id == session_id)
    if session is None:
        raise ActivityError("找不到这一天的活动安排，可能已被修改。请刷新后重试。")
    if present and session.held_on > (today or clock.today()):
        raise ActivityError(
            f"{session.held_on.isoformat()} 还没到，不能登记出勤。请在活动当天或之后登记。"
        )
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ActivityError("请先选择要登记出勤的人。")
    signed = {
        pid
        for (pid,) in ActivitySignup.select(ActivitySignup.person)
        .where(
            (ActivitySignup.activity == session.activity_id)
            & (ActivitySignup.waiting == False)  # noqa: E712
            & ActivitySignup.person.in_(ids)
        )
        .tuples()
    }
    outside = [pid for pid in ids if pid not in signed]
    if outside and present:
        names = _names(outside)
        raise ActivityError(
            f"{'、'.join(names.get(p, str(p)) for p in outside)} 没有报名（或还在候补），"
            "不能登记出勤。请先报名。"
        )
    with db.atomic():
        if present:
            had = {
                pid
                for (pid,) in ActivityAttendance.select(ActivityAttendance.person)
                .where((ActivityAttendance.session == session) & ActivityAttendance.person.in_(ids))
                .tuples()
            }
            rows = [{"session": session.id, "person": pid} for pid in ids if pid not in had]
            if rows:
                ActivityAttendance.insert_many(rows).execute()
            changed = len(rows)
        else:
            changed = (
                ActivityAttendance.delete()
                .where((ActivityAttendance.session == session) & ActivityAttendance.person.in_(ids))
                .execute()
            )
        if changed:
            audit.record(
                "修改",
                "activity_attendance",
                session.activity_id,
                f"{session.held_on.isoformat()} {'登记出勤' if present else '取消出勤'} {changed} 人",
            )
    return changed


# --- suggestions ----------------------------------------------------------------------------
def _may_fit(words: list[str], near: list[str]):
    """SQL narrowing the roster to those ``weigh`` may suggest (an interest word, or a known
    hobby within one, in their hobbies or specialties; the place's street or district in
    their address), so that a city's roster is not read whole; ``weigh`` decides."""
    parts = sorted(set(words) | {t for t in HOBBY_TAGS for w in words if t in w})
    conditions = [
        c for w in parts for c in (Person.hobbies.contains(w), Person.specialties.contains(w))
    ]
    conditions += [Person.address.contains(place) for place in near]
    if not conditions:
        return Person.id < 0  # nobody (a literal false is 0 on a server: not a boolean there)
    condition = conditions[0]
    for more in conditions[1:]:
        condition = condition | more
    return condition


def suggest_people(
    topic: str,
    place: str,
    *,
    name: str = "",
    exclude: Iterable[int] = (),
    day: _dt.date | None = None,
    limit: int = SUGGESTION_LIMIT,
) -> list[dict[str, Any]]:
    """People 在册 in the city who might join: a hobby or specialty matching ``topic`` (or the
    hobby words in ``name``), tier 活跃 first, living near ``place``; best first, each with
    id, name, unit, age, service_tier, hobbies, specialties, address, score and reason."""
    day = day or clock.today()
    words = interest_words(topic, name, HOBBY_TAGS)
    target = area_of(place)
    skip = set(exclude)
    query = (
        Person.select(
            Person.id,
            Person.name,
            fn.COALESCE(Unit.name, ""),
            Person.birth_date,
            Person.hobbies,
            Person.specialties,
            Person.address,
            tier_expression(day),
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(
            (Person.status == "在册")
            & (Person.residence_area == "本市")
            & _may_fit(words, [p for p in (target.street, target.district) if p])
        )
        .tuples()
    )
    found = []
    for pid, pname, unit, birth, hobbies, specialties, address, tier in query:
        if pid in skip:
            continue
        verdict = weigh(
            words=words,
            hobbies=hobbies or "",
            specialties=specialties or "",
            tier=tier,
            home=area_of(address or ""),
            target=target,
        )
        if verdict is None:
            continue
        found.append(
            {
                "id": pid,
                "name": pname,
                "unit": unit,
                "age": age_on(birth, day) if birth and birth <= day else None,
                "service_tier": tier,
                "hobbies": hobbies or "",
                "specialties": specialties or "",
                "address": address or "",
                "score": verdict.score,
                "reason": verdict.reason,
            }
        )
    found.sort(key=lambda r: (-r["score"], sort_key(r["name"])))
    return found[:limit]


def suggestions(activity_id: int, *, day: _dt.date | None = None) -> list[dict[str, Any]]:
    """Suggested people for an activity (those already on its list left out)."""
    a = _activity(activity_id)
    listed = [
        pid
        for (pid,) in ActivitySignup.select(ActivitySignup.person)
        .where(ActivitySignup.activity == a.id)
        .tuples()
    ]
    return suggest_people(a.topic, a.place, name=a.name, exclude=listed, day=day)


# --- figures and a person's participation ---------------------------------------------------
def activity_figures(year: int) -> dict[str, Any]:
    """The year's activities per kind for the report: activities, sign_ups, attendance (人次)
    and participants (different people who came), with a total line."""
    rows = list_activities(year)
    per_kind = []
    for kind in ACTIVITY_KINDS:
        of_kind = [r for r in rows if r["kind"] == kind]
        ids = [r["id"] for r in of_kind]
        participants = _participants(ids)
        per_kind.append(
            {
                "kind": kind,
                "activities": len(of_kind),
                "sessions": sum(r["sessions"] for r in of_kind),
                "sign_ups": sum(r["sign_ups"] for r in of_kind),
                "attendance": sum(r["attendance"] for r in of_kind),
                "participants": participants,
            }
        )
    total = {
        "kind": "合计",
        "activities": len(rows),
        "sessions": sum(r["sessions"] for r in rows),
        "sign_ups": sum(r["sign_ups"] for r in rows),
        "attendance": sum(r["attendance"] for r in rows),
        "participants": _participants([r["id"] for r in rows]),
    }
    return {"year": year, "by_kind": per_kind, "total": total, "activities": rows}


def _participants(activity_ids: Sequence[int]) -> int:
    if not activity_ids:
        return 0
    return int(
        ActivityAttendance.select(fn.COUNT(ActivityAttendance.person.distinct()))
        .join(ActivitySession)
        .where(ActivitySession.activity.in_(list(activity_ids)))
        .scalar()
        or 0
    )


def person_participation(person_id: int) -> dict[str, list[dict[str, Any]]]:
    """What one person takes part in: activities (name, kind, dates, status 已报名/候补,
    attended days of sessions) newest first, and service teams (name, role, interest, area)."""
    query = (
        ActivitySignup.select(ActivitySignup.activity, ActivitySignup.waiting)
        .where(ActivitySignup.person == person_id)
        .tuples()
    )
    status = {aid: bool(waiting) for aid, waiting in query}
    attended: dict[int, int] = defaultdict(int)
    for (aid,) in (
        ActivityAttendance.select(ActivitySession.activity)
        .join(ActivitySession)
        .where(ActivityAttendance.person == person_id)
        .tuples()
    ):
        attended[aid] += 1
    ids = sorted(set(status) | set(attended))
    dates = _session_dates(ids) if ids else {}
    activities = []
    for a in (
        Activity.select()
        .where(Activity.id.in_(ids))
        .order_by(Activity.start_date.desc(), Activity.id.desc())
    ):
        days = dates.get(a.id, [])
        activities.append(
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "dates_text": dates_text(days),
                "place": a.place,
                "status": "候补" if status.get(a.id) else "已报名",
                "attended": attended.get(a.id, 0),
                "sessions": len(days),
                "attended_text": f"{attended.get(a.id, 0)}/{len(days)}",
            }
        )
    teams = [
        {"id": tid, "name": name, "role": role, "interest": interest, "area": area}
        for tid, name, role, interest, area in TeamMember.select(
            ServiceTeam.id,
            ServiceTeam.name,
            TeamMember.role,
            ServiceTeam.interest,
            ServiceTeam.area,
        )
        .join(ServiceTeam)
        .where(TeamMember.person == person_id)
        .order_by(ServiceTeam.name)
        .tuples()
    ]
    return {"activities": activities, "teams": teams}


def find_persons(text: str, *, today: _dt.date, limit: int = 40) -> list[dict[str, Any]]:
    """People 在册 matching ``text`` (name, pinyin, ID tail, phone), for the sign-up and team
    pickers: id, name, unit, age, service_tier."""
    from ..core.roster_filter import RosterFilter
    from ..storage.roster_queries import fetch_person_rows, query_person_ids

    text = (text or "").strip()
    if not text:
        return []
    ids = query_person_ids(RosterFilter(text=text), today=today)[:limit]
    rows = fetch_person_rows(ids, today)
    return [
        {k: rows[i][k] for k in ("id", "name", "unit", "age", "service_tier", "address")}
        for i in ids
    ]
