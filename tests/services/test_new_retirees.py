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
