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


def file_problem_message(exc: OSError) -> str:
    """A file or folder operation the system refused, in words a clerk can act on: never the
    system's English ("Is a directory", "File name too long")."""
    import errno

    name = f"“{exc.filename}”" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        # A copy that fills the disk names its source first and the file it wrote second.
        written = exc.filename2 or exc.filename
        if written:
            return disk_full_message(Path(written).parent)
        return "磁盘空间不足。请清理这个磁盘（或换一个空间更大的磁盘）后重试。"
    if isinstance(exc, IsADirectoryError):
        return f"{name}是一个文件夹，不是文件。请在文件夹里选一个文件，或写上文件名。"
    if isinstance(exc, NotADirectoryError):
        return f"{name}的路径中有一段是文件而不是文件夹。请另选保存位置。"
    if exc.errno == errno.ENAMETOOLONG:
        return (
            "文件名或路径太长，系统无法保存。请换一个短一些的文件名，或选一个层级浅一些的文件夹。"
        )
    if exc.errno == errno.EROFS:
        return f"{name}所在的磁盘是只读的（如光盘、写保护的U盘），不能写入。请换一个位置。"
    if isinstance(exc, PermissionError):
        return (
            f"没有权限使用{name}，或它正被其他程序（如 Excel、WPS）打开。"
            "请关闭那个程序，或换一个位置后重试。"
        )
    if isinstance(exc, FileNotFoundError):
        return f"找不到{name or '文件或文件夹'}。请检查它是否已被移走或删除，再重新选择。"
    if isinstance(exc, FileExistsError):
        return f"{name}已经存在。请换一个名称。"
    where = f"：{name}" if name else ""
    return f"文件操作没有完成{where}（系统错误代码 {exc.errno}）。请换一个位置或文件名后重试。"
