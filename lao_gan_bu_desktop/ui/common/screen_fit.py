"""Windows that fit the office screen: 1366×768 (about 728 px of height for a dialog above the
taskbar) and 1920×1080 at 150 % (1280×680).

``fit_to_screen(window)`` gives a dialog or wizard its natural size, but never more than the
available geometry of its screen (less a title bar), so that its button row stays on screen; the
dialogs themselves keep their minimum sizes small (scroll areas inside, buttons outside them).
``clamp_main_window(window)`` does the same for a restored main window geometry.
``fit_problems(window, available)`` lists what a person would not see (the screen-fit test).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QFrame,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
    QWizard,
)

TITLE_BAR = 32  # height a window manager adds above the frame (Windows 10 at 100 %)


def available_geometry(widget: QWidget) -> QRect:
    """Where a window of ``widget`` may go: its screen's available geometry."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


class FittingScrollArea(QScrollArea):
    """A frameless scroll area that asks for its content's whole size (the window is then bounded
    by the screen, and the content scrolls only when it must)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar + 2, hint.height() + 2)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar + 2, min(120, super().minimumSizeHint().height() or 120))


def fit_to_screen(window: QWidget, width: int = 0, height: int = 0) -> None:
    """Resize ``window`` to ``width``×``height`` (else its size hint), bounded by its screen (a
    title bar and the frame included), never below its minimum size. The sizes given are for
    标准 字号 and grow with a larger one (the text, and a tab bar's titles, need the room)."""
    from .font_size import current_scale

    area = available_geometry(window)
    wanted = window.sizeHint().expandedTo(window.minimumSizeHint())
    factor = max(1.0, current_scale() / 100)
    if width:
        wanted.setWidth(max(wanted.width(), round(width * factor)))
    if height:
        wanted.setHeight(max(wanted.height(), round(height * factor)))
    limit = QSize(area.width() - 16, area.height() - TITLE_BAR - 8)
    window.resize(wanted.boundedTo(limit).expandedTo(window.minimumSize()))


def clamp_main_window(window: QWidget) -> None:
    """Keep a restored main window inside its screen's available geometry."""
    area = available_geometry(window)
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h - TITLE_BAR)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() - width - extra_w + 1)
    y = min(max(window.y(), area.top()), area.bottom() - height - extra_h + 1)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def _inside_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QAbstractScrollArea, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def _clipped(widget: QWidget, top: QWidget) -> bool:
    """True when part of ``widget`` lies outside an ancestor's rectangle (cut off)."""
    rect = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        area = QRect(parent.mapTo(top, parent.rect().topLeft()), parent.size())
        if not area.contains(rect):
            return True
        if parent is top:
            break
        parent = parent.parentWidget()
    return False


def window_buttons(window: QWidget) -> list[QAbstractButton]:
    """The visible buttons of ``window`` outside scroll areas (its button row and the like)."""
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisible()
        and b.window() is window
        and not isinstance(b.parentWidget(), QTabBar)
        and not _inside_scroll_area(b, window)
    ]
    if isinstance(window, QWizard):
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            button = window.button(which)
            if button is not None and button.isVisible() and button not in buttons:
                buttons.append(button)
    return buttons


def fit_problems(window: QWidget, available: QRect) -> list[str]:
    """What does not fit when ``window`` is shown on a screen whose available area is
    ``available``: its frame (with a title bar) outside it, a button cut off, no button outside
    a scroll area. Empty when everything can be seen."""
    problems: list[str] = []
    frame = window.frameGeometry()
    bar = 0 if window.isMaximized() else TITLE_BAR  # a maximised frame holds its title bar
    outer = QRect(frame.left(), frame.top() - bar, frame.width(), frame.height() + bar)
    if outer.width() > available.width() or outer.height() > available.height():
        problems.append(
            f"窗口（连标题栏）{outer.width()}×{outer.height()} 大于屏幕可用区域 "
            f"{available.width()}×{available.height()}（最小 {window.minimumSize().width()}×"
            f"{window.minimumSize().height()}）"
        )
    elif not available.contains(frame):
        problems.append(f"窗口位置 {frame.x()},{frame.y()} 超出屏幕可用区域")
    if isinstance(window, QMainWindow):
        return problems  # its tabs scroll inside; it has no button row
    buttons = window_buttons(window)
    if not buttons:
        problems.append("没有滚动区域之外的按钮")
    for button in buttons:
        if _clipped(button, window):
            problems.append(f"按钮“{button.text()}”被截断或在窗口之外")
    return problems
