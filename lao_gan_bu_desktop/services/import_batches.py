"""The list of import batches (导入记录): light enough to load when the window opens.

The import itself lives in :mod:`.importing`, which needs the spreadsheet readers; the window
only needs this list until the clerk starts an import.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..storage.import_models import ImportBatch


@dataclass
class BatchSummary:
    """One import batch as the 导入记录 list shows it."""

    id: int
    file_name: str
    unit: str
    imported_at: _dt.datetime
    operator: str
    imported: int
    updated: int
    invalid: int
    undone_at: _dt.datetime | None
    # The sheet, when batches imported more than one sheet of this file (a sheet per 类别):
    # the list tells them apart; "" otherwise (a file's only sheet is not worth naming).
    sheet: str = ""


def _summary(b: ImportBatch, sheet: str = "") -> BatchSummary:
    return BatchSummary(
        b.id,
        b.file_name,
        b.unit_name,
        b.imported_at,
        b.operator,
        b.imported,
        b.updated,
        b.invalid,
        b.undone_at,
        sheet,
    )


def list_batches() -> list[BatchSummary]:
    """Every import batch, newest first."""
    batches = list(ImportBatch.select().order_by(ImportBatch.id.desc()))
    sheets: dict[str, set[str]] = {}
    for b in batches:
        sheets.setdefault(b.file_hash, set()).add(b.sheet)
    return [_summary(b, b.sheet if len(sheets[b.file_hash]) > 1 else "") for b in batches]


def previous_import(file_hash: str, sheet: str | None = None) -> BatchSummary | None:
    """The latest batch (not undone) that imported a file with the same content, if any; with
    ``sheet``, only one that imported that sheet of it (the other sheets of a workbook with a
    sheet per 类别 are imports of their own, not repeats)."""
    query = ImportBatch.select().where(
        (ImportBatch.file_hash == file_hash) & ImportBatch.undone_at.is_null()
    )
    if sheet is not None:
        query = query.where(ImportBatch.sheet == sheet)
    found = query.order_by(ImportBatch.id.desc()).first()
    return _summary(found) if found is not None else None


def imported_sheets(file_hash: str) -> set[str]:
    """The sheets of the file with this content that a batch (not undone) has imported."""
    query = ImportBatch.select(ImportBatch.sheet).where(
        (ImportBatch.file_hash == file_hash) & ImportBatch.undone_at.is_null()
    )
    return {b.sheet for b in query}
