"""Numbered schema migrations, recorded in the ``schema_version`` table.

Each migration is a module ``mNNNN_name.py`` with ``VERSION``, ``NAME`` and ``up(database)``.
Add a new one to :data:`MIGRATIONS` in order; never edit one that has shipped. A database whose
recorded version is newer than the last one known here is refused, never "upgraded" backwards.
Each migration runs in its own transaction with foreign keys off, so a table rebuild cascades
nothing away; ``PRAGMA foreign_key_check`` must pass before it commits.

The same migrations build a PostgreSQL database: storage.postgres rewrites their SQLite column
types on the way (see ``translate_ddl``); there each migration is one transaction too (DDL is
transactional in PostgreSQL) and the server checks every foreign key as the rows are written,
so there is no separate check.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from peewee import SqliteDatabase

from ..errors import SchemaTooNewError, StorageError
from . import (
    m0001_initial,
    m0002_audit_lunar,
    m0003_import,
    m0004_visits,
    m0005_aid,
    m0006_unit_order_aid_household,
    m0007_subscriptions,
    m0008_notices,
    m0009_new_retirees,
    m0010_units,
    m0011_party,
    m0012_activities,
    m0013_operators,
    m0014_row_versions,
    m0015_stored_files,
)

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_initial,
    m0002_audit_lunar,
    m0003_import,
    m0004_visits,
    m0005_aid,
    m0006_unit_order_aid_household,
    m0007_subscriptions,
    m0008_notices,
    m0009_new_retirees,
    m0010_units,
    m0011_party,
    m0012_activities,
    m0013_operators,
    m0014_row_versions,
    m0015_stored_files,
)
LATEST_VERSION = MIGRATIONS[-1].VERSION

_VERSION_TABLE = (
    'CREATE TABLE IF NOT EXISTS "schema_version" ('
    '"version" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
    '"applied_at" DATETIME NOT NULL)'
)


def applied_versions(database: SqliteDatabase) -> set[int]:
    """The migrations recorded as applied."""
    database.execute_sql(_VERSION_TABLE)
    return {int(r[0]) for r in database.execute_sql('SELECT "version" FROM "schema_version"')}


def current_version(database: SqliteDatabase) -> int:
    """The highest applied migration, 0 for an empty database."""
    return max(applied_versions(database), default=0)


def migrate_database(
    database: SqliteDatabase,
    *,
    target: int | None = None,
    migrations: Sequence[ModuleType] = MIGRATIONS,
) -> list[int]:
    """Apply every migration not yet recorded (up to ``target``), in order; return those applied.

    A missing number below the highest recorded one is applied too (features developed in
    parallel may land out of order); a recorded number this program does not know is refused.
    """
    if getattr(database, "is_postgres", False):
        # Two PCs starting together: the second waits, then finds the work done.
        database.execute_sql("SELECT pg_advisory_lock(7319001)")
        try:
            return _migrate(database, target, migrations)
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(7319001)")
    return _migrate(database, target, migrations)


def _migrate(
    database: SqliteDatabase, target: int | None, migrations: Sequence[ModuleType]
) -> list[int]:
    latest = migrations[-1].VERSION
    applied_before = applied_versions(database)
    version = max(applied_before, default=0)
    if version > latest:
        raise SchemaTooNewError(
            f"这个数据文件由更新版本的老干部工作台写入（数据版本 {version}），"
            f"本程序只认识到版本 {latest}。请安装新版本后再打开；数据文件未作任何改动。"
        )
    postgres = bool(getattr(database, "is_postgres", False))
    if postgres:
        from ..postgres import create_compat_functions

        with database.atomic():
            create_compat_functions(database)
    applied: list[int] = []
    for migration in migrations:
        if migration.VERSION in applied_before or (
            target is not None and target < migration.VERSION
        ):
            continue
        if postgres:
            with database.atomic():
                migration.up(database)
                database.execute_sql(
                    'INSERT INTO "schema_version" ("version", "name", "applied_at") '
                    "VALUES (?, ?, LOCALTIMESTAMP(0))",
                    (migration.VERSION, migration.NAME),
                )
            applied.append(migration.VERSION)
            continue
        database.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with database.atomic():
                migration.up(database)
                problems = database.execute_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        f"升级数据文件到版本 {migration.VERSION} 时发现 {len(problems)} 处关联错误，"
                        "已撤销本次升级，数据未改动。"
                    )
                database.execute_sql(
                    'INSERT INTO "schema_version" ("version", "name", "applied_at") '
                    "VALUES (?, ?, datetime('now', 'localtime'))",
                    (migration.VERSION, migration.NAME),
                )
        finally:
            database.execute_sql("PRAGMA foreign_keys = ON")
        applied.append(migration.VERSION)
    return applied
