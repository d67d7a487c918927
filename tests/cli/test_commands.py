"""The command line: demo → stats --json gives the survey; errors are Chinese with no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main


def test_demo_then_stats_json(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 153
    assert stats["by_kind"] == {"离休": 2, "退休": 151}
    assert stats["by_age_bracket"]["60至70岁"] == 83
    assert stats["by_age_bracket"]["71至79岁"] == 21
    assert stats["by_age_bracket"]["80岁及以上"] == 13
    assert stats["not_self_caring"] == 3
    assert stats["branches_by_kind"] == {"单建": 2, "共建": 15}
    assert stats["party_members"] == 107
    assert stats["democratic_party_members"] == 2
    assert stats["by_residence"]["本市"] == 144
    assert stats["by_residence"]["省外"] == 8
    assert stats["paragraph"].startswith("全区现有机关离退休干部153人")


def test_persons_json_uses_glossary_keys(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "persons", "--json"]) == 0
    persons = json.loads(capsys.readouterr().out)
    assert len(persons) == 153
    for key in (
        "name",
        "id_number",
        "birth_date",
        "retirement_kind",
        "unit",
        "political_status",
        "residence_area",
        "self_care",
        "service_tier",
        "age_bracket",
    ):
        assert key in persons[0]


def test_demo_refuses_a_folder_with_people(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "demo"]) != 0
    err = capsys.readouterr().err
    assert "错误" in err and "Traceback" not in err


@pytest.mark.sqlite_only(
    "SQLite 的备份是数据文件和附件文件夹的复制；服务器的备份由 pg_dump 做（tests/storage/test_postgres.py）"
)
def test_backup_and_restore_commands(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "backup"]) == 0
    out = capsys.readouterr().out
    folder = out.strip().split("：", 1)[1]
    assert main(["--data-dir", str(data), "restore", folder]) == 0
    assert "恢复" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "restore", str(tmp_path / "nope")]) == 2
    assert "找不到" in capsys.readouterr().err


@pytest.mark.sqlite_only("测试 SQLite 数据文件所在磁盘满、文件损坏时的提示")
def test_restore_replaces_a_data_file_that_cannot_be_opened(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "backup"]) == 0
    folder = capsys.readouterr().out.strip().split("：", 1)[1]
    for extra in ("-wal", "-shm"):
        (data / f"lao_gan_bu.sqlite3{extra}").unlink(missing_ok=True)
    (data / "lao_gan_bu.sqlite3").write_bytes(b"scrambled " * 500)
    assert main(["--data-dir", str(data), "stats", "--json"]) == 2
    err = capsys.readouterr().err
    assert "无法打开数据文件" in err and "lao-gan-bu restore" in err
    assert main(["--data-dir", str(data), "restore", folder]) == 0
    out = capsys.readouterr().out
    assert "损坏的文件另存在" in out and (data / "damaged").is_dir()
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 153


@pytest.mark.sqlite_only("测试打不开的 SQLite 数据文件")
def test_real_entry_point_reports_errors_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "zone"
    bad.mkdir()
    (bad / "lao_gan_bu.sqlite3").write_bytes(b"not a database at all" * 50)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(bad), "stats"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "无法打开数据文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_are_chinese(capsys) -> None:
    import pytest

    with pytest.raises(SystemExit) as info:
        main(["stats", "--bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "无法识别的参数： --bogus" in err
    with pytest.raises(SystemExit):
        main(["stats", "--help"])
    assert "显示本帮助并退出" in capsys.readouterr().out


@pytest.mark.sqlite_only("测试 SQLite 数据文件所在磁盘满、文件损坏时的提示")
def test_a_full_disk_is_said_plainly(tmp_path: Path, capsys, monkeypatch) -> None:
    import sqlite3

    from lao_gan_bu_desktop.services import stats

    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(stats, "compute_stats", full)
    assert main(["--data-dir", str(data), "stats", "--json"]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err
