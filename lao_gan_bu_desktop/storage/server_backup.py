"""Backups of the PostgreSQL database with the server's own tools, pg_dump and pg_restore.

A backup is the same kind of folder as on SQLite (``backups/YYYYMMDD-HHMMSS_原因/`` in this
PC's data folder) holding ``lao_gan_bu.pgdump``, pg_dump's custom format of the whole database
(attachments included: on PostgreSQL they are rows of ``stored_file``). It is written under a
``.partial-`` name, checked by ``pg_restore --list`` (the dump can be read back), and then
renamed into place. A restore runs ``pg_restore --clean`` in one transaction: every PC sees
either the old data or the restored data, never half of it.

Where pg_dump is not installed on this PC, the program cannot back the server up itself: the
data then lives only on the server, whose own backups (the administrator's pg_dump schedule or
snapshots) protect it; the manual backup says so, the automatic ones before bulk changes are
skipped with a line in the log.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from .errors import BackupError

log = logging.getLogger(__name__)

DUMP_FILENAME = "lao_gan_bu.pgdump"
NO_TOOL_MESSAGE = (
    "这台电脑上没有安装 PostgreSQL 的备份工具 pg_dump，程序不能自己备份数据库服务器上的数据。\n"
    "数据保存在服务器上，由服务器自己的备份（管理员设置的 pg_dump 定时备份或服务器快照）保护；"
    "请向管理员确认服务器每天都有备份。要在这台电脑上也能备份，请安装 PostgreSQL 的客户端工具。"
)


class NoBackupToolError(BackupError):
    """pg_dump / pg_restore are not installed on this PC."""


def tool(name: str) -> str | None:
    """The path of PostgreSQL's program ``name`` (pg_dump, pg_restore), None when missing."""
    found = shutil.which(name)
    if found:
        return found
    patterns = [
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/opt/homebrew/opt/postgresql*/bin",
    ]
    if os.name == "nt":  # pragma: no cover - Windows only
        patterns = [r"C:\Program Files\PostgreSQL\*\bin"]
    candidates = sorted(
        (p for pattern in patterns for p in glob.glob(pattern)),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p)] or [0],
    )
    for folder in reversed(candidates):
        path = Path(folder) / (name + (".exe" if os.name == "nt" else ""))
        if path.exists():
            return str(path)
    return None


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


def dump(url: str, target: Path) -> None:
    """pg_dump of the database at ``url`` into the file ``target``, read back to be sure."""
    dump_tool = tool("pg_dump")
    if dump_tool is None:
        raise NoBackupToolError(NO_TOOL_MESSAGE)
    done = _run([dump_tool, "--format=custom", "--no-owner", "--file", str(target), url])
    if done.returncode != 0:
        log.warning("pg_dump 失败：%s", done.stderr.strip()[:2000])
        raise BackupError(
            "备份数据库服务器上的数据没有成功（pg_dump 报错，详见日志）。数据未改动；"
            "请检查与服务器的连接后重试。"
        )
    listed = _run([tool("pg_restore") or "pg_restore", "--list", str(target)])
    if listed.returncode != 0:
        raise BackupError("备份文件读不回来（pg_restore --list 报错），这次备份没有保留。")


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` by the pg_dump backup ``source`` (a folder or file)."""
    restore_tool = tool("pg_restore")
    if restore_tool is None:
        raise NoBackupToolError(NO_TOOL_MESSAGE.replace("pg_dump", "pg_restore", 1))
    source = Path(source)
    dump = source / DUMP_FILENAME if source.is_dir() else source
    if not dump.is_file():
        raise BackupError(
            f"没有找到数据库服务器的备份文件 {DUMP_FILENAME}：{source}\n"
            "使用数据库服务器时，只能恢复在服务器上做的备份。"
        )
    done = _run(
        [
            restore_tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            url,
            str(dump),
        ]
    )
    if done.returncode != 0:
        log.warning("pg_restore 失败：%s", done.stderr.strip()[:2000])
        raise BackupError("从备份恢复没有成功（pg_restore 报错，详见日志），服务器上的数据未改动。")
