"""Migration 9: 离退休办理 — the checklist a newly retired person goes through, with dates."""

from peewee import SqliteDatabase

VERSION = 9
NAME = "new_retirees"

STATEMENTS = (
    'CREATE TABLE "retiree_step" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "step" VARCHAR(255) NOT NULL, "done_on" DATE, '
    '"note" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "retiree_step_person_step" ON "retiree_step" ("person_id", "step")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
