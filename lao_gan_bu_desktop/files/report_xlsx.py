"""统计报表: the annual survey's tables, native Excel charts and the survey paragraph.

One workbook in the house style (io.xlsx_house): sheet "统计表" holds the small tables (by kind,
age bracket, self-care, party branches and members, residence, service tier; each with a total
line) and two native openpyxl charts beside them (age brackets as columns, service tiers as a
pie); sheet "各单位" the per-unit table with its total line; sheet "党组织" the party branches
(kind, secretary, units, members; when there are branches); sheets "活动统计" and "活动明细" the
year's activities per kind (activities, sign-ups, attendance) and one by one; sheet "调研段落"
the paragraph written
from the data, in one cell, ready to copy into the annual report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .roster_xlsx import save_atomically
from .xlsx_house import (
    BODY_FONT,
    BORDER,
    FONT_NAME,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    SUBTITLE_ALIGNMENT,
    SUBTITLE_FONT,
    TITLE_ALIGNMENT,
    TITLE_FONT,
    TITLE_HEIGHT,
    TOTAL_FONT,
    Column,
    clean_cell_text,
    is_formula_like,
    new_workbook,
    print_scale,
    setup_print,
    text_lines,
    write_cell,
    write_table,
)

SECTION_FONT = Font(name=FONT_NAME, size=12, bold=True)
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
PERCENT_FORMAT = "0.0%"
TABLE_COLUMNS = 3  # 项目, 人数, 占比
CHART_COLUMN = "E"
LAST_COLUMN = "K"
ROW_HEIGHT = 17.0  # every row of the survey sheet is this tall, so its pages can be counted
SURVEY_WIDTHS = {
    "A": 22,
    "B": 8,
    "C": 8,
    "D": 2,
    **{get_column_letter(i): 10 for i in range(5, 12)},
}
PAGE_HEIGHT_PT = 210 / 25.4 * 72 - 2 * 0.6 * 72  # A4 landscape inside the top and bottom margins


def _title_rows(ws: Worksheet, title: str, subtitle: str, last: str) -> None:
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = clean_cell_text(title)
    ws["A2"] = clean_cell_text(subtitle)
    for ref in ("A1", "A2"):
        if is_formula_like(ws[ref].value):
            ws[ref].data_type = "s"
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = TITLE_ALIGNMENT
    ws.row_dimensions[1].height = TITLE_HEIGHT
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = SUBTITLE_FONT
    ws["A2"].alignment = SUBTITLE_ALIGNMENT


def page_rows(ws: Worksheet, scale: float, repeated: float) -> float:
    """The height in pt of sheet rows one printed page holds (the title rows come on each)."""
    return PAGE_HEIGHT_PT / scale - repeated - 4  # a little slack for rounding


def keep_with_headings(
    ws: Worksheet, sections: Sequence[tuple[int, int]], first_row: int, scale: float
) -> list[int]:
    """Manual page breaks so that no section (heading row, last row) is split across pages;
    returns the rows after which a page breaks."""
    repeated = sum(ws.row_dimensions[r].height or ROW_HEIGHT for r in (1, 2))
    room = page_rows(ws, scale, repeated)
    breaks: list[int] = []
    used = 0.0
    row = first_row
    for start, end in sections:
        while row < start:  # spacing rows between sections
            used += ws.row_dimensions[row].height or ROW_HEIGHT
            row += 1
        height = sum(ws.row_dimensions[r].height or ROW_HEIGHT for r in range(start, end + 1))
        if used + height > room and used > 0:
            breaks.append(start - 1)
            ws.row_breaks.append(Break(id=start - 1))
            used = 0.0
        used += height
        row = end + 1
    return breaks


def _block(
    ws: Worksheet,
    row: int,
    heading: str,
    items: Sequence[tuple[str, int]],
    base: int,
    *,
    unit: str = "人数",
    total: bool = True,
) -> tuple[int, int, int]:
    """A section: heading, header, one row per item, total line. Returns (first, last, next)."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=TABLE_COLUMNS)
    cell = ws.cell(row=row, column=1, value=clean_cell_text(heading))
    cell.font = SECTION_FONT
    cell.fill = SECTION_FILL
    for col in range(1, TABLE_COLUMNS + 1):
        ws.cell(row=row, column=col).border = BORDER
    row += 1
    for col, text in enumerate(("项目", unit, "占比"), 1):
        head = ws.cell(row=row, column=col, value=text)
        head.font = HEADER_FONT
        head.fill = HEADER_FILL
        head.border = BORDER
        head.alignment = HEADER_ALIGNMENT
    row += 1
    first = row
    for label, count in items:
        write_cell(ws, row, 1, label, "text", BODY_FONT)
        write_cell(ws, row, 2, int(count), "int", BODY_FONT)
        write_cell(
            ws, row, 3, (count / base) if base and unit == "人数" else None, "int", BODY_FONT
        )
        ws.cell(row=row, column=3).number_format = PERCENT_FORMAT
        row += 1
    last = row - 1
    if total:
        count = sum(c for _, c in items)
        write_cell(ws, row, 1, "合计", "text", TOTAL_FONT)
        write_cell(ws, row, 2, count, "int", TOTAL_FONT)
        share = (count / base) if base and unit == "人数" else None
        write_cell(ws, row, 3, share, "int", TOTAL_FONT)
        ws.cell(row=row, column=3).number_format = PERCENT_FORMAT
        row += 1
    return first, last, row + 1


