"""The 一刊一报 order list (订阅清单): a 汇总 sheet with the copies of each publication, then one
sheet per publication with everyone on it and the delivery address, in the house style."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .atomic_write import save_workbook
from .xlsx_house import Column, new_workbook, write_table

SUMMARY_COLUMNS = (
    Column("index", "序号", "int", 6),
    Column("name", "刊物名称"),
    Column("kind", "类别"),
    Column("provision", "订阅方式"),
    Column("persons", "人数", "int"),
    Column("copies", "份数", "int"),
)

ORDER_COLUMNS = (
    Column("index", "序号", "int", 6),
    Column("name", "姓名"),
    Column("unit", "原单位"),
    Column("address", "投递地址"),
    Column("postcode", "邮政编码", "id"),
    Column("phone", "联系电话", "phone"),
    Column("copies", "份数", "int"),
)

_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(name: str, used: set[str]) -> str:
    """A worksheet name for a publication: Excel's forbidden characters replaced, ≤ 31 long,
    unique in the workbook."""
    base = name.translate(_BAD_SHEET_CHARS)[:28] or "刊物"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}({n})", n + 1
    used.add(title)
    return title


def write_order_list(
    path: Path,
    year: int,
    publications: Sequence[Mapping[str, Any]],
    rows_by_publication: Mapping[int, Sequence[Mapping[str, Any]]],
    *,
    zone_name: str,
    day: _dt.date,
) -> None:
    """Write the order list of ``year``: ``publications`` are dicts with id, name, kind,
    provision; ``rows_by_publication`` maps a publication id to its subscribers' rows."""
    wb = new_workbook()
    summary = []
    for i, pub in enumerate(publications, 1):
        rows = rows_by_publication.get(pub["id"], ())
        summary.append(
            {
                **pub,
                "index": i,
                "persons": len(rows),
                "copies": sum(int(r["copies"]) for r in rows),
            }
        )
    write_table(
        wb.create_sheet("汇总"),
        title=f"{zone_name}{year}年一刊一报订阅汇总",
        subtitle=f"制表日期：{day.isoformat()}　共 {len(publications)} 种刊物",
        columns=SUMMARY_COLUMNS,
        rows=summary,
        totals={
            "persons": sum(s["persons"] for s in summary),
            "copies": sum(s["copies"] for s in summary),
        },
    )
    used = {"汇总"}
    for pub in publications:
        rows = rows_by_publication.get(pub["id"], ())
        numbered = [{**r, "index": i} for i, r in enumerate(rows, 1)]
        write_table(
            wb.create_sheet(sheet_title(pub["name"], used)),
            title=f"{year}年《{pub['name']}》订阅清单",
            subtitle=(
                f"{zone_name}　{pub['kind']}　{pub['provision']}　制表日期：{day.isoformat()}"
                f"　共 {len(rows)} 人"
            ),
            columns=ORDER_COLUMNS,
            rows=numbered,
            totals={"copies": sum(int(r["copies"]) for r in rows)},
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, path)
