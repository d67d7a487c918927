"""The day's first backup, made in the background once the window shows.

A backup copies the whole database and checks it, which takes a noticeable moment on a large
roster; the clerk should not wait for it before the window appears. The copy uses SQLite
connections of its own (the online backup API reads a consistent snapshot while the clerk
works), so it runs on a plain thread; its result reaches the status bar through a queued signal.
Closing the program waits for a backup still running.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class DailyBackup(QObject):
    """Makes the day's first backup of ``data_dir`` on a thread; ``finished(message)``."""

    finished = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start the backup when one is due today; False when none is due."""
        from ...services.app import daily_backup_due

        if not daily_backup_due(self.data_dir):
            return False
        self._thread = threading.Thread(target=self._run, name="每日自动备份", daemon=False)
        self._thread.start()
        return True

    def _run(self) -> None:
        from ...services.app import make_daily_backup

        # What the backup's integrity check found (a repaired index, damage to restore) or why
        # it failed; a failed one left nothing behind, so the next start tries again.
        self.finished.emit(make_daily_backup(self.data_dir) or "")

    def wait(self) -> None:
        """Block until a running backup has finished (the program is closing)."""
        if self._thread is not None:
            self._thread.join()
