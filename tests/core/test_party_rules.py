"""Who missed the last three meetings of their branch: not present at any of them (请假 or
缺席), counting only meetings held by the day asked and members listed at each of them."""

from __future__ import annotations

import datetime as _dt

from lao_gan_bu_desktop.core.party_rules import last_meetings, missed_in_a_row

D = _dt.date


def test_last_meetings_are_the_newest_held_by_the_day() -> None:
    meetings = [
        (1, 10, D(2026, 1, 10)),
        (2, 10, D(2026, 2, 10)),
        (3, 10, D(2026, 3, 10)),
        (4, 10, D(2026, 4, 10)),
        (5, 10, D(2026, 12, 10)),  # after the day: not yet held
        (6, 20, D(2026, 3, 1)),  # a branch with one meeting only
    ]
    assert last_meetings(meetings, D(2026, 6, 1)) == {10: [4, 3, 2]}
    assert last_meetings(meetings, D(2026, 6, 1), count=1) == {10: [4], 20: [6]}


def test_missed_means_not_present_at_any_of_them() -> None:
    last = {10: [4, 3, 2]}
    members = {100: 10, 101: 10, 102: 10, 103: 10, 104: 20}
    attendance = {}
    for meeting in (4, 3, 2):
        attendance[(meeting, 100)] = ("出席", "")
        attendance[(meeting, 101)] = ("请假", "住院治疗") if meeting != 2 else ("缺席", "")
        attendance[(meeting, 102)] = ("缺席", "") if meeting != 3 else ("出席", "")
    attendance[(4, 103)] = ("缺席", "")  # joined after meetings 2 and 3: no rows there
    attendance[(3, 103)] = ("缺席", "")
    missed = missed_in_a_row(last, members, attendance)
    assert [m.person_id for m in missed] == [101]
    assert (missed[0].excused, missed[0].absent, missed[0].reasons) == (2, 1, ("住院治疗",))
    assert missed[0].meetings == (4, 3, 2) and missed[0].branch_id == 10
