"""离退休办理: the checklist a newly retired person goes through, each step with its date —
单位申报, 材料审核, 办理, 建档, 接转组织关系, 加入微信群, 首次走访 — and the list of those whose
checklist is not complete yet (also a line on 首页). The step 接转组织关系 follows the person's
组织关系转入 (党组织 → 组织关系转接): it shows that transfer's state and is done the day the
transfer is completed.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from peewee import JOIN

from ..core import clock
from ..core.errors import RuleError
from ..storage.database import db
from ..storage.models import Person, Unit
from ..storage.office_models import RetireeStep
from ..storage.party_models import PartyTransfer
from . import audit

STEPS: tuple[str, ...] = (
    "单位申报",
    "材料审核",
    "办理",
    "建档",
    "接转组织关系",
    "加入微信群",
    "首次走访",
)
TRANSFER_STEP = "接转组织关系"


class RetireeError(RuleError):
    """A checklist step breaks a rule."""


def _person(person_id: int) -> Person:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise RetireeError("找不到这个人，可能已被删除。请刷新后重试。")
    return person


def has_checklist(person_id: int) -> bool:
    return RetireeStep.select().where(RetireeStep.person == person_id).exists()


def start_checklist(person_id: int) -> None:
    """Open the checklist of a newly retired person (every step not yet done)."""
    person = _person(person_id)
    if has_checklist(person_id):
        raise RetireeError(f"{person.name}的离退休办理清单已经建立，请直接填写各步骤的日期。")
    with db.atomic():
        RetireeStep.insert_many(
            [{"person": person_id, "step": s, "done_on": None, "note": ""} for s in STEPS]
        ).execute()
        audit.record("新增", "retiree_step", person_id, f"为{person.name}建立离退休办理清单")


def checklist(person_id: int) -> list[dict[str, Any]]:
    """The person's steps in order (step, done_on, note); empty when there is no checklist.
    The step 接转组织关系 also has ``transfer``: :func:`party_transfer` (None when there is none)."""
    rows = {r.step: r for r in RetireeStep.select().where(RetireeStep.person == person_id)}
    steps = [
        {"step": s, "done_on": rows[s].done_on, "note": rows[s].note} for s in STEPS if s in rows
    ]
    for step in steps:
        if step["step"] == TRANSFER_STEP:
            step["transfer"] = party_transfer(person_id)
    return steps


def party_transfer(person_id: int) -> dict[str, Any] | None:
    """The person's latest 组织关系转入 (id, status 办理中 / 已完成, transfer_date, completed_on,
    from_org, to_org); None when none was recorded."""
    row = (
        PartyTransfer.select()
        .where((PartyTransfer.person == person_id) & (PartyTransfer.direction == "转入"))
        .order_by(PartyTransfer.transfer_date.desc(), PartyTransfer.id.desc())
        .first()
    )
    if row is None:
        return None
    return {
        "id": row.id,
        "status": row.status,
        "transfer_date": row.transfer_date,
        "completed_on": row.completed_on,
        "from_org": row.from_org,
        "to_org": row.to_org,
    }


def transfer_completed(person_id: int, completed_on: _dt.date) -> bool:
    """A 转入 of the person was completed: their step 接转组织关系, when not done yet, is done that
    day (called by services.party in its transaction). True when the step was marked."""
    row = RetireeStep.get_or_none(
        (RetireeStep.person == person_id) & (RetireeStep.step == TRANSFER_STEP)
    )
    if row is None or row.done_on is not None:
        return False
    note = row.note or "组织关系转入已办结"
    RetireeStep.update(done_on=completed_on, note=note).where(RetireeStep.id == row.id).execute()
    name = Person.get_by_id(person_id).name
    audit.record(
        "修改",
        "retiree_step",
        person_id,
        f"{name}离退休办理：{TRANSFER_STEP} 办结于 {completed_on.isoformat()}（组织关系转入办结）",
        {TRANSFER_STEP: (None, completed_on)},
    )
    return True


def set_step(
    person_id: int,
    step: str,
    done_on: _dt.date | None,
    note: str = "",
    *,
    today: _dt.date | None = None,
) -> None:
    """Record the day ``step`` was done (None: not done yet) with a note; never after
    ``today`` (the program's day by default)."""
    if step not in STEPS:
        raise RetireeError(f"步骤“{step}”不对，应是 {'、'.join(STEPS)} 之一。")
    if done_on is not None and done_on > (today or clock.today()):
        raise RetireeError(f"“{step}”的日期 {done_on} 晚于今天，请填已经办完的日期。")
    person = _person(person_id)
    row = RetireeStep.get_or_none((RetireeStep.person == person_id) & (RetireeStep.step == step))
    if row is None:
        raise RetireeError(f"{person.name}还没有离退休办理清单，请先点“建立办理清单”。")
    index = STEPS.index(step)
    if done_on is not None:
        earlier = (
            RetireeStep.select()
            .where(
                (RetireeStep.person == person_id)
                & RetireeStep.step.in_(STEPS[:index])
                & (RetireeStep.done_on > done_on)
            )
            .first()
        )
        if earlier is not None:
            raise RetireeError(
                f"“{step}”的日期 {done_on} 早于前面“{earlier.step}”的日期 {earlier.done_on}，"
                "请核对后重填。"
            )
    old = (row.done_on, row.note)
    with db.atomic():
        row.done_on, row.note = done_on, note or ""
        row.save()
        audit.record(
            "修改",
            "retiree_step",
            person_id,
            f"{person.name}离退休办理：{step} {'办结于 ' + done_on.isoformat() if done_on else '未办'}",
            {step: (old[0], done_on), "备注": (old[1], row.note)},
        )


def incomplete() -> list[dict[str, Any]]:
    """Everyone 在册 whose checklist has a step not done: id, name, unit, retirement_date,
    done, total, next_step, last_done (the latest day of a done step), by retirement date."""
    steps: dict[int, dict[str, _dt.date | None]] = {}
    for pid, step, done_on in RetireeStep.select(
        RetireeStep.person, RetireeStep.step, RetireeStep.done_on
    ).tuples():
        steps.setdefault(pid, {})[step] = done_on
    open_ids = [pid for pid, s in steps.items() if any(d is None for d in s.values())]
    if not open_ids:
        return []
    query = (
        Person.select(Person.id, Person.name, Unit.name, Person.retirement_date)
        .join(Unit, join_type=JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(Person.id.in_(open_ids) & (Person.status == "在册"))
        .tuples()
    )
    rows = []
    for pid, name, unit, retired in query:
        mine = steps[pid]
        done = [d for d in mine.values() if d is not None]
        rows.append(
            {
                "id": pid,
                "name": name,
                "unit": unit or "",
                "retirement_date": retired,
                "done": len(done),
                "total": len(mine),
                "next_step": next(s for s in STEPS if s in mine and mine[s] is None),
                "last_done": max(done) if done else None,
            }
        )
    rows.sort(key=lambda r: (r["retirement_date"] or _dt.date.max, r["name"]))
    return rows


def reminder_line() -> str:
    """The 首页 line: how many new retirees still have steps to do, and who first ("" if none)."""
    rows = incomplete()
    if not rows:
        return ""
    first = rows[0]
    more = f"等 {len(rows)} 人" if len(rows) > 1 else ""
    return f"离退休办理未完成：{first['name']}{more}（下一步：{first['next_step']}）"
