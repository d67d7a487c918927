"""Migration 11: 党组织 — a branch's partner (共建), secretary and the units it covers;
组织关系转接 (transfers in and out); 组织生活 meetings with each member's attendance; 送学上门."""

from peewee import SqliteDatabase

VERSION = 11
NAME = "party"

STATEMENTS = (
    'ALTER TABLE "party_branch" ADD COLUMN "partner" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "party_branch" ADD COLUMN "secretary_id" INTEGER '
    'REFERENCES "person" ("id") ON DELETE SET NULL',
    'ALTER TABLE "party_branch" ADD COLUMN "notes" TEXT NOT NULL DEFAULT \'\'',
    'CREATE TABLE "party_branch_unit" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"branch_id" INTEGER NOT NULL, "unit_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("branch_id") REFERENCES "party_branch" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "party_branch_unit_branch_unit" '
    'ON "party_branch_unit" ("branch_id", "unit_id")',
    'CREATE INDEX "party_branch_unit_unit_id" ON "party_branch_unit" ("unit_id")',
    'CREATE TABLE "party_transfer" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "direction" VARCHAR(255) NOT NULL, '
    '"transfer_date" DATE NOT NULL, "from_org" VARCHAR(255) NOT NULL, '
    '"to_org" VARCHAR(255) NOT NULL, "letter_number" VARCHAR(255) NOT NULL, '
    '"status" VARCHAR(255) NOT NULL, "branch_id" INTEGER, "completed_on" DATE, '
    '"note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("branch_id") REFERENCES "party_branch" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "party_transfer_person_id" ON "party_transfer" ("person_id")',
    'CREATE INDEX "party_transfer_status" ON "party_transfer" ("status")',
    'CREATE INDEX "party_transfer_branch_id" ON "party_transfer" ("branch_id")',
    'CREATE TABLE "party_meeting" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"branch_id" INTEGER NOT NULL, "held_on" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL, '
    '"topic" VARCHAR(255) NOT NULL, "place" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("branch_id") REFERENCES "party_branch" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "party_meeting_branch_held_on" ON "party_meeting" ("branch_id", "held_on")',
    'CREATE TABLE "party_attendance" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"meeting_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    '"status" VARCHAR(255) NOT NULL, "reason" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("meeting_id") REFERENCES "party_meeting" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "party_attendance_meeting_person" '
    'ON "party_attendance" ("meeting_id", "person_id")',
    'CREATE INDEX "party_attendance_person_id" ON "party_attendance" ("person_id")',
    'CREATE TABLE "study_delivery" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "delivered_on" DATE NOT NULL, '
    '"delivered_by" VARCHAR(255) NOT NULL, "material" VARCHAR(255) NOT NULL, '
    '"meeting_id" INTEGER, "note" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("meeting_id") REFERENCES "party_meeting" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "study_delivery_person_id" ON "study_delivery" ("person_id")',
    'CREATE INDEX "study_delivery_meeting_id" ON "study_delivery" ("meeting_id")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
