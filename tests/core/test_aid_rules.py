"""The aid step machine, amounts in Decimal, capital numerals and the warnings, as plain values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lao_gan_bu_desktop.core import aid_rules as r


def test_steps_follow_one_order() -> None:
    assert [r.next_step(s) for s in r.AID_STEPS] == [*r.AID_STEPS[1:], None]
    assert r.next_step("驳回") is None
    assert r.previous_step("申请") is None and r.previous_step("审批") == "调查核实"
    for status in r.AID_STEPS[:-1]:
        r.check_advance(status, r.next_step(status))  # the one allowed move


@pytest.mark.parametrize(
    ("status", "step", "words"),
    [
        ("申请", "调查核实", "不能跳过"),
        ("审批", "单位初审", "不能重复或倒退"),
        ("审批", "审批", "不能重复或倒退"),
        ("结案", "回访", "已结案"),
        ("驳回", "单位初审", "已驳回"),
        ("申请", "批准", "不是帮扶的办理步骤"),
    ],
)
def test_wrong_moves_are_refused(status, step, words) -> None:
    with pytest.raises(r.AidRuleError, match=words):
        r.check_advance(status, step)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3000", "3000.00"),
        ("1,250.5", "1250.50"),
        ("￥800元", "800.00"),
        (" 12.30 ", "12.30"),
        (5, "5.00"),
        (Decimal("0.01"), "0.01"),
    ],
)
def test_amounts_are_read_as_decimal(text, value) -> None:
    assert r.parse_amount(text) == Decimal(value)


@given(st.integers(min_value=0, max_value=10**8))
def test_fen_round_trip(fen: int) -> None:
    assert r.to_fen(r.from_fen(fen)) == fen


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("3000", "叁仟元整"),
        ("3005.50", "叁仟零伍元伍角"),
        ("100010", "壹拾万零壹拾元整"),
        ("1000.05", "壹仟元零伍分"),
        ("0.05", "伍分"),
        ("12345678.90", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"),
    ],
)
def test_capital_numerals(amount, words) -> None:
    assert r.yuan_in_words(Decimal(amount)) == words


def test_budget_warning_only_beyond_what_remains() -> None:
    assert r.budget_warning(2026, Decimal("100"), Decimal("60"), Decimal("40")) is None
    text = r.budget_warning(2026, Decimal("100"), Decimal("60"), Decimal("40.01"))
    assert "剩余 40.00 元" in text and "超出预算 0.01 元" in text


def test_payment_beyond_approval_is_refused() -> None:
    r.check_payment(Decimal("100"), Decimal("60"), Decimal("40"))
    with pytest.raises(r.AidRuleError, match=r"尚可发放 40\.00 元"):
        r.check_payment(Decimal("100"), Decimal("60"), Decimal("40.01"))
    with pytest.raises(r.AidRuleError, match="还没有审批金额"):
        r.check_payment(None, Decimal("0"), Decimal("1"))
