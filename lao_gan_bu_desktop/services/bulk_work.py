"""Running work that builds hundreds of thousands of Python objects at once (reading, checking and
writing a big import) without Python's cyclic garbage collector in the way.

The collector runs each time enough new container objects pile up, and every full pass walks all
of them again: building a 100 000-row file's rows, cells and checked values set off passes that
cost as much as the checking itself, while freeing nothing (none of those objects form cycles).
Reference counting still frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restored after, also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
