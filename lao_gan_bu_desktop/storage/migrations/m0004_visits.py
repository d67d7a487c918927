"""Migration 4: visits (走访记录) with their people, hospital stays and annual health checks,
and an index of birthdays by month-day (for the calendar's birthday counts).

``visit.amount`` holds the gift money in integer fen (分) so that sums are exact in SQL; the
model turns it into a Decimal of 元 with two places.
"""

from peewee import SqliteDatabase

VERSION = 4
NAME = "visits_hospital_stays_health_checks"

STATEMENTS = (
    'CREATE TABLE "visit" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, '
    '"status" VARCHAR(255) NOT NULL, "planned_on" DATE, "done_on" DATE, '
    '"visitors" VARCHAR(255) NOT NULL, "gift" VARCHAR(255) NOT NULL, '
    '"amount" INTEGER NOT NULL, "notes" TEXT NOT NULL, "follow_up_on" DATE, '
    '"occasion" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
    '"updated_at" DATETIME NOT NULL)',
    'CREATE INDEX "visit_planned_on" ON "visit" ("planned_on")',
    'CREATE INDEX "visit_done_on" ON "visit" ("done_on")',
    'CREATE INDEX "visit_status" ON "visit" ("status")',
    'CREATE INDEX "visit_occasion" ON "visit" ("occasion")',
    # The day a visit counts on (done, else planned): the calendar reads visits by it.
    'CREATE INDEX "visit_day" ON "visit" (COALESCE("done_on", "planned_on"), "status")',
    'CREATE TABLE "visit_person" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"visit_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("visit_id") REFERENCES "visit" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "visit_person_visit_id_person_id" ON "visit_person" '
    '("visit_id", "person_id")',
    'CREATE INDEX "visit_person_person_id" ON "visit_person" ("person_id")',
    'CREATE TABLE "hospital_stay" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "admitted_on" DATE NOT NULL, "discharged_on" DATE, '
    '"hospital" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "hospital_stay_person_id" ON "hospital_stay" ("person_id")',
    'CREATE INDEX "hospital_stay_admitted_on" ON "hospital_stay" ("admitted_on")',
    'CREATE TABLE "health_check" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "date" DATE NOT NULL, '
    '"hospital" VARCHAR(255) NOT NULL, "result" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "health_check_person_id_year" ON "health_check" ("person_id", "year")',
    'CREATE INDEX "health_check_year" ON "health_check" ("year")',
    # Birthdays of a calendar month are found by month-day without scanning every person.
    'CREATE INDEX "person_birth_month_day" ON "person" '
    '(substr("birth_date", 6, 5), "lunar_birthday", "status", "birth_date")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
