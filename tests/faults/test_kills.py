"""Killed mid-way (os._exit at a named point, or SIGKILL): nothing half-done is ever taken for
done, the data file stays whole, and what the killed process left is cleaned up."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from .conftest import DB, count, integrity, run, start

pytestmark = pytest.mark.faults

BACKUP_CRASH = "LAO_GAN_BU_BACKUP_CRASH_AT"
IMPORT_CRASH = "LAO_GAN_BU_IMPORT_CRASH_AFTER_CHUNKS"
STREAM = "LAO_GAN_BU_IMPORT_STREAM"  # "1": read and check in a second process


def _backups(data: Path) -> list[str]:
    folder = data / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _listed(data: Path) -> list[str]:
    from lao_gan_bu_desktop.storage.backup import list_backups

    return [b.path.name for b in list_backups(data)]


def _csv(path: Path, rows: int) -> Path:
    """A unit's CSV of ``rows`` valid people (distinct ID numbers)."""
    import datetime as _dt

    from tests.import_helpers import make_id

    surnames, given = "张王李赵刘陈杨黄周吴", "国建华明秀英志强军平"
    lines = ["姓名,性别,公民身份号码,联系电话"]
    for n in range(rows):
        birth = _dt.date(1940, 1, 1) + _dt.timedelta(days=n)
        name = surnames[n % 10] + given[n // 10 % 10] + given[n // 100 % 10]
        lines.append(f"{name},男,{make_id(birth, 11, True, '410102')},1380371{n:04d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("point", ["copied", "checked"])
def test_a_killed_backup_is_never_listed_and_the_next_start_clears_it(
    data: Path, point: str
) -> None:
    killed = run(data, "backup", env={BACKUP_CRASH: point})
    assert killed.returncode == 70, killed.stderr  # died inside the backup
    assert not _listed(data)  # nothing half-written counts as a backup
    assert [n for n in _backups(data) if n.startswith(".partial-")]
    # The restore offer never proposes it; the next command (a reading one) makes the day's
    # backup that the killed one did not, and removes the remains.
    after = run(data, "persons")
    assert after.returncode == 0, after.stderr
    names = _backups(data)
    assert not [n for n in names if n.startswith(".partial-")]
    assert [n.split("_", 1)[1] for n in _listed(data)] == ["每日自动"]
    assert integrity(data / "backups" / _listed(data)[0] / DB) == "ok"


def test_a_killed_daily_backup_is_made_again_at_the_next_start(data: Path) -> None:
    killed = run(data, "stats", env={BACKUP_CRASH: "copied"})  # its daily backup dies
    assert killed.returncode == 70
    assert not _listed(data)
    again = run(data, "stats")
    assert again.returncode == 0, again.stderr
    assert len(_listed(data)) == 1


def _processes_with(marker: str) -> list[int]:
    """The processes whose environment holds ``marker`` (a streamed import's reading process
    inherits the environment of the import that started it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


@pytest.mark.parametrize("streamed", ["0", "1"])
@pytest.mark.parametrize("chunks", ["1", "2"])
def test_a_killed_import_leaves_all_or_nothing(
    data: Path, tmp_path: Path, chunks: str, streamed: str
) -> None:
    before = count(data / DB)
    source = _csv(tmp_path / "名单.csv", 3000)
    marker = f"LAO_GAN_BU_TEST_MARK={tmp_path.name}-{chunks}-{streamed}"
    env = {IMPORT_CRASH: chunks, STREAM: streamed, "LAO_GAN_BU_TEST_MARK": marker.split("=")[1]}
    killed = run(data, "import", str(source), "--unit", "测试单位", env=env)
    assert killed.returncode != 0
    assert integrity(data / DB) == "ok"
    assert count(data / DB) == before
    assert count(data / DB, "import_batch") == 0
    # The reading process of a streamed import ends with the import that started it.
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_with(marker)


def test_a_streamed_import_killed_while_reading_leaves_no_process(
    data: Path, tmp_path: Path
) -> None:
    before = count(data / DB)
    source = _csv(tmp_path / "名单.csv", 60000)
    marker = f"LAO_GAN_BU_TEST_MARK={tmp_path.name}"
    proc = start(
        data,
        "import",
        str(source),
        "--unit",
        "测试单位",
        env={STREAM: "1", "LAO_GAN_BU_TEST_MARK": tmp_path.name},
    )
    deadline = time.monotonic() + 60
    while len(_processes_with(marker)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)  # until the reading process has started
    assert len(_processes_with(marker)) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_with(marker)
    assert integrity(data / DB) == "ok"
    assert count(data / DB) == before


def test_a_killed_undo_import_leaves_all_or_nothing(data: Path, tmp_path: Path) -> None:
    before = count(data / DB)
    source = _csv(tmp_path / "名单.csv", 3000)
    done = run(data, "import", str(source), "--unit", "测试单位")
    assert done.returncode == 0, done.stderr
    batch = sqlite3.connect(data / DB).execute("SELECT max(id) FROM import_batch").fetchone()[0]
    outcomes = set()
    for delay in (0.2, 0.5, 0.9, 1.5):
        proc = start(data, "undo-import", str(batch))
        time.sleep(delay)  # varied points of the undo
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert integrity(data / DB) == "ok"
        people = count(data / DB)
        assert people in (before, before + 3000), people  # the whole batch or none of it
        outcomes.add(people)
        if people == before:
            break
    assert outcomes


def test_a_killed_restore_keeps_the_data_whole(data: Path) -> None:
    made = run(data, "backup")
    assert made.returncode == 0, made.stderr
    saved = data / "backups" / _listed(data)[0]
    conn = sqlite3.connect(data / DB)
    conn.execute("DELETE FROM person WHERE id IN (SELECT id FROM person LIMIT 10)")
    conn.commit()
    conn.close()
    before = count(data / DB)
    killed = run(data, "restore", str(saved), env={BACKUP_CRASH: "copied"})  # in its safety copy
    assert killed.returncode == 70
    assert integrity(data / DB) == "ok"
    assert count(data / DB) == before
    restored = run(data, "restore", str(saved))
    assert restored.returncode == 0, restored.stderr
    assert count(data / DB) == before + 10


# Dies the moment openpyxl saves the workbook: the worksheet's rows are by then in openpyxl's
# temporary file (whole ID numbers and addresses), exactly what a kill mid-export leaves.
DIE_IN_SAVE = """
import os, sys
import openpyxl.workbook.workbook as wb
def half_saved(self, filename):
    with open(filename, "wb") as half:  # part of the file is written, then the process dies
        half.write(b"PK\x03\x04 half a workbook")
    os._exit(9)
wb.Workbook.save = half_saved
from lao_gan_bu_desktop.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_export_leaves_no_temporary_file_outside_the_data_folder(
    data: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from .conftest import PROGRAM_ROOT, program_env

    env = program_env(tmp_path)
    out = tmp_path / "导出到这里"
    out.mkdir()
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            DIE_IN_SAVE,
            "--data-dir",
            str(data),
            "export",
            "roster",
            str(out / "花名册.xlsx"),
            "--full-id",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROGRAM_ROOT,
    )
    assert killed.returncode == 9, killed.stderr
    system_temp = Path(env["TMPDIR"])
    assert list(system_temp.rglob("*")) == []  # nothing with ID numbers in the system's temp
    left = [p for p in (data / "tmp").rglob("*") if p.is_file()]
    assert left  # the killed process's files are in the program's own folder …
    assert run(data, "persons").returncode == 0
    assert [p for p in (data / "tmp").rglob("*") if p.is_file()] == []  # … gone at next start
    assert list(out.iterdir()) == []  # no half-written workbook, no temporary file where it saves
