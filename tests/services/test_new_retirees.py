"""离退休办理 on a real data folder: the checklist's steps in order with dates, refusals in
Chinese, the list of incomplete checklists and the 首页 line."""

from __future__ import annotations

import datetime as _dt

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import new_retirees, reminders
from lao_gan_bu_desktop.services.new_retirees import STEPS, RetireeError
from lao_gan_bu_desktop.services.roster import create_person, delete_person, deletion_consequences

D = _dt.date(2026, 11, 2)


def test_checklist_from_start_to_done(ctx) -> None:
    clock.set_today(_dt.date(2026, 11, 29))
    pid = create_person({"name": "刘秀英", "unit": "科技局", "retirement_date": "2026-10-01"})
    assert new_retirees.checklist(pid) == [] and new_retirees.incomplete() == []
    with pytest.raises(RetireeError, match="还没有离退休办理清单"):
        new_retirees.set_step(pid, "单位申报", D)
    new_retirees.start_checklist(pid)
    with pytest.raises(RetireeError, match="已经建立"):
        new_retirees.start_checklist(pid)
    assert [s["step"] for s in new_retirees.checklist(pid)] == list(STEPS)

    new_retirees.set_step(pid, "单位申报", D, "单位报来申报表")
    new_retirees.set_step(pid, "材料审核", D + _dt.timedelta(days=3))
    with pytest.raises(RetireeError, match="早于前面“材料审核”"):
        new_retirees.set_step(pid, "办理", D)
    with pytest.raises(RetireeError, match="晚于今天"):
        new_retirees.set_step(pid, "办理", _dt.date(2026, 12, 1))
    with pytest.raises(RetireeError, match="步骤“体检”不对"):
        new_retirees.set_step(pid, "体检", D)

    [row] = new_retirees.incomplete()
    assert (row["name"], row["unit"], row["done"], row["total"]) == ("刘秀英", "科技局", 2, 7)
    assert row["next_step"] == "办理" and row["last_done"] == D + _dt.timedelta(days=3)
    assert new_retirees.reminder_line() == "离退休办理未完成：刘秀英（下一步：办理）"
    assert reminders.reminders(_dt.date(2026, 11, 29))["new_retirees"].startswith("离退休办理")

    for n, step in enumerate(STEPS[2:], 5):
        new_retirees.set_step(pid, step, D + _dt.timedelta(days=n))
    assert new_retirees.incomplete() == [] and new_retirees.reminder_line() == ""
    new_retirees.set_step(pid, "首次走访", None)  # undone again
    assert new_retirees.incomplete()[0]["next_step"] == "首次走访"
    assert deletion_consequences([pid]) == ["离退休办理步骤 7 条"]
    delete_person(pid)
    assert new_retirees.incomplete() == []


def test_the_demo_has_one_new_retiree_half_way(demo_ctx) -> None:
    [row] = new_retirees.incomplete()
    assert row["done"] == 4 and row["next_step"] == "接转组织关系"
    assert row["last_done"] is not None


def test_the_transfer_step_follows_the_persons_transfer_in(ctx) -> None:
    from lao_gan_bu_desktop.services import party
    from lao_gan_bu_desktop.storage.models import AuditLog

    clock.set_today(_dt.date(2026, 11, 29))
    pid = create_person(
        {
            "name": "刘秀英",
            "unit": "科技局",
            "political_status": "中共党员",
            "retirement_date": "2026-10-01",
        }
    )
    branch = party.save_branch(None, "科技局党支部", "共建", units=["科技局"])
    new_retirees.start_checklist(pid)
    step = next(s for s in new_retirees.checklist(pid) if s["step"] == "接转组织关系")
    assert step["transfer"] is None
    others = [s for s in new_retirees.checklist(pid) if s["step"] != "接转组织关系"]
    assert len(others) == 6 and all("transfer" not in s for s in others)

    tid = party.create_transfer(
        pid, "转入", D, from_org="科技局机关党支部", branch_id=branch, letter_number="12号"
    )
    step = next(s for s in new_retirees.checklist(pid) if s["step"] == "接转组织关系")
    assert step["done_on"] is None
    assert step["transfer"] == {
        "id": tid,
        "status": "办理中",
        "transfer_date": D,
        "completed_on": None,
        "from_org": "科技局机关党支部",
        "to_org": "科技局党支部",
    }

    party.complete_transfer(tid, D + _dt.timedelta(days=5))
    step = next(s for s in new_retirees.checklist(pid) if s["step"] == "接转组织关系")
    assert step["done_on"] == D + _dt.timedelta(days=5) and step["note"] == "组织关系转入已办结"
    assert step["transfer"]["status"] == "已完成"
    assert AuditLog.select().where(AuditLog.summary.contains("组织关系转入办结）")).count() == 1
    assert new_retirees.incomplete()[0]["next_step"] == "单位申报"  # the others still open


def test_a_transfer_completed_keeps_a_step_already_done(ctx) -> None:
    from lao_gan_bu_desktop.services import party

    clock.set_today(_dt.date(2026, 11, 29))
    pid = create_person({"name": "王建国", "unit": "科技局", "political_status": "中共党员"})
    branch = party.save_branch(None, "科技局党支部", "共建", units=["科技局"])
    new_retirees.start_checklist(pid)
    new_retirees.set_step(pid, "接转组织关系", D, "原单位已转")
    tid = party.create_transfer(pid, "转入", D, from_org="科技局机关党支部", branch_id=branch)
    party.complete_transfer(tid, D + _dt.timedelta(days=9))
    step = next(s for s in new_retirees.checklist(pid) if s["step"] == "接转组织关系")
    assert (step["done_on"], step["note"]) == (D, "原单位已转")
    # someone without a checklist: completing their transfer changes no checklist
    other = create_person({"name": "李明", "unit": "科技局", "political_status": "中共党员"})
    party.complete_transfer(
        party.create_transfer(other, "转入", D, from_org="外区党委", branch_id=branch)
    )
    assert new_retirees.checklist(other) == []
