"""Where the main window reaches labels: 工具 → 打印地址标签… and the roster's context menu.

From the menu the dialog gets the roster's current filter (or the selected people when more
than one row is selected); from the context menu, the selected people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ..common.before_paint import set_shortcut

if TYPE_CHECKING:
    from ...core.roster_filter import RosterFilter
    from ..main_window import MainWindow


def open_labels_dialog(
    parent: QWidget | None, flt: RosterFilter | None, person_ids: list[int] | None
) -> None:
    """Open the labels dialog (modal) for a filter or a list of people."""
    from .dialog import LabelsDialog

    today = getattr(parent.window(), "today", None) if parent is not None else None
    dialog = LabelsDialog(flt, person_ids, parent, day=today() if callable(today) else None)
    dialog.exec()


def labels_action(window: MainWindow) -> QAction:
    """工具 → 打印地址标签… for the people the roster shows (or the rows selected)."""
    action = QAction("打印地址标签和信封…", window)
    set_shortcut(action, "Ctrl+Shift+L")
    tip = "为花名册当前筛选出的人（或选中的几个人）打印地址标签或信封（Ctrl+Shift+L）"
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(lambda: open_labels_dialog(window, *window.roster_choice()))
    return action


def roster_labels_action(roster: QWidget) -> QAction:
    """The roster's context-menu action: labels for the selected people."""
    action = QAction("打印地址标签…", roster)
    action.setStatusTip("为所选人员打印地址标签或信封")
    action.triggered.connect(lambda: open_labels_dialog(roster, None, roster.selected_ids()))
    return action
