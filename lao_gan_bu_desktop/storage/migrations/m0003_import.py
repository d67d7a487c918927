"""Migration 3: import batches, the people each batch touched, and saved column mappings."""

from peewee import SqliteDatabase

VERSION = 3
NAME = "import_batches"

STATEMENTS = (
    'CREATE TABLE "import_batch" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"file_name" VARCHAR(255) NOT NULL, "file_hash" VARCHAR(255) NOT NULL, '
    '"unit_name" VARCHAR(255) NOT NULL, "sheet" VARCHAR(255) NOT NULL, '
    '"imported_at" DATETIME NOT NULL, "operator" VARCHAR(255) NOT NULL, '
    '"mapping" TEXT NOT NULL, "on_duplicate" VARCHAR(255) NOT NULL, '
    '"rows_read" INTEGER NOT NULL, "imported" INTEGER NOT NULL, "updated" INTEGER NOT NULL, '
    '"unchanged" INTEGER NOT NULL, "skipped" INTEGER NOT NULL, "invalid" INTEGER NOT NULL, '
    '"duplicates" INTEGER NOT NULL, "audit_id" INTEGER NOT NULL, "undone_at" DATETIME)',
    'CREATE INDEX "import_batch_file_hash" ON "import_batch" ("file_hash")',
    'CREATE INDEX "import_batch_imported_at" ON "import_batch" ("imported_at")',
    'CREATE TABLE "import_batch_person" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"batch_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "action" VARCHAR(255) NOT NULL, '
    '"row" INTEGER NOT NULL, "before" TEXT, "after" TEXT, '
    'FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "import_batch_person_batch_id" ON "import_batch_person" ("batch_id")',
    'CREATE INDEX "import_batch_person_person_id" ON "import_batch_person" ("person_id")',
    'CREATE TABLE "column_mapping" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"unit_name" VARCHAR(255) NOT NULL, "signature" VARCHAR(255) NOT NULL, '
    '"mapping" TEXT NOT NULL, "saved_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "column_mapping_unit_name_signature" '
    'ON "column_mapping" ("unit_name", "signature")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
