"""The 日常工作 tab of the test's main window, shown."""

from __future__ import annotations

import pytest


@pytest.fixture
def office(window):
    tab = window.show_tab("office")
    assert window.tab_widget.tabText(window.tab_widget.currentIndex()) == "日常工作"
    return tab
