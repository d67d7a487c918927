"""The fault suite's tools: the real program in a subprocess, a demo data folder, a small disk.

Every test here runs ``python -m lao_gan_bu_desktop`` as the clerk's computer would, with
``LAO_GAN_BU_TODAY`` set, and looks at the files afterwards with plain sqlite3. The suite is
marked ``faults`` (it starts many processes): ``uv run pytest -m faults`` runs it, and .ci/run
does so after the main run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Which checkout's program the subprocesses run (to see a test fail on the code before a fix).
PROGRAM_ROOT = Path(os.environ.get("FAULTS_PROGRAM_ROOT", REPO))
TODAY = "2026-11-29"
DB = "lao_gan_bu.sqlite3"


def program_env(tmp_root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a run: today fixed, no data folder from outside, its own TMPDIR (so a
    test sees every temporary file the program leaves in the system's temporary folder)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAO_GAN_BU_")}
    if not os.access(tmp_root, os.W_OK):  # a read-only mount: its parent is the test's
        tmp_root = tmp_root.parent
    system_temp = tmp_root / "system-temp"
    system_temp.mkdir(exist_ok=True)
    env.update(
        LAO_GAN_BU_TODAY=TODAY,
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(system_temp),
        PYTHONPATH=str(PROGRAM_ROOT),
    )
    env.update(extra or {})
    return env


def run(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``lao-gan-bu --data-dir DATA ARGS…`` to the end."""
    return subprocess.run(
        [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(data_dir), *args],
        env=program_env(data_dir.parent, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROGRAM_ROOT,
    )


def start(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The same, started and left running (to be killed)."""
    return subprocess.Popen(
        [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(data_dir), *args],
        env=program_env(data_dir.parent, env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROGRAM_ROOT,
    )


def _connect(database: Path) -> sqlite3.Connection:
    if os.access(database.parent, os.W_OK):
        return sqlite3.connect(database)
    # a read-only folder: SQLite cannot make its -shm file there
    return sqlite3.connect(f"{database.as_uri()}?mode=ro&immutable=1", uri=True)


def count(database: Path, table: str = "person") -> int:
    conn = _connect(database)
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()


def integrity(database: Path) -> str:
    conn = _connect(database)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def no_english_trouble(text: str) -> None:
    """The clerk never sees a traceback or logging's English complaint."""
    for words in ("Traceback", "Logging error", "Error:", "Exception"):
        assert words not in text, text


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A data folder with the demo zone (153 people), made once by the real ``demo`` command."""
    folder = tmp_path_factory.mktemp("faults_demo") / "data"
    done = run(folder, "demo")
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo data folder."""
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An empty 4 MB tmpfs (a disk that fills up at once); skipped where it cannot be mounted."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("模拟磁盘已满需要 root 挂载小的 tmpfs（CI 以 root 运行）")
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)):
        pytest.skip("无法挂载 tmpfs（容器没有挂载权限），跳过磁盘已满的测试")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill_disk(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` with one file, then give back ``leave`` bytes; returns the file."""
    filler = disk / "filler.bin"
    chunk = b"\0" * 4096
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, chunk)
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def make_read_only(folder: Path, tmp_path: Path) -> Path:
    """A read-only copy of ``folder``: a tmpfs remounted read-only as root (which ignores
    permission bits), chmod elsewhere. Returns the copy's path."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        disk = tmp_path / "ro"
        disk.mkdir()
        if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)):
            pytest.skip("以 root 运行但无法挂载 tmpfs，无法模拟只读文件夹（root 不受权限位限制）")
        shutil.copytree(folder, disk / "data")
        if not _mount("-o", "remount,ro", str(disk)):
            subprocess.run(["umount", "-l", str(disk)], capture_output=True)
            pytest.skip("无法把 tmpfs 重新挂载为只读")
        return disk / "data"
    target = tmp_path / "ro" / "data"
    shutil.copytree(folder, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    return target


def undo_read_only(path: Path) -> None:
    disk = path.parent
    if subprocess.run(["umount", "-l", str(disk)], capture_output=True).returncode != 0:
        for item in [path, *path.rglob("*")]:
            with contextlib.suppress(OSError):
                item.chmod(0o700 if item.is_dir() else 0o600)
