"""A drawn label sheet: the paper, each label at scale, the used ones grey, the start marked.

Clicking a label makes it the start position (for a part-used sheet); the label under the mouse
is highlighted. The same widget shows a template being edited, live.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.label_layout import LabelTemplate, label_rect, template_problems


class SheetView(QWidget):
    """Shows ``template`` on its paper; emits ``startChanged(position)`` when a label is clicked."""

    startChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, clickable: bool = True) -> None:
        super().__init__(parent)
        self._template: LabelTemplate | None = None
        self._start = 1
        self._hover = 0
        self._clickable = clickable
        self.setMouseTracking(True)
        self.setMinimumSize(180, 250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("点击一枚标签，从这里开始打印（前面的已经用过）" if clickable else "")

    def sizeHint(self) -> QSize:
        return QSize(240, 330)

    def set_template(self, template: LabelTemplate | None) -> None:
        self._template = template
        if template is not None and self._start > template.per_sheet:
            self._start = 1
        self.update()

    def template(self) -> LabelTemplate | None:
        return self._template

    def start(self) -> int:
        return self._start

    def set_start(self, position: int) -> None:
        if self._template is None or not 1 <= position <= self._template.per_sheet:
            return
        if position != self._start:
            self._start = position
            self.update()
            self.startChanged.emit(position)

    # geometry ---------------------------------------------------------------------------
    def _scale(self) -> tuple[float, QPointF]:
        t = self._template
        assert t is not None
        margin = 8
        scale = min(
            (self.width() - 2 * margin) / t.paper_width,
            (self.height() - 2 * margin) / t.paper_height,
        )
        ox = (self.width() - t.paper_width * scale) / 2
        oy = (self.height() - t.paper_height * scale) / 2
        return scale, QPointF(ox, oy)

    def cell_rect(self, position: int) -> QRectF:
        """Where label ``position`` is drawn, in widget pixels."""
        t = self._template
        assert t is not None
        scale, origin = self._scale()
        r = label_rect(t, position)
        return QRectF(
            origin.x() + r.x * scale, origin.y() + r.y * scale, r.width * scale, r.height * scale
        )

    def position_at(self, point: QPointF) -> int:
        """The label under ``point`` (0 when none)."""
        t = self._template
        if t is None:
            return 0
        for pos in range(1, t.per_sheet + 1):
            if self.cell_rect(pos).contains(point):
                return pos
        return 0

    # events -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            pos = self.position_at(event.position())
            if pos:
                self.set_start(pos)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = self.position_at(event.position()) if self._clickable else 0
        if pos != self._hover:
            self._hover = pos
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover = 0
        self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().window())
        t = self._template
        if t is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "请选择标签纸")
            return
        scale, origin = self._scale()
        paper = QRectF(origin.x(), origin.y(), t.paper_width * scale, t.paper_height * scale)
        painter.fillRect(paper.translated(2, 2), QColor(0, 0, 0, 40))
        painter.fillRect(paper, QColor("white"))
        painter.setPen(QPen(QColor(120, 120, 120), 1))
        painter.drawRect(paper)
        problems = bool(template_problems(t))
        font = QFont(self.font())
        font.setPointSizeF(max(5.0, min(9.0, t.height * scale / 3.2)))
        painter.setFont(font)
        radius = t.radius * scale
        for pos in range(1, min(t.per_sheet, 2000) + 1):
            cell = self.cell_rect(pos)
            if self._clickable and pos < self._start:
                fill = QColor(215, 215, 215)  # already used on this sheet
            elif self._clickable and pos == self._start:
                fill = QColor(255, 214, 102)
            elif pos == self._hover:
                fill = QColor(220, 235, 255)
            else:
                fill = QColor(250, 252, 255)
            painter.setBrush(fill)
            edge = QColor(200, 40, 40) if problems else QColor(70, 110, 170)
            painter.setPen(QPen(edge, 1))
            painter.drawRoundedRect(cell, radius, radius)
            if self._clickable and cell.height() > 9:
                painter.setPen(QColor(90, 90, 90) if pos >= self._start else QColor(150, 150, 150))
                text = "起" if pos == self._start else str(pos)
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
