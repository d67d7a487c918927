"""Rules of hardship aid (特困帮扶): the step machine, money in Decimal 元, and the warnings.

A case walks 申请 → 单位初审 → 调查核实 → 审批 → 发放 → 回访 → 结案, one step at a time; 驳回 (with a
reason) closes it from any open step (after a payment only once the clerk confirms, since the money
must then be recovered outside the program). History is a list of events that
is only ever appended to: a correction is an event of its own (``更正``), never an edit.
Pure standard library: no peewee, no Qt.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import RuleError
from .vocab import AID_CATEGORIES

AID_STEPS: tuple[str, ...] = ("申请", "单位初审", "调查核实", "审批", "发放", "回访", "结案")
REJECTED = "驳回"
CORRECTION = "更正"
CLOSED_STATUSES: tuple[str, ...] = ("结案", REJECTED)
AID_STATUSES: tuple[str, ...] = (*AID_STEPS, REJECTED)
EVENT_KINDS: tuple[str, ...] = (*AID_STEPS, REJECTED, CORRECTION)
PAYMENT_METHODS: tuple[str, ...] = ("银行转账", "现金", "其他")

# Days allowed for the next step after a step is done (the clerk may set another due date).
DAYS_TO_NEXT_STEP: dict[str, int] = {
    "申请": 7,  # the unit's first check within a week
    "单位初审": 14,
    "调查核实": 14,
    "审批": 14,
    "发放": 30,  # visit within a month after payment
    "回访": 7,
}

# What the next step is called on buttons and in reminders.
STEP_ACTIONS: dict[str, str] = {
    "单位初审": "单位初审",
    "调查核实": "调查核实",
    "审批": "审批",
    "发放": "发放",
    "回访": "回访",
    "结案": "结案",
}

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000.00")


class AidRuleError(RuleError):
    """An aid action broke a rule (skipping a step, paying too much …); nothing was changed."""


def is_open(status: str) -> bool:
    """True while the case is neither 结案 nor 驳回."""
    return status not in CLOSED_STATUSES


def next_step(status: str) -> str | None:
    """The one step that may follow ``status`` (None when the case is closed)."""
    if not is_open(status):
        return None
    index = AID_STEPS.index(status)
    return AID_STEPS[index + 1]


def previous_step(status: str) -> str | None:
    """The step before ``status`` (None for 申请 and closed cases)."""
    if not is_open(status) or status == AID_STEPS[0]:
        return None
    return AID_STEPS[AID_STEPS.index(status) - 1]


def step_index(status: str) -> int:
    """Position of a step in :data:`AID_STEPS` (驳回 → -1)."""
    return AID_STEPS.index(status) if status in AID_STEPS else -1


def check_advance(status: str, step: str) -> None:
    """Raise :class:`AidRuleError` unless ``step`` is exactly the next step after ``status``."""
    if step not in AID_STEPS:
        raise AidRuleError(f"“{step}”不是帮扶的办理步骤。步骤依次为：{'→'.join(AID_STEPS)}。")
    if not is_open(status):
        raise AidRuleError(f"这个案例已{status}，不能再办理“{step}”。如确需重办，请新建案例。")
    expected = next_step(status)
    if step == expected:
        return
    if step_index(step) <= step_index(status):
        raise AidRuleError(
            f"案例已经办到“{status}”，“{step}”已办理过，不能重复或倒退办理。"
            "如需改正，请使用“更正”。"
        )
    raise AidRuleError(
        f"案例当前在“{status}”，下一步应是“{expected}”，不能跳过直接办理“{step}”。"
        f"请先办理“{expected}”。"
    )


def check_reject(status: str, reason: str) -> None:
    """Raise unless the case may be rejected now (open, a reason given)."""
    if not is_open(status):
        raise AidRuleError(f"这个案例已{status}，不能再驳回。")
    if not reason.strip():
        raise AidRuleError("驳回必须填写理由，请写明驳回的原因后再确定。")


def paid_rejection_warning(paid: Decimal) -> str:
    """What the clerk must confirm before rejecting a case that has already paid ``paid``."""
    return (
        f"这个案例已发放 {format_yuan(paid)}。驳回后案例关闭，已发放的资金需另行追回，"
        "并会在驳回记录中注明。确定要驳回吗？"
    )


def parse_amount(value: object, *, label: str = "金额", allow_zero: bool = False) -> Decimal:
    """Read an amount in 元 (``"1,234.5"``, ``"3000元"``, 3000, Decimal) as Decimal with 2 places."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        text = text.removesuffix("元").strip()
        if not text:
            raise AidRuleError(f"{label}不能为空，请填写以元为单位的数字，例如 3000 或 1250.50。")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise AidRuleError(
                f"{label}“{value}”不是数字，请填写以元为单位的数字，例如 3000 或 1250.50。"
            ) from exc
    else:
        raise AidRuleError(f"{label}不能为空，请填写以元为单位的数字。")
    if not amount.is_finite():
        raise AidRuleError(f"{label}“{value}”不是数字，请重新填写。")
    if abs(amount) > MAX_AMOUNT:  # before rounding: 1e30 has more digits than a Decimal keeps
        raise AidRuleError(f"{label}“{value}”超过 100 万元，请检查是否多输了位数。")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AidRuleError(f"{label}“{value}”超过两位小数（分），请改为精确到分的金额。")
    amount = amount.quantize(CENT)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise AidRuleError(f"{label}必须大于 0 元，请重新填写。")
    if amount > MAX_AMOUNT:
        raise AidRuleError(f"{label} {format_yuan(amount)} 超过 100 万元，请检查是否多输了位数。")
    return amount


