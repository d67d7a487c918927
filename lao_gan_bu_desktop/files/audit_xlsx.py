"""操作日志 as a workbook in the house style: one row per change, newest first as the viewer
showed them, with who, when, what and each field old → new.

Rows come in as plain dicts from services.audit; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import Column, new_workbook, write_table

AUDIT_COLUMNS = (  # one A4 page wide at 9 pt or more (xlsx_house.choose_print_scale)
    Column("no", "序号", "int", 5),
    Column("at", "时间", "text", 19),
    Column("operator", "操作员", "text", 9),
    Column("action", "操作", "text", 8),
    Column("table", "类别", "text", 10),
    Column("person", "人员", "text", 8),
    Column("summary", "内容", "text", 34),
    Column("changes", "改动（原 → 新）", "text", 36),
)


def write_audit_log(
    path: Path, *, title: str, subtitle: str, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Write the log rows to ``path`` (whole or not at all); returns the number of rows."""
    wb = new_workbook()
    ws = wb.create_sheet("操作日志")
    numbered = [{**r, "no": i} for i, r in enumerate(rows, 1)]
    count = write_table(ws, title=title, subtitle=subtitle, columns=AUDIT_COLUMNS, rows=numbered)
    save_workbook(wb, path)
    return count
