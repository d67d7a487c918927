"""Every character of every name: the chosen Chinese font, then other installed fonts per character.

A name such as 王堃 or one with a character from CJK Extension B may be missing from the font the
clerk picked (黑体 has no Extension B). :class:`FontSet` draws each character with the first font
that has it: the chosen one, the other installed Chinese fonts, and on Windows the Extension B
companions (SimSun-ExtB, MingLiU-ExtB). A character that no font has is reported (so the clerk is
told) and printed as a box "□" where it stands, to be written in by hand: drawn with the chosen
font it came out as nothing at all, and "王𪚥" printed as a complete-looking "王".
"""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .fonts import FALLBACK_FONT, FontChoice, _register, available_fonts, register_cjk_font

log = logging.getLogger(__name__)

_original_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF as UTF-16 surrogate pairs.

    reportlab writes ``<20021>`` for 𠀡, which readers take as U+2002; the PDF standard asks
    for UTF-16BE, so that copying a name out of the PDF (and our read-back tests) gets 𠀡.
    """
    text = _original_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return text
    lines = text.split("\n")
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            old = f"<{i:02X}> <{v:04X}>"
            lines = [f"<{i:02X}> <{_utf16_hex(v)}>" if ln == old else ln for ln in lines]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_WINDOWS_EXTRA = (("宋体-ExtB", "simsunb.ttf", 0), ("细明体-ExtB", "mingliub.ttc", 0))


@cache
def extra_fallbacks() -> tuple[str, ...]:
    """Reportlab names of fonts used only for characters the chosen fonts lack (Windows ExtB)."""
    names = []
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        for label, filename, index in _WINDOWS_EXTRA:
            path = folder / filename
            if path.exists():
                try:
                    names.append(_register(FontChoice(label, path, index)))
                except (TTFError, OSError) as exc:
                    log.info("后备字体不能嵌入：%s（%s）", path, exc)
    return tuple(names)


@cache
def _coverage(font_name: str) -> frozenset[int] | None:
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None or not isinstance(font, TTFont):
        return None  # a CID font: the reader's own font draws it
    return frozenset(face.charToGlyph)


@cache
def _covered_chars(font_name: str) -> frozenset[str]:
    cover = _coverage(font_name) or frozenset()
    return frozenset(chr(code) for code in cover) | frozenset(" ")


# Drawn in place of a character no installed font has: a visible box shows the clerk where to
# write it by hand (drawing nothing printed "王𪚥" as "王", a name that looks complete).
MISSING_MARK = "□"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FontSet:
    """The chosen font plus per-character fallbacks; measures and splits text into font runs."""

    def __init__(self, preferred: str | None = None) -> None:
        if preferred == FALLBACK_FONT or not available_fonts():
            if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
            self.primary = FALLBACK_FONT
        else:
            self.primary = register_cjk_font(preferred)
        names = [self.primary]
        for choice in available_fonts():
            name = _register(choice)
            if name not in names:
                names.append(name)
        names.extend(n for n in extra_fallbacks() if n not in names)
        self.fonts = tuple(names)
        self._cover = {n: _coverage(n) for n in self.fonts}
        self._char_font: dict[str, str | None] = {}
        cover = self._cover[self.primary]
        self._primary_chars = _covered_chars(self.primary) if cover is not None else None
        font = pdfmetrics.getFont(self.primary)
        face = getattr(font, "face", None)
        ascent = getattr(face, "ascent", 880) or 880
        descent = abs(getattr(face, "descent", -120) or -120)
        self.ascent = ascent / 1000
        self.descent = descent / 1000

    def font_for(self, ch: str) -> str | None:
        """The font that draws ``ch``; None when no installed font has it."""
        found = self._char_font.get(ch, "")
        if found != "":
            return found
        code = ord(ch)
        result: str | None = None
        if ch.isspace() or code < 0x80:
            result = self.primary
        else:
            for name in self.fonts:
                cover = self._cover[name]
                if cover is None or code in cover:
                    result = name
                    break
        self._char_font[ch] = result
        return result

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` that no installed font can draw."""
        return {ch for ch in set(text) if self.font_for(ch) is None}

    def char_width(self, ch: str, size: float) -> float:
        """Width in pt of one character at ``size`` in the font that draws it (of the box drawn
        for a character no font has)."""
        font = self.font_for(ch)
        if font is None:
            ch, font = MISSING_MARK, self.font_for(MISSING_MARK) or self.primary
        return pdfmetrics.stringWidth(ch, font, size)

    def measure(self, text: str, size: float) -> float:
        """Width in pt of ``text`` at ``size`` (each character in its own font)."""
        return sum(self.char_width(ch, size) for ch in text)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font name, text) pieces of ``text``, one per change of font; a character no font
        has becomes :data:`MISSING_MARK`."""
        runs: list[tuple[str, str]] = []
        current_font, current = self.primary, ""
        for ch in text:
            font = self.font_for(ch)
            if font is None:
                ch, font = MISSING_MARK, self.font_for(MISSING_MARK) or self.primary
            if font != current_font and current:
                runs.append((current_font, current))
                current = ""
            current_font = font
            current += ch
        if current:
            runs.append((current_font, current))
        return runs

    def markup(self, text: str) -> str:
        """``text`` as reportlab paragraph markup (escaped), each character in a font that has
        it and :data:`MISSING_MARK` for one no font has: a paragraph in the chosen font alone
        prints "王𪚥" as "王"."""
        if self.single_font(text) is not None:
            return _escape(text)
        return "".join(
            _escape(piece)
            if name == self.primary
            else f'<font name="{name}">{_escape(piece)}</font>'
            for name, piece in self.runs(text)
        )

    def single_font(self, text: str) -> str | None:
        """The one font that draws all of ``text``, else None (it needs several)."""
        primary = self.primary
        if self._primary_chars is None or self._primary_chars.issuperset(text):
            return primary
        for ch in text:
            if self.font_for(ch) != primary:
                return None
        return primary
