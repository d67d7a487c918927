"""Visits (走访慰问): plan, record, reschedule and list visits; the due list (campaigns are in
services.campaigns, exports in services.visits_exports).

Every function here is what both the window and the CLI call. Errors a person can cause raise
:class:`VisitError` (a RuleError with a Chinese message) and change nothing. Each change is
written to the audit log.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..core import clock
from ..core.dates import check_year
from ..core.errors import RuleError
from ..core.normalize import clean_text
from ..core.visit_rules import (
    CANCELLED,
    DONE,
    PLANNED,
    VISIT_KINDS,
    VISIT_STATUSES,
    DueItem,
    PersonRecord,
    PersonScope,
    RuleSettings,
    StayRecord,
    VisitRecord,
    due_items,
    person_scope,
)
from ..storage.aid_models import persons_with_open_case
from ..storage.database import db
from ..storage.models import Person
from ..storage.visits_models import HospitalStay, Visit, VisitPerson
from . import audit, conflicts
from .errors import ConflictError
from .settings import get_setting, set_setting

SETTINGS_KEY = "visit_rules"
MAX_AMOUNT = Decimal("1000000")


class VisitError(RuleError):
    """A visit could not be saved as asked; ``message`` says why in Chinese."""


def today() -> _dt.date:
    return clock.today()


# ---------------------------------------------------------------- settings


def load_rule_settings() -> RuleSettings:
    """The rules as the clerk set them (defaults where nothing was saved)."""
    return RuleSettings.from_dict(get_setting(SETTINGS_KEY, {}) or None)


def save_rule_settings(settings: RuleSettings) -> None:
    """Store the rules; they take effect on the next due list."""
    if settings.birthday_min_age < 1 or settings.birthday_min_age > 120:
        raise VisitError("生日走访的起始年龄应在 1 至 120 岁之间，请修改后再保存。")
    for n in (settings.hospital_visit_days, settings.follow_up_days, settings.death_visit_days):
        if not 0 <= n <= 60:
            raise VisitError("探望、回访和吊唁的天数应在 0 至 60 天之间，请修改后再保存。")
    before = load_rule_settings().to_dict()
    after = settings.to_dict()
    changes = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    with db.atomic():
        set_setting(SETTINGS_KEY, after)
        if changes:
            audit.record("修改", "setting", None, "修改设置：走访规则", changes)


# ---------------------------------------------------------------- reading records


@lru_cache(maxsize=100_000)
def _iso(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text[:10])


def db_date(text: Any) -> _dt.date | None:
    if text is None or text == "":
        return None
    if isinstance(text, _dt.date):
        return text
    return _iso(str(text))


PERSON_COLUMNS = (
    "id, name, birth_date, lunar_birthday, retirement_kind, political_status, "
    "party_join_date, self_care, bedridden, hardship, health_status, status, death_date"
)


def _scope_sql(scope: PersonScope) -> tuple[str, list[Any]]:
    """The WHERE condition of the people in ``scope`` (see core.visit_rules.PersonScope)."""
    living = ["COALESCE(lunar_birthday, 0) != 0", "COALESCE(bedridden, 0) != 0", "self_care = ?"]
    params: list[Any] = ["不能自理"]
    if scope.everyone_living or scope.birthday_ranges is None:
        living = ["1 = 1"]
        params = []
    else:
        for first, last in scope.birthday_ranges:
            living.append("substr(birth_date, 6, 5) BETWEEN ? AND ?")
            params += [first, last]
    sql = f"(status = '在册' AND ({' OR '.join(living)})) OR (status = '已故' AND death_date >= ?)"
    params.append(scope.died_from.isoformat())
    return sql, params


def person_records(
    statuses: Sequence[str] = ("在册", "已故"),
    *,
    scope: PersonScope | None = None,
    also: Iterable[int] = (),
) -> list[PersonRecord]:
    """Every person the rules look at, read in one query; with ``scope`` only those in it and
    the people ``also`` names (of the visits and stays read for the same period)."""
    marks = ",".join("?" * len(statuses))
    open_aid = persons_with_open_case()
    sql = f'SELECT {PERSON_COLUMNS} FROM "person" WHERE status IN ({marks})'
    params: list[Any] = list(statuses)
    if scope is not None:
        condition, more = _scope_sql(scope)
        sql += f" AND ({condition})"
        params += more
    rows = db.execute_sql(sql, tuple(params)).fetchall()
    if scope is not None:
        read = {r[0] for r in rows}
        missing = sorted(set(also) - read)
        for chunk in range(0, len(missing), 900):
            part = missing[chunk : chunk + 900]
            rows += db.execute_sql(
                f'SELECT {PERSON_COLUMNS} FROM "person" WHERE status IN ({marks}) '
                f"AND id IN ({','.join('?' * len(part))})",
                (*statuses, *part),
            ).fetchall()
    return [
        PersonRecord(
            r[0],
            r[1],
            db_date(r[2]),
            bool(r[3]),
            r[4],
            r[5],
            db_date(r[6]),
            r[7],
            bool(r[8]),
            r[9],
            r[10],
            r[11],
            db_date(r[12]),
            r[0] in open_aid,
        )
        for r in rows
    ]


def visit_records(since: _dt.date | None = None) -> list[VisitRecord]:
    """Visits (with their people) done or planned on or after ``since``, and every open plan."""
    sql = (
        "SELECT v.id, v.kind, v.status, v.planned_on, v.done_on, v.follow_up_on, vp.person_id "
        'FROM "visit" v JOIN "visit_person" vp ON vp.visit_id = v.id'
    )
    params: tuple[Any, ...] = ()
    if since is not None:
        sql += (
            " WHERE v.status = ? OR COALESCE(v.done_on, v.planned_on) >= ? OR v.follow_up_on >= ?"
        )
        params = (PLANNED, since.isoformat(), since.isoformat())
    grouped: dict[int, list[Any]] = {}
    people: dict[int, list[int]] = defaultdict(list)
    for row in db.execute_sql(sql, params).fetchall():
        grouped.setdefault(row[0], list(row[:6]))
        people[row[0]].append(row[6])
    return [
        VisitRecord(
            vid, tuple(people[vid]), r[1], r[2], db_date(r[3]), db_date(r[4]), db_date(r[5])
        )
        for vid, r in grouped.items()
    ]


def stay_records(since: _dt.date | None = None) -> list[StayRecord]:
    """Hospital stays admitted or discharged on or after ``since`` (all when None)."""
    query = HospitalStay.select()
    if since is not None:
        query = query.where(
            (HospitalStay.admitted_on >= since)
            | (HospitalStay.discharged_on >= since)
            | HospitalStay.discharged_on.is_null()
        )
    return [
        StayRecord(s.id, s.person_id, s.admitted_on, s.discharged_on, s.hospital)
        for s in query.objects()
    ]


def due_list(
    start: _dt.date,
    end: _dt.date,
    *,
    day: _dt.date | None = None,
    settings: RuleSettings | None = None,
) -> list[DueItem]:
    """The due list for ``start`` … ``end`` as seen on ``day`` (today by default)."""
    if end < start:
        raise VisitError("结束日期早于开始日期，请重新选择日期范围。")
    day = day or today()
    settings = settings or load_rule_settings()
    since = min(start, day) - _dt.timedelta(days=settings.overdue_lookback_days + 60)
    visit_list = visit_records(since)
    stays = stay_records(since)
    # A period of weeks (首页, the calendar) reads only the people that can have an item in it.
    also = {pid for v in visit_list for pid in v.person_ids} | {s.person_id for s in stays}
    persons = person_records(
        ("在册", "已故", "迁出"), scope=person_scope(settings, start, end, day), also=also
    )
    return due_items(persons, visit_list, stays, settings, start, end, day)


# ---------------------------------------------------------------- visits


@dataclass(frozen=True)
class VisitInput:
    """What the visit dialog or the CLI hands in; checked by :func:`check_visit`."""

    person_ids: tuple[int, ...]
    kind: str
    planned_on: _dt.date | None
    status: str = PLANNED
    done_on: _dt.date | None = None
    visitors: str = ""
    gift: str = ""
    amount: Decimal | str | None = None
    notes: str = ""
    follow_up_on: _dt.date | None = None
    occasion: str = ""


def parse_amount(value: Decimal | str | float | int | None) -> Decimal:
    """An amount of 元 with two places; VisitError for text that is not money."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0.00")
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise VisitError(f"金额“{value}”不是数字，请填写如 500 或 500.00（单位：元）。") from None
    if not amount.is_finite() or amount < 0:
        raise VisitError(f"金额“{value}”不能为负数，请重新填写。")
    if amount >= MAX_AMOUNT:
        raise VisitError(f"金额“{value}”过大，请核对（单位：元）。")
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_visit(data: VisitInput) -> dict[str, Any]:
    """The column values for ``data``; VisitError with every problem in Chinese."""
    problems: list[str] = []
    if not data.person_ids:
        problems.append("请至少选择一位走访对象")
    if data.kind not in VISIT_KINDS:
        problems.append(f"走访类别“{data.kind}”无效，应为：{'、'.join(VISIT_KINDS)}")
    if data.status not in VISIT_STATUSES:
        problems.append(f"状态“{data.status}”无效，应为：{'、'.join(VISIT_STATUSES)}")
    if data.planned_on is None and data.done_on is None:
        problems.append("请填写计划日期或走访日期")
    for day, label in (
        (data.planned_on, "计划日期"),
        (data.done_on, "走访日期"),
        (data.follow_up_on, "回访日期"),
    ):
        try:
            check_year(day, label)
        except RuleError as exc:
            problems.append(exc.message)
    if data.status == DONE and data.done_on is None:
        problems.append("标记为已完成时请填写走访日期")
    if data.done_on and data.status != DONE:
        problems.append("填写了走访日期的记录，状态应为“已完成”")
    if (
        data.follow_up_on
        and (data.done_on or data.planned_on)
        and data.follow_up_on < (data.done_on or data.planned_on)
    ):
        problems.append("回访日期不能早于走访日期")
    try:
        amount = parse_amount(data.amount)
    except VisitError as exc:
        problems.append(exc.message.rstrip("。"))
        amount = Decimal("0.00")
    if data.person_ids:
        found = Person.select(Person.id).where(Person.id.in_(list(data.person_ids))).count()
        if found != len(set(data.person_ids)):
            problems.append("所选人员中有已被删除的记录，请重新选择")
    if problems:
        raise VisitError("；".join(problems) + "。")
    return {
        "kind": data.kind,
        "status": data.status,
        "planned_on": data.planned_on or data.done_on,
        "done_on": data.done_on,
        "visitors": clean_text(data.visitors),
        "gift": clean_text(data.gift),
        "amount": amount,
        "notes": clean_text(data.notes),
        "follow_up_on": data.follow_up_on,
        "occasion": data.occasion,
    }


