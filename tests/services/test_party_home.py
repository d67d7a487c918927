"""首页's 党组织 figures on the demo zone: they agree with the party services and the survey
figures, and follow the day (a meeting held later this year is not counted yet)."""

from __future__ import annotations

import datetime as _dt

from lao_gan_bu_desktop.services import party, party_life
from lao_gan_bu_desktop.services.party_home import party_home_figures
from lao_gan_bu_desktop.services.stats import compute_stats
from tests.conftest import FIXED_TODAY


def test_figures_agree_with_the_party_services(demo_ctx) -> None:
    f = party_home_figures(FIXED_TODAY)
    branches = party.list_branches()
    assert f["branches"] == len(branches) > 0
    assert f["branches_by_kind"] == {
        "单建": sum(1 for b in branches if b["kind"] == "单建"),
        "共建": sum(1 for b in branches if b["kind"] == "共建"),
    }
    assert f["party_members"] == compute_stats(FIXED_TODAY)["party_members"]
    assert f["members_in_branches"] == sum(b["members"] for b in branches)
    held = [
        m for m in party_life.list_meetings(year=FIXED_TODAY.year) if m["held_on"] <= FIXED_TODAY
    ]
    assert f["meetings_this_year"] == len(held)
    assert f["missed"] == len(party_life.missed_last_meetings(FIXED_TODAY))
    assert f["transfers_under_way"] == len(party.transfers_under_way())
    assert f["missed_count"] == 3


def test_a_meeting_later_in_the_year_is_not_counted_yet(demo_ctx) -> None:
    day = _dt.date(2026, 6, 15)
    later = day + _dt.timedelta(days=1)
    before = party_home_figures(day)["meetings_this_year"]
    branch = party.list_branches()[0]["id"]
    attendance = [(r["person_id"], "出席", "") for r in party_life.new_attendance(branch)]
    party_life.save_meeting(None, branch, later, "学习", "学习", attendance, today=later)
    assert party_home_figures(day)["meetings_this_year"] == before
    assert party_home_figures(later)["meetings_this_year"] == before + 1
    # a meeting of another year never counts
    assert party_home_figures(_dt.date(2025, 12, 31))["meetings_this_year"] == len(
        [m for m in party_life.list_meetings(year=2025)]
    )
