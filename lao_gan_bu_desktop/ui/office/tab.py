"""The 日常工作 tab: the office's routines through the year on its pages — 一刊一报,
情况通报, 离退休办理, 活动, 服务团队 and 单位. One tab rather than six keeps the tab bar short at
1366 wide (党组织 has its own); Alt+1…6 switch pages (Ctrl+1… are
the window's tabs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from . import common
from .activities_page import ActivitiesPage
from .notices_page import NoticesPage
from .retirees_page import RetireesPage
from .subscriptions_page import SubscriptionsPage
from .teams_page import TeamsPage
from .units_page import UnitsPage

if TYPE_CHECKING:
    from ..main_window import MainWindow

PAGES = ("一刊一报", "情况通报", "离退休办理", "活动", "服务团队", "单位")


class OfficeTab(common.PagedTab):
    """日常工作: 一刊一报, 情况通报, 离退休办理, 活动, 服务团队, 单位."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.setObjectName("office_tab")
        self.subscriptions = SubscriptionsPage(window.today, self)
        self.notices = NoticesPage(window.today, self)
        self.retirees = RetireesPage(window.today, self.open_person, self)
        self.activities = ActivitiesPage(window.today, self)
        self.teams = TeamsPage(window.today, self)
        self.units = UnitsPage(window.today, window.refresh, self)
        pages = (
            self.subscriptions,
            self.notices,
            self.retirees,
            self.activities,
            self.teams,
            self.units,
        )
        self.set_pages(PAGES, pages)
        self.refresh()

    def open_person(self, person_id: int | None, page: str = "") -> QWidget | None:
        """The person dialog (a new person when None) on ``page``; a new person saved from here
        gets the 离退休办理 checklist."""
        roster = self.main_window.tab("roster")
        if person_id is None:
            dialog = roster.open_person(None)
            if dialog is not None:
                dialog.saved.connect(self._new_retiree_saved)
            return dialog
        dialog = roster.open_person(person_id)
        if dialog is not None and page in getattr(dialog, "feature_pages", {}):
            dialog.tabs.setCurrentWidget(dialog.feature_pages[page])
        return dialog

    def _new_retiree_saved(self, person_id: int) -> None:
        from ...services import new_retirees

        if not new_retirees.has_checklist(person_id):
            common.guarded(self, "无法建立清单", new_retirees.start_checklist, person_id)
        self.retirees.refresh()
        self.main_window.refresh()
