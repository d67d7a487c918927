"""Migration 1: units, party branches, persons, contacts and settings (the first release)."""

from peewee import SqliteDatabase

VERSION = 1
NAME = "initial"

STATEMENTS = (
    'CREATE TABLE "unit" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
    '"leader" VARCHAR(255) NOT NULL, "contact" VARCHAR(255) NOT NULL, '
    '"phone" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "unit_name" ON "unit" ("name")',
    'CREATE TABLE "party_branch" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "unit_id" INTEGER, '
    'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "party_branch_name" ON "party_branch" ("name")',
    'CREATE INDEX "party_branch_unit_id" ON "party_branch" ("unit_id")',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
    '"gender" VARCHAR(255) NOT NULL, "ethnicity" VARCHAR(255) NOT NULL, '
    '"id_number" VARCHAR(255), "birth_date" DATE, "retirement_kind" VARCHAR(255) NOT NULL, '
    '"retirement_date" DATE, "work_start_date" DATE, "unit_id" INTEGER, '
    '"position" VARCHAR(255) NOT NULL, "rank_level" VARCHAR(255) NOT NULL, '
    '"political_status" VARCHAR(255) NOT NULL, "party_join_date" DATE, '
    '"party_branch_id" INTEGER, "residence_area" VARCHAR(255) NOT NULL, '
    '"address" VARCHAR(255) NOT NULL, "postcode" VARCHAR(255) NOT NULL, '
    '"phone" VARCHAR(255) NOT NULL, "landline" VARCHAR(255) NOT NULL, '
    '"in_wechat_group" INTEGER NOT NULL, "living_arrangement" VARCHAR(255) NOT NULL, '
    '"health_status" VARCHAR(255) NOT NULL, "self_care" VARCHAR(255) NOT NULL, '
    '"bedridden" INTEGER NOT NULL, "hardship" VARCHAR(255) NOT NULL, '
    '"specialties" TEXT NOT NULL, "hobbies" TEXT NOT NULL, "needs" TEXT NOT NULL, '
    '"journal" VARCHAR(255) NOT NULL, "newspaper" VARCHAR(255) NOT NULL, '
    '"status" VARCHAR(255) NOT NULL, "death_date" DATE, "notes" TEXT NOT NULL, '
    '"search_key" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
    '"updated_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE SET NULL, '
    'FOREIGN KEY ("party_branch_id") REFERENCES "party_branch" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "person_name" ON "person" ("name")',
    'CREATE UNIQUE INDEX "person_id_number" ON "person" ("id_number")',
    'CREATE INDEX "person_birth_date" ON "person" ("birth_date")',
    'CREATE INDEX "person_unit_id" ON "person" ("unit_id")',
    'CREATE INDEX "person_party_branch_id" ON "person" ("party_branch_id")',
    'CREATE INDEX "person_status" ON "person" ("status")',
    'CREATE INDEX "person_search_key" ON "person" ("search_key")',
    'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"name" VARCHAR(255) NOT NULL, "relation" VARCHAR(255) NOT NULL, '
    '"phone" VARCHAR(255) NOT NULL, "is_emergency" INTEGER NOT NULL, "notes" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "contact_person_id" ON "contact" ("person_id")',
    'CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
