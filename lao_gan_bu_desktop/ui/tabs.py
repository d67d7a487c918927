"""The registry of main-window tabs and menu actions: a later feature adds itself with one line.

A tab factory takes the MainWindow and returns a QWidget. It is called when the tab is first
needed: the first tab before the window's first paint, the others in idle time right after it or
when selected, so code that needs another tab asks ``window.tab(key)`` (which builds it) rather
than reading ``window.tabs`` (the tabs built so far). The widget may define any of

* ``refresh()`` — reload after data changed anywhere (MainWindow.refresh calls it);
* ``save_state(settings)`` / ``restore_state(settings)`` — remember its layout in QSettings
  (restored when the tab is built);
* ``menu_actions()`` — actions for the window's menus, placed where they would be had every tab
  been built at once.

An action factory takes the MainWindow and returns a QAction to append to one of the menus
(文件, 编辑, 视图, 工具, 帮助). Example, in a feature's ui module::

    TABS.append(TabSpec("calendar", "走访日历", CalendarTab))
    MENU_ACTIONS.append(("文件", make_export_action))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from .main_window import MainWindow


@dataclass(frozen=True)
class TabSpec:
    """One tab: a stable key (for QSettings and code), its Chinese title and its factory."""

    key: str
    title: str
    factory: Callable[[MainWindow], QWidget]


def _home(window: MainWindow) -> QWidget:
    from .home.tab import HomeTab

    return HomeTab(window)


def _roster(window: MainWindow) -> QWidget:
    from .roster.tab import RosterTab

    return RosterTab(window)


def _calendar(window: MainWindow) -> QWidget:
    from .visits.calendar_tab import VisitsCalendarTab

    tab = VisitsCalendarTab(window, today=window.today)
    tab.visitsChanged.connect(window.refresh)  # other tabs follow; the change check knows it
    tab.window_refreshes = True
    return tab


def _aid(window: MainWindow) -> QWidget:
    from .aid.tab import AidTab

    tab = AidTab(window)
    tab.data_changed.connect(window.refresh)  # tiers and 首页 follow the cases
    return tab


def _imports(window: MainWindow) -> QWidget:
    from .importing.history import ImportHistoryTab, install_file_drop

    tab = ImportHistoryTab(window)
    tab.changed.connect(window.refresh)  # an import or an undo changes the roster
    install_file_drop(window, tab)  # files dropped on the window open the import wizard
    return tab


def _office(window: MainWindow) -> QWidget:
    from .office.tab import OfficeTab

    return OfficeTab(window)


def _party(window: MainWindow) -> QWidget:
    from .party.tab import PartyTab

    return PartyTab(window)


TABS: list[TabSpec] = [
    TabSpec("home", "首页", _home),
    TabSpec("roster", "花名册", _roster),
    TabSpec("calendar", "走访日历", _calendar),
    TabSpec("aid", "帮扶", _aid),
    TabSpec("office", "日常工作", _office),  # 一刊一报, 情况通报, 离退休办理
    TabSpec("party", "党组织", _party),  # 支部, 组织关系转接, 组织生活
    TabSpec("imports", "导入记录", _imports),
]

MENU_TITLES: tuple[str, ...] = ("文件", "编辑", "视图", "工具", "帮助")
MENU_ACTIONS: list[tuple[str, Callable[[MainWindow], QAction]]] = []


def _export_action(window: MainWindow) -> QAction:
    from .exporting.actions import make_export_action

    return make_export_action(window)


MENU_ACTIONS.append(("文件", _export_action))  # 文件 → 导出… (Ctrl+E), feature/export


def _labels(window: MainWindow) -> QAction:
    from .labels.menu import labels_action

    return labels_action(window)


MENU_ACTIONS.append(("工具", _labels))


def _audit_log(window: MainWindow) -> QAction:
    from .audit.actions import audit_log_action

    return audit_log_action(window)


MENU_ACTIONS.append(("工具", _audit_log))  # 工具 → 操作日志…, feature/operators


def _switch_operator(window: MainWindow) -> QAction:
    from .operators.actions import switch_operator_action

    return switch_operator_action(window)


MENU_ACTIONS.append(("工具", _switch_operator))  # 工具 → 切换操作员…, feature/operators
