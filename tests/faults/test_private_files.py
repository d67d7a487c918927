"""What the program creates is the owner's only on POSIX (0700 folders, 0600 files): the data
folder, the data file, backups, logs and exports hold ID numbers and addresses."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .conftest import run

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(os.name != "posix", reason="权限位只在 POSIX 系统上有意义"),
]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_the_program_creates_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual desktop setting: files world-readable by default
    try:
        data = tmp_path / "data"
        assert run(data, "demo").returncode == 0
        assert run(data, "backup").returncode == 0
        exports = tmp_path / "exports"
        exports.mkdir()
        done = run(data, "export", "roster", str(exports), "--full-id")
        assert done.returncode == 0, done.stderr
    finally:
        os.umask(old)
    assert _mode(data) == 0o700
    assert _mode(data / "lao_gan_bu.sqlite3") == 0o600
    assert _mode(data / "logs") == 0o700
    assert _mode(data / "logs" / "lao_gan_bu.log") == 0o600
    backups = data / "backups"
    assert _mode(backups) == 0o700
    for path in backups.rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    (workbook,) = exports.glob("*.xlsx")
    assert _mode(workbook) == 0o600


def test_a_folder_made_world_readable_before_is_made_owner_only(data: Path) -> None:
    data.chmod(0o755)
    (data / "lao_gan_bu.sqlite3").chmod(0o644)
    assert run(data, "stats").returncode == 0
    assert _mode(data) == 0o700
    assert _mode(data / "lao_gan_bu.sqlite3") == 0o600
