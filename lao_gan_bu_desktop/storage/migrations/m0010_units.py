"""Migration 10: 单位核对表 — for each unit and year, when its check list was sent and returned."""

from peewee import SqliteDatabase

VERSION = 10
NAME = "units"

STATEMENTS = (
    'CREATE TABLE "unit_check_list" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"unit_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "sent_on" DATE, "returned_on" DATE, '
    '"note" TEXT NOT NULL, '
    'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "unit_check_list_unit_year" ON "unit_check_list" ("unit_id", "year")',
    'CREATE INDEX "unit_check_list_year" ON "unit_check_list" ("year")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
