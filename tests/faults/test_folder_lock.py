"""One writer per data folder: commands that write refuse while the window holds the folder's
lock (with the window's own message), reading commands still work, and a window does not open
on a folder that a writing command holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DB, PROGRAM_ROOT, count, program_env, run

pytestmark = pytest.mark.faults

# The window's own lock (ui.app.acquire_lock, a QLockFile), held until stdin closes.
HOLD_WINDOW_LOCK = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from lao_gan_bu_desktop.ui.app import acquire_lock
lock = acquire_lock(Path(sys.argv[1]))
print("locked" if lock is not None else "refused", flush=True)
sys.stdin.read()
if lock is not None:
    lock.unlock()
"""


def _hold(data: Path, script: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(data)],
        env=program_env(data.parent),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROGRAM_ROOT,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.communicate("", timeout=30)


def test_writing_commands_refuse_while_the_window_is_open(data: Path, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.folder_lock import LOCKED_MESSAGE

    source = tmp_path / "名单.csv"
    source.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    made = run(data, "backup")
    saved = next(p for p in (data / "backups").iterdir())
    assert made.returncode == 0
    before = count(data / DB)
    holder = _hold(data, HOLD_WINDOW_LOCK)
    try:
        for command in (
            ["import", str(source), "--unit", "测试单位"],
            ["restore", str(saved)],
            ["undo-import", "1"],
            ["demo"],
        ):
            refused = run(data, *command)
            assert refused.returncode == 2, refused.stdout + refused.stderr
            assert LOCKED_MESSAGE.format(folder=data) in refused.stderr
        for command in (
            ["persons"],
            ["stats"],
            ["import", str(source), "--unit", "x", "--dry-run"],
        ):
            done = run(data, *command)
            assert done.returncode == 0, done.stderr
    finally:
        _release(holder)
    assert count(data / DB) == before
    done = run(data, "import", str(source), "--unit", "测试单位")  # the window has closed
    assert done.returncode == 0, done.stderr
    assert count(data / DB) == before + 1


# A writing command's lock (services.folder_lock, no Qt), held until stdin closes.
HOLD_COMMAND_LOCK = """
import sys
from pathlib import Path
from lao_gan_bu_desktop.services.folder_lock import FolderLock
lock = FolderLock.acquire(Path(sys.argv[1]))
print("locked" if lock is not None else "refused", flush=True)
sys.stdin.read()
lock.release()
"""


def test_the_window_does_not_open_while_a_command_writes(data: Path) -> None:
    from lao_gan_bu_desktop.ui.app import acquire_lock

    holder = _hold(data, HOLD_COMMAND_LOCK)
    try:
        assert acquire_lock(data) is None
        assert run(data, "backup").returncode == 2  # nor does another writing command
    finally:
        _release(holder)
    lock = acquire_lock(data)
    assert lock is not None
    lock.unlock()


def test_a_lock_left_by_a_killed_program_does_not_block(data: Path) -> None:
    (data / "lao_gan_bu.lock").write_text("999999\npython3\n" + __import__("socket").gethostname())
    done = run(data, "backup")
    assert done.returncode == 0, done.stderr
