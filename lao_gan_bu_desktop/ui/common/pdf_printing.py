"""Sending a PDF to the system's printer at 1:1 scale (labels must not be "fitted to the page").

Each page is rendered by QtPdf at the printer's resolution (at most 600 dpi) onto a page of the
PDF's own size with no margins, so a label 63.5 mm wide prints 63.5 mm wide.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from ...core.errors import RuleError


def on_white(image: QImage) -> QImage:
    """QtPdf renders onto a transparent background; put it on white paper (not black)."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print every page of the PDF ``data`` on ``printer``; returns the number of pages."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    pages = document.pageCount()
    if pages <= 0:
        raise RuleError("要打印的文件是空的或已损坏，请重新生成。")
    size_pt = document.pagePointSize(0)
    w_mm, h_mm = size_pt.width() / 72 * 25.4, size_pt.height() / 72 * 25.4
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(min(w_mm, h_mm), max(w_mm, h_mm)), QPageSize.Unit.Millimeter),
            QPageLayout.Orientation.Portrait if h_mm >= w_mm else QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    dpi = min(max(printer.resolution(), 150), 600)
    painter = QPainter()
    if not painter.begin(printer):
        raise RuleError("打印机没有准备好，请检查打印机是否开机、是否选对了打印机。")
    try:
        res = printer.resolution()
        for page in range(pages):
            if page:
                printer.newPage()
            pt = document.pagePointSize(page)
            size = QSize(round(pt.width() / 72 * dpi), round(pt.height() / 72 * dpi))
            target = QRectF(0, 0, pt.width() / 72 * res, pt.height() / 72 * res)
            painter.drawImage(target, on_white(document.render(page, size)))
    finally:
        painter.end()
    return pages
