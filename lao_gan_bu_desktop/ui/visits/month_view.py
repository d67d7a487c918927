"""The month grid of the visit calendar: a custom-painted six-week grid, Monday first.

Each cell shows the Gregorian day, the lunar day (初一 shows the month, 正月 / 闰六月), a
festival or official day off, and the counts of planned (计) / done (完) visits, birthdays (寿)
overdue (逾期) items and due items (应访). Today has a blue frame; a day with overdue items a red
corner and a red 逾期 line.
Click selects a day, double-click or Enter opens it; arrow keys and PageUp/PageDown move.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core import clock
from ...services.calendar_view import DayInfo, grid_days, names_text

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
HEADER_HEIGHT = 26

COLOR_TEXT = QColor("#202020")
COLOR_MUTED = QColor("#a0a0a0")
COLOR_WEEKEND = QColor("#c62828")
COLOR_LUNAR = QColor("#707070")
COLOR_FESTIVAL = QColor("#c62828")
COLOR_DAY_OFF = QColor("#2e7d32")
COLOR_TODAY = QColor("#1565c0")
COLOR_SELECTED = QColor("#e3f2fd")
COLOR_OVERDUE = QColor("#d32f2f")
COLOR_GRID = QColor("#d0d0d0")
COLOR_HEADER = QColor("#f3f3f3")
COLOR_PLANNED = QColor("#ef6c00")
COLOR_DONE = QColor("#2e7d32")
COLOR_BIRTHDAY = QColor("#ad1457")
COLOR_DUE = QColor("#6a1b9a")


def fit_lines(metrics: QFontMetrics, text: str, width: int, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines no wider than ``width`` (at any character:
    the names are Chinese), the last one ending in … when some of it does not fit."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines:
        if len(lines) == max_lines - 1 or metrics.horizontalAdvance(rest) <= width:
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        cut = 1
        while cut < len(rest) and metrics.horizontalAdvance(rest[: cut + 1]) <= width:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def month_shift(month: _dt.date, delta: int) -> _dt.date:
    """The first of the month ``delta`` months after ``month`` (before it when negative)."""
    index = month.year * 12 + month.month - 1 + delta
    return _dt.date(index // 12, index % 12 + 1, 1)


class MonthView(QWidget):
    """A month of :class:`DayInfo` cells."""

    daySelected = Signal(object)  # datetime.date
    dayActivated = Signal(object)  # datetime.date
    monthChangeRequested = Signal(int)  # -1 / +1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 420)
        self.setAccessibleName("走访月历")
        self._month = clock.today().replace(day=1)
        self._today = clock.today()
        self._selected = self._today
        self._days = grid_days(self._month)
        self._infos: dict[_dt.date, DayInfo] = {}
        self._last_press: tuple[int, QPointF, _dt.date | None] | None = None

    # ------------------------------------------------------------ data

    def set_month(
        self,
        month: _dt.date,
        infos: dict[_dt.date, DayInfo],
        *,
        today: _dt.date,
        selected: _dt.date | None = None,
    ) -> None:
        self._month = month.replace(day=1)
        self._today = today
        self._days = grid_days(self._month)
        self._infos = infos
        if selected is not None:
            self._selected = selected
        self.update()

    def refresh_infos(self, infos: dict[_dt.date, DayInfo]) -> None:
        self._infos = infos
        self.update()

    @property
    def month(self) -> _dt.date:
        return self._month

    @property
    def selected(self) -> _dt.date:
        return self._selected

    def info(self, day: _dt.date) -> DayInfo | None:
        return self._infos.get(day)

    def select(self, day: _dt.date) -> None:
        if day not in self._days:
            self.monthChangeRequested.emit(1 if day > self._days[-1] else -1)
        self._selected = day
        self.update()
        self.daySelected.emit(day)

    # ------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:
        return QSize(840, 620)

    def _cell_rect(self, index: int) -> QRect:
        w = self.width() / 7
        h = (self.height() - HEADER_HEIGHT) / 6
        row, col = divmod(index, 7)
        x0, y0 = round(col * w), round(HEADER_HEIGHT + row * h)
        return QRect(x0, y0, round((col + 1) * w) - x0, round(HEADER_HEIGHT + (row + 1) * h) - y0)

    def day_at(self, pos: QPoint) -> _dt.date | None:
        if pos.y() < HEADER_HEIGHT:
            return None
        col = int(pos.x() / (self.width() / 7))
        row = int((pos.y() - HEADER_HEIGHT) / ((self.height() - HEADER_HEIGHT) / 6))
        if 0 <= col < 7 and 0 <= row < 6:
            return self._days[row * 7 + col]
        return None

    def cell_center(self, day: _dt.date) -> QPoint:
        return self._cell_rect(self._days.index(day)).center()

    # ------------------------------------------------------------ painting

    @staticmethod
    def _draw_lines(p: QPainter, text: str, inner: QRect, y: int, small: int) -> int:
        """Up to two whole lines of ``text`` from ``y`` that stay inside the cell (a line that
        would spill into the next week's row is cut short with …); the y below them."""
        room = max(1, min(2, (inner.bottom() + 2 - y) // small))
        for line in fit_lines(p.fontMetrics(), text, inner.width(), room):
            p.drawText(
                QRect(inner.left(), y, inner.width(), small), Qt.AlignmentFlag.AlignLeft, line
            )
            y += small
        return y

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        w = self.width() / 7
        p.fillRect(QRect(0, 0, self.width(), HEADER_HEIGHT), COLOR_HEADER)
        for col, name in enumerate(WEEKDAYS):
            p.setPen(COLOR_WEEKEND if col >= 5 else COLOR_TEXT)
            p.drawText(
                QRect(round(col * w), 0, round(w), HEADER_HEIGHT),
                Qt.AlignmentFlag.AlignCenter,
                "星期" + name,
            )
        for index, day in enumerate(self._days):
            self._paint_cell(p, self._cell_rect(index), day)
        p.end()

    def _paint_cell(self, p: QPainter, rect: QRect, day: _dt.date) -> None:
        info = self._infos.get(day)
        in_month = day.month == self._month.month
        if day == self._selected:
            p.fillRect(rect, COLOR_SELECTED)
        p.setPen(QPen(COLOR_GRID, 1))
        p.drawRect(rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(5, 3, -5, -3)
        overdue = info is not None and (info.overdue or info.due_overdue)
        # Gregorian day, big; red at weekends and festivals, grey outside the month.
        if not in_month:
            color = COLOR_MUTED
        elif (day.weekday() >= 5 and not (info and info.work_shift)) or (
            info and (info.festivals or info.day_off)
        ):
            color = COLOR_WEEKEND
        else:
            color = COLOR_TEXT
        # readable type that follows 字号: the counts in the widget's own size, the day larger
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.3)
        big.setBold(True)
        p.setFont(big)
        p.setPen(color)
        line = p.fontMetrics().height()
        p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day))
        p.setFont(self.font())
        small = p.fontMetrics().height()
        if info is not None:
            # Lunar day (or festival) on the right of the number.
            label, label_color = info.lunar, COLOR_LUNAR
            if info.festivals:
                label, label_color = "、".join(info.festivals), COLOR_FESTIVAL
            p.setPen(label_color if in_month else COLOR_MUTED)
            p.drawText(
                inner.adjusted(0, (line - small) // 2, 0, 0),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                label,
            )
            y = inner.top() + line + 1
            if (info.day_off or info.work_shift) and in_month:
                p.setPen(COLOR_DAY_OFF if info.day_off else COLOR_TEXT)
                p.drawText(
                    QRect(inner.left(), y, inner.width(), small),
                    Qt.AlignmentFlag.AlignRight,
                    "休" if info.day_off else "班",
                )
            if info.festivals and info.lunar:
                p.setPen(COLOR_LUNAR if in_month else COLOR_MUTED)
                p.drawText(
                    QRect(inner.left(), y, inner.width(), small),
                    Qt.AlignmentFlag.AlignLeft,
                    info.lunar,
                )
                y += small
            if info.names:
                # who is visited, in the program's type: up to three names, then 等 N 人
                tone = COLOR_OVERDUE if info.overdue else COLOR_PLANNED
                if info.done and not info.planned:
                    tone = COLOR_DONE
                p.setPen(tone if in_month else COLOR_MUTED)
                y = self._draw_lines(p, names_text(info.names, info.people), inner, y, small)
            for text, value, tone, who in (
                ("逾期", (0 if info.names else info.overdue) + info.due_overdue, COLOR_OVERDUE, []),
                ("计划", 0 if info.names else info.planned - info.overdue, COLOR_PLANNED, []),
                ("完成", 0 if info.names else info.done, COLOR_DONE, []),
                ("生日", info.birthdays, COLOR_BIRTHDAY, info.birthday_names),
                ("应访", info.due - info.due_overdue, COLOR_DUE, info.due_names),
            ):
                if not value or y + small > inner.bottom() + 2:
                    continue
                p.setPen(tone if in_month else COLOR_MUTED)
                if who:
                    # the people by name, like the visits above: up to three, then 等 N 人
                    line_text = f"{text}：{names_text(who, max(value, len(who)))}"
                    y = self._draw_lines(p, line_text, inner, y, small)
                else:
                    p.drawText(
                        QRect(inner.left(), y, inner.width(), small),
                        Qt.AlignmentFlag.AlignLeft,
                        f"{text} {value}",
                    )
                    y += small
        if overdue and in_month:
            corner = 12
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(COLOR_OVERDUE)
            tri = [
                QPoint(rect.right() - corner, rect.bottom()),
                QPoint(rect.right(), rect.bottom()),
                QPoint(rect.right(), rect.bottom() - corner),
            ]
            p.drawPolygon(tri)
            p.setBrush(Qt.BrushStyle.NoBrush)
        if day == self._today:
            p.setPen(QPen(COLOR_TODAY, 3))
            p.drawRect(rect.adjusted(2, 2, -3, -3))

    # ------------------------------------------------------------ input

    def _day_pressed(self, event: QMouseEvent) -> _dt.date | None:
        """The day a press means. The second press of a double-click means the first one's day:
        a click on a greyed day of the next month shows that month, which puts another day
        under the pointer (a double-click on 12月2日 in November's grid opened 1月6日)."""
        last = self._last_press
        hints = QGuiApplication.styleHints()
        if (
            last is not None
            and event.timestamp() - last[0] <= hints.mouseDoubleClickInterval()
            and (event.globalPosition() - last[1]).manhattanLength()
            <= hints.mouseDoubleClickDistance()
        ):
            return last[2]
        return self.day_at(event.position().toPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self._day_pressed(event)
        self._last_press = (event.timestamp(), event.globalPosition(), day)
        if day is not None:
            self.select(day)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self._day_pressed(event)
        if day is not None:
            self.dayActivated.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        key = event.key()
        if key in steps:
            self.select(self._selected + _dt.timedelta(days=steps[key]))
        elif key == Qt.Key.Key_PageUp:
            self.monthChangeRequested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.monthChangeRequested.emit(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dayActivated.emit(self._selected)
        else:
            super().keyPressEvent(event)
