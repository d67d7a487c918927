"""Copy a SQLite data file, every table and row, into an empty PostgreSQL database.

The SQLite file is never written: it is copied to a temporary file first (which is brought up
to this program's version by the migrations if it is older), and that copy is read. The server
gets the schema from the same numbered migrations, then each table's rows by COPY, parents
before children (foreign keys hold at every step), all in one transaction: a copy that fails
leaves the server's database as empty as it was. The id sequences are moved past the copied
ids, and the rows of every table are counted on both sides.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import psycopg
from peewee import SqliteDatabase

from ..core import clock
from .backup import copy_database
from .database import DB_FILENAME
from .errors import StorageError
from .migrations import migrate_database
from .postgres import make_database, reset_sequences, safe_url

log = logging.getLogger(__name__)

NOT_EMPTY_MESSAGE = (
    "目标数据库不是空的（已有 {count} 张表，例如 {example}），为免覆盖别人的数据，没有复制。\n"
    "请让管理员新建一个空的数据库（例如 createdb laoganbu），再把地址指向它后重试。"
)


def _copy_attachment_files(target, data_dir: Path) -> int:
    """Every file under the folder's ``attachments`` into ``stored_file`` (storage.stored_files),
    so that every PC can open them; returns how many."""
    from .backup import ATTACHMENTS_DIRNAME

    root = data_dir / ATTACHMENTS_DIRNAME
    if not root.is_dir():
        return 0
    count = 0
    with (
        target.connection().cursor() as cursor,
        cursor.copy(
            'COPY "stored_file" ("path", "content", "size", "stored_at") FROM STDIN'
        ) as copy,
    ):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            content = path.read_bytes()
            relative = path.relative_to(data_dir).as_posix()
            copy.write_row((relative, content, len(content), clock.now()))
            count += 1
    return count


def _sqlite_tables(source: SqliteDatabase) -> list[str]:
    return [
        r[0]
        for r in source.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('schema_version', 'stored_file') ORDER BY name"
        )
    ]


def _parents_first(
    source: SqliteDatabase, tables: list[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """``tables`` ordered so that every table comes after the tables it refers to, and the
    columns to fill in afterwards ({table: [column]}): where references go round in a circle
    (a person's 党支部, a 党支部's secretary) one table's nullable reference columns are copied
    empty and set once every table is there."""
    links: dict[str, dict[str, list[str]]] = {}
    for t in tables:
        links[t] = {}
        for row in source.execute_sql(f'PRAGMA foreign_key_list("{t}")'):
            if row[2] != t:
                links[t].setdefault(row[2], []).append(row[3])
    nullable = {
        t: {row[1] for row in source.execute_sql(f'PRAGMA table_info("{t}")') if not row[3]}
        for t in tables
    }
    ordered: list[str] = []
    later: dict[str, list[str]] = {}
    while links:
        done = set(ordered)
        ready = sorted(t for t, parents in links.items() if not set(parents) - done)
        if not ready:  # a circle: break it at a table whose missing references may be empty
            for t in sorted(links):
                missing = [c for p, cols in links[t].items() if p not in done for c in cols]
                if all(c in nullable[t] for c in missing):
                    later[t] = missing
                    ready = [t]
                    break
            else:
                ready = sorted(links)  # nothing nullable: the server will say which row
        for t in ready:
            ordered.append(t)
            del links[t]
    return ordered, later


def _columns(source: SqliteDatabase, table: str) -> list[str]:
    return [row[1] for row in source.execute_sql(f'PRAGMA table_info("{table}")')]


def copy_to_server(
    data_dir: Path, url: str, progress: Callable[[str], None] | None = None
) -> list[tuple[str, int, int]]:
    """Copy the data file of ``data_dir`` into the empty database at ``url``; returns
    (table, rows in SQLite, rows on the server) for every table. StorageError (Chinese) when
    the target is not empty or a table's counts differ (then nothing is kept)."""
    say = progress or (lambda _text: None)
    live = Path(data_dir) / DB_FILENAME
    if not live.exists():
        raise StorageError(
            f"数据文件夹中没有数据文件：{live}\n请用 --data-dir 指定要复制的数据文件夹。"
        )
    target = make_database(url)
    try:
        target.connect()
    except Exception as exc:
        raise StorageError(
            f"连接不上数据库服务器：{safe_url(url)}\n请检查地址、用户名、密码，以及服务器是否开着。"
        ) from exc
    try:
        existing = target.get_tables()
        if existing:
            raise StorageError(
                NOT_EMPTY_MESSAGE.format(count=len(existing), example="、".join(existing[:3]))
            )
        with tempfile.TemporaryDirectory(prefix="lgb-copy-") as scratch:
            copy = Path(scratch) / DB_FILENAME
            copy_database(live, copy)
            source = SqliteDatabase(str(copy), pragmas={"foreign_keys": 1})
            source.connect()
            try:
                migrate_database(source)  # an older data file is read as this version's
                return _copy(source, target, say, Path(data_dir))
            finally:
                source.close()
    finally:
        target.close()


def _copy(
    source: SqliteDatabase, target, say: Callable[[str], None], data_dir: Path
) -> list[tuple[str, int, int]]:
    tables, later = _parents_first(source, _sqlite_tables(source))
    results: list[tuple[str, int, int]] = []
    with target.atomic():
        migrate_database(target)
        raw = target.connection()
        for table in tables:
            columns = _columns(source, table)
            names = ", ".join(f'"{c}"' for c in columns)
            empty = [columns.index(c) for c in later.get(table, [])]
            count = 0
            try:
                with (
                    raw.cursor() as cursor,
                    cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
                ):
                    for row in source.execute_sql(f'SELECT {names} FROM "{table}"'):
                        if empty:
                            row = [None if i in empty else v for i, v in enumerate(row)]
                        copy.write_row(row)
                        count += 1
            except psycopg.Error as exc:
                log.warning("复制表 %s 失败：%s", table, exc)
                raise StorageError(
                    f"复制表 {table} 时服务器拒绝了第 {count + 1} 行左右的数据"
                    f"（{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}）。\n"
                    "已全部撤销，服务器上的数据库仍是空的。请在本机改正这一行后重试。"
                ) from exc
            say(f"  {table}：{count} 行")
        for table, columns in later.items():  # the references left empty to break a circle
            for column in columns:
                values = source.execute_sql(
                    f'SELECT "{column}", "id" FROM "{table}" WHERE "{column}" IS NOT NULL'
                ).fetchall()
                with raw.cursor() as cursor:
                    cursor.executemany(
                        f'UPDATE "{table}" SET "{column}" = %s WHERE "id" = %s', values
                    )
        files = _copy_attachment_files(target, data_dir)
        say(f"  附件文件：{files} 个")
        reset_sequences(target, tables)
        for table in tables:
            here = source.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            there = target.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            results.append((table, int(here), int(there)))
        stored = target.execute_sql('SELECT count(*) FROM "stored_file"').fetchone()[0]
        results.append(("附件文件", files, int(stored)))
        wrong = [r for r in results if r[1] != r[2]]
        if wrong:
            raise StorageError(
                "复制后的行数对不上（"
                + "；".join(f"{t}：本机 {a}，服务器 {b}" for t, a, b in wrong)
                + "），已全部撤销，服务器上的数据库仍是空的。"
            )
    return results
