"""Hardship aid (帮扶) use cases: cases, steps, rejection, corrections, payments, lists with
totals, statistics and reminders. The year's budget is in :mod:`.aid_budget`, the attachment
files in :mod:`.aid_attachments`, the two papers in :mod:`.aid_papers`.

Every change writes its event (and an audit row) in the same transaction; history is never
edited. A rule broken by the clerk raises :class:`~..core.aid_rules.AidRuleError` (Chinese text,
nothing changed). Two situations need the clerk's explicit yes: a second case for a person in a
year, and approving beyond the year's remaining budget; they raise a subclass of
:class:`AidConfirmationRequired` unless the call says ``confirm_duplicate=True`` /
``confirm_over_budget=True``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from peewee import JOIN, Case, fn

from ..core import aid_rules as rules
from ..core import clock
from ..core.aid_rules import AidRuleError, format_yuan, parse_amount
from ..core.dates import check_year
from ..core.normalize import clean_text
from ..core.phones import contact_phone
from ..storage.aid_models import AidAttachment, AidBudget, AidCase, AidEvent, AidPayment
from ..storage.database import data_folder, db
from ..storage.models import Person, Unit
from . import audit, conflicts
from .aid_budget import budget_summary, over_budget_message
from .errors import ConflictError
from .settings import operator_name


class AidConfirmationRequired(AidRuleError):
    """The action is allowed only after the clerk says yes to ``message``; nothing was changed."""


class DuplicateCaseWarning(AidConfirmationRequired):
    """The person already has a case in that year."""


class OverBudgetWarning(AidConfirmationRequired):
    """Approving this amount goes beyond what remains of the year's budget."""


class PaidRejectionWarning(AidConfirmationRequired):
    """Rejecting a case whose money has already been (partly) paid."""


@dataclass(frozen=True)
class AidFilter:
    """What the clerk asked to see; empty means any."""

    year: int | None = None
    status: str = ""  # a step, 驳回, or "办理中" (any open case)
    category: str = ""
    unit: str = ""
    person: str = ""  # part of the name (or pinyin key)
    person_id: int | None = None


OPEN = "办理中"


# ---------------------------------------------------------------- helpers


def data_dir() -> Path:
    """The data folder of the open database."""
    return data_folder()


def _case(case_id: int) -> AidCase:
    case = AidCase.get_or_none(AidCase.id == case_id)
    if case is None:
        raise AidRuleError(f"找不到编号为 {case_id} 的帮扶案例，可能已被删除。请刷新列表后重试。")
    return case


def case_number_of(case: AidCase) -> str:
    """The case's number as the form prints it: its year and its place among that year's cases
    in the order they were opened, e.g. "2026-001"."""
    place = AidCase.select().where((AidCase.year == case.year) & (AidCase.id <= case.id)).count()
    return f"{case.year}-{place:03d}"


def case_words(case: AidCase) -> str:
    """How 操作日志 names a case: by its number and person ("帮扶案例 2026-006 张三"), never by
    the internal id."""
    return f"帮扶案例 {case_number_of(case)} {case.person.name}"


def _paid(case_id: int) -> Decimal:
    fen = (
        AidPayment.select(fn.COALESCE(fn.SUM(AidPayment.amount.cast("INTEGER")), 0))
        .where(AidPayment.case == case_id)
        .scalar()
    )
    return rules.from_fen(int(fen or 0))


def _last_event_day(case_id: int) -> _dt.date | None:
    row = AidEvent.select(fn.MAX(AidEvent.on)).where(AidEvent.case == case_id).scalar()
    if row is None:
        return None
    return row if isinstance(row, _dt.date) else _dt.date.fromisoformat(str(row)[:10])


def _check_day(case_id: int, on: _dt.date) -> None:
    check_year(on, "办理日期")
    last = _last_event_day(case_id)
    if last is not None and on < last:
        raise AidRuleError(
            f"办理日期 {on.isoformat()} 早于上一步的日期 {last.isoformat()}，"
            "步骤不能倒着发生。请核对日期。"
        )


def _event(
    case: AidCase, step: str, on: _dt.date, note: str = "", amount: Decimal | None = None
) -> AidEvent:
    check_year(on, "办理日期")
    return AidEvent.create(
        case=case, step=step, on=on, operator=operator_name(), note=clean_text(note), amount=amount
    )


