"""字号: 标准 / 大 / 特大 (100 / 125 / 150 %), applied to the whole program at once and remembered.

The program's font is the application font (``QApplication.setFont``); widgets never set fixed
pixel sizes, only sizes relative to their own font, so one call changes every window. The choice
is kept in QSettings (``view/font_scale``), per computer like the window layout.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget

SETTINGS_KEY = "view/font_scale"
SIZES: tuple[tuple[str, int], ...] = (("标准", 100), ("大", 125), ("特大", 150))
_BASE_PROPERTY = "lao_gan_bu_base_point_size"
_KEEPERS: set[QObject] = set()


def saved_scale(settings: QSettings) -> int:
    """The remembered 字号 in percent (100 when none or not one of SIZES)."""
    try:
        value = int(settings.value(SETTINGS_KEY, 100))
    except (TypeError, ValueError):
        return 100
    return value if value in dict((p, n) for n, p in SIZES) else 100


def base_point_size(app: QApplication) -> float:
    """The application font's size at 标准 (captured the first time it is asked)."""
    stored = app.property(_BASE_PROPERTY)
    if stored:
        return float(stored)
    size = app.font().pointSizeF()
    if size <= 0:
        size = 9.0
    app.setProperty(_BASE_PROPERTY, size)
    return size


def current_scale(app: QApplication | None = None) -> int:
    """The 字号 in effect, in percent."""
    app = app or QApplication.instance()
    base = base_point_size(app)
    return round(app.font().pointSizeF() / base * 100)


def apply_scale(percent: int, app: QApplication | None = None) -> None:
    """Set the whole program's font to ``percent`` of the 标准 size (open windows follow)."""
    app = app or QApplication.instance()
    base = base_point_size(app)
    font = QFont(app.font())
    font.setPointSizeF(base * percent / 100)
    app.setFont(font)
    # a widget under a style sheet keeps the font it was polished with; polishing it again
    # lets it (and the children that inherit from it) take the new size
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
    for keeper in list(_KEEPERS):  # widgets whose font is a multiple of the program's
        if shiboken6.isValid(keeper) and shiboken6.isValid(keeper.parent()):
            keeper.update(keeper.parent())
        else:
            _KEEPERS.discard(keeper)


def column_widths(roots: Iterable[QWidget]) -> list[tuple[QHeaderView, list[int]]]:
    """The pixel widths of every table column under ``roots`` that holds one (set by the
    program or dragged by the clerk), taken before a 字号 change."""
    from PySide6.QtCore import Qt  # not at import: the first paint goes without Qt's namespace

    keep = (QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Fixed)
    taken = []
    for root in roots:
        for header in root.findChildren(QHeaderView):
            if header.orientation() != Qt.Orientation.Horizontal:
                continue
            sizes = [
                header.sectionSize(i) if header.sectionResizeMode(i) in keep else -1
                for i in range(header.count())
            ]
            if header.stretchLastSection() and sizes:
                sizes[-1] = -1  # Stretch and ResizeToContents follow by themselves
            taken.append((header, sizes))
    return taken


def scale_column_widths(taken: list[tuple[QHeaderView, list[int]]], factor: float) -> None:
    """Give the columns of :func:`column_widths` their width times ``factor`` (after the change:
    scaled from the widths before it, never from what the new font's minimum made of them)."""
    for header, sizes in taken:
        if not shiboken6.isValid(header) or header.count() != len(sizes):
            continue
        for logical, size in enumerate(sizes):
            if size >= 0:
                header.resizeSection(logical, round(size * factor))


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """``widget``'s own font, ``factor`` times as large (a heading, a figure)."""
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


class _Relative(QObject):
    """Keeps a widget's font ``factor`` times the application font (apply_scale updates it)."""

    def __init__(self, widget: QWidget, factor: float, bold: bool) -> None:
        super().__init__(widget)
        self.factor = factor
        self.bold = bold
        _KEEPERS.add(self)
        self.destroyed.connect(lambda *_: _KEEPERS.discard(self))
        self.update(widget)

    def update(self, widget: QWidget) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(max(1.0, font.pointSizeF() * self.factor))
        font.setBold(self.bold)
        widget.setFont(font)


def set_relative_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Give ``widget`` a font ``factor`` times the program's font, following 字号 changes."""
    _Relative(widget, factor, bold)
