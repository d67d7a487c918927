"""The data folder's lock, without Qt: the command line takes the same lock file as the window.

The window holds ``lao_gan_bu.lock`` with Qt's QLockFile for as long as it is open. QLockFile's
protocol is plain: the file is created exclusively and holds the owner's process id, program
name and host name, one per line; a lock whose process has ended (or whose process id now
belongs to another program) is stale and may be taken over. This module speaks the same
protocol, so a command that writes refuses while the window is open, and the window refuses to
open while such a command runs. Commands that only read do not need the lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

LOCK_FILENAME = "lao_gan_bu.lock"
LOCKED_MESSAGE = (
    "数据文件夹正由另一个老干部工作台窗口使用：\n{folder}\n\n"
    "请切换到已经打开的窗口（看看任务栏）。如果确实没有打开，请稍候再试。"
)


def _program_name() -> str:
    """What QLockFile writes as the program name: the file name of the running executable."""
    try:
        return Path(os.readlink("/proc/self/exe")).name
    except OSError:
        return Path(sys.executable).name


def _process_name(pid: int) -> str | None:
    """The executable's file name of process ``pid`` where the system tells it (Linux)."""
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        return None


def process_alive(pid: int) -> bool:
    """True when a process with id ``pid`` is running."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        synchronize = 0x00100000
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        try:
            wait_timeout = 0x102
            return ctypes.windll.kernel32.WaitForSingleObject(handle, 0) == wait_timeout
        finally:
            ctypes.windll.kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_stale(path: Path) -> bool:
    """True when the lock file at ``path`` belongs to no running program (as QLockFile judges)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False  # held open exclusively (Windows) or unreadable: someone has it
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return False  # being written right now
    host = lines[2] if len(lines) > 2 else ""
    if host and host != _host_name():
        return False  # another computer's program: cannot tell, so it holds the lock
    if not process_alive(pid):
        return True
    name = _process_name(pid)
    owner = Path(lines[1]).name if len(lines) > 1 else ""
    return bool(name and owner and name != owner)


class FolderLock:
    """The data folder's lock held by this process; :meth:`release` gives it back."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path) -> FolderLock | None:
        """The lock of ``data_dir``, or None when another running program holds it.

        A folder that cannot be written cannot be locked either; it is opened read-only and
        nobody can write it, so None is not returned for that: the caller gets an unlocked
        handle.
        """
        path = Path(data_dir) / LOCK_FILENAME
        for _attempt in range(2):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if not _is_stale(path):
                    return None
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            except OSError:
                return cls(path, -1)  # read-only folder: nothing to lock
            try:
                text = f"{os.getpid()}\n{_program_name()}\n{_host_name()}\n"
                os.write(fd, text.encode("utf-8"))
                if sys.platform != "win32":
                    import fcntl

                    # QLockFile also takes a native lock on its file; holding one too means a
                    # window never judges this lock stale while the command runs.
                    with contextlib.suppress(OSError):
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    path.unlink()
                return cls(path, -1)
            return cls(path, fd)
        return None

    def release(self) -> None:
        """Give the lock back (remove the file)."""
        if self._fd is None:
            return
        if self._fd >= 0:
            os.close(self._fd)
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._fd = None


def held_by_other(data_dir: Path) -> bool:
    """True when another running program holds the lock of ``data_dir``."""
    path = Path(data_dir) / LOCK_FILENAME
    return path.exists() and not _is_stale(path)


def _host_name() -> str:
    # imported here: the window takes its lock before the first paint, and the socket module
    # (with selectors and select) is a few milliseconds of start-up that only this line needs
    import socket

    return socket.gethostname()
