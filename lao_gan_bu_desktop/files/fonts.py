"""Chinese fonts for PDFs: embed a real TrueType font, never print boxes.

On Windows the clerk picks one of the system's 宋体 / 黑体 / 楷体 / 微软雅黑; elsewhere any installed
CJK TrueType font (fonts with PostScript outlines, such as Noto CJK .otf/.ttc, cannot be embedded
by reportlab and are skipped); if none is found, reportlab's built-in CID font STSong-Light (not
embedded, but every PDF reader has it).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

FALLBACK_FONT = "STSong-Light"


@dataclass(frozen=True)
class FontChoice:
    """A font the clerk can pick: its Chinese name and the file (with the face index of a .ttc)."""

    label: str
    path: Path
    index: int = 0

    @property
    def reportlab_name(self) -> str:
        return f"LGB-{self.path.stem}-{self.index}"


_WINDOWS_FONTS = (
    ("宋体", "simsun.ttc", 0),
    ("黑体", "simhei.ttf", 0),
    ("楷体", "simkai.ttf", 0),
    ("微软雅黑", "msyh.ttc", 0),
    ("仿宋", "simfang.ttf", 0),
)
_UNIX_FONTS = (
    ("文泉驿正黑", "wqy-zenhei.ttc", 0),
    ("文泉驿微米黑", "wqy-microhei.ttc", 0),
    ("AR PL 明体", "uming.ttc", 0),
    ("AR PL 楷体", "ukai.ttc", 0),
    ("Droid Sans Fallback", "DroidSansFallbackFull.ttf", 0),
)
_UNIX_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/System/Library/Fonts"),
    Path("/Library/Fonts"),
)


def _windows_font_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


@cache
def available_fonts() -> tuple[FontChoice, ...]:
    """Installed Chinese TrueType fonts that reportlab can embed, best first."""
    found: list[FontChoice] = []
    if sys.platform == "win32":
        folder = _windows_font_dir()
        for label, filename, index in _WINDOWS_FONTS:
            if (folder / filename).exists():
                found.append(FontChoice(label, folder / filename, index))
    else:
        wanted = {filename: (label, index) for label, filename, index in _UNIX_FONTS}
        seen: set[str] = set()
        for base in _UNIX_DIRS:
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                if path.name in wanted and path.name not in seen:
                    seen.add(path.name)
                    label, index = wanted[path.name]
                    found.append(FontChoice(label, path, index))
        order = [f for _, f, _ in _UNIX_FONTS]
        found.sort(key=lambda f: order.index(f.path.name))
    usable = []
    for choice in found:
        try:
            _register(choice)
            usable.append(choice)
        except (TTFError, OSError) as exc:
            log.info("字体不能嵌入，跳过：%s（%s）", choice.path, exc)
    return tuple(usable)


def _register(choice: FontChoice) -> str:
    name = choice.reportlab_name
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(choice.path), subfontIndex=choice.index))
    return name


def register_cjk_font(preferred: str | None = None) -> str:
    """Register and return the reportlab name of the font to use.

    ``preferred`` is a label from :func:`available_fonts` (e.g. "黑体"); when it is missing the
    first available font is used, and with none at all the built-in STSong-Light.
    """
    fonts = available_fonts()
    for choice in fonts:
        if choice.label == preferred:
            return _register(choice)
    if fonts:
        return _register(fonts[0])
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def missing_glyphs(font_name: str, text: str) -> set[str]:
    """Characters of ``text`` that the registered TrueType font ``font_name`` cannot draw."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    char_widths = getattr(face, "charToGlyph", None)
    if char_widths is None:  # CID fonts: assume the reader's font covers GB 18030
        return set()
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in char_widths}
