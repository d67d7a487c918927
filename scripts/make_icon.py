"""Draw the application icon: a white 老 on a red rounded square, in resources/icons/.

Writes app.png (256 px, the window icon) and app.ico (16 to 256 px, PNG-compressed entries, the
Windows program icon). Run once after changing the design and commit both files:

    QT_QPA_PLATFORM=offscreen uv run python scripts/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#C8102E")
CHARACTER = "老"
BOLD_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Zen Hei")


def font_family() -> str:
    available = set(QFontDatabase.families())
    for name in BOLD_FONTS:
        if name in available:
            return name
    raise SystemExit(f"没有可用的中文字体（需要其中之一：{'、'.join(BOLD_FONTS)}）")


def draw(size: int, family: str) -> QImage:
    """The icon at ``size`` × ``size`` pixels (drawn at that size, so small ones stay sharp)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(size / 32, 0.5)
    square = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = size * 0.18
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED)
    painter.drawRoundedRect(square, radius, radius)
    font = QFont(family)
    font.setPixelSize(round(size * 0.72))
    font.setWeight(QFont.Weight.Black)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(square, Qt.AlignmentFlag.AlignCenter, CHARACTER)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """An ICO file holding each image as a PNG entry (Windows Vista and later read these)."""
    pngs = [png_bytes(image) for image in images]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for image, png in zip(images, pngs, strict=True):
        side = image.width() % 256  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(pngs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    family = font_family()
    images = [draw(size, family) for size in SIZES]
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "app.png").write_bytes(png_bytes(images[-1]))
    (ICONS / "app.ico").write_bytes(ico_bytes(images))
    print(f"已写入 {ICONS / 'app.png'} 和 {ICONS / 'app.ico'}（{family}）")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
