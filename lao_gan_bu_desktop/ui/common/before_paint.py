"""Qt for code that runs before the window's first paint, without Qt's ``Qt`` enum namespace.

Touching ``PySide6.QtCore.Qt`` creates all of its 93 enums at once (about 10 ms), and the first
paint needs none of them; tests/ui/test_app.py checks that it stays unloaded until then.
``QAction.setShortcut``'s overload resolution loads it, ``setShortcuts([...])`` does not; and the
item data role is a plain int.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

USER_ROLE = 256  # Qt.ItemDataRole.UserRole


def set_shortcut(action: QAction, key: QKeySequence | QKeySequence.StandardKey | str) -> None:
    """Give ``action`` the shortcut ``key`` (as ``action.setShortcut`` would)."""
    action.setShortcuts([key if isinstance(key, QKeySequence) else QKeySequence(key)])