def _items(mapping: Mapping[str, int], extra: Sequence[tuple[str, int]] = ()) -> list:
    items = [(k, int(v)) for k, v in mapping.items()]
    items.extend((k, v) for k, v in extra if v)
    return items


def _survey_sheet(
    ws: Worksheet, stats: Mapping[str, Any], title: str, subtitle: str, sign_off: str
) -> None:
    _title_rows(ws, title, subtitle, LAST_COLUMN)
    total = int(stats.get("total", 0))
    row = 3
    write_cell(ws, row, 1, "在册离退休干部", "text", TOTAL_FONT)
    write_cell(ws, row, 2, total, "int", TOTAL_FONT)
    write_cell(ws, row, 3, "人", "text", TOTAL_FONT)
    row += 2
    sections: list[tuple[int, int]] = [(3, 3)]

    def block(*args: Any, **kwargs: Any) -> tuple[int, int, int]:
        start = args[0]
        first, last, after = _block(ws, *args, **kwargs)
        sections.append((start, after - 2))
        return first, last, after

    _, _, row = block(row, "一、离退休类别", _items(stats["by_kind"]), total)
    age_first, age_last, row = block(
        row,
        "二、年龄段",
        _items(stats["by_age_bracket"], [("年龄不详", int(stats.get("age_unknown", 0)))]),
        total,
    )
    self_care = dict(stats["by_self_care"])
    unknown = total - sum(self_care.values())
    _, _, row = block(row, "三、自理能力", _items(self_care, [("未填写", unknown)]), total)
    branches = stats["branches_by_kind"]
    party_items = [
        ("单建党支部", int(branches.get("单建", 0))),
        ("共建党支部", int(branches.get("共建", 0))),
    ]
    _, _, row = block(row, "四、离退休干部党支部（个）", party_items, total, unit="数量")
    members = [
        ("中共党员", int(stats.get("party_members", 0))),
        ("民主党派成员", int(stats.get("democratic_party_members", 0))),
    ]
    _, _, row = block(row, "五、党员和民主党派成员", members, total, total=False)
    _, _, row = block(row, "六、居住地", _items(stats["by_residence"]), total)
    tier_first, tier_last, row = block(
        row, "七、服务分类（分类研判）", _items(stats["by_service_tier"]), total
    )
    if sign_off:
        last_col = len(SURVEY_WIDTHS)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        cell = ws.cell(row=row, column=1, value=clean_cell_text(sign_off))
        cell.font = BODY_FONT
        cell.alignment = Alignment(vertical="center")
        ws.row_dimensions[row].height = 28
        sections.append((row, row))
        row += 1
    for letter, width in SURVEY_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    for r in range(3, row):
        if ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = ROW_HEIGHT

    bars = BarChart()
    bars.type = "col"
    bars.title = "年龄段分布"
    bars.y_axis.title = "人数"
    bars.legend = None
    bars.add_data(
        Reference(ws, min_col=2, min_row=age_first, max_row=age_last), titles_from_data=False
    )
    bars.set_categories(Reference(ws, min_col=1, min_row=age_first, max_row=age_last))
    # every flag spelled out: LibreOffice and WPS show what is left unset
    bars.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
    # openpyxl leaves <c:delete> unset, which Excel reads as a deleted (hidden) axis
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.height, bars.width = 5.8, 13  # both charts within the first page's rows
    ws.add_chart(bars, f"{CHART_COLUMN}3")

    pie = PieChart()
    pie.title = "服务分类"
    pie.add_data(
        Reference(ws, min_col=2, min_row=tier_first, max_row=tier_last), titles_from_data=False
    )
    pie.set_categories(Reference(ws, min_col=1, min_row=tier_first, max_row=tier_last))
    pie.dataLabels = DataLabelList(
        showPercent=True, showCatName=True, showVal=False, showSerName=False, showLegendKey=False
    )
    pie.height, pie.width = 5.8, 13
    ws.add_chart(pie, f"{CHART_COLUMN}14")

    ws.freeze_panes = "A3"
    widths = list(SURVEY_WIDTHS.values())
    setup_print(ws, header_row=2, widths=widths)
    ws.print_title_rows = "1:2"
    ws.print_area = f"A1:{LAST_COLUMN}{max(row, 28)}"
    scale = print_scale(ws, widths)
    keep_with_headings(ws, sections, 3, scale)


