"""Hardship aid on a real data folder: every step, rejection, skipping refused, Decimal sums,
the budget warning, corrections as events, attachments through backup and restore."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core.aid_rules import AID_STEPS, AidRuleError
from lao_gan_bu_desktop.core.attachments import MAX_ATTACHMENT_BYTES
from lao_gan_bu_desktop.services import aid, aid_attachments, aid_budget
from lao_gan_bu_desktop.services.roster import create_person, get_person
from lao_gan_bu_desktop.storage.roster_queries import RosterFilter, query_person_ids

D = _dt.date(2026, 3, 2)


@pytest.fixture
def person(ctx) -> int:
    return create_person(
        {"name": "张桂兰", "id_number": "11010519491231002X", "unit": "财政金融局"}
    )


def _new_case(person_id: int, amount: str = "3000", **kw) -> int:
    return aid.create_case(
        person_id,
        year=2026,
        category=kw.pop("category", "医疗救助"),
        reason="老伴住院，自付医疗费 2.3 万元，家庭月收入 2100 元。",
        amount_requested=amount,
        on=D,
        **kw,
    )


def test_walk_a_case_through_every_step(person) -> None:
    aid_budget.set_budget(2026, "100000")
    cid = _new_case(person, "5000.50")
    aid.advance(cid, "单位初审", on=D, note="单位同意上报")
    aid.advance(cid, "调查核实", on=D + _dt.timedelta(days=3), note="入户核实属实")
    aid.advance(cid, "审批", on=D + _dt.timedelta(days=5), amount_approved="4000")
    assert (
        aid.record_payment(
            cid, paid_on=D + _dt.timedelta(days=6), amount="1500.25", receipt_no="YH001"
        )
        is False
    )
    assert aid.get_case(cid)["status"] == "发放"
    assert aid.record_payment(cid, paid_on=D + _dt.timedelta(days=7), amount="2499.75") is True
    aid.advance(cid, "回访", on=D + _dt.timedelta(days=20), note="上门回访，已购药")
    aid.advance(cid, "结案", on=D + _dt.timedelta(days=21))
    case = aid.get_case(cid)
    assert [e["step"] for e in case["events"]] == [*AID_STEPS[:5], "发放", *AID_STEPS[5:]]
    assert case["status"] == "结案" and not case["is_open"]
    assert case["paid"] == Decimal("4000.00") and case["fully_paid"]
    assert case["amount_requested"] == Decimal("5000.50")
    assert case["next_step"] == "" and case["next_step_due"] is None
    assert [p["amount"] for p in case["payments"]] == [Decimal("1500.25"), Decimal("2499.75")]
    summary = aid_budget.budget_summary(2026)
    assert summary == {
        "year": 2026,
        "budget": Decimal("100000.00"),
        "approved": Decimal("4000.00"),
        "paid": Decimal("4000.00"),
        "remaining": Decimal("96000.00"),
        "unpaid": Decimal("0.00"),
    }


def test_skipping_repeating_and_closed_cases_are_refused(person) -> None:
    cid = _new_case(person)
    with pytest.raises(AidRuleError, match="不能跳过"):
        aid.advance(cid, "审批", on=D, amount_approved="100")
    with pytest.raises(AidRuleError, match="不能重复或倒退"):
        aid.advance(cid, "申请", on=D)
    aid.advance(cid, "单位初审", on=D)
    with pytest.raises(AidRuleError, match="早于上一步"):
        aid.advance(cid, "调查核实", on=D - _dt.timedelta(days=1))
    aid.advance(cid, "调查核实", on=D)
    with pytest.raises(AidRuleError, match="审批金额"):
        aid.advance(cid, "审批", on=D)
    with pytest.raises(AidRuleError, match="尚未审批"):
        aid.record_payment(cid, paid_on=D, amount="10")
    assert aid.get_case(cid)["status"] == "调查核实"
    assert len(aid.get_case(cid)["events"]) == 3


def test_rejection_needs_a_reason_and_closes_the_case(person) -> None:
    cid = _new_case(person)
    aid.advance(cid, "单位初审", on=D)
    with pytest.raises(AidRuleError, match="理由"):
        aid.reject(cid, "  ", on=D)
    aid.reject(cid, "经核实家庭人均收入高于低保标准", on=D)
    case = aid.get_case(cid)
    assert case["status"] == "驳回" and case["events"][-1]["note"].startswith("经核实")
    with pytest.raises(AidRuleError, match="已驳回"):
        aid.advance(cid, "调查核实", on=D)
    with pytest.raises(AidRuleError, match="已驳回"):
        aid.reject(cid, "再驳回", on=D)
    # a rejected case does not count against the budget nor as a duplicate
    assert aid.duplicate_case_message(person, 2026) is None


def test_rejection_after_payment_needs_confirmation_and_notes_the_money(person) -> None:
    aid_budget.set_budget(2026, 10000)
    cid = _new_case(person)
    for step in ("单位初审", "调查核实"):
        aid.advance(cid, step, on=D)
    aid.advance(cid, "审批", on=D, amount_approved="3000")
    aid.record_payment(cid, paid_on=D, amount="3000", method="现金")
    with pytest.raises(AidRuleError, match="超过审批金额"):
        aid.record_payment(cid, paid_on=D, amount="0.01")
    with pytest.raises(aid.PaidRejectionWarning, match=r"已发放 3,000\.00"):
        aid.reject(cid, "弄错了", on=D)
    assert aid.get_case(cid)["status"] == "发放"
    aid.reject(cid, "弄错了", on=D, confirm_paid=True)
    case = aid.get_case(cid)
    assert case["status"] == "驳回"
    assert "需追回" in case["events"][-1]["note"]


def test_follow_up_needs_full_payment(person) -> None:
    aid_budget.set_budget(2026, 10000)
    cid = _new_case(person)
    for step in ("单位初审", "调查核实"):
        aid.advance(cid, step, on=D)
    aid.advance(cid, "审批", on=D, amount_approved="3000")
    aid.record_payment(cid, paid_on=D, amount="1000")
    with pytest.raises(AidRuleError, match="尚未足额发放"):
        aid.advance(cid, "回访", on=D)


def test_budget_warning_needs_confirmation(person) -> None:
    aid_budget.set_budget(2026, "5000")
    first = _new_case(person)
    for step in ("单位初审", "调查核实"):
        aid.advance(first, step, on=D)
    aid.advance(first, "审批", on=D, amount_approved="4000")
    other = create_person({"name": "李建国"})
    second = _new_case(other, "2000")
    for step in ("单位初审", "调查核实"):
        aid.advance(second, step, on=D)
    with pytest.raises(aid.OverBudgetWarning) as info:
        aid.advance(second, "审批", on=D, amount_approved="1500")
    assert "剩余 1,000.00 元" in info.value.message
    assert "超出预算 500.00 元" in info.value.message
    assert aid.get_case(second)["status"] == "调查核实"  # nothing changed
    aid.advance(second, "审批", on=D, amount_approved="1500", confirm_over_budget=True)
    summary = aid_budget.budget_summary(2026)
    assert summary["approved"] == Decimal("5500.00")
    assert summary["remaining"] == Decimal("-500.00")


def test_budget_not_set_warns_too(person) -> None:
    cid = _new_case(person)
    for step in ("单位初审", "调查核实"):
        aid.advance(cid, step, on=D)
    with pytest.raises(aid.OverBudgetWarning, match="尚未设置帮扶经费"):
        aid.advance(cid, "审批", on=D, amount_approved="1")


def test_second_case_in_a_year_warns(person) -> None:
    first = _new_case(person)
    with pytest.raises(aid.DuplicateCaseWarning) as info:
        _new_case(person, category="临时救助")
    assert f"编号 {first}" in info.value.message and "张桂兰" in info.value.message
    second = _new_case(person, category="临时救助", confirm_duplicate=True)
    assert second != first
    # another year is fine
    aid.create_case(person, year=2027, category="医疗救助", reason="x", amount_requested=1, on=D)


def test_amounts_add_up_exactly(person) -> None:
    aid_budget.set_budget(2026, "1000")
    others = [create_person({"name": f"王{c}"}) for c in "甲乙"]
    ids = [_new_case(p, "0.10") for p in [person, *others[:2]]]
    for cid in ids:
        aid.advance(cid, "单位初审", on=D)
        aid.advance(cid, "调查核实", on=D)
        aid.advance(cid, "审批", on=D, amount_approved="0.10")
        aid.record_payment(cid, paid_on=D, amount="0.10")
    rows = aid.list_cases(aid.AidFilter(year=2026))
    sums = aid.totals(rows)
    assert sums["amount_requested"] == Decimal("0.30")  # 0.1 + 0.1 + 0.1 in float is not 0.3
    assert sums["paid"] == Decimal("0.30")
    assert aid_budget.budget_summary(2026)["remaining"] == Decimal("999.70")
    stats = aid.aid_statistics(2026)
    assert stats == [
        {
            "year": 2026,
            "category": "医疗救助",
            "cases": 3,
            "rejected": 0,
            "amount_requested": Decimal("0.30"),
            "amount_approved": Decimal("0.30"),
            "paid": Decimal("0.30"),
        }
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "不是数字"),
        ("12.345", "两位小数"),
        ("-5", "大于 0"),
        ("", "不能为空"),
        ("2000000", "100 万"),
    ],
)
def test_bad_amounts_are_refused_in_chinese(person, text, message) -> None:
    with pytest.raises(AidRuleError, match=message):
        _new_case(person, text)
    assert aid.list_cases() == []


def test_correction_is_a_new_event_and_step_back(person) -> None:
    aid_budget.set_budget(2026, 10000)
    cid = _new_case(person, "3000")
    aid.advance(cid, "单位初审", on=D)
    aid.correct(cid, "误点了单位初审", on=D, step_back=True)
    case = aid.get_case(cid)
    assert case["status"] == "申请"
    assert [e["step"] for e in case["events"]] == ["申请", "单位初审", "更正"]
    aid.correct(cid, "按票据更正", on=D, amount_requested="2800")
    case = aid.get_case(cid)
    assert case["amount_requested"] == Decimal("2800.00")
    assert "3,000.00 元 → 2,800.00 元" in case["events"][-1]["note"]
    assert case["events"][0]["amount"] == Decimal("3000.00")  # history unchanged
    with pytest.raises(AidRuleError, match="没有需要更正"):
        aid.correct(cid, "无变化", on=D, amount_requested="2800")
    with pytest.raises(AidRuleError, match="尚未审批"):
        aid.correct(cid, "x", on=D, amount_approved="100")


def test_open_case_makes_the_person_key_tier(person) -> None:
    day = _dt.date(2026, 11, 29)
    assert get_person(person, day=day)["service_tier"] != "重点"
    assert person not in query_person_ids(RosterFilter(service_tier="重点"), today=day)
    cid = _new_case(person)
    assert get_person(person, day=day)["service_tier"] == "重点"
    assert person in query_person_ids(RosterFilter(service_tier="重点"), today=day)
    from lao_gan_bu_desktop.services.stats import compute_stats

    assert compute_stats(day)["by_service_tier"]["重点"] == 1
    aid.reject(cid, "不符合条件", on=D)
    assert get_person(person, day=day)["service_tier"] != "重点"
    assert compute_stats(day)["by_service_tier"]["重点"] == 0


def test_filters_and_due_steps(person) -> None:
    other = create_person({"name": "李建国", "unit": "科技局"})
    a = _new_case(person)
    b = _new_case(other, category="临时救助", next_step_due=_dt.date(2026, 4, 1))
    assert [r["id"] for r in aid.list_cases(aid.AidFilter(unit="科技局"))] == [b]
    assert [r["id"] for r in aid.list_cases(aid.AidFilter(category="医疗救助"))] == [a]
    assert [r["id"] for r in aid.list_cases(aid.AidFilter(person="桂兰"))] == [a]
    assert [r["id"] for r in aid.list_cases(aid.AidFilter(status="办理中"))] == [b, a]  # by pinyin
    assert aid.list_cases(aid.AidFilter(year=2025)) == []
    due = aid.due_steps(_dt.date(2026, 3, 12))
    assert [d["case_id"] for d in due] == [a]  # due 2026-03-09 (7 days after 申请)
    assert due[0]["overdue"] and due[0]["next_step"] == "单位初审"
    assert "已超期 3 天" in due[0]["text"]
    later = aid.due_steps(_dt.date(2026, 3, 28), within_days=7)
    assert [d["case_id"] for d in later] == [a, b]


@pytest.mark.sqlite_only(
    "SQLite 的备份是数据文件和附件文件夹的复制；服务器的备份由 pg_dump 做（tests/storage/test_postgres.py）"
)
def test_attachment_survives_backup_and_restore(ctx, person, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.backups import restore_backup
    from lao_gan_bu_desktop.storage.backup import make_backup

    cid = _new_case(person)
    bill = tmp_path / "住院票据.pdf"
    bill.write_bytes(b"%PDF-1.4 hospital bill")
    att = aid_attachments.add_attachment(cid, bill)
    again = aid_attachments.add_attachment(cid, bill)
    stored = aid_attachments.attachment_path(att)
    assert stored.read_bytes() == bill.read_bytes()
    assert stored.parent == ctx.data_dir / "attachments" / "aid" / str(cid)
    assert aid_attachments.attachment_path(again).name == "住院票据(2).pdf"
    info = make_backup(ctx.data_dir, "测试")
    # lose the file and the second attachment row, then restore
    stored.unlink()
    with pytest.raises(AidRuleError, match="附件文件不见了"):
        aid_attachments.attachment_path(att)
    restore_backup(ctx, info.path)
    restored = aid_attachments.attachment_path(att)
    assert restored.read_bytes() == b"%PDF-1.4 hospital bill"
    assert [a["filename"] for a in aid.get_case(cid)["attachments"]] == ["住院票据.pdf"] * 2


def test_missing_file_is_refused(person, tmp_path: Path) -> None:
    cid = _new_case(person)
    with pytest.raises(AidRuleError, match="找不到要添加的文件"):
        aid_attachments.add_attachment(cid, tmp_path / "nope.jpg")


def test_a_huge_file_is_refused_before_it_is_copied(ctx, person, tmp_path: Path) -> None:
    cid = _new_case(person)
    video = tmp_path / "录像.mp4"
    with video.open("wb") as handle:  # sparse: takes no disk, has the size
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(AidRuleError, match=r"“录像.mp4”有 100 MB，附件最大 100 MB"):
        aid_attachments.add_attachment(cid, video)
    assert aid.get_case(cid)["attachments"] == []
    assert not (ctx.data_dir / "attachments" / "aid" / str(cid)).exists() or not any(
        (ctx.data_dir / "attachments" / "aid" / str(cid)).iterdir()
    )


def test_money_is_stored_as_whole_fen(ctx, person) -> None:
    cid = _new_case(person, "1234.56")
    type_of = "pg_typeof" if ctx.on_server else "typeof"
    raw = ctx.database.execute_sql(
        f"SELECT amount_requested, {type_of}(amount_requested)::text FROM aid_case WHERE id = ?"
        if ctx.on_server
        else f"SELECT amount_requested, {type_of}(amount_requested) FROM aid_case WHERE id = ?",
        (cid,),
    ).fetchone()
    assert raw == (123456, "integer")


def test_deleting_a_person_removes_the_cases(person) -> None:
    from lao_gan_bu_desktop.services.roster import delete_person, deletion_consequences

    cid = _new_case(person)
    aid.advance(cid, "单位初审", on=D)
    assert deletion_consequences([person]) == ["帮扶案例 1 个（连同其审批和发放记录）"]
    delete_person(person)
    assert aid.list_cases() == []
    other = create_person({"name": "李建国"})
    assert _new_case(other) > cid  # ids are never reused (attachment folders stay apart)


def test_overview_paragraph(person) -> None:
    aid_budget.set_budget(2026, "20000")
    cid = _new_case(person, "3000")
    aid.advance(cid, "单位初审", on=D)
    aid.advance(cid, "调查核实", on=D)
    aid.advance(cid, "审批", on=D, amount_approved="2500")
    overview = aid.aid_overview(_dt.date(2026, 3, 3))
    assert overview["open_cases"] == 1
    assert overview["paragraph"] == (
        "2026年共受理特殊困难帮扶申请1件，其中医疗救助1件，无驳回；审批帮扶资金0.25万元，"
        "尚未发放，占全年帮扶经费2万元的12.5%。"
    )


def test_no_case_for_someone_no_longer_on_the_roster(person) -> None:
    from lao_gan_bu_desktop.services.roster import set_status

    set_status([person], "已故", _dt.date(2026, 1, 5))
    with pytest.raises(AidRuleError, match="已故"):
        _new_case(person)


def test_removed_attachment_keeps_its_file(ctx, person, tmp_path: Path) -> None:
    cid = _new_case(person)
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg")
    att = aid_attachments.add_attachment(cid, photo)
    stored = aid_attachments.attachment_path(att)
    kept = aid_attachments.remove_attachment(att)
    assert aid.get_case(cid)["attachments"] == []
    assert not stored.exists() and kept.read_bytes() == b"jpeg"
    assert kept.parent.name == "已移除"


@pytest.mark.sqlite_only(
    "SQLite 的备份是数据文件和附件文件夹的复制；服务器的备份由 pg_dump 做（tests/storage/test_postgres.py）"
)
def test_deleting_people_removes_their_case_files_once_backed_up(ctx, person, tmp_path) -> None:
    from lao_gan_bu_desktop.services.roster import delete_persons
    from lao_gan_bu_desktop.storage.backup import list_backups

    other = create_person({"name": "李建国"})
    mine, theirs = _new_case(person), _new_case(other)
    bill = tmp_path / "住院票据.pdf"
    bill.write_bytes(b"%PDF-1.4 hospital bill")
    stored = aid_attachments.attachment_path(aid_attachments.add_attachment(mine, bill))
    kept = aid_attachments.attachment_path(aid_attachments.add_attachment(theirs, bill))
    delete_persons([person])
    assert not stored.parent.exists() and kept.exists()
    backup = list_backups(ctx.data_dir)[0]
    assert backup.reason == "删除人员前"
    assert (backup.path / "attachments" / "aid" / str(mine) / stored.name).read_bytes() == (
        b"%PDF-1.4 hospital bill"
    )
