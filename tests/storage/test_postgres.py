"""PostgreSQL as the shared database: the translation of the program's SQLite-flavoured SQL
(runs anywhere), and, on a real server (LAO_GAN_BU_TEST_DATABASE, see tests/server_database.py;
skipped without one), what only the server has: migrate-to, pg_dump backups, the bulk COPY
and its ids, the command line's demo and stats figures equal to SQLite's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.storage.postgres import safe_url, translate, translate_ddl
from tests import server_database as sd

NEEDS_SERVER = pytest.mark.skipif(
    sd.server_url() is None,
    reason="没有 PostgreSQL 服务器：设置 LAO_GAN_BU_TEST_DATABASE（.ci/run 用 "
    "scripts/pg_test_cluster.sh 临时起一个）后才测",
)
TODAY = "2026-11-29"


def test_every_migration_statement_becomes_postgresql_words() -> None:
    from lao_gan_bu_desktop.storage.migrations import MIGRATIONS

    for migration in MIGRATIONS:
        for statement in getattr(migration, "STATEMENTS", ()):
            out = translate_ddl(statement)
            for sqlite_word in ("DATETIME", "AUTOINCREMENT", "BLOB", " REAL"):
                assert sqlite_word not in out.upper(), (migration.NAME, out)
            if '"id" INTEGER NOT NULL PRIMARY KEY' in statement:
                assert '"id" SERIAL PRIMARY KEY' in out


def test_placeholders_and_percent_signs_outside_quotes_only() -> None:
    sql = "SELECT '50%?' AS a, \"we?ird\" FROM t WHERE x LIKE ? AND y = ?"
    assert translate(sql, True) == (
        "SELECT '50%%?' AS a, \"we?ird\" FROM t WHERE x LIKE %s AND y = %s"
    )
    assert translate("SELECT '50%' FROM t", False) == "SELECT '50%' FROM t"
    assert translate("SELECT group_concat(name, char(31)) FROM p WHERE +status = 1", False) == (
        "SELECT string_agg(name, chr(31)) FROM p WHERE status = 1"
    )
    # peewee's own catalogue queries already speak psycopg's language
    assert translate("SELECT 1 WHERE a = %s", True) == "SELECT 1 WHERE a = %s"


def test_a_password_never_reaches_a_message() -> None:
    assert (
        safe_url("postgresql://clerk:secret@10.0.0.5/lgb") == "postgresql://clerk:***@10.0.0.5/lgb"
    )


def test_a_wrong_address_and_an_unreachable_server_are_told_in_chinese(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.storage.errors import ServerUnreachableError, StorageError

    with pytest.raises(StorageError) as wrong:
        open_app(tmp_path / "a", database_url="mysql://x@y/z")
    assert "写法不对" in wrong.value.message
    with pytest.raises(ServerUnreachableError) as gone:
        open_app(tmp_path / "b", database_url=f"postgresql://nobody@/lgb?host={tmp_path}")
    assert "连接不上数据库服务器" in gone.value.message and "设置" in gone.value.message


def _cli(*args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LAO_GAN_BU_TODAY=TODAY)
    env.pop("LAO_GAN_BU_DATABASE_URL", None)
    if url is not None:
        env["LAO_GAN_BU_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "lao_gan_bu_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@NEEDS_SERVER
def test_demo_then_stats_on_the_server_equal_sqlite_and_migrate_to_copies_every_row(
    tmp_path: Path, server_database: str
) -> None:
    local = tmp_path / "local"
    assert _cli("--data-dir", str(local), "demo").returncode == 0
    here = _cli("--data-dir", str(local), "stats", "--json")
    # the demo written straight onto the server gives the survey's same figures
    demo_url = sd.create(sd.fresh_name())
    try:
        made = _cli("--data-dir", str(tmp_path / "pc1"), "--database-url", demo_url, "demo")
        assert made.returncode == 0, made.stderr
        there = _cli(
            "--data-dir", str(tmp_path / "pc1"), "--database-url", demo_url, "stats", "--json"
        )
        assert json.loads(there.stdout) == json.loads(here.stdout)
    finally:
        sd.drop(demo_url.rsplit("/", 1)[1].split("?")[0])

    # migrate-to: into an EMPTY database only
    empty = sd.fresh_name()
    url = sd.create(empty)
    try:
        before = (local / "lao_gan_bu.sqlite3").read_bytes()
        moved = _cli("--data-dir", str(local), "migrate-to", url)
        assert moved.returncode == 0, moved.stderr
        assert "行数全部一致" in moved.stdout and "person：153 → 153" in moved.stdout
        assert (local / "lao_gan_bu.sqlite3").read_bytes() == before  # the folder untouched
        copied = _cli("--data-dir", str(tmp_path / "pc2"), "--database-url", url, "stats", "--json")
        assert json.loads(copied.stdout) == json.loads(here.stdout)
        again = _cli("--data-dir", str(local), "migrate-to", url)
        assert again.returncode == 2 and "不是空的" in again.stderr
        # the sequences were moved on: a new person gets a new id, not a copied one's
        added = _cli(
            "--data-dir", str(tmp_path / "pc2"), "--database-url", url, "persons", "--json"
        )
        assert len(json.loads(added.stdout)) == 153
    finally:
        sd.drop(empty)


@NEEDS_SERVER
def test_bulk_import_by_copy_keeps_the_id_sequence_right(ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.services.roster import create_person
    from lao_gan_bu_desktop.storage.database import db
    from lao_gan_bu_desktop.storage.import_models import bulk_insert_persons

    assert ctx.on_server
    with db.atomic():
        ids = bulk_insert_persons([{"name": f"导入{i}"} for i in range(500)], clock.now())
    assert ids == list(range(1, 501))
    assert create_person({"name": "手工添加"}) == 501


@NEEDS_SERVER
def test_pg_dump_backup_and_restore(ctx) -> None:
    from lao_gan_bu_desktop.services.backups import list_backups, make_backup, restore_backup
    from lao_gan_bu_desktop.services.roster import count_persons, create_person
    from lao_gan_bu_desktop.storage.server_backup import DUMP_FILENAME, tool

    if tool("pg_dump") is None:
        pytest.skip("这台电脑没有 pg_dump")
    create_person({"name": "甲"})
    info = make_backup(ctx.data_dir, "手动")
    assert (info.path / DUMP_FILENAME).stat().st_size > 0
    assert list_backups(ctx.data_dir)[0].path == info.path
    create_person({"name": "乙"})
    assert count_persons(()) == 2
    safety = restore_backup(ctx, info.path)
    assert count_persons(()) == 1
    assert (safety.path / DUMP_FILENAME).exists()


@NEEDS_SERVER
def test_an_attachment_added_on_one_pc_opens_on_another(ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services import aid, aid_attachments
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.roster import create_person

    pid = create_person({"name": "张三"})
    import datetime as _dt

    case = aid.create_case(
        pid,
        year=2026,
        category="医疗救助",
        reason="住院",
        amount_requested="3000",
        on=_dt.date(2026, 11, 2),
    )
    scan = tmp_path / "住院票据.pdf"
    scan.write_bytes(b"%PDF-1.4 scan " * 100)
    att = aid_attachments.add_attachment(case, scan)
    ctx.close()
    other = open_app(tmp_path / "pc2", daily_backup=False)  # same server, another folder
    try:
        opened = aid_attachments.attachment_path(att)
        assert opened.is_relative_to(tmp_path / "pc2")
        assert opened.read_bytes() == scan.read_bytes()
        kept = aid_attachments.remove_attachment(att)
        assert kept is not None and kept.read_bytes() == scan.read_bytes()
    finally:
        other.close()