UNIT_COLUMNS = (
    Column("unit", "单位"),
    Column("total", "合计", "int"),
    Column("离休", "离休", "int"),
    Column("退休", "退休", "int"),
    Column("party_members", "中共党员", "int"),
)


def _units_sheet(ws: Worksheet, stats: Mapping[str, Any], title: str, subtitle: str) -> None:
    rows = list(stats["by_unit"])
    totals = {c.key: sum(int(r.get(c.key, 0)) for r in rows) for c in UNIT_COLUMNS[1:]}
    write_table(ws, title=title, subtitle=subtitle, columns=UNIT_COLUMNS, rows=rows, totals=totals)


BRANCH_COLUMNS = (  # widths that print on one A4 page width, long unit lists wrapped
    Column("branch", "党支部", width=34),
    Column("kind", "组建方式", width=10),
    Column("partner", "共建的在职支部", width=30),
    Column("secretary", "书记", width=9),
    Column("members", "党员人数", "int", width=10),
    Column("units", "覆盖单位", width=40),
)


def _branches_sheet(ws: Worksheet, stats: Mapping[str, Any], title: str, subtitle: str) -> None:
    """党组织: each branch with its kind, secretary, units and members; a total line, and the
    party members not in any branch under it."""
    rows = list(stats.get("by_branch", []))
    totals = {"members": sum(int(r.get("members", 0)) for r in rows)}
    count = write_table(
        ws, title=title, subtitle=subtitle, columns=BRANCH_COLUMNS, rows=rows, totals=totals
    )
    kinds = stats.get("branches_by_kind") or {}
    line = f"党支部 {len(rows)} 个，其中" + "、".join(f"{k} {v} 个" for k, v in kinds.items())
    line += f"；编入支部的党员 {stats.get('party_members_in_branches', 0)} 人"
    loose = int(stats.get("party_members_without_branch", 0) or 0)
    if loose:
        line += f"，未编入支部的党员 {loose} 人"
    cell = ws.cell(row=3 + count + 3, column=1, value=clean_cell_text(line + "。"))
    cell.font = SUBTITLE_FONT
    cell.data_type = "s"


AID_COLUMNS = (
    Column("category", "帮扶类别"),
    Column("cases", "案例数", "int"),
    Column("rejected", "其中驳回", "int"),
    Column("amount_requested", "申请金额（元）", "money"),
    Column("amount_approved", "审批金额（元）", "money"),
    Column("paid", "已发放（元）", "money"),
)


def _aid_sheet(ws: Worksheet, aid: Mapping[str, Any], title: str, subtitle: str) -> None:
    """特困帮扶 of the year by category, with the budget and the report sentence under it."""
    rows = list(aid.get("by_category", []))
    totals = {c.key: sum(r.get(c.key) or 0 for r in rows) for c in AID_COLUMNS[1:]}
    count = write_table(
        ws, title=title, subtitle=subtitle, columns=AID_COLUMNS, rows=rows, totals=totals
    )
    budget = aid.get("budget") or {}
    lines = []
    if budget.get("budget") is not None:
        lines.append(
            f"{aid.get('year')}年帮扶经费 {budget['budget']:,.2f} 元，已审批 {budget['approved']:,.2f} 元，"
            f"已发放 {budget['paid']:,.2f} 元，剩余 {budget['remaining']:,.2f} 元。"
        )
    if aid.get("paragraph"):
        lines.append(str(aid["paragraph"]))
    row = 3 + count + 3
    for text in lines:
        cell = ws.cell(row=row, column=1, value=clean_cell_text(text))
        cell.font = SUBTITLE_FONT
        cell.data_type = "s"
        row += 1


