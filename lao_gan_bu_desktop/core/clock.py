"""The program's one clock: every "today" and "now" the program uses comes from here.

Tests (and a clerk trying out next year's festival list) set the day with :func:`set_today` or
the environment variable ``LAO_GAN_BU_TODAY`` (``YYYY-MM-DD``, read by subprocesses too); the
time of day keeps running from the real clock, so that timestamps still order.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

ENV_VAR = "LAO_GAN_BU_TODAY"

_fixed: _dt.date | None = None


def _override() -> _dt.date | None:
    if _fixed is not None:
        return _fixed
    text = os.environ.get(ENV_VAR, "").strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None  # a mistyped override never stops the program: the real day is used


def today() -> _dt.date:
    """Today's date (the set day, when one is set)."""
    return _override() or _dt.date.today()


def now() -> _dt.datetime:
    """The current time to the second, on the set day when one is set."""
    real = _dt.datetime.now().replace(microsecond=0)
    day = _override()
    return real if day is None else _dt.datetime.combine(day, real.time())


def set_today(day: _dt.date | None) -> None:
    """Fix the program's day (None: follow the real clock again)."""
    global _fixed
    _fixed = day


@contextmanager
def frozen(day: _dt.date) -> Iterator[None]:
    """Within the block the program's day is ``day``."""
    previous = _fixed
    set_today(day)
    try:
        yield
    finally:
        set_today(previous)
