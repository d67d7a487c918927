"""The demo zone's hardship aid: this year's budget and a handful of cases in different steps.

One case closed after payment and a follow-up visit, one paid and waiting for its visit, one
waiting for approval, one rejected, one just applied (its unit check overdue), and a closed case
from last year, so that a newcomer sees the 帮扶 tab, the budget bar and the reminders at work.
Runs inside ``fill_demo``'s transaction (see ``services.demo.DEMO_STEPS``).
"""

from __future__ import annotations

import datetime as _dt
import random

from ..storage.models import Person
from . import aid, aid_budget
from .settings import session_operator, set_session_operator

BUDGET = "200000"
CLERKS = ("王丽", "赵敏")  # the demo office's clerks (as in the demo's visits and 送学上门)


def _days(today: _dt.date, n: int) -> _dt.date:
    return today - _dt.timedelta(days=n)


def add_demo_aid(rng: random.Random, today: _dt.date) -> None:
    """Add the budget and the demo cases (dates relative to ``today``; ``rng`` is not used so
    that the other demo steps stay the same whatever order they run in)."""
    del rng
    people = list(Person.select(Person.id, Person.hardship, Person.self_care).order_by(Person.id))
    poor = [p.id for p in people if p.hardship in ("特困", "低保")]
    others = [p.id for p in people if p.hardship == "无" and p.self_care == "自理"]
    mine = random.Random(7)
    chosen = poor + mine.sample(others, 6 - len(poor))
    year = today.year
    aid_budget.set_budget(year, BUDGET, "区财政年度预算")
    aid_budget.set_budget(year - 1, "180000")
    before = session_operator()

    def walk(pid, category, reason, asked, approved, applied_days_ago, to_step) -> int:
        # each case is handled by one clerk: its 经办人 and every step's operator
        clerk = CLERKS[len(done) % len(CLERKS)]
        set_session_operator(clerk)
        try:
            cid = _walk(pid, category, reason, asked, approved, applied_days_ago, to_step, clerk)
        finally:
            set_session_operator(before)
        done.append(cid)
        return cid

    done: list[int] = []

    def _walk(pid, category, reason, asked, approved, applied_days_ago, to_step, clerk) -> int:
        start = _days(today, applied_days_ago)
        cid = aid.create_case(
            pid,
            year=start.year if start.year in (year, year - 1) else year,
            category=category,
            reason=reason,
            amount_requested=asked,
            on=start,
            clerk=clerk,
            confirm_duplicate=True,
        )
        if to_step == "申请":
            return cid
        plan = [
            ("单位初审", 5, "单位核实情况属实，同意上报"),
            ("调查核实", 12, "入户走访，查看病历和收入证明，情况属实"),
            ("审批", 20, "经办公会研究同意"),
            ("发放", 25, ""),
            ("回访", 50, "上门回访，资金已用于治疗，老同志表示感谢"),
            ("结案", 52, "材料归档"),
        ]
        for step, after, note in plan:
            on = start + _dt.timedelta(days=after)
            if step == "发放":
                aid.record_payment(
                    cid, paid_on=on, amount=approved, method="银行转账", receipt_no=f"ZZ{cid:04d}"
                )
            else:
                aid.advance(
                    cid,
                    step,
                    on=on,
                    note=note,
                    amount_approved=approved if step == "审批" else None,
                    confirm_over_budget=True,
                )
            if step == to_step:
                break
        return cid

    walk(
        chosen[0],
        "生活困难补助",
        "低保家庭，老伴常年卧床，月收入不足 2000 元。",
        "6000",
        "5000",
        150,
        "结案",
    )
    walk(
        chosen[1],
        "医疗救助",
        "本人患尿毒症长期透析，年自付医疗费 4.6 万元。",
        "20000",
        "15000",
        40,
        "发放",
    )
    walk(
        chosen[2],
        "医疗救助",
        "心脏搭桥手术，自付 3.2 万元，子女下岗。",
        "10000",
        "8000",
        16,
        "调查核实",
    )
    rejected = walk(chosen[3], "临时救助", "家中房屋漏雨需维修。", "3000", "0", 30, "单位初审")
    set_session_operator(CLERKS[3 % len(CLERKS)])  # the clerk of that (fourth) case
    try:
        aid.reject(
            rejected, "经核实家庭人均收入高于本市低保标准两倍，不符合帮扶条件", on=_days(today, 15)
        )
    finally:
        set_session_operator(before)
    walk(chosen[4], "临时救助", "配偶突发脑梗住院，急需用钱。", "5000", "0", 10, "申请")
    walk(chosen[5], "生活困难补助", "独居，无子女，退休金较低。", "4000", "4000", 400, "结案")
