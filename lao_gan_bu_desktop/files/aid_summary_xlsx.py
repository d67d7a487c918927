"""《特殊困难离退休干部帮扶汇总表》: one year's aid cases as an xlsx in the house style.

Columns 序号, 姓名, 单位, 困难情况, 类别, 申请金额, 审批金额, 发放金额, 发放日期, 备注, a 合计 row whose
sums are exact Decimal 元, and the 制表人 / 审核人 / 单位盖章 line under it. No database here: the
service hands in plain rows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import HEADER_ROW, Column, new_workbook, write_sign_lines, write_table

SUMMARY_TITLE = "特殊困难离退休干部帮扶汇总表"

SUMMARY_COLUMNS = (
    Column("index", "序号", "int", 6),
    Column("name", "姓名", "text", 10),
    Column("unit", "单位", "text", 14),
    Column("reason", "困难情况", "text", 26),
    Column("category", "类别", "text", 12),
    Column("amount_requested", "申请金额", "money", 12),
    Column("amount_approved", "审批金额", "money", 12),
    Column("paid", "发放金额", "money", 12),
    Column("paid_on", "发放日期", "date", 12),
    Column("notes", "备注", "text", 16),
)


def summary_totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The 合计 row: exact sums of the requested and approved amounts."""

    def add(key: str) -> Decimal:
        result = Decimal("0.00")
        for row in rows:
            if row.get(key) is not None:
                result += row[key]
        return result

    return {
        "name": f"{len(rows)} 人次",
        "amount_requested": add("amount_requested"),
        "amount_approved": add("amount_approved"),
        "paid": add("paid"),
    }


def write_aid_summary(
    path: Path,
    rows: Sequence[Mapping[str, Any]],
    *,
    year: int,
    zone_name: str,
    day: _dt.date,
) -> None:
    """Write the summary of ``year`` to ``path`` (rows with the column keys above)."""
    wb = new_workbook()
    ws = wb.create_sheet(f"{year}年帮扶汇总")
    numbered = [{**row, "index": i} for i, row in enumerate(rows, 1)]
    count = write_table(
        ws,
        title=f"{zone_name}{year}年{SUMMARY_TITLE}",
        subtitle=f"填报日期：{day.isoformat()}　共 {len(rows)} 件（已驳回的申请不列入）　金额单位：元",
        columns=SUMMARY_COLUMNS,
        rows=numbered,
        totals=summary_totals(rows),
    )
    write_sign_lines(
        ws, HEADER_ROW + count + 3, ("制表人", "审核人", "单位盖章"), len(SUMMARY_COLUMNS)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, path)