def touch_case(case: AidCase, mine: dict[str, Any] | None = None, **values: Any) -> None:
    """Write ``values`` against the version ``case`` was read at and add one to it; someone
    else's save in between raises ConflictError (``mine``: what this save meant to set)."""
    check_year(values.get("next_step_due"), "下一步期限")
    values["updated_at"] = clock.now()
    values["version"] = AidCase.version + 1
    written = (
        AidCase.update(**values)
        .where((AidCase.id == case.id) & (AidCase.version == case.version))
        .execute()
    )
    if not written:
        raise case_conflict(_case(case.id), mine if mine is not None else values)


CONFLICT_LABELS = {
    "status": "步骤",
    "amount_requested": "申请金额",
    "amount_approved": "审批金额",
    "paid": "已发放",
    "payment": "发放",
    "category": "类别",
    "reason": "困难情况",
    "clerk": "经办人",
    "next_step_due": "下一步期限",
    "household_size": "家庭人口",
    "household_income": "家庭月收入",
    "bank": "开户行",
    "bank_account": "账号",
}


def case_conflict(case: AidCase, mine: dict[str, Any]) -> ConflictError:
    """The ConflictError for a save to ``case`` (as stored now) that meant to set ``mine``."""
    stored: dict[str, Any] = {k: getattr(case, k) for k in CONFLICT_LABELS if hasattr(case, k)}
    stored["paid"] = _paid(case.id)
    last = (
        AidPayment.select().where(AidPayment.case == case.id).order_by(AidPayment.id.desc()).first()
    )
    if last is not None:
        stored["payment"] = (
            f"{last.paid_on.isoformat()} {last.method} {format_yuan(last.amount)}"
            + (f"（{last.operator}）" if last.operator else "")
        )
    mine = {k: v for k, v in mine.items() if k in CONFLICT_LABELS}
    return conflicts.conflict(
        "aid_case",
        case.id,
        f"{_person_name(case.person_id)}的帮扶案例",
        mine=mine,
        stored=stored,
        labels=CONFLICT_LABELS,
        current_version=case.version,
    )


def check_version(case: AidCase, expected_version: int | None, mine: dict[str, Any]) -> None:
    """ConflictError when the clerk loaded another version of ``case`` than the stored one."""
    if expected_version is not None and expected_version != case.version:
        raise case_conflict(case, mine)


def _person_name(person_id: int) -> str:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise AidRuleError(f"找不到编号为 {person_id} 的人员，请从花名册中重新选择。")
    return person.name


# ---------------------------------------------------------------- cases


def duplicate_case_message(person_id: int, year: int) -> str | None:
    """The warning when the person already has a (not rejected) case in ``year``, else None."""
    existing = (
        AidCase.select(AidCase.id, AidCase.category, AidCase.status)
        .where(
            (AidCase.person == person_id)
            & (AidCase.year == year)
            & (AidCase.status != rules.REJECTED)
        )
        .order_by(AidCase.id)
        .tuples()
    )
    return rules.duplicate_warning(_person_name(person_id), year, list(existing))


def create_case(
    person_id: int,
    *,
    year: int,
    category: str,
    reason: str,
    amount_requested: object,
    on: _dt.date,
    clerk: str = "",
    note: str = "",
    next_step_due: _dt.date | None = None,
    confirm_duplicate: bool = False,
) -> int:
    """Open a case at step 申请 (its first event); returns the case id."""
    name = _person_name(person_id)
    status = Person.get_by_id(person_id).status
    if status != "在册":
        raise AidRuleError(
            f"{name} 的状态是“{status}”，不能新建帮扶案例。只有在册人员可以申请帮扶。"
        )
    rules.check_year(year)
    rules.check_category(category)
    check_year(on, "申请日期")
    check_year(next_step_due, "下一步期限")
    if not reason.strip():
        raise AidRuleError("请填写困难情况（家庭、疾病、收入等），审批时要据此核实。")
    amount = parse_amount(amount_requested, label="申请金额")
    warning = duplicate_case_message(person_id, year)
    if warning and not confirm_duplicate:
        raise DuplicateCaseWarning(warning)
    due = next_step_due or rules.default_due("申请", on)
    with db.atomic():
        case = AidCase.create(
            person=person_id,
            year=year,
            category=category,
            reason=clean_text(reason),
            amount_requested=amount,
            status="申请",
            clerk=clean_text(clerk) or operator_name(),
            next_step_due=due,
        )
        _event(case, "申请", on, note or f"申请{category} {format_yuan(amount)}", amount)
        audit.record(
            "新增",
            "aid_case",
            case.id,
            f"{case_words(case)}：{year}年{category}申请 {format_yuan(amount)}",
        )
    return case.id


