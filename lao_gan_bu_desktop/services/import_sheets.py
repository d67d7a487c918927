"""Importing every roster sheet of one workbook (the command line's ``import --all-sheets``).

A workbook with a sheet per 类别 ("离休", "退休", the same header on each) holds several rosters.
:func:`.importing.open_source` finds them (:func:`.importing.roster_sheets`); this module imports
each in the workbook's order with :func:`.import_apply.import_file`, as if the clerk had named it
with ``--sheet``: one batch per sheet (each undone on its own), the sheet's name giving the 类别
its rows lack, a large sheet streamed as ever. A sheet that fails does not stop the others; each
sheet's summary says how it went.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.errors import RuleError
from .import_apply import import_file
from .importing import find_roster_sheets, plan_summary


def import_all_sheets(
    path: Path,
    unit: str,
    data_dir: Path,
    *,
    on_duplicate: str = "update",
    dry_run: bool = False,
    include_hidden: bool = False,
) -> list[dict[str, Any]]:
    """One summary per roster sheet of ``path`` (the keys of :func:`.importing.plan_summary`,
    ``sheet`` naming it), in sheet order; a file with no roster to find gives one summary with
    ``ok`` false, ``sheet`` empty and the reason in ``error``. ``dry_run`` checks every sheet
    and writes nothing."""
    path = Path(path)
    try:
        sheets = find_roster_sheets(path)
    except RuleError as exc:
        return [plan_summary(None, file=path, error=exc.message)]
    summaries = []
    for sheet in sheets:
        summary = import_file(
            path,
            unit,
            data_dir,
            sheet=sheet,
            on_duplicate=on_duplicate,
            dry_run=dry_run,
            include_hidden=include_hidden,
        )
        if not summary["ok"] and not summary["sheet"]:
            summary["sheet"] = sheet  # so that a refused sheet is named all the same
        summaries.append(summary)
    return summaries


def sheet_failed(summary: dict[str, Any], *, dry_run: bool) -> bool:
    """Did this sheet's import fail: the sheet could not be read or checked, or (a real import)
    every row had errors, so that nothing of it was written?"""
    if not summary["ok"]:
        return True
    return not dry_run and summary["batch_id"] is None and bool(summary["invalid"])
