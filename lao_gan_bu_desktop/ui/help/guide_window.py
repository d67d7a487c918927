"""帮助 → 使用说明 (F1): the guide's sections on the left, the chosen one on the right, with
pictures of the real windows. ``open_guide(parent, section)`` shows one window per program and
brings it to the section asked for (F1 on a tab opens that tab's section).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QImageReader, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...services import help as guide
from ..common.screen_fit import fit_to_screen

PICTURE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


class GuideWindow(QDialog):
    """The guide; not modal, so the clerk can follow it while working."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明 — 老干部工作台")
        self.sections = guide.guide_sections()
        self.contents = QListWidget(self)
        self.contents.addItems([s.title for s in self.sections])
        self.contents.setMaximumWidth(240)
        self.page = QTextBrowser(self)
        self.page.setOpenLinks(False)  # a click on a picture shows it at full size
        self.page.anchorClicked.connect(self.show_picture)
        self.page.setSearchPaths([str(guide.help_folder())])
        # the pictures follow the page's own width: the dialog's size is known before the
        # page is laid out, so its resize alone shrank them to thumbnails on the first show
        self.page.viewport().installEventFilter(self)
        self.contents.currentRowChanged.connect(self._show)
        body = QHBoxLayout()
        body.addWidget(self.contents)
        body.addWidget(self.page, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.contents.setCurrentRow(0)
        fit_to_screen(self, 1000, 700)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            section = self.sections[row]
            self.page.document().setBaseUrl(QUrl.fromLocalFile(str(guide.help_folder()) + "/"))
            text = PICTURE.sub(r"[![\1](\2)](\2)", section.markdown)  # each picture a link
            self.page.setMarkdown(f"## {section.title}\n\n{text}\n\n（点图片可看原大小）")
            self._fit_pictures()

    def show_section(self, title: str) -> None:
        """Bring section ``title`` forward (the first one when there is no such section)."""
        titles = [s.title for s in self.sections]
        self.contents.setCurrentRow(titles.index(title) if title in titles else 0)

    def current_title(self) -> str:
        item = self.contents.currentItem()
        return item.text() if item is not None else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_pictures()
        return super().eventFilter(watched, event)

    def picture_path(self, url: QUrl) -> str:
        return self.page.document().baseUrl().resolved(url).toLocalFile()

    def show_picture(self, url: QUrl) -> QDialog | None:
        """The picture behind ``url`` at its own size, in a window that fits the screen."""
        pixmap = QPixmap(self.picture_path(url))
        if pixmap.isNull():
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle("使用说明 — 图片")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label = QLabel(dialog)
        label.setPixmap(pixmap)
        area = QScrollArea(dialog)
        area.setWidget(label)
        buttons = QDialogButtonBox(dialog)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        fit_to_screen(dialog, pixmap.width() + 40, pixmap.height() + 80)
        dialog.show()
        return dialog

    def _fit_pictures(self) -> None:
        """Shrink each picture of a window to the page's width (never enlarge it), so the
        page reads without scrolling sideways."""
        document = self.page.document()
        # room for a vertical scroll bar too: it appears once the pictures make the page long
        bar = self.page.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        room = self.page.viewport().width() - 2 * int(document.documentMargin()) - 8
        if not self.page.verticalScrollBar().isVisible():
            room -= bar
        if room <= 0:
            return
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat()
                if image.isValid():
                    natural = QImageReader(self.picture_path(QUrl(image.name()))).size()
                    if natural.isValid() and natural.width() > 0:
                        width = min(natural.width(), room)
                        if round(image.width()) != width:
                            image.setWidth(width)
                            image.setHeight(natural.height() * width / natural.width())
                            cursor = QTextCursor(document)
                            cursor.setPosition(fragment.position())
                            cursor.setPosition(
                                fragment.position() + fragment.length(),
                                QTextCursor.MoveMode.KeepAnchor,
                            )
                            cursor.mergeCharFormat(image)
                it += 1
            block = block.next()


def open_guide(parent: QWidget, section: str = "") -> GuideWindow:
    """Show the guide (one window per parent) at ``section``."""
    window = parent.findChild(GuideWindow)
    if window is None:
        window = GuideWindow(parent)
    window.show_section(section)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
