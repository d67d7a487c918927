"""工具 → 切换操作员…: another clerk takes over the window (the data hidden until chosen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ..main_window import MainWindow


def switch_operator_action(window: MainWindow) -> QAction:
    """工具 → 切换操作员…: ask who is working, as at start."""
    action = QAction("切换操作员…", window)
    tip = "换一位操作员继续工作（此后的修改记在新操作员名下）"
    action.setStatusTip(tip)
    action.setToolTip(tip)

    def switch() -> None:
        window.require_data()
        window.operator_gate().sign_in_again()

    action.triggered.connect(switch)
    return action
