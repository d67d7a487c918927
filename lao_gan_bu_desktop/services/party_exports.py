"""党组织 workbooks for leaders: the list of 党支部 (kind, partner, secretary, members, units
covered), and one branch's 组织生活 attendance of a year (members × meetings with 出席 / 请假 /
缺席, and who missed the last three meetings). The window's buttons and the command line's
``party export-branches`` / ``party export-attendance`` both call these."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from peewee import JOIN

from ..core import clock
from ..core.filenames import dated_filename
from ..core.party_rules import MISSED_IN_A_ROW
from ..files.party_xlsx import write_attendance, write_branches
from ..storage.models import PartyBranch, Person, Unit
from ..storage.party_models import PartyAttendance
from . import audit
from .party import PartyError, _branch, branch_members, list_branches
from .party_life import _as_date, list_meetings, missed_last_meetings
from .settings import get_setting


def _zone() -> str:
    return str(get_setting("zone_name") or "")


def _check_path(path: Path, what: str) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise PartyError(f"{what}要保存为 .xlsx 文件，“{path.name}”不是。请改文件名。")
    return path


def branches_filename(day: _dt.date | None = None) -> str:
    """“高新区离退休干部党支部一览_2026-11-29.xlsx”."""
    return dated_filename(f"{_zone()}离退休干部党支部一览", day or clock.today())


def export_branches(path: Path, *, day: _dt.date | None = None) -> int:
    """Write every branch to ``path``; returns how many. Refuses when there is none."""
    path = _check_path(path, "党支部一览")
    rows = list_branches()
    if not rows:
        raise PartyError("还没有党支部，没有可导出的。请先在“党组织 → 支部”新建支部。")
    day = day or clock.today()
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    subtitle = (
        f"制表日期：{day.isoformat()}　党支部 {len(rows)} 个（"
        + "，".join(f"{k} {n}" for k, n in kinds.items())
        + f"），党员 {sum(r['members'] for r in rows)} 人"
    )
    count = write_branches(
        path, title=f"{_zone()}离退休干部党支部一览", subtitle=subtitle, rows=rows
    )
    audit.record("导出", "party_branch", None, f"导出党支部一览：{path.name}")
    return count


def branch_id_by_name(name: str) -> int:
    """The branch called ``name``; a Chinese error listing the branches."""
    branch = PartyBranch.get_or_none(PartyBranch.name == (name or "").strip())
    if branch is None:
        known = "、".join(b["name"] for b in list_branches()) or "（还没有党支部）"
        raise PartyError(f"没有名为“{name}”的党支部。已有：{known}。")
    return branch.id


def attendance_filename(branch_id: int, year: int, day: _dt.date | None = None) -> str:
    """“经济发展局离退休干部党支部2026年组织生活出勤表_2026-11-29.xlsx”."""
    return dated_filename(f"{_branch(branch_id).name}{year}年组织生活出勤表", day or clock.today())


def attendance_grid(branch_id: int, year: int) -> dict[str, Any]:
    """The branch's meetings of ``year`` oldest first, the people on its grid (its 在册 members
    and whoever has an attendance row that year) by name, and ``marks[(meeting, person)]``."""
    _branch(branch_id)
    meetings = sorted(
        list_meetings(year=year, branch_id=branch_id), key=lambda m: (m["held_on"], m["id"])
    )
    for m in meetings:
        m["held_on"] = _as_date(m["held_on"])
    ids = [m["id"] for m in meetings]
    marks = {
        (mid, pid): status
        for mid, pid, status in PartyAttendance.select(
            PartyAttendance.meeting, PartyAttendance.person, PartyAttendance.status
        )
        .where(PartyAttendance.meeting.in_(ids))
        .tuples()
    }
    people = {m["id"] for m in branch_members(branch_id)} | {pid for _m, pid in marks}
    members = [
        {"id": pid, "name": name, "unit": unit or ""}
        for pid, name, unit in Person.select(Person.id, Person.name, Unit.name)
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(Person.id.in_(list(people)))
        .order_by(Person.search_key, Person.name, Person.id)
        .tuples()
    ]
    return {"meetings": meetings, "members": members, "marks": marks}


def check_attendance(path: Path, branch_id: int, year: int) -> None:
    """Refuse, before any writing, an attendance workbook that cannot be made: not .xlsx, or
    a year without meetings of the branch."""
    _check_path(path, "组织生活出勤表")
    branch = _branch(branch_id)
    if not list_meetings(year=year, branch_id=branch_id):
        raise PartyError(
            f"{branch.name}{year}年还没有组织生活记录，没有可导出的。请换一个年度或支部。"
        )


def export_attendance(path: Path, branch_id: int, year: int, *, day: _dt.date | None = None) -> int:
    """Write the branch's attendance of ``year`` and who missed its last three meetings (up to
    the end of ``year``, or ``day`` when earlier) to ``path``; returns the member rows.
    Refuses a year without meetings."""
    check_attendance(path, branch_id, year)
    branch = _branch(branch_id)
    day = day or clock.today()
    grid = attendance_grid(branch_id, year)
    until = min(day, _dt.date(year, 12, 31))
    missed = [r for r in missed_last_meetings(until) if r["branch_id"] == branch_id]
    count = write_attendance(
        path,
        title=f"{branch.name}{year}年组织生活出勤表",
        subtitle=(
            f"{_zone()}　制表日期：{day.isoformat()}　组织生活 {len(grid['meetings'])} 次，"
            f"{len(grid['members'])} 人；合计行为各次出席人数"
        ),
        meetings=grid["meetings"],
        members=grid["members"],
        marks=grid["marks"],
        missed_title=f"{branch.name}连续 {MISSED_IN_A_ROW} 次未参加组织生活的党员",
        missed_subtitle=(
            f"截至 {until.isoformat()}，本支部最近 {MISSED_IN_A_ROW} 次组织生活都未出席（请假或缺席）"
            f"的在册党员 {len(missed)} 人"
        ),
        missed=missed,
    )
    audit.record(
        "导出", "party_meeting", None, f"导出{branch.name}{year}年组织生活出勤表：{path.name}"
    )
    return count
