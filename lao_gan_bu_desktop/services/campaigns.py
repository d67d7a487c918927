"""Festival campaigns (节日慰问): who a campaign visits, 生成慰问计划 and its undo.

The group rules live in core.visit_rules (CampaignRule); this module reads the people, plans one
节日慰问 per person in a single transaction (skipping those already planned for the occasion) and
removes the still-planned visits again when the clerk undoes it. Visits are planned on the
working days before the festival (:func:`visit_period`), a unit's people on the same days.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from ..core import clock
from ..core.lunar_calendar import festival_on
from ..core.normalize import clean_text
from ..core.phones import contact_phone
from ..core.pinyin import sort_key
from ..core.visit_rules import CAMPAIGN_FESTIVALS, CANCELLED, PLANNED, campaign_members
from ..storage.database import db, is_postgres
from ..storage.postgres import lock_for_ids, reset_sequences
from ..storage.visits_models import Visit, VisitPerson
from . import audit
from .holidays import arrangement_for
from .units import unit_key
from .visits import VisitError, load_rule_settings, parse_amount, person_records


def campaign_list(festival: str, year: int) -> list[dict[str, Any]]:
    """The people of a festival campaign in ``year`` (rows for the 慰问名单), by unit and name
    in pinyin order."""
    settings = load_rule_settings()
    rule = settings.campaign(festival)
    if rule is None:
        raise VisitError(f"“{festival}”没有慰问规则，可选：{'、'.join(CAMPAIGN_FESTIVALS)}。")
    try:
        day = festival_on(festival, year)
    except ValueError as exc:
        raise VisitError(str(exc)) from None
    members = campaign_members(rule, person_records(("在册",)), day)
    if not members:
        return []
    ids = [p.id for p, _ in members]
    extra: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for pid, address, phone, landline, unit in db.execute_sql(
            "SELECT p.id, p.address, p.phone, p.landline, COALESCE(u.name, '') FROM person p "
            f"LEFT JOIN unit u ON u.id = p.unit_id WHERE p.id IN ({','.join('?' * len(part))})",
            tuple(part),
        ).fetchall():
            extra[pid] = (address, contact_phone(phone, landline), unit)
    rows = []
    for p, why in members:
        address, phone, unit = extra.get(p.id, ("", "", ""))
        rows.append(
            {
                "person_id": p.id,
                "name": p.name,
                "unit": unit,
                "address": address,
                "phone": phone,
                "reason": why,
                "day": day,
            }
        )
    order = unit_key()
    rows.sort(key=lambda r: (order(r["unit"]), sort_key(r["name"])))
    return rows


# visits are made in the two weeks before a festival (for 春节 about from 腊月二十), never on it
LEAD_DAYS = 14


def visit_period(festival: str, year: int) -> tuple[_dt.date, _dt.date]:
    """The days a campaign's visits are planned on by default: from two weeks before the
    festival to the day before it."""
    try:
        day = festival_on(festival, year)
    except ValueError as exc:
        raise VisitError(str(exc)) from None
    return day - _dt.timedelta(days=LEAD_DAYS), day - _dt.timedelta(days=1)


def working_days(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    """The working days from ``start`` to ``end``: Monday to Friday except the days off of the
    year's holiday arrangement, and the weekend days it makes working days."""
    arrangements = {}
    days = []
    day = start
    while day <= end:
        if day.year not in arrangements:
            arrangements[day.year] = arrangement_for(day.year)[0]
        plan = arrangements[day.year]
        if day in plan.work_days or (day.weekday() < 5 and day not in plan.days_off):
            days.append(day)
        day += _dt.timedelta(days=1)
    return days


def _plan_days(
    festival: str, year: int, planned_on: _dt.date | None, planned_until: _dt.date | None
) -> list[_dt.date]:
    if planned_on is None:
        if planned_until is None:
            planned_on, planned_until = visit_period(festival, year)
        else:
            planned_on = planned_until
    start = planned_on
    if planned_until is None:
        return [start]
    if planned_until < start:
        raise VisitError(
            f"计划走访的结束日期 {planned_until} 早于开始日期 {start}，请把结束日期改晚一些。"
        )
    return working_days(start, planned_until) or [start]


def generate_campaign(
    festival: str,
    year: int,
    *,
    planned_on: _dt.date | None = None,
    planned_until: _dt.date | None = None,
    visitors: str = "",
    gift: str = "",
    amount: Decimal | str | None = None,
) -> int:
    """生成慰问计划: one planned 节日慰问 per person of the campaign, in one transaction.

    The visits are spread evenly over the working days from ``planned_on`` to
    ``planned_until`` in the list's order (a unit's people together); ``planned_on`` alone
    puts them all on that day; neither: the working days of :func:`visit_period`.

    People who already have a (not cancelled) visit for this occasion are skipped, so running it
    twice adds nothing. Returns the number of visits created.
    """
    rows = campaign_list(festival, year)
    occasion = f"{festival}{year}"
    days = _plan_days(festival, year, planned_on, planned_until)
    money = parse_amount(amount)
    done_before = {
        r[0]
        for r in VisitPerson.select(VisitPerson.person)
        .join(Visit)
        .where((Visit.occasion == occasion) & (Visit.status != CANCELLED))
        .tuples()
    }
    todo = [r for r in rows if r["person_id"] not in done_before]
    now = clock.now().isoformat(sep=" ")
    fen = Visit.amount.db_value(money)
    if todo:
        from .backups import backup_before_bulk_change

        backup_before_bulk_change("生成慰问计划前")
    with db.atomic():
        if is_postgres():
            lock_for_ids(db.obj, "visit")
        top = db.execute_sql('SELECT COALESCE(max(id), 0) FROM "visit"').fetchone()[0]
        ids = range(top + 1, top + 1 + len(todo))
        cursor = db.cursor()
        cursor.executemany(
            'INSERT INTO "visit" (id, kind, status, planned_on, done_on, visitors, gift, amount, '
            "notes, follow_up_on, occasion, created_at, updated_at) "
            "VALUES (?, '节日慰问', ?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?, ?)",
            [
                (
                    vid,
                    PLANNED,
                    days[i * len(days) // len(todo)].isoformat(),
                    clean_text(visitors),
                    clean_text(gift),
                    fen,
                    f"{festival}慰问：{r['reason']}",
                    occasion,
                    now,
                    now,
                )
                for i, (vid, r) in enumerate(zip(ids, todo, strict=True))
            ],
        )
        cursor.executemany(
            'INSERT INTO "visit_person" (visit_id, person_id) VALUES (?, ?)',
            [(vid, r["person_id"]) for vid, r in zip(ids, todo, strict=True)],
        )
        if is_postgres():
            reset_sequences(db.obj, ["visit"])
        audit.record("新增", "visit", None, f"生成{occasion}慰问计划：{len(todo)} 人")
    return len(todo)


def remove_campaign_plans(festival: str, year: int) -> int:
    """Undo 生成慰问计划: delete the campaign's visits that are still only planned.

    Visits already done (or edited into another occasion) are kept. Returns how many went.
    """
    occasion = f"{festival}{year}"
    ids = [
        r[0]
        for r in Visit.select(Visit.id)
        .where((Visit.occasion == occasion) & (Visit.status == PLANNED))
        .tuples()
    ]
    if not ids:
        return 0
    with db.atomic():
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            Visit.delete().where(Visit.id.in_(part)).execute()
        audit.record("删除", "visit", None, f"撤销{occasion}慰问计划：{len(ids)} 条")
    return len(ids)
