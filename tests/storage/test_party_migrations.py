"""Migration 11 (党组织) upgrades a version-9 database with a branch and a member in it: the
branch gains an empty partner and no secretary, the new tables start empty, and deleting the
person empties the secretary's place and takes their transfers, attendance and 送学 with them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lao_gan_bu_desktop.storage.database import DB_FILENAME, make_database, open_database
from lao_gan_bu_desktop.storage.migrations import current_version, migrate_database


def test_version_nine_upgrades_to_the_party_tables(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    database = make_database(path)
    database.connect()
    assert migrate_database(database, target=9)[-1] == 9
    database.execute_sql(
        "INSERT INTO \"party_branch\" (id, name, kind, unit_id) VALUES (5, '第一党支部', '单建', NULL)"
    )
    database.execute_sql(
        'INSERT INTO "person" (id, name, gender, ethnicity, retirement_kind, position, rank_level, '
        "political_status, party_branch_id, residence_area, address, postcode, phone, landline, "
        "in_wechat_group, living_arrangement, health_status, self_care, bedridden, hardship, "
        "specialties, hobbies, needs, journal, newspaper, status, notes, search_key, created_at, "
        "updated_at, lunar_birthday) VALUES (3, '王五', '男', '汉族', '退休', '', '', '中共党员', 5, "
        "'本市', '', '', '', '', 0, '', '', '自理', 0, '无', '', '', '', '老年春秋', '', '在册', '', "
        "'wangwu ww', '2020-01-01 08:00:00', '2020-01-01 08:00:00', 0)"
    )
    database.close()
    database = open_database(path)
    assert current_version(database) >= 11
    from lao_gan_bu_desktop.storage.models import PartyBranch, Person
    from lao_gan_bu_desktop.storage.party_models import (
        PartyAttendance,
        PartyBranchUnit,
        PartyMeeting,
        PartyTransfer,
        StudyDelivery,
    )

    branch = PartyBranch.get_by_id(5)
    assert (branch.partner, branch.secretary_id, branch.notes) == ("", None, "")
    assert Person.get_by_id(3).party_branch_id == 5
    assert PartyBranchUnit.select().count() == 0 and PartyMeeting.select().count() == 0
    PartyBranch.update(secretary=3).where(PartyBranch.id == 5).execute()
    meeting = PartyMeeting.create(branch=5, held_on="2026-03-10", kind="主题党日", topic="学习")
    PartyAttendance.create(meeting=meeting, person=3, status="请假", reason="住院")
    PartyTransfer.create(person=3, direction="转出", transfer_date="2026-04-01", branch=5)
    StudyDelivery.create(person=3, delivered_on="2026-03-12", delivered_by="王丽", material="材料")
    database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute('DELETE FROM "person" WHERE id = 3')
    conn.commit()
    assert conn.execute('SELECT secretary_id FROM "party_branch" WHERE id = 5').fetchone() == (
        None,
    )
    for table in ("party_attendance", "party_transfer", "study_delivery"):
        assert conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone() == (0,), table
    assert conn.execute('SELECT COUNT(*) FROM "party_meeting"').fetchone() == (1,)
    conn.execute('DELETE FROM "party_branch" WHERE id = 5')
    conn.commit()
    assert conn.execute('SELECT COUNT(*) FROM "party_meeting"').fetchone() == (0,)
    conn.close()
