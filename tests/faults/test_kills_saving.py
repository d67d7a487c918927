"""Killed while saving what a clerk enters (a notice with its attachment, an aid case's
attachment, a festival's visit plan): the data file stays whole, nothing half-saved is taken
for saved, and no half-copied file is left among the attachments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DB, PROGRAM_ROOT, count, integrity, program_env, run

pytestmark = pytest.mark.faults

# Opens the data folder as the window does, then does one save; the copy of the attachment dies
# half-way (part of the file written, then the process is gone, as with a kill or power cut).
SAVE_AND_DIE = """
import datetime as dt, os, shutil, sys
from pathlib import Path

def half_copy(source, target, *args, **kwargs):
    with open(target, "wb") as half:
        half.write(Path(source).read_bytes()[:100])
    os._exit(9)

from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import aid, aid_attachments, notices

ctx = open_app(Path(sys.argv[1]), daily_backup=False)
scan = Path(sys.argv[3])
shutil.copy2 = half_copy
if sys.argv[2] == "notice":
    notices.create_notice("关于体检安排的通报", dt.date(2026, 11, 20), "正文", attachment=scan)
else:
    case = aid.list_cases()[0]["id"]
    aid_attachments.add_attachment(case, scan)
print("not killed")
"""


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


@pytest.mark.parametrize(("what", "table"), [("notice", "notice"), ("aid", "aid_attachment")])
def test_a_save_killed_while_copying_its_attachment_leaves_no_half_file(
    data: Path, tmp_path: Path, what: str, table: str
) -> None:
    scan = tmp_path / "体检通知扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
    before = count(data / DB, table)
    attached = _files(data / "attachments")
    killed = subprocess.run(
        [sys.executable, "-c", SAVE_AND_DIE, str(data), what, str(scan)],
        env=program_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROGRAM_ROOT,
    )
    assert killed.returncode == 9, killed.stdout + killed.stderr
    assert integrity(data / DB) == "ok"
    assert count(data / DB, table) == before  # nothing half-saved counts as saved
    assert _files(data / "attachments") == attached  # and no half file among the attachments
    assert run(data, "persons").returncode == 0  # the next start …
    assert _files(data / "tmp") == []  # … removes what the killed copy left


def test_a_festival_plan_killed_mid_way_is_all_or_nothing_with_its_backup_whole(
    data: Path,
) -> None:
    import signal
    import time

    from .conftest import start

    before = count(data / DB, "visit")
    outcomes = set()
    for delay in (0.8, 1.2, 1.6, 2.2):
        proc = start(data, "campaign", "春节", "2027", "--plan")
        time.sleep(delay)  # varied points: starting, backing up, writing the plan
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert integrity(data / DB) == "ok"
        visits = count(data / DB, "visit")
        outcomes.add(visits)
        assert visits == before or visits > before + 10, visits  # the whole plan or none
        if visits > before:
            break
    done = run(data, "campaign", "春节", "2027", "--plan")
    assert done.returncode == 0, done.stderr
    planned = count(data / DB, "visit")
    assert planned > before
    for backup in (data / "backups").iterdir():
        if not backup.name.startswith("."):
            assert integrity(backup / DB) == "ok", backup.name
    assert not [p for p in (data / "backups").iterdir() if p.name.startswith(".partial-")]
    assert outcomes
