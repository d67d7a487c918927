"""Migration 8: 情况通报 — notices, who each went to, how each was reached and confirmed."""

from peewee import SqliteDatabase

VERSION = 8
NAME = "notices"

STATEMENTS = (
    'CREATE TABLE "notice" ("id" INTEGER NOT NULL PRIMARY KEY, "title" VARCHAR(255) NOT NULL, '
    '"issued_on" DATE NOT NULL, "body" TEXT NOT NULL, "audience" VARCHAR(255) NOT NULL, '
    '"audience_value" VARCHAR(255) NOT NULL, "attachment_name" VARCHAR(255) NOT NULL, '
    '"attachment_path" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE INDEX "notice_issued_on" ON "notice" ("issued_on")',
    'CREATE TABLE "notice_recipient" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"notice_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    '"channel" VARCHAR(255) NOT NULL, "reached_on" DATE, "confirmed" INTEGER NOT NULL, '
    '"note" TEXT NOT NULL, '
    'FOREIGN KEY ("notice_id") REFERENCES "notice" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "notice_recipient_notice_person" '
    'ON "notice_recipient" ("notice_id", "person_id")',
    'CREATE INDEX "notice_recipient_person_id" ON "notice_recipient" ("person_id")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
