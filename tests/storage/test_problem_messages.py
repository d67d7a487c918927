"""SQLite's refusals that the office can act on get a Chinese message; other errors do not."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from lao_gan_bu_desktop.storage.database import problem_message


@pytest.mark.sqlite_only("SQLite 的出错文字（服务器的见 tests/storage/test_postgres.py）")
@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "正被其他程序占用"),
        (peewee.OperationalError("database is locked"), "正被其他程序占用"),
        (sqlite3.OperationalError("database or disk is full"), "磁盘空间不足"),
        (sqlite3.DatabaseError("database disk image is malformed"), "数据文件已损坏"),
        (peewee.DatabaseError("file is not a database"), "恢复备份"),
        (sqlite3.OperationalError("disk I/O error"), "磁盘或网络故障"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
    ],
)
def test_refusals_a_person_can_act_on(ctx, error: Exception, words: str) -> None:
    message = problem_message(error)
    assert message is not None and words in message
    if "数据文件" in message and "磁盘空间" not in message:
        assert str(ctx.database_path) in message  # names the file


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("no such column: nickname"),  # a programming error
        peewee.IntegrityError("UNIQUE constraint failed: person.id_number"),
        ValueError("database is locked"),  # not from SQLite at all
    ],
)
def test_other_errors_get_no_such_message(error: Exception) -> None:
    assert problem_message(error) is None
