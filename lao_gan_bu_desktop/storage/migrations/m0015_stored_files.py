"""Migration 15: attachment files kept in the database (``stored_file``), so that every PC that
shares a PostgreSQL server can open them. Used only on PostgreSQL (storage.stored_files); on
SQLite the table stays empty and the files live in the data folder's ``attachments``."""

from peewee import SqliteDatabase

VERSION = 15
NAME = "stored_files"

STATEMENTS = (
    'CREATE TABLE "stored_file" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"path" VARCHAR(255) NOT NULL, "content" BLOB NOT NULL, "size" INTEGER NOT NULL, '
    '"stored_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "stored_file_path" ON "stored_file" ("path")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