def to_fen(amount: Decimal) -> int:
    """Decimal 元 → integer 分 (how the database keeps money exactly)."""
    return int((amount.quantize(CENT) * 100).to_integral_value())


def from_fen(fen: int | None) -> Decimal | None:
    """Integer 分 → Decimal 元 with two places (None stays None)."""
    if fen is None:
        return None
    return (Decimal(int(fen)) / 100).quantize(CENT)


def total(amounts: Iterable[Decimal | None]) -> Decimal:
    """Exact sum of amounts (None counts as nothing), always with two places."""
    result = Decimal("0.00")
    for amount in amounts:
        if amount is not None:
            result += amount
    return result.quantize(CENT)


def format_yuan(amount: Decimal | None) -> str:
    """``Decimal("12345.5")`` → ``"12,345.50 元"``; None → ``""``."""
    if amount is None:
        return ""
    return f"{amount.quantize(CENT):,} 元"


def check_payment(approved: Decimal | None, paid: Decimal, amount: Decimal) -> None:
    """Raise unless paying ``amount`` on top of ``paid`` stays within the approved amount."""
    if approved is None:
        raise AidRuleError("这个案例还没有审批金额，不能登记发放。请先办理“审批”。")
    if paid + amount > approved:
        rest = approved - paid
        raise AidRuleError(
            f"本次发放 {format_yuan(amount)} 后累计 {format_yuan(paid + amount)}，超过审批金额 "
            f"{format_yuan(approved)}。尚可发放 {format_yuan(rest)}，请核对金额。"
        )


def budget_warning(
    year: int, budget: Decimal | None, approved_so_far: Decimal, amount: Decimal
) -> str | None:
    """The Chinese warning when approving ``amount`` goes beyond the year's budget, else None."""
    if budget is None:
        return (
            f"{year}年尚未设置帮扶经费，无法核对余额。审批 {format_yuan(amount)} 将超出预算。"
            "确定仍要审批吗？（可在“帮扶经费”中设置全年经费）"
        )
    remaining = budget - approved_so_far
    if amount <= remaining:
        return None
    return (
        f"{year}年帮扶经费 {format_yuan(budget)}，已审批 {format_yuan(approved_so_far)}，"
        f"剩余 {format_yuan(remaining)}。本次审批 {format_yuan(amount)} 将超出预算 "
        f"{format_yuan(amount - remaining)}。确定仍要审批吗？"
    )


