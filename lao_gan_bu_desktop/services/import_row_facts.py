"""What the import does with the rows a unit hid in Excel and with formula cells saved without a
result (:mod:`..files.row_facts`), the same in the wizard and in both command-line paths.

* A hidden row is held back, as a refused row with the reason, unless the clerk asks for
  hidden rows too (the wizard's check box, ``--include-hidden``): units hide the people who
  have died or moved away, and a filter left on hides whole groups; either way the clerk
  decides, seeing which rows they are.
* A formula cell in a mapped column, saved without its result (a file made by a program and
  never opened in Excel), reads as empty: the row gets a warning naming the column, so that a
  "missing" birth date or name is explained.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..files.row_facts import RowFacts
from .import_rows import Column, Issue, PlannedRow

HIDDEN_REASON = (
    "该行在原表中被{how}，未导入。如确需导入，请在检查页勾选“也导入隐藏的行”"
    "（命令行加 --include-hidden），或让单位取消隐藏后重新发送。"
)
FORMULA_REASON = (
    "这一格是公式，文件里没有保存它的计算结果，读到的是空值。"
    "请在 Excel 中打开该文件、保存后重新导入。"
)


def hidden_reason(facts: RowFacts) -> str:
    return HIDDEN_REASON.format(how="隐藏或被筛选掉" if facts.filtered else "隐藏")


def hold_back_hidden(
    rows: Iterable[tuple[int, Sequence[Any]]],
    facts: RowFacts,
    columns: Sequence[Column],
    held: list[PlannedRow],
) -> Iterator[tuple[int, Sequence[Any]]]:
    """``rows`` without the hidden ones, which are appended to ``held`` as refused rows (their
    cells kept, for the list of rows not imported; the name as written, to show whose)."""
    hidden = facts.hidden_rows
    if not hidden:
        yield from rows
        return
    reason = hidden_reason(facts)
    at = next((c.index for c in columns if c.key == "name"), None)
    for number, cells in rows:
        if number in hidden:
            name = cells[at] if at is not None and at < len(cells) else None
            values = {"name": " ".join(str(name).split())} if name not in (None, "") else {}
            issue = Issue(number, "", reason)
            held.append(PlannedRow(number, values, "invalid", [issue], raw=list(cells)))
        else:
            yield number, cells


def in_row_order(planned: list[PlannedRow], held: list[PlannedRow]) -> list[PlannedRow]:
    """The checked rows and the held-back ones together, by row number."""
    if not held:
        return planned
    return list(heapq.merge(planned, held, key=lambda r: r.row))


def note_formula_cells(
    planned: Iterable[PlannedRow], facts: RowFacts, columns: Sequence[Column]
) -> None:
    """A warning on each row for each mapped column whose cell is a formula without a result."""
    cells = facts.formula_cells
    if not cells:
        return
    headers = {c.index: c.header for c in columns}
    for row in planned:
        for index in cells.get(row.row, ()):
            if index in headers:
                # on a refused row among its errors: the formula may be why it is refused
                issues = row.errors if row.action == "invalid" else row.warnings
                issues.append(Issue(row.row, headers[index], FORMULA_REASON))
