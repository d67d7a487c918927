"""Reading 首页's figures in a worker thread, so that a large roster never freezes the window.

:class:`HomeLoader` runs :func:`read_figures` (the survey figures with the year's aid, and the
visit reminders) on its own QThreadPool of one thread, with the worker's own database connection
that it closes when done. The result comes back as ``loaded(HomeFigures)`` on the GUI thread; the
worker never touches a widget.

Requests coalesce: while a read runs, further requests only mark that the data changed again;
when the read ends its figures are dropped and one new read starts, so the newest data wins and
reads never pile up. :meth:`HomeLoader.shutdown` (the main window's close) drops what is pending
and waits for the running read, so that no thread outlives the window.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)

REMINDER_DAYS = 7


@dataclass
class HomeFigures:
    """What 首页 shows: ``stats`` (with ``stats['aid']``), ``reminders`` and the 党组织 card's
    ``party``; None where the read failed (the reason is in the log file)."""

    day: _dt.date
    stats: dict[str, Any] | None = None
    reminders: dict[str, Any] | None = None
    party: dict[str, Any] | None = None
    failed: list[str] = field(default_factory=list)


def read_figures(day: _dt.date, reminder_days: int = REMINDER_DAYS) -> HomeFigures:
    """Every figure of 首页 as of ``day`` (any thread; no Qt)."""
    from ...services.reminders import reminders
    from ...services.stats import compute_stats

    figures = HomeFigures(day)
    try:
        figures.stats = compute_stats(day)
    except Exception:
        log.exception("首页统计失败")
        figures.failed.append("stats")
    try:
        figures.reminders = reminders(day, reminder_days)
    except Exception:
        log.exception("读取首页提醒失败")
        figures.failed.append("reminders")
    try:
        from ...services.party_home import party_home_figures

        figures.party = party_home_figures(day)
    except Exception:
        log.exception("读取首页党组织情况失败")
        figures.failed.append("party")
    return figures


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (queued). It has no parent and the worker
    holds a reference, so it outlives the read even when the loader is gone."""

    done = Signal(int, object)


class HomeLoader(QObject):
    """Reads 首页's figures in the background; ``loaded`` brings the newest."""

    loaded = Signal(object)  # HomeFigures

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.done.connect(self._finished)
        self._generation = 0
        self._running = False
        self._pending: _dt.date | None = None
        self._closed = False

    def is_loading(self) -> bool:
        """True while a read runs or waits to run."""
        return self._running or self._pending is not None

    def request(self, day: _dt.date) -> None:
        """Read the figures as of ``day``; a read already running is superseded."""
        if self._closed:
            return
        if self._running:
            self._pending = day
            return
        self._start(day)

    def _start(self, day: _dt.date) -> None:
        from ...services.app import close_thread_connection

        self._generation += 1
        generation, relay = self._generation, self._relay
        self._running = True

        def work() -> None:
            try:
                figures = read_figures(day)
            except Exception:  # read_figures catches its own; this is the last guard
                log.exception("读取首页数据失败")
                figures = HomeFigures(day, failed=["stats", "reminders"])
            finally:
                try:
                    close_thread_connection()
                except Exception:
                    log.debug("关闭首页线程的数据库连接失败", exc_info=True)
            with contextlib.suppress(RuntimeError):  # the relay was deleted meanwhile
                relay.done.emit(generation, figures)

        self._pool.start(work)

    def _finished(self, generation: int, figures: HomeFigures) -> None:
        if generation != self._generation:
            return
        self._running = False
        if self._closed:
            return
        if self._pending is not None:  # the data changed while reading: these figures are stale
            day, self._pending = self._pending, None
            self._start(day)
            return
        self.loaded.emit(figures)

    def shutdown(self) -> None:
        """Drop what is pending and wait for the running read (closing the window)."""
        self._closed = True
        self._pending = None
        self._pool.waitForDone()
        self._running = False
