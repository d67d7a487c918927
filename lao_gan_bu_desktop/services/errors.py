"""The errors a person can cause below the services, as the window and the command line see them.

The storage layer raises them (their ``message`` is the Chinese text to show); ui and cli catch
them from here, never from storage. Importing this module does not load peewee (the window's
error handling is set up before its first paint); ``problem_message`` loads it when first called.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from ..storage.errors import (
    BackupError,
    DatabaseDamagedError,
    DatabaseLockedError,
    SchemaTooNewError,
    StorageError,
)

__all__ = [
    "BackupError",
    "ConflictError",
    "DatabaseDamagedError",
    "DatabaseLockedError",
    "FieldDifference",
    "SchemaTooNewError",
    "StorageError",
    "disk_full_message",
    "problem_message",
]


@dataclass(frozen=True)
class FieldDifference:
    """One field where the clerk's values and the stored ones differ, as texts to show."""

    key: str
    label: str
    mine: str
    stored: str


class ConflictError(StorageError):
    """The record was changed by someone else after the clerk loaded it; nothing was saved.

    ``operator`` and ``at`` say who changed it last and when (from the audit log; empty / None
    when unknown), ``differences`` the fields where the clerk's values and the stored ones
    differ, ``current_version`` the version now stored (saving against it overwrites on
    purpose), ``deleted`` that the record is gone altogether.
    """

    def __init__(
        self,
        message: str,
        *,
        table: str,
        record_id: int,
        record_name: str = "",
        operator: str = "",
        at: _dt.datetime | None = None,
        differences: tuple[FieldDifference, ...] = (),
        current_version: int | None = None,
        deleted: bool = False,
    ) -> None:
        super().__init__(message)
        self.table = table
        self.record_id = record_id
        self.record_name = record_name
        self.operator = operator
        self.at = at
        self.differences = differences
        self.current_version = current_version
        self.deleted = deleted


def problem_message(exc: BaseException) -> str | None:
    """The Chinese message when SQLite refused an operation for a reason the office can act on
    (locked, disk full, damaged, read-only …); None for any other error."""
    from ..storage.database import problem_message as storage_problem_message

    return storage_problem_message(exc)


def disk_full_message(folder: Path, needed: int | None = None) -> str:
    """磁盘空间不足: the Chinese message naming ``folder``, its free space and what is needed."""
    from ..storage.database import disk_full_message as storage_disk_full_message

    return storage_disk_full_message(folder, needed)
