"""The rows kept out of an import, with their reasons, as a workbook to send back to the unit.

One row per rejected spreadsheet row: its row number in the unit's file, the problems in words
that say what to fix, then the original cells under the original headers, in the house style of
:mod:`.xlsx_house`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import Column, new_workbook, write_table


def write_rejects(
    path: Path,
    *,
    file_name: str,
    unit: str,
    headers: Sequence[str],
    rows: Iterable[tuple[int, str, Sequence[Any]]],
    day: _dt.date,
) -> Path:
    """The rows kept out of an import, with their reasons, to send back to the unit.

    ``rows``: (spreadsheet row number, reasons in one text, original cells).
    """
    wb = new_workbook()
    ws = wb.create_sheet("未导入的行")
    shown = [h or f"第{i + 1}列" for i, h in enumerate(headers)]
    columns = [Column("row", "原表行号", "int", 10), Column("reason", "问题及修改方法", "text", 50)]
    columns += [Column(f"c{i}", h, "text") for i, h in enumerate(shown)]

    def lines() -> Iterable[list[Any]]:
        for number, reason, cells in rows:
            values = [
                (c.isoformat() if isinstance(c, _dt.date) else c) for c in list(cells)[: len(shown)]
            ]
            values = [None if v in ("", None) else str(v) for v in values]
            yield [number, reason, *values]

    write_table(
        ws,
        title=f"{unit}报送表格中未能导入的行" if unit else "未能导入的行",
        subtitle=f"原文件：{file_name}    检查日期：{day.isoformat()}    请按“问题及修改方法”修改后重新报送",
        columns=columns,
        rows=lines(),
    )
    save_workbook(wb, path)
    return Path(path)
