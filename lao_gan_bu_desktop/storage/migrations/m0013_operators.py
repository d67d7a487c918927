"""Migration 13: 操作员 — the clerks who use the program, each with an optional password hash."""

from peewee import SqliteDatabase

VERSION = 13
NAME = "operators"

STATEMENTS = (
    'CREATE TABLE "operator" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(255) NOT NULL, "password_hash" TEXT NOT NULL, '
    '"sort_order" INTEGER NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "operator_name" ON "operator" ("name")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
