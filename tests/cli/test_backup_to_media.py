"""Backups on a USB stick from the command line: ``backup --to`` copies a new backup there and
reads it back, ``list-backups`` lists what a stick holds (when, how many people, size), and
``restore`` of a backup outside the data folder copies it in first, then restores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.import_helpers import ZHANG, write_xlsx

pytestmark = pytest.mark.sqlite_only("服务器上的备份由 pg_dump 做，U盘备份的是本机数据文件夹")


@pytest.fixture
def zone(tmp_path: Path, demo_template: Path, monkeypatch) -> Path:
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-12-07")
    target = tmp_path / "zone"
    shutil.copytree(demo_template, target)
    return target


def _people(zone: Path, capsys) -> int:
    assert main(["--data-dir", str(zone), "persons", "--json"]) == 0
    return len(json.loads(capsys.readouterr().out))


def test_backup_to_a_stick_list_it_and_restore_from_it(zone: Path, tmp_path: Path, capsys) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    assert main(["--data-dir", str(zone), "backup", "--to", str(stick)]) == 0
    said = capsys.readouterr().out
    copies = list(stick.iterdir())
    assert len(copies) == 1 and copies[0].name.startswith("老干部工作台备份_")
    assert str(copies[0]) in said and "读回核对" in said

    assert main(["list-backups", str(stick), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["path"], b["people"], b["problem"]) for b in listed] == [(str(copies[0]), 153, "")]
    assert main(["list-backups", str(stick)]) == 0
    assert "153 人" in capsys.readouterr().out

    extra = write_xlsx(tmp_path / "名单.xlsx", {"名单": [["姓名", "身份证号码"], ["张三", ZHANG]]})
    assert main(["--data-dir", str(zone), "import", str(extra), "--unit", "科技局"]) == 0
    capsys.readouterr()
    assert _people(zone, capsys) == 154
    assert main(["--data-dir", str(zone), "restore", str(copies[0])]) == 0
    assert "恢复前的数据已另存为备份" in capsys.readouterr().out
    assert _people(zone, capsys) == 153
    assert any(p.name.endswith("_从U盘复制") for p in (zone / "backups").iterdir())


def test_a_missing_stick_or_an_empty_one_is_told_in_words(
    zone: Path, tmp_path: Path, capsys
) -> None:
    assert main(["--data-dir", str(zone), "backup", "--to", str(tmp_path / "没插")]) == 2
    assert "找不到文件夹" in capsys.readouterr().err
    empty = tmp_path / "空U盘"
    empty.mkdir()
    assert main(["list-backups", str(empty)]) == 0
    assert "没有找到本程序的备份" in capsys.readouterr().out
