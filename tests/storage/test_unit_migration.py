"""Migration 10 (单位核对表) upgrades a version-9 database with a unit in it: the unit keeps its
deputy, clerk and phone, its check lists start empty, and a unit's check lists go with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.storage.database import DB_FILENAME, make_database, open_database
from lao_gan_bu_desktop.storage.migrations import current_version, migrate_database


def test_version_nine_upgrades_to_unit_check_lists(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    database = make_database(path)
    database.connect()
    assert migrate_database(database, target=9) == list(range(1, 10))
    database.execute_sql(
        'INSERT INTO "unit" (id, name, leader, contact, phone, notes, sort_order) '
        "VALUES (4, '科技局', '胡光明', '朱琳', '0371-67881234', '', 2)"
    )
    database.close()
    database = open_database(path)
    assert current_version(database) >= 10
    from lao_gan_bu_desktop.storage.models import Unit
    from lao_gan_bu_desktop.storage.unit_models import UnitCheckList

    unit = Unit.get_by_id(4)
    assert (unit.leader, unit.contact, unit.phone, unit.sort_order) == (
        "胡光明",
        "朱琳",
        "0371-67881234",
        2,
    )
    assert UnitCheckList.select().count() == 0
    UnitCheckList.create(unit=4, year=2026, sent_on="2026-10-08")
    database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):  # one list per unit and year
        conn.execute("INSERT INTO \"unit_check_list\" (unit_id, year, note) VALUES (4, 2026, '')")
    conn.execute('DELETE FROM "unit" WHERE id = 4')
    conn.commit()
    assert conn.execute('SELECT COUNT(*) FROM "unit_check_list"').fetchone() == (0,)
    conn.close()
