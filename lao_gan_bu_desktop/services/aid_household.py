"""What the aid application form needs beyond the case itself: the household (家庭人口, 家庭月收入)
and where the money goes (开户行, 账号), the case's number in its year (2026-001), and why a
rejected case was rejected. Kept apart from :mod:`services.aid` so that module stays as it is."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..core import aid_rules as rules
from ..core.aid_rules import AidRuleError, format_yuan, parse_amount
from ..storage.aid_models import AidCase, AidEvent
from ..storage.database import db
from . import audit
from .aid import case_number_of, case_words, check_version, touch_case

MAX_HOUSEHOLD = 30
_ACCOUNT = re.compile(r"^[0-9 ]{8,40}$")


def _case(case_id: int) -> AidCase:
    case = AidCase.get_or_none(AidCase.id == case_id)
    if case is None:
        raise AidRuleError(f"找不到编号为 {case_id} 的帮扶案例，可能已被删除。请刷新列表后重试。")
    return case


def household_details(case_id: int) -> dict[str, Any]:
    """家庭人口, 家庭月收入 (Decimal 元), 开户行 and 账号 of one case (None / "" when not given)."""
    case = _case(case_id)
    return {
        "household_size": case.household_size,
        "household_income": case.household_income,
        "bank": case.bank,
        "bank_account": case.bank_account,
    }


def set_household_details(
    case_id: int,
    *,
    household_size: int | None,
    household_income: object,
    bank: str,
    bank_account: str,
    expected_version: int | None = None,
) -> None:
    """Keep the household and payment details of a case (checked; the change is audited).
    ``expected_version``: the version the clerk loaded (see ``services.aid.advance``)."""
    case = _case(case_id)
    asked = {
        "household_size": household_size,
        "household_income": household_income,
        "bank": bank,
        "bank_account": bank_account,
    }
    check_version(case, expected_version, asked)
    if household_size is not None and not 1 <= int(household_size) <= MAX_HOUSEHOLD:
        raise AidRuleError(
            f"家庭人口 {household_size} 不对：应在 1～{MAX_HOUSEHOLD} 人之间，请核对后再填。"
        )
    income: Decimal | None = None
    if household_income not in (None, ""):
        income = parse_amount(household_income, label="家庭月收入", allow_zero=True)
    bank = (bank or "").strip()
    account = re.sub(r"\s+", " ", (bank_account or "").strip())
    if account and not _ACCOUNT.match(account):
        raise AidRuleError(
            f"账号“{account}”不对：银行账号只含数字（可用空格分段），8～40 位。请照存折或银行卡填写。"
        )
    new = {
        "household_size": int(household_size) if household_size is not None else None,
        "household_income": income,
        "bank": bank,
        "bank_account": account,
    }
    changes = {k: (getattr(case, k), v) for k, v in new.items() if getattr(case, k) != v}
    if not changes:
        return
    with db.atomic():
        touch_case(case, dict(new), **new)
        audit.record("修改", "aid_case", case_id, f"{case_words(case)} 家庭与收款信息", changes)


def case_number(case_id: int) -> str:
    """The case's number as the form prints it: its year and its place among that year's cases
    in the order they were opened, e.g. "2026-001"."""
    return case_number_of(_case(case_id))


def rejection(case_id: int) -> dict[str, Any] | None:
    """When and why a rejected case was rejected (``on``, ``reason``); None if it was not."""
    case = _case(case_id)
    if case.status != rules.REJECTED:
        return None
    event = (
        AidEvent.select()
        .where((AidEvent.case == case_id) & (AidEvent.step == rules.REJECTED))
        .order_by(AidEvent.on.desc(), AidEvent.id.desc())
        .first()
    )
    return {"on": event.on if event else None, "reason": event.note if event else ""}


def application_extras(case_id: int) -> dict[str, Any]:
    """The form's values from this module: number, household, bank, rejection."""
    details = household_details(case_id)
    income = details["household_income"]
    return {
        **details,
        "number": case_number(case_id),
        "household_income_text": format_yuan(income) if income is not None else "",
        "rejection": rejection(case_id),
    }


_DEMO_DETAILS = (  # the demo's cases in the order they were opened
    (3, "2100", "中国工商银行郑州高新技术开发区支行", "6222 0217 0201 2345 678"),
    (2, "3600", "中国建设银行郑州石佛支行", "6217 0024 3001 1122 334"),
    (1, "1500", "郑州银行梧桐街支行", "6236 6801 1000 5566 778"),
    (4, "4200", "中国农业银行郑州科学大道支行", "6228 4804 6012 7788 990"),
)


def demo_household(rng: object, today: object) -> None:
    """Household and bank details on the first demo cases, so the printed form is complete (the
    demo's random draws are not touched)."""
    cases = list(AidCase.select(AidCase.id).order_by(AidCase.id).limit(len(_DEMO_DETAILS)))
    for case, (size, income, bank, account) in zip(cases, _DEMO_DETAILS, strict=False):
        AidCase.update(
            household_size=size,
            household_income=Decimal(income),
            bank=bank,
            bank_account=account,
        ).where(AidCase.id == case.id).execute()
