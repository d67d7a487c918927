"""Migration 6: the zone's order of its units (``unit.sort_order``, empty = by pinyin), and the
household and payment details an aid application form needs: 家庭人口, 家庭月收入 (whole 分),
开户行 and 账号."""

from peewee import SqliteDatabase

VERSION = 6
NAME = "unit_order_aid_household"

STATEMENTS = (
    'ALTER TABLE "unit" ADD COLUMN "sort_order" INTEGER',
    'ALTER TABLE "aid_case" ADD COLUMN "household_size" INTEGER',
    'ALTER TABLE "aid_case" ADD COLUMN "household_income" INTEGER',
    'ALTER TABLE "aid_case" ADD COLUMN "bank" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "aid_case" ADD COLUMN "bank_account" VARCHAR(255) NOT NULL DEFAULT \'\'',
)


def up(database: SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
