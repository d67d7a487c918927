"""At 特大 on a 1366×768 screen (a maximised window of about 1366×705) every tab and every page
of a tab shows its buttons and drop-downs whole: none is squeezed below the width its text needs.

(The calendar's toolbar once pushed 导出走访台账… off the screen and cut 12月 to 12…)"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QTabWidget, QWidget

from lao_gan_bu_desktop.ui.common import font_size
from lao_gan_bu_desktop.ui.tabs import TABS


def _squeezed(page: QWidget) -> list[str]:
    found = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QAbstractButton, QComboBox)):
            continue
        if widget.width() + 1 < widget.sizeHint().width():
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.currentText()
            found.append(
                f"{text or widget.objectName()}（{widget.width()} < {widget.sizeHint().width()}）"
            )
    return found


@pytest.fixture
def large_type(window):
    font_size.apply_scale(150)
    yield window
    font_size.apply_scale(100)


def test_every_tab_fits_1366_at_the_largest_type(qtbot, large_type) -> None:
    window = large_type
    window.setMinimumSize(0, 0)
    window.resize(1366, 705)
    problems = []
    for spec in TABS:
        tab = window.show_tab(spec.key)
        if spec.key == "calendar":  # its widest state: a year whose days off are not known
            tab.year_spin.setValue(2035)
            assert tab.holiday_note.isVisible()
        _settle()
        problems += [f"{spec.title}：{what}" for what in _squeezed(tab)]
        for inner in tab.findChildren(QTabWidget):
            for index in range(inner.count()):
                inner.setCurrentIndex(index)
                _settle()
                title = f"{spec.title} → {inner.tabText(index)}"
                problems += [f"{title}：{what}" for what in _squeezed(inner.widget(index))]
    assert not problems, "特大字号下显示不全：" + "；".join(problems)


def _settle() -> None:
    """Let the layouts of what was just shown run (they are posted events)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()
