"""工具 → 操作日志…: the menu action (the viewer's module is loaded when it is first opened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ..main_window import MainWindow


def audit_log_action(window: MainWindow) -> QAction:
    """工具 → 操作日志…: who changed what when, with filters and export."""
    action = QAction("操作日志…", window)
    tip = "查看谁在何时修改了什么：按人员、操作员、类别和日期筛选，可导出 Excel"
    action.setStatusTip(tip)
    action.setToolTip(tip)

    def show() -> None:
        from .log_window import open_audit_log

        window.require_data()
        open_audit_log(window)

    action.triggered.connect(show)
    return action