def advance(
    case_id: int,
    step: str,
    *,
    on: _dt.date,
    note: str = "",
    amount_approved: object = None,
    next_step_due: _dt.date | None = None,
    confirm_over_budget: bool = False,
    expected_version: int | None = None,
) -> None:
    """Record the next step of a case. Skipping or repeating a step is refused.

    审批 needs ``amount_approved`` (checked against the budget); 发放 needs at least one payment
    (use :func:`record_payment`, which does this step by itself); 回访 needs the case fully paid.
    ``expected_version``, here and in the other actions on a case: the version the clerk
    loaded (``get_case(...)["version"]``); a case saved by someone else since raises
    ConflictError and nothing is written.
    """
    case = _case(case_id)
    check_version(case, expected_version, {"status": step, "amount_approved": amount_approved})
    rules.check_advance(case.status, step)
    _check_day(case_id, on)
    amount: Decimal | None = None
    values: dict[str, Any] = {"status": step}
    if step == "审批":
        if amount_approved in (None, ""):
            raise AidRuleError("审批必须填写审批金额（元），请填写后再确定。")
        amount = parse_amount(amount_approved, label="审批金额")
        warning = over_budget_message(case.year, amount, exclude_case=case.id)
        if warning and not confirm_over_budget:
            raise OverBudgetWarning(warning)
        values["amount_approved"] = amount
    paid = _paid(case_id)
    if step == "发放" and paid <= 0:
        raise AidRuleError("还没有登记发放记录。请用“登记发放”填写发放日期、金额和方式。")
    if step == "回访" and paid != case.amount_approved:
        raise AidRuleError(
            f"审批金额 {format_yuan(case.amount_approved)}，已发放 {format_yuan(paid)}，"
            "尚未足额发放，不能回访。请先登记其余的发放。"
        )
    values["next_step_due"] = next_step_due or rules.default_due(step, on)
    with db.atomic():
        _event(case, step, on, note, amount)
        touch_case(case, **values)
        audit.record(
            "修改",
            "aid_case",
            case.id,
            f"{case_words(case)} 办理“{step}”"
            + (f"，审批 {format_yuan(amount)}" if amount else ""),
            {"status": (case.status, step)},
        )


def reject(
    case_id: int,
    reason: str,
    *,
    on: _dt.date,
    confirm_paid: bool = False,
    expected_version: int | None = None,
) -> None:
    """驳回: close an open case at any step with a reason.

    After money has been paid the clerk must confirm (``confirm_paid``); the event then notes the
    amount paid, which has to be recovered outside the program.
    """
    case = _case(case_id)
    check_version(case, expected_version, {"status": rules.REJECTED})
    rules.check_reject(case.status, reason)
    paid = _paid(case_id)
    if paid > 0 and not confirm_paid:
        raise PaidRejectionWarning(rules.paid_rejection_warning(paid))
    _check_day(case_id, on)
    note = clean_text(reason) + (
        f"（驳回时已发放 {format_yuan(paid)}，需追回）" if paid > 0 else ""
    )
    with db.atomic():
        _event(case, rules.REJECTED, on, note)
        touch_case(case, status=rules.REJECTED, next_step_due=None)
        audit.record(
            "修改",
            "aid_case",
            case.id,
            f"{case_words(case)} 驳回：{clean_text(reason)}",
            {"status": (case.status, rules.REJECTED)},
        )


