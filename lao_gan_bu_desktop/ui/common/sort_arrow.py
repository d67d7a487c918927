"""Heading sort arrows that point the way the rows run: ▲ when they run from small to large,
▼ when from large to small (newest first).

Qt draws them the other way round (an ascending column gets the "down" arrow), which a clerk
read as "oldest first" above a list of the newest activities. Only the headings get this
style, so the cells are painted by Qt's own style at full speed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
)

_FLIPPED = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class SortArrowStyle(QProxyStyle):
    """The application's style, with the heading sort arrow turned round."""

    def drawPrimitive(self, element, option: QStyleOption, painter, widget=None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            option = QStyleOptionHeader(option)
            option.sortIndicator = _FLIPPED.get(option.sortIndicator, option.sortIndicator)
        super().drawPrimitive(element, option, painter, widget)


_style: SortArrowStyle | None = None


def arrows_follow_order(header: QHeaderView) -> None:
    """Give ``header`` the arrow that points the way its rows run (one style for all)."""
    global _style
    if _style is None:
        _style = SortArrowStyle()
        _style.setParent(QApplication.instance())  # lives as long as the application
    header.setStyle(_style)
