"""Helpers for the tests of the 日常工作 and 党组织 pages (both built on ui/office/common): the
rows a table shows, selecting rows by id, and every visible button of a page on the window
and as wide as its text."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from lao_gan_bu_desktop.ui.office import common


def shown_rows(view: QTableView) -> list[dict]:
    """The rows (dicts) of a common.make_table view, in the order shown."""
    proxy = view.model()
    source = proxy.sourceModel()
    return [
        source.rows[proxy.mapToSource(proxy.index(r, 0)).row()] for r in range(proxy.rowCount())
    ]


def select_ids(view: QTableView, ids: list[int]) -> None:
    """Select the rows of ``ids`` (the last of them current), as a clerk's clicks would."""
    proxy = view.model()
    view.clearSelection()
    flags = view.selectionModel().SelectionFlag
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data(common.ID_ROLE) in ids:
            view.selectionModel().setCurrentIndex(proxy.index(r, 0), flags.NoUpdate)
            view.selectionModel().select(proxy.index(r, 0), flags.Select | flags.Rows)


def assert_buttons_fit(window: QWidget, page: QWidget, title: str) -> None:
    """Every button ``page`` shows lies inside ``window`` and is as wide as its text."""
    for button in page.findChildren(QPushButton):
        if not button.isVisibleTo(page):
            continue
        corner = button.mapTo(window, QPoint(button.width(), button.height()))
        assert corner.x() <= window.width() and corner.y() <= window.height(), (
            title,
            button.text(),
        )
        assert button.width() >= button.sizeHint().width() - 2, (title, button.text())
