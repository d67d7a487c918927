"""党组织 workbooks for leaders, in the house style (``xlsx_house``): the list of 党支部, and one
branch's 组织生活 attendance of a year (members × meetings with 出席 / 请假 / 缺席) with a second
sheet of those who missed the last three meetings.

Rows come in as plain dicts from services.party / services.party_life; nothing here touches
the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import HEADER_ROW, Column, new_workbook, write_table

BRANCH_COLUMNS = (  # one A4 page wide at 9 pt or more
    Column("no", "序号", "int", 5),
    Column("name", "党支部", "text", 30),
    Column("kind", "组建方式", "text", 9),
    Column("partner", "共建的在职支部", "text", 26),
    Column("secretary", "书记", "text", 9),
    Column("members", "党员人数", "int", 9),
    Column("units_text", "覆盖单位", "text", 40),
)

MISSED_COLUMNS = (
    Column("no", "序号", "int", 5),
    Column("name", "姓名", "text", 9),
    Column("unit", "单位", "text", 22),
    Column("phone", "电话", "phone", 14),
    Column("excused", "请假次数", "int", 9),
    Column("absent", "缺席次数", "int", 9),
    Column("reasons", "请假原因", "text", 26),
    Column("last_present", "最近出席", "date", 11),
    Column("last_delivery", "最近送学上门", "date", 13),
)

ATTENDANCE_MARKS = {"出席": "出席", "请假": "请假", "缺席": "缺席"}


def write_branches(
    path: Path, *, title: str, subtitle: str, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Write the branches to ``path`` (whole or not at all); returns the number of branches."""
    wb = new_workbook()
    numbered = [{**r, "no": i} for i, r in enumerate(rows, 1)]
    totals = {"members": sum(int(r["members"]) for r in rows)}
    count = write_table(
        wb.create_sheet("党支部"),
        title=title,
        subtitle=subtitle,
        columns=BRANCH_COLUMNS,
        rows=numbered,
        totals=totals,
    )
    save_workbook(wb, path)
    return count


def meeting_title(meeting: Mapping[str, Any]) -> str:
    """A meeting's column heading: “03-15\n支部党员大会”."""
    return f"{meeting['held_on']:%m-%d}\n{meeting['kind']}"


def write_attendance(
    path: Path,
    *,
    title: str,
    subtitle: str,
    meetings: Sequence[Mapping[str, Any]],
    members: Sequence[Mapping[str, Any]],
    marks: Mapping[tuple[int, int], str],
    missed_title: str,
    missed_subtitle: str,
    missed: Sequence[Mapping[str, Any]],
) -> int:
    """Write the attendance grid: ``meetings`` (id, held_on, kind) oldest first as columns,
    ``members`` (id, name, unit) as rows, ``marks[(meeting id, person id)]`` the status
    (blank: not a member then); then 出席 / 请假 / 缺席 counts; the 合计 line counts 出席. A second sheet lists
    ``missed`` (services.party_life.missed_last_meetings rows). Returns the member rows."""
    wb = new_workbook()
    columns = [Column("no", "序号", "int", 5), Column("name", "姓名", "text", 9)]
    columns.append(Column("unit", "单位", "text", 16))
    columns += [
        Column(f"m{m['id']}", meeting_title(m), "int", 7) for m in meetings
    ]  # 出席… or a count
    columns += [Column(k, k, "int", 6) for k in ATTENDANCE_MARKS]
    rows = []
    totals: dict[str, Any] = {k: 0 for k in ATTENDANCE_MARKS}
    for i, person in enumerate(members, 1):
        row: dict[str, Any] = {"no": i, "name": person["name"], "unit": person["unit"]}
        counts = dict.fromkeys(ATTENDANCE_MARKS, 0)
        for m in meetings:
            status = marks.get((m["id"], person["id"]))
            row[f"m{m['id']}"] = ATTENDANCE_MARKS.get(status or "", "")
            if status in counts:
                counts[status] += 1
        row.update(counts)
        for k, n in counts.items():
            totals[k] += n
        rows.append(row)
    for m in meetings:
        totals[f"m{m['id']}"] = sum(1 for p in members if marks.get((m["id"], p["id"])) == "出席")
    sheet = wb.create_sheet("出勤表")
    count = write_table(
        sheet, title=title, subtitle=subtitle, columns=columns, rows=rows, totals=totals
    )
    sheet.row_dimensions[HEADER_ROW].height = 36  # a meeting's heading is day and kind
    write_table(
        wb.create_sheet("连续未参加"),
        title=missed_title,
        subtitle=missed_subtitle,
        columns=MISSED_COLUMNS,
        rows=[{**r, "no": i} for i, r in enumerate(missed, 1)],
    )
    save_workbook(wb, path)
    return count
