"""Moving between program versions: a newer program opens older data (upgrading it), an older
program refuses data written by a newer one with a clear Chinese message and leaves it alone —
through the command line and the window."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.storage.database import DB_FILENAME, open_database
from lao_gan_bu_desktop.storage.migrations import LATEST_VERSION

from ..storage.test_migrations import _version_one_with_data

pytestmark = pytest.mark.sqlite_only("测试不同版本程序写的 SQLite 数据文件")


def newer_data(folder: Path) -> bytes:
    """A data folder written by a program that knows one migration more than this one."""
    folder.mkdir(parents=True)
    path = folder / DB_FILENAME
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_version (version, name, applied_at) "
        "VALUES (?, 'from_a_newer_program', '2027-03-01 09:00:00')",
        (LATEST_VERSION + 1,),
    )
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_a_newer_program_opens_older_data(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    _version_one_with_data(folder / DB_FILENAME)
    assert main(["--data-dir", str(folder), "persons", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in people] == ["张三"]
    versions = sqlite3.connect(folder / DB_FILENAME).execute(
        "SELECT max(version) FROM schema_version"
    )
    assert versions.fetchone()[0] == LATEST_VERSION


def test_an_older_program_refuses_newer_data(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "data"
    before = newer_data(folder)
    assert main(["--data-dir", str(folder), "persons"]) != 0
    err = capsys.readouterr().err
    assert "由更新版本的老干部工作台写入" in err and "请安装新版本后再打开" in err
    assert "数据文件未作任何改动" in err
    assert (folder / DB_FILENAME).read_bytes() == before
    assert not (folder / "backups").exists() or not any((folder / "backups").iterdir())
