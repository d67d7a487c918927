"""The two visit workbooks, in the house style: 慰问名单 (with a 签收 column, and 经办人 / 审核
lines under it) and 走访台账 (a plan whose day has passed shows as 逾期).

Rows come in as plain dicts from services.visits; nothing here touches the database.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import HEADER_ROW, Column, new_workbook, write_sign_lines, write_table

CAMPAIGN_COLUMNS = (  # one page width at 9 pt or more, for the visit team to carry
    Column("no", "序号", "int", 6),
    Column("name", "姓名", "text", 10),
    Column("unit", "原工作单位", "text", 18),
    Column("address", "现住址", "text", 30),
    Column("phone", "联系电话", "phone", 13),
    Column("reason", "慰问事由", "text", 14),
    Column("gift", "慰问品/慰问金", "text", 14),
    Column("signature", "签收", "text", 10),
    Column("signed_on", "签收日期", "text", 10),
)

LEDGER_COLUMNS = (
    Column("no", "序号", "int", 6),
    Column("day", "日期", "date", 12),
    Column("persons", "走访对象", "text", 16),
    Column("kind", "类别", "text", 10),
    Column("status", "状态", "text", 8),
    Column("visitors", "走访人员", "text", 14),
    Column("gift", "慰问品", "text", 12),
    Column("amount", "慰问金（元）", "money", 12),
    Column("notes", "情况记录", "text", 30),
    Column("follow_up_on", "回访日期", "date", 12),
)


def write_campaign_list(
    path: Path,
    *,
    title: str,
    subtitle: str,
    rows: Iterable[Mapping[str, Any]],
    gift_text: str = "",
) -> int:
    """Write the 慰问名单 (one row per person, empty 签收 cells); returns the number of rows."""
    wb = new_workbook()
    ws = wb.create_sheet("慰问名单")
    numbered = [
        {**r, "no": i, "gift": gift_text, "signature": "", "signed_on": ""}
        for i, r in enumerate(rows, 1)
    ]
    count = write_table(ws, title=title, subtitle=subtitle, columns=CAMPAIGN_COLUMNS, rows=numbered)
    for r in range(4, 4 + count):  # room to sign by hand
        ws.row_dimensions[r].height = max(30, ws.row_dimensions[r].height or 0)
    write_sign_lines(ws, HEADER_ROW + count + 2, ("经办人", "审核", "日期"), len(CAMPAIGN_COLUMNS))
    save_workbook(wb, path)
    return count


def write_ledger(
    path: Path,
    *,
    title: str,
    subtitle: str,
    rows: Iterable[Mapping[str, Any]],
) -> int:
    """Write the 走访台账 with a total of the money; returns the number of rows."""
    wb = new_workbook()
    ws = wb.create_sheet("走访台账")
    numbered = []
    total = Decimal("0.00")
    for i, r in enumerate(rows, 1):
        amount = r.get("amount") or Decimal("0.00")
        total += amount
        numbered.append({**r, "no": i, "amount": amount if amount else None})
    count = write_table(
        ws,
        title=title,
        subtitle=subtitle,
        columns=LEDGER_COLUMNS,
        rows=numbered,
        totals={"amount": total, "persons": f"共 {len(numbered)} 次"},
    )
    save_workbook(wb, path)
    return count


def period_text(start: _dt.date, end: _dt.date) -> str:
    """2026年1月1日至2026年12月31日."""
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


HEALTH_COLUMNS = (
    Column("no", "序号", "int", 6),
    Column("name", "姓名", "text", 10),
    Column("unit", "原工作单位", "text"),
    Column("birth_date", "出生日期", "date", 12),
    Column("phone", "联系电话", "phone", 14),
    Column("note", "备注（体检安排）", "text", 30),
)


def write_health_missing(
    path: Path, *, title: str, subtitle: str, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Write the list of people without this year's health check; returns the number of rows."""
    wb = new_workbook()
    ws = wb.create_sheet("未体检人员")
    numbered = [{**r, "no": i, "note": ""} for i, r in enumerate(rows, 1)]
    count = write_table(ws, title=title, subtitle=subtitle, columns=HEALTH_COLUMNS, rows=numbered)
    save_workbook(wb, path)
    return count