def _names(person_ids: Iterable[int]) -> str:
    ids = list(person_ids)
    rows = Person.select(Person.id, Person.name).where(Person.id.in_(ids)).tuples()
    names = dict(rows)
    return "、".join(names.get(i, "?") for i in ids)


def create_visit(data: VisitInput) -> int:
    """Save a new visit; returns its id."""
    columns = check_visit(data)
    with db.atomic():
        visit = Visit.create(**columns)
        VisitPerson.insert_many(
            [{"visit": visit.id, "person": pid} for pid in dict.fromkeys(data.person_ids)]
        ).execute()
        audit.record(
            "新增",
            "visit",
            visit.id,
            f"{columns['kind']}（{columns['status']}）：{_names(data.person_ids)}",
        )
    return visit.id


def create_from_due(item: DueItem, *, visitors: str = "", notes: str = "") -> int:
    """Plan a visit for a due item on its day (an overdue plan is returned as it is)."""
    if item.visit_id is not None:
        return item.visit_id
    return create_visit(
        VisitInput(
            person_ids=(item.person_id,),
            kind=item.kind,
            planned_on=item.day,
            visitors=visitors,
            notes=notes or item.reason,
            occasion=item.occasion,
        )
    )


def _visit(visit_id: int) -> Visit:
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise VisitError(f"找不到编号为 {visit_id} 的走访记录，它可能已被删除。请刷新后重试。")
    return visit


