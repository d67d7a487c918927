"""The demo zone's aid: a budget and cases in different steps; the survey figures stay exact."""

from __future__ import annotations

from lao_gan_bu_desktop.services import aid, aid_budget
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.storage.aid_models import persons_with_open_case
from tests.conftest import FIXED_TODAY


def test_demo_has_budget_and_cases_in_different_steps(demo_ctx) -> None:
    rows = aid.list_cases(aid.AidFilter(year=2026), today=FIXED_TODAY)
    statuses = [r["status"] for r in rows]
    assert "驳回" in statuses and "结案" in statuses and "调查核实" in statuses  # waits for 审批
    closed = next(r for r in rows if r["status"] == "结案")
    assert closed["fully_paid"]
    steps = [e["step"] for e in aid.get_case(closed["id"])["events"]]
    assert "回访" in steps and "发放" in steps
    summary = aid_budget.budget_summary(2026)
    assert summary["budget"] is not None and summary["remaining"] < summary["budget"]
    assert aid.due_steps(FIXED_TODAY), "the 首页 should show at least one reminder"
    assert aid.list_cases(aid.AidFilter(year=2025))


def test_open_demo_cases_are_key_tier(demo_ctx) -> None:
    stats = compute_stats(FIXED_TODAY)
    assert stats["total"] == 153
    assert stats["not_self_caring"] == 3
    open_people = persons_with_open_case()
    assert len(open_people) == 3
    from lao_gan_bu_desktop.services.roster import get_person

    for pid in open_people:
        assert get_person(pid, day=FIXED_TODAY)["service_tier"] == "重点"


def test_demo_case_steps_name_their_clerk(demo_ctx) -> None:
    """The tester saw an empty 经办人 on every step of the demo cases."""
    from lao_gan_bu_desktop.services.aid_demo import CLERKS
    from lao_gan_bu_desktop.services.settings import session_operator

    assert session_operator() is None  # the demo does not leave anyone signed in
    rows = aid.list_cases(aid.AidFilter(), today=FIXED_TODAY)
    assert len(rows) == 6
    seen = set()
    for row in rows:
        case = aid.get_case(row["id"])
        assert case["clerk"] in CLERKS
        assert case["events"]
        for event in case["events"]:
            assert event["operator"] == case["clerk"], (case["clerk"], event)
        seen.add(case["clerk"])
    assert seen == set(CLERKS)
