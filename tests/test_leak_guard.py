"""The leak guard names what a test leaves running, and sees a dead event loop."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from tests.leak_guard import leftover_child_processes, leftover_python_threads, python_threads

ROOT = Path(__file__).resolve().parent.parent


def test_a_python_thread_left_running_is_named() -> None:
    before = python_threads()
    release = threading.Event()
    thread = threading.Thread(target=release.wait, name="忘了停的线程")
    thread.start()
    try:
        left = leftover_python_threads(before, grace_ms=10)
        assert len(left) == 1 and "忘了停的线程" in left[0]
    finally:
        release.set()
        thread.join()
    assert leftover_python_threads(before, grace_ms=10) == []


def test_a_child_process_left_running_is_named() -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    release = context.Event()
    process = context.Process(target=release.wait, name="忘了停的子进程", daemon=True)
    process.start()
    try:
        left = leftover_child_processes(grace_ms=10)
        assert len(left) == 1 and "忘了停的子进程" in left[0]
    finally:
        release.set()
        process.join()
    assert leftover_child_processes(grace_ms=10) == []


def test_a_running_qthread_and_pool_task_are_named_and_a_dead_loop_is_seen() -> None:
    # In its own process: the dead event loop cannot be mended in the test process itself.
    script = """
import threading
from PySide6.QtCore import QCoreApplication, QRunnable, QThread, QThreadPool, QTimer
from tests.leak_guard import event_loop_is_alive, leftover_qt_workers, track_qt_workers

app = QCoreApplication([])
track_qt_workers()
thread = QThread()
thread.setObjectName("忘了停的QThread")
thread.start()
release = threading.Event()
class Task(QRunnable):
    def run(self):
        release.wait()
pool = QThreadPool()
pool.start(Task())
left = leftover_qt_workers(grace_ms=10)
assert any("忘了停的QThread" in item for item in left), left
assert any("QThreadPool" in item for item in left), left
thread.quit(); thread.wait(); release.set(); pool.waitForDone()
assert leftover_qt_workers(grace_ms=10) == []
assert event_loop_is_alive()
QTimer.singleShot(0, lambda: None)
QCoreApplication.exit(0)  # outside exec(): what the leaked timer did
assert not event_loop_is_alive()
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
