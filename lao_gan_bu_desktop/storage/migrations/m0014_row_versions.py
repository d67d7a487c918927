"""Migration 14: a row version on the records clerks edit in place (person, aid case, visit).

Each save is made against the version the clerk loaded and adds one to it, so a second clerk's
save over a change they never saw is refused instead of silently overwriting it.
"""

from peewee import SqliteDatabase

VERSION = 14
NAME = "row_versions"

STATEMENTS = (
    'ALTER TABLE "person" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "aid_case" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "visit" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
