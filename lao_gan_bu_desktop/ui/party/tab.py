"""The 党组织 tab: the retirees' party branches (支部), transfers of a member's organisation
relation (组织关系转接) and organisation life (组织生活: meetings, attendance, 送学上门) on three
pages; Alt+1…3 switch pages (Ctrl+1… are the window's tabs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..office import common
from .branches_page import BranchesPage
from .meetings_page import MeetingsPage
from .transfers_page import TransfersPage

if TYPE_CHECKING:
    from ..main_window import MainWindow

PAGES = ("支部", "组织关系转接", "组织生活")


class PartyTab(common.PagedTab):
    """党组织: 支部, 组织关系转接, 组织生活."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.setObjectName("party_tab")
        self.branches = BranchesPage(window.today, self.changed, self.open_person, self)
        self.transfers = TransfersPage(window.today, self.changed, self)
        self.meetings = MeetingsPage(window.today, self.changed, self.open_person, self)
        self.set_pages(PAGES, (self.branches, self.transfers, self.meetings))
        self.refresh()

    def changed(self) -> None:
        """A page changed party data: every tab reloads (首页's figures, the roster's 党支部)."""
        self.main_window.refresh()

    def open_person(self, person_id: int) -> QWidget | None:
        """The person dialog of ``person_id`` on its 党组织 page."""
        dialog = self.main_window.tab("roster").open_person(person_id)
        tabs = getattr(dialog, "tabs", None)
        if tabs is not None:
            for i in range(tabs.count()):
                if tabs.tabText(i) == "党组织":
                    tabs.setCurrentIndex(i)
        return dialog
