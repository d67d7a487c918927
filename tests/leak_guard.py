"""The guard against background work that outlives its test (issue 13).

A worker left running by one test acts in the tests after it: it holds the database, emits
signals into another test's window, or (a timer calling ``exit()`` outside ``exec()``) leaves
Qt's event loop unable to run for the rest of the process. The autouse fixtures in
tests/conftest.py and tests/ui/conftest.py call these checks after every test and fail it,
naming what was left behind.

Python threads are seen through ``threading``, child processes (the streamed import's reading
process) through ``multiprocessing.active_children()``; QThreads and QThreadPools are seen because
:func:`track_qt_workers` wraps their ``start`` methods (once, for the whole test process) so
that every one the program or a test starts is remembered weakly.
"""

from __future__ import annotations

import sys
import threading
import weakref
from typing import Any

GRACE_MS = 5000  # a worker finishing its last step may take a moment on a busy machine

_qthreads: weakref.WeakSet[Any] = weakref.WeakSet()
_pools: weakref.WeakSet[Any] = weakref.WeakSet()
_tracking = False


def python_threads() -> set[threading.Thread]:
    """Python threads other than the main one. Dummy threads (Qt's own threads that ran Python
    code) are never removed from ``threading`` in Python 3.11, so QThreads are checked below."""
    return {
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and not isinstance(t, threading._DummyThread)
    }


def leftover_python_threads(before: set[threading.Thread], grace_ms: int = GRACE_MS) -> list[str]:
    """The threads started since ``before`` that are still running after a grace period."""
    left = []
    for thread in python_threads() - before:
        thread.join(grace_ms / 1000)
        if thread.is_alive():
            left.append(f"Python 线程“{thread.name}”（{thread!r}）")
    return left


def leftover_child_processes(grace_ms: int = GRACE_MS) -> list[str]:
    """Child processes started through multiprocessing that still run after a grace period."""
    if "multiprocessing" not in sys.modules:
        return []  # nothing can have started one
    import multiprocessing

    left = []
    for process in multiprocessing.active_children():
        process.join(grace_ms / 1000)
        if process.is_alive():
            left.append(f"子进程“{process.name}”（pid {process.pid}）")
    return left


def track_qt_workers() -> None:
    """Remember every QThread and QThreadPool that is started from now on (idempotent)."""
    global _tracking
    if _tracking:
        return
    from PySide6.QtCore import QThread, QThreadPool

    thread_start = QThread.start
    pool_start = QThreadPool.start

    def start_thread(self, *args, **kwargs):
        _qthreads.add(self)
        return thread_start(self, *args, **kwargs)

    def start_task(self, *args, **kwargs):
        _pools.add(self)
        return pool_start(self, *args, **kwargs)

    QThread.start = start_thread
    QThreadPool.start = start_task
    _tracking = True


def leftover_qt_workers(grace_ms: int = GRACE_MS) -> list[str]:
    """Running QThreads and QThreadPools with tasks still running after a grace period."""
    from PySide6.QtCore import QThreadPool

    left = []
    for thread in list(_qthreads):
        try:
            if thread.isRunning() and not thread.wait(grace_ms):
                left.append(f"QThread“{thread.objectName() or type(thread).__name__}”")
        except RuntimeError:  # its C++ object is gone: it is not running
            continue
    for pool in [*_pools, QThreadPool.globalInstance()]:
        try:
            if pool.activeThreadCount() and not pool.waitForDone(grace_ms):
                left.append(f"QThreadPool 中仍在运行的任务（{pool.activeThreadCount()} 个）")
        except RuntimeError:
            continue
    return left


def event_loop_is_alive() -> bool:
    """False once Qt's quit flag is left set (``QCoreApplication.exit()`` or ``QThread.quit()``
    of the main thread called while no event loop ran): every QEventLoop.exec() then returns -1
    at once, and no timer or queued signal is delivered again in this process."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    return loop.exec() == 0