ACTIVITY_KIND_COLUMNS = (
    Column("kind", "活动类别"),
    Column("activities", "活动数", "int"),
    Column("sessions", "活动次数", "int"),
    Column("sign_ups", "报名人数", "int"),
    Column("attendance", "参加人次", "int"),
    Column("participants", "参加人数", "int"),
)
ACTIVITY_LIST_COLUMNS = (
    Column("name", "活动名称", width=22),
    Column("kind", "类别", width=13),
    Column("dates_text", "日期", width=27),
    Column("place", "地点", width=33),
    Column("capacity", "人数上限", "int"),
    Column("sign_ups", "报名", "int"),
    Column("waiting", "候补", "int"),
    Column("attendance", "参加人次", "int"),
)


def _short_dates(days: Sequence[Any]) -> str:
    """2026-10-10, or 2026-10-06—12-08 共10次 (a course's days in a column that prints)."""
    if not days:
        return ""
    if len(days) == 1:
        return days[0].isoformat()
    last = days[-1].isoformat()[5:] if days[-1].year == days[0].year else days[-1].isoformat()
    return f"{days[0].isoformat()}—{last} 共{len(days)}次"


def _activities_sheets(wb: Any, figures: Mapping[str, Any], title: str, subtitle: str) -> None:
    """活动统计 (per kind, with the total line and the service teams under it) and 活动明细
    (each activity of the year)."""
    ws = wb.create_sheet("活动统计")
    rows = list(figures.get("by_kind", []))
    total = dict(figures.get("total") or {})
    count = write_table(
        ws,
        title=f"{title}（{figures['year']}年活动）",
        subtitle=subtitle,
        columns=ACTIVITY_KIND_COLUMNS,
        rows=rows,
        totals={
            k: total.get(k)
            for k in ("activities", "sessions", "sign_ups", "attendance", "participants")
        },
    )
    lines = [
        "参加人次：各次活动到场人数之和；参加人数：全年到场过的人数（同一人只计一次，合计行亦然）。"
    ]
    if figures.get("teams_line"):
        lines.append(str(figures["teams_line"]))
    row = 3 + count + 3
    for text in lines:
        cell = ws.cell(row=row, column=1, value=clean_cell_text(text))
        cell.font = SUBTITLE_FONT
        cell.data_type = "s"
        row += 1
    listing = list(figures.get("activities", []))
    if listing:
        write_table(
            wb.create_sheet("活动明细"),
            title=f"{title}（{figures['year']}年活动明细）",
            subtitle=subtitle,
            columns=ACTIVITY_LIST_COLUMNS,
            rows=[
                {**r, "dates_text": _short_dates(r["dates"])}
                for r in sorted(listing, key=lambda r: (r["start_date"], r["id"]))
            ],
        )


def _paragraph_sheet(ws: Worksheet, paragraph: str, title: str, subtitle: str) -> None:
    _title_rows(ws, title, subtitle, "A")
    ws.column_dimensions["A"].width = 100
    cell = ws.cell(row=3, column=1, value=clean_cell_text(paragraph))
    cell.font = Font(name=FONT_NAME, size=12)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.data_type = "s"
    lines = text_lines(paragraph, 100 * 11 / 12)  # 12 pt text in a 100-character column
    ws.row_dimensions[3].height = lines * 18 + 6
    note = ws.cell(row=5, column=1, value="（选中上面的单元格复制，即可粘贴到年度调研报告中。）")
    note.font = SUBTITLE_FONT
    ws.freeze_panes = "A3"
    setup_print(ws, header_row=1)


def write_report_xlsx(
    path: Path, stats: Mapping[str, Any], *, title: str, subtitle: str, sign_off: str = ""
) -> list[str]:
    """Write the 统计报表 for ``stats`` (as made by services.stats.compute_stats) to ``path``.

    ``sign_off`` is the line under the tables (制表单位, 审核, 日期). Returns the sheet names.
    """
    wb = new_workbook()
    _survey_sheet(wb.create_sheet("统计表"), stats, title, subtitle, sign_off)
    _units_sheet(wb.create_sheet("各单位"), stats, f"{title}（各单位）", subtitle)
    if stats.get("by_branch"):
        _branches_sheet(wb.create_sheet("党组织"), stats, f"{title}（党组织）", subtitle)
    aid = stats.get("aid")
    if aid:
        _aid_sheet(
            wb.create_sheet("特困帮扶"), aid, f"{title}（{aid['year']}年特困帮扶）", subtitle
        )
    activities = stats.get("activities")
    if activities:
        _activities_sheets(wb, activities, title, subtitle)
    _paragraph_sheet(wb.create_sheet("调研段落"), str(stats.get("paragraph", "")), title, subtitle)
    save_atomically(wb, Path(path))
    return wb.sheetnames
