"""The main window's 文件 → 导出… action (Ctrl+E): opens the export wizard on the roster's filter.

Registered with one line in ui.tabs: ``MENU_ACTIONS.append(("文件", make_export_action))``.
The action asks the window for the 花名册 tab's current filter and sort (when there is one) and
for the window's day, so that the export holds exactly the people the clerk is looking at.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ...core import clock
from ...core.roster_filter import RosterFilter
from ..common.before_paint import set_shortcut

if TYPE_CHECKING:  # the wizard pulls in the writers (openpyxl, reportlab): load it on first use
    from .wizard import ExportWizard

log = logging.getLogger(__name__)


def current_roster_filter(window: Any) -> RosterFilter | None:
    """The filter of the window's 花名册 tab, or None when it has none to offer."""
    bar = getattr(_roster_tab(window), "filter_bar", None)
    try:
        flt = bar.current_filter() if bar is not None else None
    except Exception:  # the roster tab is another feature's; never block the export
        log.exception("读取花名册筛选条件失败")
        return None
    return flt if isinstance(flt, RosterFilter) else None


def _roster_tab(window: Any) -> Any:
    tab = getattr(window, "tab", None)
    if callable(tab):  # the main window builds the roster tab if it is not built yet
        try:
            return tab("roster")
        except Exception:
            log.exception("打开花名册失败")
            return None
    tabs = getattr(window, "tabs", None)
    return tabs.get("roster") if isinstance(tabs, dict) else None


def roster_selection(window: Any) -> tuple[int, ...]:
    """Ids of the people selected in the 花名册 tab (empty when none or unknown)."""
    try:
        return tuple(_roster_tab(window).selected_ids())
    except Exception:
        return ()


def roster_order(window: Any) -> tuple[str, bool]:
    """The 花名册 tab's sort (key, descending), default by name."""
    try:
        key, descending = _roster_tab(window).model.order
        return str(key), bool(descending)
    except Exception:
        return "name", False


def window_day(window: Any) -> _dt.date:
    today = getattr(window, "today", None)
    if callable(today):
        value = today()
        if isinstance(value, _dt.date):
            return value
    return clock.today()


def open_export_wizard_for(window: QWidget, kind: str = "roster") -> ExportWizard:
    """Open the wizard (non-modal) for the window's current roster filter."""
    from .wizard import ExportWizard

    wizard = ExportWizard(
        current_roster_filter(window),
        window,
        day=window_day(window),
        kind=kind,
        selected_ids=roster_selection(window),
        order=roster_order(window),
    )
    from PySide6.QtCore import Qt

    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    refresh = getattr(window, "show_status", None)
    if callable(refresh):
        wizard.exportFinished.connect(lambda result: refresh(result.summary))
    wizard.show()
    window._export_wizard = wizard  # keep a reference while it is open
    return wizard


def make_export_action(window: QWidget) -> QAction:
    """文件 → 导出…"""
    action = QAction("导出…", window)
    action.setObjectName("action_export")
    set_shortcut(action, "Ctrl+E")
    action.setStatusTip("导出花名册、统计报表、单位核对表或通讯录")
    action.triggered.connect(lambda _=False: open_export_wizard_for(window))
    return action
