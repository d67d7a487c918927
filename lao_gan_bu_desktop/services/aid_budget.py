"""The year's 帮扶经费 (budget) of hardship aid: set it, read it, what is approved and paid
against it, and the warning when an approval goes beyond it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from peewee import fn

from ..core import aid_rules as rules
from ..core.aid_rules import format_yuan, parse_amount
from ..storage.aid_models import AidBudget, AidCase, AidPayment
from ..storage.database import db
from . import audit


def set_budget(year: int, amount: object, notes: str = "") -> Decimal:
    """Set the year's 帮扶经费 (replacing the previous figure; the audit log keeps it)."""
    rules.check_year(year)
    value = parse_amount(amount, label="帮扶经费")
    with db.atomic():
        old = AidBudget.get_or_none(AidBudget.year == year)
        AidBudget.insert(year=year, amount=value, notes=notes).on_conflict(
            conflict_target=[AidBudget.year],
            update={AidBudget.amount: value, AidBudget.notes: notes},
        ).execute()
        audit.record(
            "修改" if old else "新增",
            "aid_budget",
            year,
            f"{year}年帮扶经费设为 {format_yuan(value)}",
            {"amount": (old.amount if old else None, value)},
        )
    return value


def get_budget(year: int) -> Decimal | None:
    """The year's budget, or None when it has not been set."""
    row = AidBudget.get_or_none(AidBudget.year == year)
    return row.amount if row else None


def _approved_in_year(year: int, exclude_case: int | None = None) -> Decimal:
    query = AidCase.select(fn.COALESCE(fn.SUM(AidCase.amount_approved.cast("INTEGER")), 0)).where(
        (AidCase.year == year)
        & (AidCase.status != rules.REJECTED)
        & AidCase.amount_approved.is_null(False)
    )
    if exclude_case is not None:
        query = query.where(AidCase.id != exclude_case)
    return rules.from_fen(int(query.scalar() or 0))


def budget_summary(year: int) -> dict[str, Any]:
    """``budget``, ``approved``, ``paid``, ``remaining`` (budget − approved), ``unpaid`` (approved
    − paid) for a year, Decimal 元; ``budget`` and ``remaining`` are None when no budget is set."""
    budget = get_budget(year)
    approved = _approved_in_year(year)
    paid_fen = (
        AidPayment.select(fn.COALESCE(fn.SUM(AidPayment.amount.cast("INTEGER")), 0))
        .join(AidCase)
        .where(AidCase.year == year)
        .scalar()
    )
    paid = rules.from_fen(int(paid_fen or 0))
    return {
        "year": year,
        "budget": budget,
        "approved": approved,
        "paid": paid,
        "remaining": (budget - approved) if budget is not None else None,
        "unpaid": approved - paid,
    }


def over_budget_message(year: int, amount: Decimal, exclude_case: int | None = None) -> str | None:
    """The warning when approving ``amount`` in ``year`` goes beyond the budget, else None."""
    return rules.budget_warning(
        year, get_budget(year), _approved_in_year(year, exclude_case), amount
    )
