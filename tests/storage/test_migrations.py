"""Migrations: an old database with data upgrades with nothing lost; a newer one is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.storage.database import DB_FILENAME, make_database, open_database
from lao_gan_bu_desktop.storage.errors import SchemaTooNewError, StorageError
from lao_gan_bu_desktop.storage.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    current_version,
    migrate_database,
)


def _version_one_with_data(path: Path) -> None:
    database = make_database(path)
    database.connect()
    assert migrate_database(database, target=1) == [1]
    database.execute_sql(
        'INSERT INTO "unit" (id, name, leader, contact, phone, notes) '
        "VALUES (1, '财政金融局', '杨永红', '孙静', '0371-1', '')"
    )
    columns = (
        "name, gender, ethnicity, id_number, birth_date, retirement_kind, unit_id, position, "
        "rank_level, political_status, residence_area, address, postcode, phone, landline, "
        "in_wechat_group, living_arrangement, health_status, self_care, bedridden, hardship, "
        "specialties, hobbies, needs, journal, newspaper, status, notes, search_key, "
        "created_at, updated_at"
    )
    database.execute_sql(
        f'INSERT INTO "person" (id, {columns}) VALUES (7, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, '
        "?, ?, 1, ?, ?, ?, 0, ?, '', '书法', '', '老年春秋', '', '在册', '老同志', 'zhangsan zs', "
        "'2020-01-01 08:00:00', '2020-01-01 08:00:00')",
        (
            "张三",
            "女",
            "汉族",
            "11010519491231002X",
            "1949-12-31",
            "退休",
            "科长",
            "乡科级",
            "中共党员",
            "本市",
            "郑州市高新区科学大道100号",
            "450001",
            "13803711234",
            "0371-67881234",
            "与配偶同住",
            "良好",
            "自理",
            "无",
        ),
    )
    database.execute_sql(
        'INSERT INTO "contact" (person_id, name, relation, phone, is_emergency, notes) '
        "VALUES (7, '李四', '儿子', '13900000000', 1, '')"
    )
    database.close()


def test_upgrade_from_first_version_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    _version_one_with_data(path)
    before = sqlite3.connect(path).execute('SELECT * FROM "person"').fetchall()
    database = open_database(path)
    assert current_version(database) == LATEST_VERSION
    from lao_gan_bu_desktop.storage.models import Contact, Person

    person = Person.get_by_id(7)
    assert person.name == "张三"
    assert str(person.birth_date) == "1949-12-31"
    assert person.unit.name == "财政金融局"
    assert person.lunar_birthday is False
    assert person.phone == "13803711234"
    assert [c.name for c in Contact.select()] == ["李四"]
    conn = sqlite3.connect(path)
    cursor = conn.execute('SELECT * FROM "person"')
    names = [d[0] for d in cursor.description]
    after = cursor.fetchall()
    assert len(after) == len(before) == 1
    old_row = dict(zip(names, before[0] + (None,) * (len(names) - len(before[0])), strict=True))
    for key, value in zip(names, after[0], strict=True):
        if key == "version":  # the row version (migration 14) starts at 0
            assert value == 0
        elif key != "lunar_birthday":
            assert value == old_row[key], key
    database.close()


def test_migrations_are_recorded_and_not_rerun(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    database = open_database(path)
    assert current_version(database) == LATEST_VERSION
    assert migrate_database(database) == []
    rows = database.execute_sql('SELECT version FROM "schema_version" ORDER BY 1').fetchall()
    assert [r[0] for r in rows] == [m.VERSION for m in MIGRATIONS]
    database.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future', '2030-01-01')",
        (LATEST_VERSION + 5,),
    )
    conn.commit()
    conn.close()
    content = path.read_bytes()
    with pytest.raises(SchemaTooNewError) as info:
        open_database(path)
    assert "更新版本" in info.value.message
    assert path.read_bytes() == content


def test_not_a_database_gives_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    path.write_bytes(b"PK\x03\x04 this is a zip, not sqlite" * 100)
    with pytest.raises(StorageError) as info:
        open_database(path)
    assert "无法打开数据文件" in info.value.message


def test_pragmas_are_set(tmp_path: Path) -> None:
    database = open_database(tmp_path / DB_FILENAME)
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    database.close()


def test_locked_database_gives_chinese_message_and_changes_nothing(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.storage.errors import DatabaseLockedError

    path = tmp_path / DB_FILENAME
    open_database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")
    try:
        with pytest.raises(DatabaseLockedError) as info:
            open_database(path, busy_timeout_ms=100)
        assert "占用" in info.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    database = open_database(path)
    assert (
        database.execute_sql("SELECT count(*) FROM sqlite_master WHERE name='held'").fetchone()[0]
        == 0
    )
    database.close()


def test_a_skipped_number_is_applied_later(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.storage.migrations import MIGRATIONS, applied_versions

    path = tmp_path / DB_FILENAME
    database = make_database(path)
    database.connect()
    first, *rest = MIGRATIONS
    migrate_database(database, migrations=[first, *rest[1:]])
    assert rest[0].VERSION not in applied_versions(database)
    assert migrate_database(database) == [rest[0].VERSION]
    assert applied_versions(database) == {m.VERSION for m in MIGRATIONS}
    database.close()
