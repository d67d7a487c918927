"""Rules of 党组织 life that need no database: the vocabularies of meetings, attendance and
transfers, and who missed the last meetings of their branch.

"Missed" means not present (请假 or 缺席): a member who missed each of their branch's last three
meetings needs a call or 送学上门, whatever the reason. A member with no attendance row at one of
those meetings (not yet a member then) is not counted.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MEETING_KINDS: tuple[str, ...] = ("支部党员大会", "支委会", "党小组会", "党课", "主题党日", "学习")
ATTENDANCE_STATUSES: tuple[str, ...] = ("出席", "请假", "缺席")
TRANSFER_DIRECTIONS: tuple[str, ...] = ("转入", "转出")
TRANSFER_STATUSES: tuple[str, ...] = ("办理中", "已完成")
MISSED_IN_A_ROW = 3


@dataclass(frozen=True)
class Missed:
    """A member who missed each of their branch's last ``len(meetings)`` meetings."""

    person_id: int
    branch_id: int
    meetings: tuple[int, ...]  # newest first
    excused: int  # of them 请假
    absent: int  # of them 缺席
    reasons: tuple[str, ...]


def last_meetings(
    meetings: Iterable[tuple[int, int, _dt.date]],
    day: _dt.date,
    count: int = MISSED_IN_A_ROW,
) -> dict[int, list[int]]:
    """branch id → the ids of its last ``count`` meetings held on or before ``day``, newest
    first, from (meeting id, branch id, date) rows; branches with fewer meetings are left out."""
    by_branch: dict[int, list[tuple[_dt.date, int]]] = {}
    for meeting_id, branch_id, held_on in meetings:
        if held_on <= day:
            by_branch.setdefault(branch_id, []).append((held_on, meeting_id))
    result: dict[int, list[int]] = {}
    for branch_id, held in by_branch.items():
        held.sort(reverse=True)
        if len(held) >= count:
            result[branch_id] = [m for _d, m in held[:count]]
    return result


def missed_in_a_row(
    last: Mapping[int, Sequence[int]],
    members: Mapping[int, int],
    attendance: Mapping[tuple[int, int], tuple[str, str]],
) -> list[Missed]:
    """Members (person id → branch id) who were not present at any of their branch's ``last``
    meetings; ``attendance`` maps (meeting id, person id) → (status, reason)."""
    result: list[Missed] = []
    for person_id, branch_id in members.items():
        meeting_ids = last.get(branch_id)
        if not meeting_ids:
            continue
        rows = [attendance.get((m, person_id)) for m in meeting_ids]
        if any(r is None or r[0] == "出席" for r in rows):
            continue
        statuses = [r[0] for r in rows if r is not None]
        result.append(
            Missed(
                person_id=person_id,
                branch_id=branch_id,
                meetings=tuple(meeting_ids),
                excused=statuses.count("请假"),
                absent=statuses.count("缺席"),
                reasons=tuple(dict.fromkeys(r[1] for r in rows if r is not None and r[1])),
            )
        )
    return result
