"""Migration 2: the audit log, and whether a person keeps a lunar birthday."""

from peewee import SqliteDatabase

VERSION = 2
NAME = "audit_log_and_lunar_birthday"

STATEMENTS = (
    'CREATE TABLE "audit_log" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
    '"operator" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, '
    '"table" VARCHAR(255) NOT NULL, "record_id" INTEGER, "summary" TEXT NOT NULL, '
    '"changes" TEXT NOT NULL)',
    'CREATE INDEX "audit_log_at" ON "audit_log" ("at")',
    'CREATE INDEX "audit_log_record_id" ON "audit_log" ("record_id")',
    'ALTER TABLE "person" ADD COLUMN "lunar_birthday" INTEGER NOT NULL DEFAULT 0',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
