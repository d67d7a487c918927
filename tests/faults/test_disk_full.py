"""A full disk: the clerk reads "磁盘空间不足" with the folder and the space needed, in Chinese
only; nothing is called damaged that is not, and nothing is changed."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

import pytest

from .conftest import DB, count, fill_disk, integrity, no_english_trouble, run

pytestmark = pytest.mark.faults


@pytest.fixture
def full(small_disk: Path, data: Path) -> Path:
    """The demo data folder, with one good backup, on a disk that is then filled up."""
    target = small_disk / "data"
    shutil.copytree(data, target)
    made = run(target, "backup")
    assert made.returncode == 0, made.stderr
    return target


def _backup(folder: Path) -> Path:
    return next(p for p in sorted((folder / "backups").iterdir()) if not p.name.startswith("."))


def test_reading_works_and_nothing_is_called_damaged_with_no_space_left(full: Path) -> None:
    fill_disk(full.parent)
    for command in (["stats"], ["persons"]):
        done = run(full, *command)
        assert done.returncode == 0, done.stderr
        assert "损坏" not in done.stderr
        assert "磁盘已满" in done.stderr  # told why nothing can be changed today
        no_english_trouble(done.stderr)


def test_backup_and_restore_say_the_disk_is_full_and_change_nothing(full: Path) -> None:
    good = _backup(full)
    before = count(full / DB)
    filler = fill_disk(full.parent)
    for command in (["backup"], ["restore", str(good)]):
        refused = run(full, *command)
        assert refused.returncode == 2, refused.stderr
        assert "磁盘空间不足" in refused.stderr
        assert str(full) in refused.stderr  # which folder
        assert "需要约" in refused.stderr  # how much room it takes
        assert "损坏" not in refused.stderr  # the good backup is not called damaged
        no_english_trouble(refused.stderr)
    assert not [p for p in (full / "backups").iterdir() if p.name.startswith(".partial-")]
    filler.unlink()  # (this check's own reading needs room for SQLite's -shm file)
    assert integrity(full / DB) == "ok" and count(full / DB) == before


# 300 KB: too little for the backup before the import; 700 KB: the backup fits, the import's
# transaction does not (its commit fails).
@pytest.mark.parametrize("leave", [300_000, 700_000])
def test_a_commit_that_runs_out_of_space_is_refused_in_chinese(
    full: Path, tmp_path: Path, leave: int
) -> None:
    from tests.import_helpers import make_id

    lines = ["姓名,性别,公民身份号码,家庭住址"]
    for n in range(4000):
        birth = _dt.date(1940, 1, 1) + _dt.timedelta(days=n)
        lines.append(f"张国华,男,{make_id(birth, 11, True, '410102')},{'文化路' * 20}{n}号")
    source = tmp_path / "名单.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = count(full / DB)
    filler = fill_disk(full.parent, leave=leave)  # room to open, not for 4000 people
    refused = run(full, "import", str(source), "--unit", "测试单位")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "磁盘空间不足" in refused.stderr
    assert "读写数据文件出错" not in refused.stderr
    no_english_trouble(refused.stderr)
    filler.unlink()
    assert integrity(full / DB) == "ok"
    assert count(full / DB) == before


def test_an_attachment_too_big_for_the_disk_is_refused_naming_the_right_disk(
    small_disk: Path, data: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from .conftest import PROGRAM_ROOT, program_env

    target = small_disk / "data"
    shutil.copytree(data, target, ignore=shutil.ignore_patterns("backups"))
    fill_disk(small_disk, leave=600_000)
    scan = tmp_path / "扫描件.pdf"  # on the big disk: a copy names it first, the target second
    scan.write_bytes(b"%PDF-1.4\n" + bytes(1_500_000))
    before = count(target / DB, "notice")
    script = (
        "import datetime as dt, sys; from pathlib import Path\n"
        "from lao_gan_bu_desktop.services.app import open_app\n"
        "from lao_gan_bu_desktop.services import notices\n"
        "from lao_gan_bu_desktop.ui.common.errors import user_message\n"
        "ctx = open_app(Path(sys.argv[1]), daily_backup=False)\n"
        "try:\n"
        "    notices.create_notice('通报', dt.date(2026, 11, 20), '', attachment=Path(sys.argv[2]))\n"
        "except OSError as exc:\n"
        "    print(user_message(exc))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(scan)],
        env=program_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROGRAM_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "磁盘空间不足" in done.stdout and str(small_disk) in done.stdout, done.stdout
    assert str(tmp_path / "扫描件") not in done.stdout  # not the disk the scan came from
    no_english_trouble(done.stdout)
    assert count(target / DB, "notice") == before
    assert not [p for p in (target / "attachments").rglob("*") if p.is_file()]
