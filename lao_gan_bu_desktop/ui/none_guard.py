"""Keep Python's ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6/Shiboken 6.12.0 returns ``None`` from every void C++ method without taking a reference
(``return Py_None`` instead of ``Py_RETURN_NONE``). On Python 3.12 and later ``None`` is immortal
and nothing happens; on Python 3.11 each such call (``setText``, ``addChild``, ``setData`` …)
lowers ``None``'s reference count by one, and after a few thousand calls Python aborts with
"Fatal Python error: none_dealloc: deallocating None". A month of the calendar or the 首页
reminders of a large zone makes that many calls at once.

:func:`protect_none` raises ``None``'s reference count by 2**40 once, which makes it practically
immortal, as Python 3.12 does. It is idempotent and does nothing on Python 3.12+. Remove this
module once the project runs on Python 3.12 or on a PySide6 release that fixes the leak.
"""

from __future__ import annotations

import ctypes
import sys

_MARGIN = 1 << 40


def protect_none() -> None:
    """Make ``None`` effectively immortal on Python < 3.12 (see the module docstring)."""
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _MARGIN // 2:
        count.value += _MARGIN


protect_none()
