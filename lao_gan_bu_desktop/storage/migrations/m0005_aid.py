"""Migration 5: hardship aid (帮扶) — cases, their events, payments, attachments, yearly budgets.

Money is kept as whole 分 (INTEGER), so sums in SQL are exact; storage.aid_models turns it into
Decimal 元 with two places.
"""

from peewee import SqliteDatabase

VERSION = 5
NAME = "hardship_aid"

STATEMENTS = (
    # AUTOINCREMENT: a case id is never reused, so attachments/aid/<id>/ belongs to one case only
    'CREATE TABLE "aid_case" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"person_id" INTEGER NOT NULL, '
    '"year" INTEGER NOT NULL, "category" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, '
    '"amount_requested" INTEGER NOT NULL, "amount_approved" INTEGER, '
    '"status" VARCHAR(255) NOT NULL, "clerk" VARCHAR(255) NOT NULL, "next_step_due" DATE, '
    '"notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "aid_case_person_id" ON "aid_case" ("person_id")',
    'CREATE INDEX "aid_case_year" ON "aid_case" ("year")',
    'CREATE INDEX "aid_case_status" ON "aid_case" ("status")',
    'CREATE TABLE "aid_event" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"step" VARCHAR(255) NOT NULL, "on" DATE NOT NULL, "operator" VARCHAR(255) NOT NULL, '
    '"note" TEXT NOT NULL, "amount" INTEGER, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "aid_case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "aid_event_case_id" ON "aid_event" ("case_id")',
    'CREATE TABLE "aid_payment" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"paid_on" DATE NOT NULL, "amount" INTEGER NOT NULL, "method" VARCHAR(255) NOT NULL, '
    '"receipt_no" VARCHAR(255) NOT NULL, "operator" VARCHAR(255) NOT NULL, '
    '"created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "aid_case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "aid_payment_case_id" ON "aid_payment" ("case_id")',
    'CREATE TABLE "aid_attachment" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "filename" VARCHAR(255) NOT NULL, '
    '"stored_path" VARCHAR(255) NOT NULL, "added_at" DATETIME NOT NULL, '
    '"operator" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "aid_case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "aid_attachment_case_id" ON "aid_attachment" ("case_id")',
    'CREATE TABLE "aid_budget" ("year" INTEGER NOT NULL PRIMARY KEY, "amount" INTEGER NOT NULL, '
    '"notes" TEXT NOT NULL)',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