def visit_person_ids(visit_id: int) -> list[int]:
    return [
        r[0]
        for r in VisitPerson.select(VisitPerson.person)
        .where(VisitPerson.visit == visit_id)
        .order_by(VisitPerson.id)
        .tuples()
    ]


def get_visit(visit_id: int) -> dict[str, Any]:
    """A visit as a dict with glossary keys, ``person_ids`` and ``persons`` (names)."""
    visit = _visit(visit_id)
    ids = visit_person_ids(visit_id)
    return _visit_dict(visit, ids, _names(ids))


def _visit_dict(visit: Visit, ids: list[int], names: str) -> dict[str, Any]:
    return {
        "id": visit.id,
        "kind": visit.kind,
        "status": visit.status,
        "planned_on": visit.planned_on,
        "done_on": visit.done_on,
        "day": visit.done_on or visit.planned_on,
        "visitors": visit.visitors,
        "gift": visit.gift,
        "amount": visit.amount,
        "notes": visit.notes,
        "follow_up_on": visit.follow_up_on,
        "occasion": visit.occasion,
        "person_ids": ids,
        "persons": names,
        "version": visit.version,
    }


def update_visit(visit_id: int, data: VisitInput, *, expected_version: int | None = None) -> None:
    """Replace a visit's fields and people.

    ``expected_version`` is the version the clerk loaded (``get_visit(...)["version"]``): when
    someone else saved the visit since, ConflictError says who, when and what differs, and
    nothing is written. None saves over whatever is stored.
    """
    try:
        before = get_visit(visit_id)
    except VisitError:
        if expected_version is None:
            raise
        raise conflicts.gone("visit", visit_id, "这条走访记录") from None
    columns = check_visit(data)
    mine = {**columns, "persons": _names(data.person_ids)}
    if expected_version is not None and expected_version != before["version"]:
        raise _visit_conflict(visit_id, before, mine)
    columns["updated_at"] = clock.now()
    columns["version"] = Visit.version + 1
    with db.atomic():
        written = (
            Visit.update(**columns)
            .where((Visit.id == visit_id) & (Visit.version == before["version"]))
            .execute()
        )
        if not written:  # saved by another connection between our read and our write
            raise _visit_conflict(visit_id, get_visit(visit_id), mine)
        if list(data.person_ids) != before["person_ids"]:
            VisitPerson.delete().where(VisitPerson.visit == visit_id).execute()
            VisitPerson.insert_many(
                [{"visit": visit_id, "person": pid} for pid in dict.fromkeys(data.person_ids)]
            ).execute()
        after = get_visit(visit_id)
        changes = {
            k: (before[k], after[k])
            for k in (*columns, "persons")
            if k in before and k not in ("updated_at", "version") and before[k] != after[k]
        }
        audit.record("修改", "visit", visit_id, f"修改走访：{after['persons']}", changes)


