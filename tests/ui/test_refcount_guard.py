"""The PySide6 6.12 / Python 3.11 reference-count guard keeps None, True and False alive."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QWizard, QWizardPage

from lao_gan_bu_desktop.ui.refcount_guard import install


class _Page(QWizardPage):
    def isComplete(self) -> bool:
        return True


def test_many_qt_calls_leave_the_singletons_alive(qtbot) -> None:
    install()
    install()  # idempotent
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = _Page()
    wizard.addPage(page)
    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(3000):  # without the guard, True (≈600 references) would be freed
        page.completeChanged.emit()
        label.setText("x")
    if sys.version_info < (3, 12):
        assert sys.getrefcount(True) > 1 << 39
        assert sys.getrefcount(None) > 1 << 39