def correct(
    case_id: int,
    note: str,
    *,
    on: _dt.date,
    amount_requested: object = None,
    amount_approved: object = None,
    category: str | None = None,
    reason: str | None = None,
    clerk: str | None = None,
    next_step_due: _dt.date | None = None,
    step_back: bool = False,
    confirm_over_budget: bool = False,
    expected_version: int | None = None,
) -> None:
    """更正: change what a case says now, recorded as a new event that names every change.

    ``step_back`` returns an open case to its previous step (an accidental click); it is refused
    when that would undo a payment or an approval whose money was paid.
    """
    case = _case(case_id)
    asked = {
        "amount_requested": amount_requested,
        "amount_approved": amount_approved,
        "category": category,
        "reason": reason,
        "clerk": clerk,
        "next_step_due": next_step_due,
    }
    check_version(case, expected_version, {k: v for k, v in asked.items() if v not in (None, "")})
    if not note.strip():
        raise AidRuleError("更正必须写明原因，请填写说明后再确定。")
    changes: dict[str, tuple[Any, Any]] = {}
    values: dict[str, Any] = {}
    paid = _paid(case_id)
    if amount_requested not in (None, ""):
        new = parse_amount(amount_requested, label="申请金额")
        if new != case.amount_requested:
            changes["amount_requested"] = (case.amount_requested, new)
    if amount_approved not in (None, ""):
        if rules.step_index(case.status) < rules.step_index("审批"):
            raise AidRuleError("案例尚未审批，不能更正审批金额。请在办理“审批”时填写。")
        new = parse_amount(amount_approved, label="审批金额")
        if new < paid:
            raise AidRuleError(
                f"已发放 {format_yuan(paid)}，审批金额不能改得比已发放的还少。请核对金额。"
            )
        if new != case.amount_approved:
            warning = over_budget_message(case.year, new, exclude_case=case.id)
            if warning and not confirm_over_budget and new > (case.amount_approved or 0):
                raise OverBudgetWarning(warning)
            changes["amount_approved"] = (case.amount_approved, new)
    if category is not None and category != case.category:
        rules.check_category(category)
        changes["category"] = (case.category, category)
    if reason is not None and reason.strip() != case.reason:
        if not reason.strip():
            raise AidRuleError("困难情况不能改为空，请填写。")
        changes["reason"] = (case.reason, clean_text(reason))
    if clerk is not None and clerk.strip() != case.clerk:
        changes["clerk"] = (case.clerk, clean_text(clerk))
    if next_step_due is not None and next_step_due != case.next_step_due:
        changes["next_step_due"] = (case.next_step_due, next_step_due)
    if step_back:
        back = rules.previous_step(case.status)
        if back is None:
            raise AidRuleError(f"案例当前在“{case.status}”，没有可以退回的上一步。")
        if case.status == "发放" and paid > 0:
            raise AidRuleError("已登记发放，不能退回到审批。如发放有误，请更正审批金额并写明原因。")
        if case.status == "审批":
            changes["amount_approved"] = (case.amount_approved, None)
        changes["status"] = (case.status, back)
    if not changes:
        raise AidRuleError("没有需要更正的内容：填写的值与现在的一样。")
    values = {k: new for k, (_old, new) in changes.items()}
    words = "；".join(
        f"{_FIELD_LABELS[k]}：{_plain(old) or '（空）'} → {_plain(new) or '（空）'}"
        for k, (old, new) in changes.items()
    )
    with db.atomic():
        _event(case, rules.CORRECTION, on, f"{clean_text(note)}（{words}）")
        touch_case(case, **values)
        audit.record(
            "修改", "aid_case", case.id, f"{case_words(case)} 更正：{clean_text(note)}", changes
        )


