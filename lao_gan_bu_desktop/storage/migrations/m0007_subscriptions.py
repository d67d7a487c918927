"""Migration 7: 一刊一报 — the publications (names are data) and each person's yearly choices.

No publication is created here: real data starts with none (the clerk adds 《老年春秋》, the
zone's gift paper and the newspapers to choose from); the demo zone adds its own.
"""

from peewee import SqliteDatabase

VERSION = 7
NAME = "subscriptions"

STATEMENTS = (
    'CREATE TABLE "publication" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(255) NOT NULL UNIQUE, "kind" VARCHAR(255) NOT NULL, '
    '"provision" VARCHAR(255) NOT NULL, "sort_order" INTEGER NOT NULL, '
    '"active" INTEGER NOT NULL, "notes" TEXT NOT NULL)',
    'CREATE TABLE "subscription" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "publication_id" INTEGER NOT NULL, '
    '"copies" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("publication_id") REFERENCES "publication" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "subscription_person_year_publication" '
    'ON "subscription" ("person_id", "year", "publication_id")',
    'CREATE INDEX "subscription_year_publication" ON "subscription" ("year", "publication_id")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