VISIT_LABELS = {
    "persons": "走访对象",
    "kind": "类别",
    "status": "状态",
    "planned_on": "计划日期",
    "done_on": "走访日期",
    "visitors": "走访人员",
    "gift": "慰问品",
    "amount": "慰问金",
    "notes": "情况记录",
    "follow_up_on": "回访日期",
    "occasion": "慰问活动",
}


def _visit_conflict(visit_id: int, stored: dict[str, Any], mine: dict[str, Any]) -> ConflictError:
    ordered = {k: mine[k] for k in VISIT_LABELS if k in mine}
    return conflicts.conflict(
        "visit",
        visit_id,
        f"对{stored['persons']}的走访记录",
        mine=ordered,
        stored=stored,
        labels=VISIT_LABELS,
        current_version=stored["version"],
    )


def _quick_visit(visit_id: int, expected_version: int | None, mine: dict[str, Any]) -> Visit:
    """The visit a quick action changes. With ``expected_version`` (the version the clerk's
    list showed), one deleted or changed by someone else since is a ConflictError, as for a
    dialog's save, before any other check."""
    if expected_version is None:
        return _visit(visit_id)
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise conflicts.gone("visit", visit_id, "这条走访记录")
    if visit.version != expected_version:
        raise _visit_conflict(visit_id, get_visit(visit_id), mine)
    return visit


def _write_quick(visit: Visit, columns: dict[Any, Any], mine: dict[str, Any]) -> None:
    """Write a quick action's ``columns`` (inside the caller's transaction) against the version
    read by :func:`_quick_visit`. When someone else saved the visit in between, ConflictError
    says who and when, and nothing is written."""
    columns[Visit.version] = Visit.version + 1
    written = (
        Visit.update(columns)
        .where((Visit.id == visit.id) & (Visit.version == visit.version))
        .execute()
    )
    if not written:  # saved by another connection between our read and our write
        raise _visit_conflict(visit.id, get_visit(visit.id), mine)