def duplicate_warning(name: str, year: int, existing: Iterable[tuple[int, str, str]]) -> str | None:
    """Warning when ``name`` already has cases (id, category, status) in ``year``, else None."""
    items = [f"编号 {cid}（{category}，{status}）" for cid, category, status in existing]
    if not items:
        return None
    return (
        f"{name} 在 {year} 年已有帮扶案例：{'；'.join(items)}。帮扶一般每人每年一次，"
        "确定还要再新建一个案例吗？"
    )


def default_due(step_done: str, on: _dt.date) -> _dt.date | None:
    """When the step after ``step_done`` is due by default (None once closed)."""
    days = DAYS_TO_NEXT_STEP.get(step_done)
    return on + _dt.timedelta(days=days) if days is not None else None


def check_year(year: int) -> None:
    """Raise unless ``year`` is a plausible aid year."""
    if not 2000 <= year <= 2100:
        raise AidRuleError(f"年度“{year}”不合理，请填写四位年份，例如 2026。")


def check_category(category: str) -> None:
    """Raise unless ``category`` is one of :data:`AID_CATEGORIES`."""
    if category not in AID_CATEGORIES:
        raise AidRuleError(f"帮扶类别“{category}”不可用，请选择：{'、'.join(AID_CATEGORIES)}。")


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿")


def _four_digits(n: int) -> str:
    """Capital numerals of 0 < n < 10000 with zeros marked (e.g. 1005 → 壹仟零伍)."""
    text, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(text)
        else:
            if zero:
                text += "零"
                zero = False
            text += _DIGITS[d] + _SMALL_UNITS[pos]
    return text


def yuan_in_words(amount: Decimal) -> str:
    """The amount in capital numerals as written on Chinese financial forms (大写金额):
    ``Decimal("3005.50")`` → ``"叁仟零伍元伍角"``; whole amounts end in 整."""
    amount = amount.quantize(CENT)
    if amount < 0:
        return "负" + yuan_in_words(-amount)
    fen_total = int(amount * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    parts: list[str] = []
    groups = []
    n = yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    text = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _four_digits(group) + _BIG_UNITS[index]
        need_zero = False
    if text:
        parts.append(text + "元")
    if jiao == 0 and fen == 0:
        return (parts[0] if parts else "零元") + "整"
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif parts:
        parts.append("零")
    if fen:
        parts.append(_DIGITS[fen] + "分")
    return "".join(parts)


def wan_yuan(amount: Decimal) -> str:
    """An amount in 万元 as a report writes it, to two places without trailing zeros:
    123456 → ``"12.35万元"``, 20000 → ``"2万元"``, 25000 → ``"2.5万元"``; under 100 元 in 元."""
    wan = (amount / 10000).quantize(CENT, rounding=ROUND_HALF_UP)
    if wan == 0:
        return f"{format(amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP), 'f')}元"
    text = format(wan, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}万元"


def aid_paragraph(year: int, rows: Iterable[dict], budget: Decimal | None) -> str:
    """One sentence for the report and 首页 from :func:`services.aid.aid_statistics` rows."""
    rows = [r for r in rows if r["year"] == year]
    cases = sum(r["cases"] for r in rows)
    if not cases:
        return f"{year}年尚未受理特殊困难帮扶申请。"
    rejected = sum(r["rejected"] for r in rows)
    approved = total(r["amount_approved"] for r in rows)
    paid = total(r["paid"] for r in rows)
    parts = "，".join(
        f"{r['category']}{r['cases'] - r['rejected']}件" for r in rows if r["cases"] > r["rejected"]
    )
    text = f"{year}年共受理特殊困难帮扶申请{cases}件"
    if parts:
        text += f"，其中{parts}"
    text += f"，驳回{rejected}件" if rejected else "，无驳回"
    text += f"；审批帮扶资金{wan_yuan(approved)}"
    text += f"，已发放{wan_yuan(paid)}" if paid else "，尚未发放"
    if budget is not None:
        text += f"，占全年帮扶经费{wan_yuan(budget)}的{_percent(approved, budget)}"
    return text + "。"


def _percent(part: Decimal, whole: Decimal) -> str:
    if whole <= 0:
        return "—"
    return f"{(part * 100 / whole).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
