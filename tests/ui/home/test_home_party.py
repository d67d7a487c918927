"""首页's 党组织 card: the figures of services/party_home on the demo zone, and each card opens
what it counts (花名册 filtered to party members, or the 党组织 page that lists them, with the
连续未参加 list in front)."""

from __future__ import annotations

from lao_gan_bu_desktop.core.roster_filter import PARTY_MEMBERS
from lao_gan_bu_desktop.services.party_home import party_home_figures
from tests.conftest import FIXED_TODAY
from tests.ui.conftest import wait_for_home


def test_the_party_card_shows_the_figures_and_opens_them(window, qtbot) -> None:
    home = wait_for_home(qtbot, window)
    card = home.party_card
    assert card.isVisible()
    f = party_home_figures(FIXED_TODAY)
    shown = {key: int(c.number.text()) for key, c in card.figures.items()}
    assert shown == {
        "branches": f["branches"],
        "members": f["party_members"],
        "meetings": f["meetings_this_year"],
        "missed": f["missed"],
        "transfers": f["transfers_under_way"],
    }
    assert f"单建 {f['branches_by_kind']['单建']}" in card.figures["branches"].caption.text()
    # the roster's own 中共党员 card says the same number
    assert home.cards["party"].number.text() == str(f["party_members"])

    qtbot.waitUntil(window.all_tabs_built, timeout=10000)
    card.figures["missed"].click()
    party = window.tabs["party"]
    assert window.tab_widget.currentWidget() is party
    assert party.pages.currentWidget() is party.meetings
    assert party.meetings.lower.currentIndex() == 0
    assert party.meetings.missed_model.rowCount() == f["missed"]
    card.figures["transfers"].click()
    assert party.pages.currentWidget() is party.transfers
    card.figures["branches"].click()
    assert party.pages.currentWidget() is party.branches
    card.figures["members"].click()
    roster = window.tabs["roster"]
    assert window.tab_widget.currentWidget() is roster
    assert roster.filter_bar.current_filter().political_status == PARTY_MEMBERS
