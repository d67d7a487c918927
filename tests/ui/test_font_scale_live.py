"""字号 changed while the program runs reaches every tab at once: the text under style sheets
(首页's cards and lists) and every table's column widths, not only the roster's."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.ui.common import font_size
from tests.ui.conftest import wait_for_home


@pytest.fixture
def back_to_standard(window):
    """The application font is process-wide: every test leaves it at 标准."""
    yield window
    font_size.apply_scale(100)


def test_larger_type_reaches_home_text_and_every_table(qtbot, back_to_standard):
    window = back_to_standard
    home = wait_for_home(qtbot, window)
    roster = window.show_tab("roster")
    roster.ensure_loaded()
    office = window.show_tab("office")
    aid = window.show_tab("aid")
    window.show_tab("home")
    subscriptions = office.subscriptions.view.horizontalHeader()
    cases = aid.table.horizontalHeader()
    name_before = subscriptions.sectionSize(0)
    unit_before = cases.sectionSize(3)
    columns = roster.view.horizontalHeader()
    roster_before = [columns.sectionSize(i) for i in range(columns.count())]
    base = QApplication.font().pointSizeF()
    tree_before = home.reminders.tree.font().pointSizeF()
    paragraph_before = home.paragraph.font().pointSizeF()

    window.set_font_scale(150)

    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5)
    # the work list sits in a card with a style sheet; the paragraph has one of its own
    assert home.reminders.tree.font().pointSizeF() == pytest.approx(tree_before * 1.5)
    assert home.paragraph.font().pointSizeF() == pytest.approx(paragraph_before * 1.5)
    qtbot.waitUntil(lambda: subscriptions.sectionSize(0) != name_before)  # after the font
    assert subscriptions.sectionSize(0) == pytest.approx(name_before * 1.5, abs=1)
    assert cases.sectionSize(3) == pytest.approx(unit_before * 1.5, abs=1)

    window.set_font_scale(100)
    assert home.reminders.tree.font().pointSizeF() == pytest.approx(tree_before)
    qtbot.waitUntil(lambda: subscriptions.sectionSize(0) == pytest.approx(name_before, abs=1))
    # back at 标准 every roster column is as wide as before, narrow ones too (性别 kept the
    # larger type's minimum width when it was scaled before the header took the new font)
    assert [columns.sectionSize(i) for i in range(columns.count())] == roster_before