_FIELD_LABELS = {
    "amount_requested": "申请金额",
    "amount_approved": "审批金额",
    "category": "类别",
    "reason": "困难情况",
    "clerk": "经办人",
    "next_step_due": "下一步期限",
    "status": "步骤",
}


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_yuan(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def record_payment(
    case_id: int,
    *,
    paid_on: _dt.date,
    amount: object,
    method: str = "银行转账",
    receipt_no: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> bool:
    """Record one payment; the first one also records the step 发放. Returns True when the case
    is now fully paid (payments equal the approved amount)."""
    case = _case(case_id)
    try:
        shown = format_yuan(parse_amount(amount, label="发放金额"))
    except AidRuleError:
        shown = str(amount)
    mine = {"payment": f"{paid_on.isoformat()} {method} {shown}"}
    check_version(case, expected_version, mine)
    if case.status not in ("审批", "发放"):
        if rules.step_index(case.status) < rules.step_index("审批"):
            raise AidRuleError(f"案例当前在“{case.status}”，尚未审批，不能登记发放。")
        raise AidRuleError(f"案例已{case.status}，不能再登记发放。如有补发，请先更正说明。")
    value = parse_amount(amount, label="发放金额")
    paid = _paid(case_id)
    rules.check_payment(case.amount_approved, paid, value)
    _check_day(case_id, paid_on)
    if method not in rules.PAYMENT_METHODS:
        raise AidRuleError(f"发放方式请选择：{'、'.join(rules.PAYMENT_METHODS)}。")
    with db.atomic():
        AidPayment.create(
            case=case,
            paid_on=paid_on,
            amount=value,
            method=method,
            receipt_no=clean_text(receipt_no),
            operator=operator_name(),
        )
        words = f"{method}发放 {format_yuan(value)}" + (
            f"，凭证号 {receipt_no.strip()}" if receipt_no.strip() else ""
        )
        if clean_text(note):
            words += f"；{clean_text(note)}"
        if case.status == "审批":
            _event(case, "发放", paid_on, words, value)
            touch_case(case, mine, status="发放", next_step_due=rules.default_due("发放", paid_on))
        else:
            _event(case, "发放", paid_on, f"续发：{words}", value)
            touch_case(case, mine)
        audit.record("新增", "aid_payment", case.id, f"{case_words(case)} {words}")
    return paid + value == case.amount_approved


# ---------------------------------------------------------------- reading


def _case_query():
    return (
        AidCase.select(
            AidCase,
            Person.name.alias("person_name"),
            Person.id_number.alias("id_number"),
            Person.phone.alias("phone"),
            Person.landline.alias("landline"),
            Person.address.alias("address"),
            fn.COALESCE(Unit.name, "").alias("unit"),
        )
        .join(Person, on=(AidCase.person == Person.id))
        .join(Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
    )


def _paid_by_case(case_ids: Sequence[int]) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for start in range(0, len(case_ids), 500):
        chunk = list(case_ids[start : start + 500])
        query = (
            AidPayment.select(
                AidPayment.case,
                fn.SUM(AidPayment.amount.cast("INTEGER")),
                fn.MAX(AidPayment.paid_on),
            )
            .where(AidPayment.case.in_(chunk))
            .group_by(AidPayment.case)
            .tuples()
        )
        for cid, fen, _last in query:
            result[cid] = rules.from_fen(int(fen))
    return result


def _row(case: AidCase, paid: Decimal, today: _dt.date | None) -> dict[str, Any]:
    nxt = rules.next_step(case.status)
    approved = case.amount_approved
    return {
        "id": case.id,
        "person_id": case.person_id,
        "name": case.person_name,
        "unit": case.unit,
        "year": case.year,
        "category": case.category,
        "reason": case.reason,
        "amount_requested": case.amount_requested,
        "amount_approved": approved,
        "paid": paid,
        "fully_paid": approved is not None and paid == approved,
        "status": case.status,
        "is_open": rules.is_open(case.status),
        "next_step": nxt or "",
        "next_step_due": case.next_step_due if nxt else None,
        "overdue": bool(nxt and today and case.next_step_due and case.next_step_due < today),
        "clerk": case.clerk,
        "created_at": case.created_at,
        "version": case.version,
    }


def list_cases(
    flt: AidFilter | None = None, *, today: _dt.date | None = None
) -> list[dict[str, Any]]:
    """Cases matching ``flt`` as plain dicts (newest year first, then by person name)."""
    flt = flt or AidFilter()
    query = _case_query()
    if flt.year:
        query = query.where(AidCase.year == flt.year)
    if flt.status == OPEN:
        query = query.where(AidCase.status.not_in(rules.CLOSED_STATUSES))
    elif flt.status:
        query = query.where(AidCase.status == flt.status)
    if flt.category:
        query = query.where(AidCase.category == flt.category)
    if flt.unit:
        query = query.where(Unit.name == flt.unit)
    if flt.person_id is not None:
        query = query.where(AidCase.person == flt.person_id)
    text = flt.person.strip().lower()
    if text:
        query = query.where(Person.name.contains(text) | Person.search_key.contains(text))
    query = query.order_by(AidCase.year.desc(), Person.search_key, AidCase.id)
    cases = list(query.objects())
    paid = _paid_by_case([c.id for c in cases])
    numbers = _case_numbers({c.year for c in cases})
    zero = Decimal("0.00")
    rows = [_row(c, paid.get(c.id, zero), today) for c in cases]
    for row in rows:
        row["number"] = numbers.get(row["id"], str(row["id"]))
    return rows


def _case_numbers(years: Iterable[int]) -> dict[int, str]:
    """Case id → its number as the printed form has it ("2026-001": the year and the case's
    place among that year's cases in the order they were opened)."""
    years = list(years)
    if not years:
        return {}
    counts: dict[int, int] = {}
    numbers: dict[int, str] = {}
    query = (
        AidCase.select(AidCase.id, AidCase.year)
        .where(AidCase.year.in_(years))
        .order_by(AidCase.id)
        .tuples()
    )
    for case_id, year in query:
        counts[year] = counts.get(year, 0) + 1
        numbers[case_id] = f"{year}-{counts[year]:03d}"
    return numbers


def totals(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Count and exact sums of requested, approved (rejected cases excluded) and paid."""
    rows = list(rows)
    live = [r for r in rows if r["status"] != rules.REJECTED]
    return {
        "cases": len(rows),
        "amount_requested": rules.total(r["amount_requested"] for r in rows),
        "amount_approved": rules.total(r["amount_approved"] for r in live),
        "paid": rules.total(r["paid"] for r in rows),
    }


def get_case(case_id: int, *, today: _dt.date | None = None) -> dict[str, Any]:
    """One case with its person, events (oldest first), payments and attachments."""
    case = _case_query().where(AidCase.id == case_id).objects().first()
    if case is None:
        raise AidRuleError(f"找不到编号为 {case_id} 的帮扶案例，可能已被删除。请刷新列表后重试。")
    row = _row(case, _paid(case_id), today)
    row["phone"] = contact_phone(case.phone, case.landline)
    row["address"] = case.address
    row["events"] = [
        {
            "id": e.id,
            "step": e.step,
            "on": e.on,
            "operator": e.operator,
            "note": e.note,
            "amount": e.amount,
        }
        for e in AidEvent.select().where(AidEvent.case == case_id).order_by(AidEvent.id)
    ]
    row["payments"] = [
        {
            "id": p.id,
            "paid_on": p.paid_on,
            "amount": p.amount,
            "method": p.method,
            "receipt_no": p.receipt_no,
            "operator": p.operator,
        }
        for p in AidPayment.select()
        .where(AidPayment.case == case_id)
        .order_by(AidPayment.paid_on, AidPayment.id)
    ]
    row["attachments"] = [
        {"id": a.id, "filename": a.filename, "stored_path": a.stored_path, "added_at": a.added_at}
        for a in AidAttachment.select()
        .where(AidAttachment.case == case_id)
        .order_by(AidAttachment.id)
    ]
    return row


def case_years() -> list[int]:
    """Years that have cases or a budget, newest first."""
    years = {y for (y,) in AidCase.select(AidCase.year).distinct().tuples()}
    years |= {y for (y,) in AidBudget.select(AidBudget.year).tuples()}
    return sorted(years, reverse=True)


def due_steps(day: _dt.date, *, within_days: int = 7) -> list[dict[str, Any]]:
    """Open cases whose next step is due by ``day + within_days`` (overdue first), for 首页."""
    limit = day + _dt.timedelta(days=within_days)
    query = (
        _case_query()
        .where(
            AidCase.status.not_in(rules.CLOSED_STATUSES)
            & AidCase.next_step_due.is_null(False)
            & (AidCase.next_step_due <= limit)
        )
        .order_by(AidCase.next_step_due, AidCase.id)
    )
    result = []
    for case in query.objects():
        due = case.next_step_due
        result.append(
            {
                "case_id": case.id,
                "person_id": case.person_id,
                "name": case.person_name,
                "unit": case.unit,
                "category": case.category,
                "status": case.status,
                "next_step": rules.next_step(case.status),
                "due": due,
                "overdue": due < day,
                "text": f"{case.person_name}（{case.category}）待办理“{rules.next_step(case.status)}”，"
                + (f"已超期 {(day - due).days} 天" if due < day else f"期限 {due.isoformat()}"),
            }
        )
    return result


def aid_statistics(year: int | None = None) -> list[dict[str, Any]]:
    """Per year and category: cases, rejected, requested, approved (not rejected), paid."""
    query = AidCase.select(
        AidCase.year,
        AidCase.category,
        fn.COUNT(AidCase.id),
        fn.SUM(_rejected_flag()),
        fn.SUM(AidCase.amount_requested.cast("INTEGER")),
        fn.SUM(_approved_not_rejected()),
    ).group_by(AidCase.year, AidCase.category)
    if year is not None:
        query = query.where(AidCase.year == year)
    paid_query = (
        AidPayment.select(AidCase.year, AidCase.category, fn.SUM(AidPayment.amount.cast("INTEGER")))
        .join(AidCase)
        .group_by(AidCase.year, AidCase.category)
    )
    paid = {(y, c): int(f or 0) for y, c, f in paid_query.tuples()}
    rows = []
    order = {c: i for i, c in enumerate(rules.AID_CATEGORIES)}
    for y, category, count, rejected, requested, approved in query.tuples():
        rows.append(
            {
                "year": y,
                "category": category,
                "cases": count,
                "rejected": int(rejected or 0),
                "amount_requested": rules.from_fen(int(requested or 0)),
                "amount_approved": rules.from_fen(int(approved or 0)),
                "paid": rules.from_fen(paid.get((y, category), 0)),
            }
        )
    rows.sort(key=lambda r: (-r["year"], order.get(r["category"], 99)))
    return rows


def _rejected_flag():
    return Case(None, ((AidCase.status == rules.REJECTED, 1),), 0)


def _approved_not_rejected():
    return Case(
        None,
        ((AidCase.status == rules.REJECTED, 0),),
        fn.COALESCE(AidCase.amount_approved.cast("INTEGER"), 0),
    )


# ---------------------------------------------------------------- for the window


def find_persons(text: str, *, today: _dt.date, limit: int = 50) -> list[dict[str, Any]]:
    """People on the roster (在册) matching ``text`` (name, pinyin, ID tail, phone), for the
    person picker of a new case: id, name, unit, gender, age, id_number."""
    from ..storage.roster_queries import RosterFilter, fetch_person_rows, query_person_ids

    ids = query_person_ids(RosterFilter(text=text.strip()), today=today)[:limit]
    rows = fetch_person_rows(ids, today)
    return [
        {k: rows[i][k] for k in ("id", "name", "unit", "gender", "age", "id_number")} for i in ids
    ]


def unit_names() -> list[str]:
    """All unit names, for the unit filter (the zone's order)."""
    from .units import ordered_units

    return ordered_units()


def person_label(person_id: int) -> str:
    """“张三（财政金融局）” for headings."""
    row = (
        Person.select(Person.name, fn.COALESCE(Unit.name, "").alias("unit"))
        .join(Unit, on=(Person.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
        .where(Person.id == person_id)
        .namedtuples()
        .first()
    )
    if row is None:
        raise AidRuleError(f"找不到编号为 {person_id} 的人员。")
    return f"{row.name}（{row.unit}）" if row.unit else row.name


def aid_overview(day: _dt.date, *, within_days: int = 7) -> dict[str, Any]:
    """The year's aid at a glance for 首页 and the report: statistics by category, the budget,
    how many cases are open and which steps are due, and one sentence for the report."""
    year = day.year
    rows = aid_statistics(year)
    budget = budget_summary(year)
    open_cases = (
        AidCase.select(fn.COUNT(AidCase.id))
        .where(AidCase.status.not_in(rules.CLOSED_STATUSES))
        .scalar()
    )
    due = due_steps(day, within_days=within_days)
    return {
        "year": year,
        "by_category": rows,
        "budget": budget,
        "open_cases": int(open_cases or 0),
        "due": due,
        "overdue": sum(1 for d in due if d["overdue"]),
        "paragraph": rules.aid_paragraph(year, rows, budget["budget"]),
    }
