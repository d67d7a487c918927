"""Guard against a PySide6 6.12 reference-count bug on Python 3.11 (None, True, False).

On Python 3.11, PySide6 6.12.0 gives back one reference too few when a Python call returns
through it: every call of a void Qt method (``label.setText(...)``, ``wizard.next()``, …) drops
one reference of ``None``, and every Python override of a virtual returning bool (such as
``QWizardPage.isComplete``) drops one of ``True``/``False``. Python 3.12+ does not care (these
objects are immortal there), but on 3.11 the count reaches zero after some thousand calls and the
interpreter aborts ("Fatal Python error: bool_dealloc: deallocating True or False" /
"none_dealloc"), typically at exit or in a long session. ``install()`` gives the three singletons
a huge reference count once, which makes them as good as immortal, the way 3.12 does. It is a
no-op on Python 3.12+ and safe to call many times.
"""

from __future__ import annotations

import ctypes
import sys

_PADDING = 1 << 40
_installed = False


def install() -> None:
    """Make None, True and False effectively immortal on Python < 3.12 (once per process)."""
    global _installed
    if _installed or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _PADDING
    _installed = True