def mark_done(
    visit_id: int,
    done_on: _dt.date,
    *,
    visitors: str | None = None,
    gift: str | None = None,
    amount: Decimal | str | None = None,
    notes: str | None = None,
    follow_up_on: _dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Mark a visit done on ``done_on`` in one action (the other fields only when given).

    ``expected_version`` is the version of the visit as the clerk's list showed it: when
    someone else changed the visit since, ConflictError and nothing is written."""
    check_year(done_on, "走访日期")
    check_year(follow_up_on, "回访日期")
    visit = _quick_visit(visit_id, expected_version, {"status": DONE, "done_on": done_on})
    if visit.status == CANCELLED:
        raise VisitError("这条走访已取消，不能标记为已完成。如需恢复，请先编辑并改为“计划”。")
    if follow_up_on and follow_up_on < done_on:
        raise VisitError("回访日期不能早于走访日期，请重新选择。")
    columns: dict[Any, Any] = {Visit.status: DONE, Visit.done_on: done_on}
    if visitors is not None:
        columns[Visit.visitors] = clean_text(visitors)
    if gift is not None:
        columns[Visit.gift] = clean_text(gift)
    if amount is not None:
        columns[Visit.amount] = parse_amount(amount)
    if notes is not None:
        columns[Visit.notes] = clean_text(notes)
    if follow_up_on is not None:
        columns[Visit.follow_up_on] = follow_up_on
    columns[Visit.updated_at] = clock.now()
    with db.atomic():
        _write_quick(visit, columns, {"status": DONE, "done_on": done_on})
        audit.record(
            "标记状态",
            "visit",
            visit_id,
            f"走访完成：{_names(visit_person_ids(visit_id))}",
            {"status": (visit.status, DONE), "done_on": (visit.done_on, done_on)},
        )


def reschedule(visit_id: int, new_day: _dt.date, *, expected_version: int | None = None) -> None:
    """Move a planned visit to ``new_day`` (it leaves the overdue list); ``expected_version``
    as for :func:`mark_done`."""
    check_year(new_day, "改期日期")
    visit = _quick_visit(visit_id, expected_version, {"planned_on": new_day})
    if visit.status != PLANNED:
        raise VisitError(f"只有“计划”状态的走访可以改期，这条走访的状态是“{visit.status}”。")
    with db.atomic():
        _write_quick(
            visit,
            {Visit.planned_on: new_day, Visit.updated_at: clock.now()},
            {"planned_on": new_day},
        )
        audit.record(
            "修改",
            "visit",
            visit_id,
            f"走访改期：{_names(visit_person_ids(visit_id))}",
            {"planned_on": (visit.planned_on, new_day)},
        )


def cancel_visit(visit_id: int, *, expected_version: int | None = None) -> None:
    """Cancel a visit (kept in the history; it no longer counts); ``expected_version`` as for
    :func:`mark_done`."""
    visit = _quick_visit(visit_id, expected_version, {"status": CANCELLED})
    if visit.status == CANCELLED:
        return
    with db.atomic():
        _write_quick(visit, {Visit.status: CANCELLED}, {"status": CANCELLED})
        audit.record(
            "标记状态", "visit", visit_id, "取消走访", {"status": (visit.status, CANCELLED)}
        )


def restore_visit(visit_id: int, status: str, *, expected_version: int | None = None) -> None:
    """Undo a cancel or a completion: set the status back (``done_on`` cleared for 计划).
    ``expected_version`` is the version the undone action left: when someone changed the
    visit after it, ConflictError and the undo is not made."""
    visit = _quick_visit(visit_id, expected_version, {"status": status})
    if status not in VISIT_STATUSES:
        raise VisitError(f"状态“{status}”无效。")
    with db.atomic():
        values: dict[Any, Any] = {Visit.status: status}
        if status == PLANNED:
            values[Visit.done_on] = None
        _write_quick(visit, values, {"status": status})
        audit.record("标记状态", "visit", visit_id, "撤销", {"status": (visit.status, status)})


def delete_visit(visit_id: int) -> dict[str, Any]:
    """Delete a visit for good; returns what it was (so the window can offer 撤销)."""
    before = get_visit(visit_id)
    with db.atomic():
        Visit.delete_by_id(visit_id)
        audit.record("删除", "visit", visit_id, f"删除走访：{before['persons']}")
    return before


def list_visits(
    start: _dt.date | None = None,
    end: _dt.date | None = None,
    *,
    person_id: int | None = None,
    statuses: Sequence[str] = VISIT_STATUSES,
) -> list[dict[str, Any]]:
    """Visits whose day (done, else planned) is in ``start`` … ``end``, oldest first.

    Read with two plain SQL queries (visits, then their people) so that a month of a large
    zone is quick.
    """
    where = [f"v.status IN ({','.join('?' * len(statuses))})"]
    params: list[Any] = list(statuses)
    if start is not None:
        where.append("COALESCE(v.done_on, v.planned_on) >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("COALESCE(v.done_on, v.planned_on) <= ?")
        params.append(end.isoformat())
    if person_id is not None:
        where.append("v.id IN (SELECT visit_id FROM visit_person WHERE person_id = ?)")
        params.append(person_id)
    rows = db.execute_sql(
        "SELECT v.id, v.kind, v.status, v.planned_on, v.done_on, v.visitors, v.gift, v.amount, "
        "v.notes, v.follow_up_on, v.occasion, v.version FROM visit v WHERE "
        + " AND ".join(where)
        + " ORDER BY COALESCE(v.done_on, v.planned_on), v.id",
        tuple(params),
    ).fetchall()
    links: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    ids = [r[0] for r in rows]
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for vid, pid, name in db.execute_sql(
            "SELECT vp.visit_id, p.id, p.name FROM visit_person vp JOIN person p "
            f"ON p.id = vp.person_id WHERE vp.visit_id IN ({','.join('?' * len(part))}) "
            "ORDER BY vp.id",
            tuple(part),
        ).fetchall():
            links[vid].append(pid)
            names[pid] = name
    result = []
    for vid, kind, status, planned, done, visitors, gift, fen, notes, follow, occasion, ver in rows:
        planned_on, done_on = db_date(planned), db_date(done)
        people = links[vid]
        result.append(
            {
                "id": vid,
                "kind": kind,
                "status": status,
                "planned_on": planned_on,
                "done_on": done_on,
                "day": done_on or planned_on,
                "visitors": visitors,
                "gift": gift,
                "amount": (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01")),
                "notes": notes,
                "follow_up_on": db_date(follow),
                "occasion": occasion,
                "person_ids": people,
                "persons": "、".join(names[p] for p in people) or "（人员已删除）",
                "version": ver,
            }
        )
    return result


def day_counts(
    start: _dt.date, end: _dt.date, *, day: _dt.date | None = None
) -> dict[_dt.date, dict[str, int]]:
    """Per day: ``planned``, ``done``, ``overdue`` visits (counted in SQL)."""
    day = day or today()
    counts: dict[_dt.date, dict[str, int]] = {}
    rows = db.execute_sql(
        "SELECT COALESCE(done_on, planned_on) AS d, status, count(*) FROM visit "
        "WHERE status != ? AND COALESCE(done_on, planned_on) BETWEEN ? AND ? GROUP BY d, status",
        (CANCELLED, start.isoformat(), end.isoformat()),
    ).fetchall()
    for d, status, n in rows:
        when = db_date(d)
        slot = counts.setdefault(when, {"planned": 0, "done": 0, "overdue": 0})
        if status == DONE:
            slot["done"] += n
        else:
            slot["planned"] += n
            if when < day:
                slot["overdue"] += n
    return counts


def person_choices(statuses: Sequence[str] = ("在册", "已故")) -> list[tuple[int, str, str, str]]:
    """(id, name, unit, search_key) of the people a visit can be for, in pinyin order — for the
    person picker, which matches names, full pinyin and initials (core.pinyin.matches)."""
    marks = ",".join("?" * len(statuses))
    rows = db.execute_sql(
        "SELECT p.id, p.name, COALESCE(u.name, ''), p.search_key FROM person p "
        f"LEFT JOIN unit u ON u.id = p.unit_id WHERE p.status IN ({marks}) ORDER BY p.search_key",
        tuple(statuses),
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def roster_size() -> int:
    """People on the roster (在册): the calendar reads its details in the background above a
    few thousand."""
    return int(db.execute_sql("SELECT count(*) FROM person WHERE status = '在册'").fetchone()[0])


def release_thread_connection() -> None:
    """Close this thread's database connection (a worker thread calls it when it is done)."""
    if not db.is_closed():
        db.close()
