"""Migration 12: 活动与服务团队 — classes and activities with their session dates, sign-ups (and a
waiting list), attendance per session; service teams and their members (the leader is a member
with the role 队长)."""

from peewee import SqliteDatabase

VERSION = 12
NAME = "activities"

STATEMENTS = (
    'CREATE TABLE "activity" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, '
    '"kind" VARCHAR(255) NOT NULL, "topic" VARCHAR(255) NOT NULL, "start_date" DATE NOT NULL, '
    '"end_date" DATE NOT NULL, "place" VARCHAR(255) NOT NULL, '
    '"organiser" VARCHAR(255) NOT NULL, "capacity" INTEGER, "notes" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE INDEX "activity_start_date" ON "activity" ("start_date")',
    'CREATE TABLE "activity_session" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"activity_id" INTEGER NOT NULL, "held_on" DATE NOT NULL, '
    'FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "activity_session_activity_held_on" '
    'ON "activity_session" ("activity_id", "held_on")',
    'CREATE TABLE "activity_signup" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"activity_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "signed_on" DATE NOT NULL, '
    '"waiting" INTEGER NOT NULL, "note" TEXT NOT NULL, '
    'FOREIGN KEY ("activity_id") REFERENCES "activity" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "activity_signup_activity_person" '
    'ON "activity_signup" ("activity_id", "person_id")',
    'CREATE INDEX "activity_signup_person_id" ON "activity_signup" ("person_id")',
    'CREATE TABLE "activity_attendance" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"session_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("session_id") REFERENCES "activity_session" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "activity_attendance_session_person" '
    'ON "activity_attendance" ("session_id", "person_id")',
    'CREATE INDEX "activity_attendance_person_id" ON "activity_attendance" ("person_id")',
    'CREATE TABLE "service_team" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(255) NOT NULL UNIQUE, "interest" VARCHAR(255) NOT NULL, '
    '"area" VARCHAR(255) NOT NULL, "duties" TEXT NOT NULL, "notes" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE TABLE "team_member" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"team_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "role" VARCHAR(255) NOT NULL, '
    '"joined_on" DATE, '
    'FOREIGN KEY ("team_id") REFERENCES "service_team" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "team_member_team_person" ON "team_member" ("team_id", "person_id")',
    'CREATE INDEX "team_member_person_id" ON "team_member" ("person_id")',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
