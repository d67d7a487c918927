"""Writing an output file whole or not at all, with nothing left in the clerk's folder.

The file is written in the process's temporary folder (the program points ``tempfile`` at a
folder of its own inside the data folder, removed on failure and at the next start), then moved
into place: a rename on the same disk; on another disk (a USB stick) a copy beside the target
under a temporary name, then a rename. A write killed half-way therefore leaves at most a file
in the program's own temporary folder, never a half-written file or a stray temporary file
where the clerk saves.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def written_in_place(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it becomes ``path``."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix="~", suffix=path.suffix or ".tmp")
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        _move_into_place(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _move_into_place(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
        return
    except OSError:
        pass  # another disk: copy beside the target, then rename (short, and all or nothing)
    beside = path.with_name(f"~{path.stem}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(tmp, beside)
        os.replace(beside, path)
    finally:
        with contextlib.suppress(OSError):
            beside.unlink()


def save_workbook(wb, path: Path) -> None:
    """Save an openpyxl workbook whole at ``path`` or not at all."""
    with written_in_place(Path(path)) as tmp:
        wb.save(tmp)
