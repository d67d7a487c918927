"""The errors a person can cause below the services, as the window and the command line see them.

The storage layer raises them (their ``message`` is the Chinese text to show); ui and cli catch
them from here, never from storage. Importing this module does not load peewee (the window's
error handling is set up before its first paint); ``problem_message`` loads it when first called.
"""

from __future__ import annotations

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
    "DatabaseDamagedError",
    "DatabaseLockedError",
    "SchemaTooNewError",
    "StorageError",
    "disk_full_message",
    "problem_message",
]


def problem_message(exc: BaseException) -> str | None:
    """The Chinese message when SQLite refused an operation for a reason the office can act on
    (locked, disk full, damaged, read-only …); None for any other error."""
    from ..storage.database import problem_message as storage_problem_message

    return storage_problem_message(exc)


def disk_full_message(folder: Path, needed: int | None = None) -> str:
    """磁盘空间不足: the Chinese message naming ``folder``, its free space and what is needed."""
    from ..storage.database import disk_full_message as storage_disk_full_message

    return storage_disk_full_message(folder, needed)
