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


def list_batches() -> list[BatchSummary]:
    """Every import batch, newest first."""
    return [
        BatchSummary(
            b.id,
            b.file_name,
            b.unit_name,
            b.imported_at,
            b.operator,
            b.imported,
            b.updated,
            b.invalid,
            b.undone_at,
        )
        for b in ImportBatch.select().order_by(ImportBatch.id.desc())
    ]


def previous_import(file_hash: str) -> BatchSummary | None:
    """The latest batch (not undone) that imported a file with the same content, if any."""
    for b in list_batches():
        if b.undone_at is None and ImportBatch.get_by_id(b.id).file_hash == file_hash:
            return b
    return None
