"""Giving an action its keyboard shortcut without loading Qt's ``Qt`` enum namespace.

``QAction.setShortcut``'s overload resolution loads all of ``Qt``'s enums (93 of them, about
10 ms), while ``setShortcuts([...])`` does not. The menus are made before the window's first
paint, which needs nothing from that namespace, so their actions take their shortcuts here.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def set_shortcut(action: QAction, key: QKeySequence | QKeySequence.StandardKey | str) -> None:
    """Give ``action`` the shortcut ``key`` (as ``action.setShortcut`` would)."""
    action.setShortcuts([key if isinstance(key, QKeySequence) else QKeySequence(key)])
