"""Migrations 7–9 (一刊一报, 情况通报, 离退休办理) upgrade a version-5 database with people in it:
the people stay, the new tables start empty (no publication is invented) and cascade with a
deleted person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lao_gan_bu_desktop.storage.database import DB_FILENAME, make_database, open_database
from lao_gan_bu_desktop.storage.migrations import current_version, migrate_database


def test_version_five_upgrades_to_the_office_tables(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    database = make_database(path)
    database.connect()
    assert migrate_database(database, target=5) == [1, 2, 3, 4, 5]
    database.execute_sql(
        'INSERT INTO "person" (id, name, gender, ethnicity, retirement_kind, position, rank_level, '
        "political_status, residence_area, address, postcode, phone, landline, in_wechat_group, "
        "living_arrangement, health_status, self_care, bedridden, hardship, specialties, hobbies, "
        "needs, journal, newspaper, status, notes, search_key, created_at, updated_at, "
        "lunar_birthday) VALUES (3, '王五', '男', '汉族', '退休', '', '', '群众', '本市', '', '', "
        "'', '', 0, '', '', '自理', 0, '无', '', '', '', '老年春秋', '大河报', '在册', '', "
        "'wangwu ww', '2020-01-01 08:00:00', '2020-01-01 08:00:00', 0)"
    )
    database.close()
    database = open_database(path)
    assert current_version(database) >= 9
    from lao_gan_bu_desktop.storage.models import Person
    from lao_gan_bu_desktop.storage.office_models import (
        Notice,
        NoticeRecipient,
        Publication,
        RetireeStep,
        Subscription,
    )

    assert Person.get_by_id(3).newspaper == "大河报"
    assert Publication.select().count() == 0
    pub = Publication.create(name="老年春秋", kind="刊物", provision="统一订阅")
    Subscription.create(person=3, year=2026, publication=pub)
    notice = Notice.create(title="通报", issued_on="2026-01-05")
    NoticeRecipient.create(notice=notice, person=3, channel="电话")
    RetireeStep.create(person=3, step="建档")
    database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute('DELETE FROM "person" WHERE id = 3')
    conn.commit()
    for table in ("subscription", "notice_recipient", "retiree_step"):
        assert conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone() == (0,), table
    assert conn.execute('SELECT COUNT(*) FROM "notice"').fetchone() == (1,)
    conn.close()


def test_version_nine_upgrades_to_the_activity_tables(tmp_path: Path) -> None:
    """Migration 12 (活动与服务团队) on a version-9 database with a person: the tables start
    empty and the person's sign-ups, attendance and team places go with the person."""
    path = tmp_path / DB_FILENAME
    database = make_database(path)
    database.connect()
    migrate_database(database, target=9)
    database.execute_sql(
        'INSERT INTO "person" (id, name, gender, ethnicity, retirement_kind, position, rank_level, '
        "political_status, residence_area, address, postcode, phone, landline, in_wechat_group, "
        "living_arrangement, health_status, self_care, bedridden, hardship, specialties, hobbies, "
        "needs, journal, newspaper, status, notes, search_key, created_at, updated_at, "
        "lunar_birthday) VALUES (3, '王五', '男', '汉族', '退休', '', '', '群众', '本市', '', '', "
        "'', '', 0, '', '', '自理', 0, '无', '', '书法', '', '', '', '在册', '', "
        "'wangwu ww', '2020-01-01 08:00:00', '2020-01-01 08:00:00', 0)"
    )
    database.close()
    database = open_database(path)
    assert current_version(database) >= 12
    from lao_gan_bu_desktop.storage.activity_models import (
        Activity,
        ActivityAttendance,
        ActivitySession,
        ActivitySignup,
        ServiceTeam,
        TeamMember,
    )

    assert Activity.select().count() == 0 and ServiceTeam.select().count() == 0
    activity = Activity.create(
        name="书法班", kind="老年大学课程", start_date="2026-03-05", end_date="2026-03-05"
    )
    session = ActivitySession.create(activity=activity, held_on="2026-03-05")
    ActivitySignup.create(activity=activity, person=3, signed_on="2026-03-01")
    ActivityAttendance.create(session=session, person=3)
    team = ServiceTeam.create(name="书画队")
    TeamMember.create(team=team, person=3, role="队长")
    database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute('DELETE FROM "person" WHERE id = 3')
    conn.commit()
    for table in ("activity_signup", "activity_attendance", "team_member"):
        assert conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone() == (0,), table
    for table in ("activity", "activity_session", "service_team"):
        assert conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone() == (1,), table
    conn.close()
