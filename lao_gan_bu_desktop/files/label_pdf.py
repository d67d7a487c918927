"""Drawing label sheets, test pages and Chinese envelopes as PDF (reportlab).

The geometry and the text fitting come from :mod:`core.label_layout`; this module only turns
millimetres from the top of the paper into PDF points and draws every character in a font that
has it (:class:`io.font_fallback.FontSet`). ``target`` is a file path or a binary file object
(the preview draws into memory).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ..core.label_layout import (
    DEFAULT_PRINTER_MARGIN,
    MM,
    LabelContent,
    LabelLayout,
    LabelsCancelled,
    LabelTemplate,
    Metrics,
    UnitWidths,
    label_rect,
    layout_label,
    margin_insets,
    placements,
    sheets_needed,
    wrap,
)
from .font_fallback import FontSet

Target = str | os.PathLike[str] | BinaryIO
Progress = Callable[[int, int], bool]  # (done, total) → False to cancel
PROGRESS_EVERY = 500

ENVELOPE_SIZES: dict[str, tuple[float, float]] = {"DL": (220.0, 110.0), "C5": (229.0, 162.0)}

_OUTLINE = Color(0.55, 0.55, 0.55)


@dataclass
class DrawResult:
    """What was drawn: pages, labels, the indexes of items whose address was cut short, and
    characters that no installed font has (they would print as boxes)."""

    pages: int = 0
    labels: int = 0
    overflow: list[int] = field(default_factory=list)
    missing_glyphs: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class EnvelopeContent:
    """One envelope: the recipient and the sender (寄件单位)."""

    postcode: str
    address: str
    name: str
    sender_address: str = ""
    sender_name: str = ""
    sender_postcode: str = ""


def _canvas(target: Target, size_pt: tuple[float, float], title: str) -> rl_canvas.Canvas:
    if isinstance(target, os.PathLike | str):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        target = str(target)
    c = rl_canvas.Canvas(target, pagesize=size_pt, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("老干部工作台")
    c.setCreator("老干部工作台")
    return c


class _PlacedText(PDFTextObject):
    """A text object that places each string at an absolute point without measuring it.

    ``textOut`` measures every string to advance a cursor we never use; for 10 000 labels that
    is a third of the drawing time. ``place`` writes the same operators (Tm, then Tj through
    reportlab's own ``_formatText``, which handles subsets and escaping).
    """

    def place(self, x: float, y: float, text: str) -> None:
        self._code.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")
        self._code.append(self._formatText(text))


class _Writer:
    """Draws placed lines with per-character font fallback, one text object per page."""

    def __init__(self, c: rl_canvas.Canvas, fonts: FontSet) -> None:
        self.c = c
        self.fonts = fonts
        self.unit = UnitWidths(fonts.measure)
        self._text = None
        self._font: tuple[str, float] | None = None

    def _set_font(self, name: str, size: float) -> None:
        if self._font != (name, size):
            self._text.setFont(name, size)
            self._font = (name, size)

    def text(self, x: float, y: float, text: str, size: float) -> None:
        """Draw ``text`` with its left end at ``x`` and baseline at ``y`` (pt, PDF coordinates)."""
        if self._text is None:
            self._text = _PlacedText(self.c)
            self._font = None
        size = round(size, 2)
        t = self._text
        if self.fonts.single_font(text) is not None:
            self._set_font(self.fonts.primary, size)
            t.place(x, y, text)
            return
        for font, piece in self.fonts.runs(text):
            self._set_font(font, size)
            t.place(x, y, piece)
            x += self.unit(piece) * size

    def flush(self) -> None:
        """Put the page's text on the canvas (before drawing shapes over it or a new page)."""
        if self._text is not None:
            self.c.drawText(self._text)
            self._text = None
            self._font = None

    def new_page(self) -> None:
        self.flush()
        self.c.showPage()

    def save(self) -> None:
        self.flush()
        self.c.save()


def _outline(c: rl_canvas.Canvas, t: LabelTemplate, rect, paper_h: float) -> None:
    x, y = rect.x * MM, (paper_h - rect.bottom) * MM
    w, h = rect.width * MM, rect.height * MM
    if t.radius > 0:
        c.roundRect(x, y, w, h, t.radius * MM, stroke=1, fill=0)
    else:
        c.rect(x, y, w, h, stroke=1, fill=0)


def draw_labels(
    target: Target,
    template: LabelTemplate,
    contents: Sequence[LabelContent],
    *,
    start: int = 1,
    offset: tuple[float, float] = (0.0, 0.0),
    font: str | None = None,
    outlines: bool = False,
    progress: Progress | None = None,
    printer_margin: float = DEFAULT_PRINTER_MARGIN,
) -> DrawResult:
    """Draw one label per item of ``contents``, the first at position ``start`` of sheet one.

    Nothing is drawn within ``printer_margin`` mm of the paper's edge: a label that reaches
    into it keeps its text further in. ``outlines`` draws the label edges in grey (for the preview on screen, not for printing).
    ``progress(done, total)`` is called every few hundred labels; when it returns False the run
    stops with :class:`LabelsCancelled` and nothing is written.
    """
    fonts = FontSet(font)
    metrics = Metrics(ascent=fonts.ascent, descent=fonts.descent)
    paper_w, paper_h = template.paper_width, template.paper_height
    c = _canvas(target, (paper_w * MM, paper_h * MM), "地址标签")
    writer = _Writer(c, fonts)
    result = DrawResult()
    layouts: dict[tuple[LabelContent, tuple[float, ...]], LabelLayout] = {}
    place = placements(template, len(contents), start)
    current_sheet = 0
    drawn_outlines = False
    total = len(contents)
    for index, (content, (sheet, position)) in enumerate(zip(contents, place, strict=True)):
        if progress is not None and index % PROGRESS_EVERY == 0 and not progress(index, total):
            raise LabelsCancelled()
        if sheet != current_sheet:
            writer.new_page()
            current_sheet = sheet
            drawn_outlines = False
        if outlines and not drawn_outlines:
            c.setStrokeColor(_OUTLINE)
            c.setLineWidth(0.4)
            for pos in range(1, template.per_sheet + 1):
                _outline(c, template, label_rect(template, pos, offset), paper_h)
            drawn_outlines = True
        rect = label_rect(template, position, offset)
        insets = margin_insets(template, rect, printer_margin)
        layout = layouts.get((content, insets))
        if layout is None:
            layout = layout_label(
                content, template.width, template.height, writer.unit, metrics, insets_mm=insets
            )
            layouts[(content, insets)] = layout
        if layout.overflow:
            result.overflow.append(index)
        left = rect.x * MM
        top = (paper_h - rect.y) * MM
        for line in layout.lines:
            writer.text(left + line.x, top - line.baseline, line.text, line.size)
    result.pages = sheets_needed(template, len(contents), start)
    result.labels = len(contents)
    writer.save()
    text = "".join(f"{x.postcode}{x.address}{x.name}{x.sender}" for x in set(contents))
    result.missing_glyphs = fonts.missing(text)
    return result


def overflowing(
    template: LabelTemplate,
    contents: Sequence[LabelContent],
    *,
    start: int = 1,
    offset: tuple[float, float] = (0.0, 0.0),
    font: str | None = None,
    printer_margin: float = DEFAULT_PRINTER_MARGIN,
) -> list[int]:
    """The indexes of ``contents`` whose label cannot hold its text at the minimum sizes, laid
    out exactly as :func:`draw_labels` would but drawn nowhere (so a preview of the first sheets
    can still name everyone whose label will be cut short)."""
    fonts = FontSet(font)
    metrics = Metrics(ascent=fonts.ascent, descent=fonts.descent)
    unit = UnitWidths(fonts.measure)
    seen: dict[tuple[LabelContent, tuple[float, ...]], bool] = {}
    result = []
    for index, (content, (_sheet, position)) in enumerate(
        zip(contents, placements(template, len(contents), start), strict=True)
    ):
        insets = margin_insets(template, label_rect(template, position, offset), printer_margin)
        key = (content, insets)
        cut = seen.get(key)
        if cut is None:
            layout = layout_label(
                content, template.width, template.height, unit, metrics, insets_mm=insets
            )
            cut = seen[key] = layout.overflow
        if cut:
            result.append(index)
    return result


def draw_test_page(
    target: Target, template: LabelTemplate, *, offset: tuple[float, float] = (0.0, 0.0)
) -> None:
    """One sheet with the label outlines only, to hold against a real sheet of labels."""
    c = _canvas(target, (template.paper_width * MM, template.paper_height * MM), "标签测试页")
    c.setLineWidth(0.5)
    for pos in range(1, template.per_sheet + 1):
        _outline(c, template, label_rect(template, pos, offset), template.paper_height)
    c.save()


def _fit_one_line(unit, text: str, width: float, size: float) -> float:
    w = unit(text) * size
    return size if w <= width else size * width / w * 0.999


def draw_envelopes(
    target: Target,
    size: str,
    contents: Sequence[EnvelopeContent],
    *,
    font: str | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
    progress: Progress | None = None,
    preprinted: bool = False,
) -> DrawResult:
    """One page per envelope (DL 220×110 or C5 229×162 mm, landscape), laid out the Chinese way:
    the recipient's postcode in six boxes at the top left, a stamp box top right, the address
    below the boxes, the name large in the middle, the sender's address, name and postcode at
    the bottom right.

    ``preprinted`` is for envelopes bought with the red postcode boxes and the stamp box already
    printed (已印格式的信封): only the digits go into the printed boxes, and the texts, all moved
    by ``offset`` (mm right, down) as calibrated for those envelopes; no box is drawn."""
    if size not in ENVELOPE_SIZES:
        raise ValueError(size)
    env_w, env_h = ENVELOPE_SIZES[size]
    fonts = FontSet(font)
    c = _canvas(target, (env_w * MM, env_h * MM), "信封")
    writer = _Writer(c, fonts)
    unit = writer.unit
    result = DrawResult()
    ox, oy = offset
    big = size == "C5"

    def at(x_mm: float, y_mm_from_top: float) -> tuple[float, float]:
        return (x_mm + ox) * MM, (env_h - y_mm_from_top - oy) * MM

    for index, env in enumerate(contents):
        if progress is not None and index % 100 == 0 and not progress(index, len(contents)):
            raise LabelsCancelled()
        if index:
            writer.new_page()
        c.setLineWidth(0.8)
        c.setStrokeColor(Color(0.75, 0.1, 0.1))
        # six postcode boxes, 8 × 10 mm, 2 mm apart, 10 mm from the top and 15 mm from the left
        digits = (env.postcode or "").strip()[:6]
        for i in range(6):
            bx, by = at(15 + i * 10, 20)
            if not preprinted:
                c.rect(bx, by, 8 * MM, 10 * MM, stroke=1, fill=0)
            if i < len(digits):
                dsize = 16.0
                dw = unit(digits[i]) * dsize
                writer.text(bx + (8 * MM - dw) / 2, by + 3 * MM, digits[i], dsize)
        if not preprinted:  # stamp box, top right
            sx, sy = at(env_w - 10 - 20, 10 + 26)
            c.setDash(2, 2)
            c.rect(sx, sy, 20 * MM, 26 * MM, stroke=1, fill=0)
            c.setDash()
            stamp = "贴邮票处"
            ssize = 7.0
            writer.text(sx + (20 * MM - unit(stamp) * ssize) / 2, sy + 12 * MM, stamp, ssize)
        # recipient address: below the boxes, up to three lines, shrinking to fit
        addr_w = (env_w - 15 - 35) * MM
        addr_size = 15.0 if big else 13.0
        lines = wrap(env.address, addr_w, addr_size, unit)
        while len(lines) > 3 and addr_size > 7:
            addr_size *= 0.93
            lines = wrap(env.address, addr_w, addr_size, unit)
        if len(lines) > 3:
            result.overflow.append(index)
            lines = [*lines[:2], lines[2][:-1] + "…"]
        y = 30.0 + (2 if big else 0)
        for text in lines:
            y += addr_size * 1.25 / MM
            x, yy = at(20, y)
            writer.text(x, yy, text, addr_size)
        # the name, large, centred in the middle of the envelope
        name_size = _fit_one_line(unit, env.name, (env_w - 40) * MM, 28.0 if big else 22.0)
        name_w = unit(env.name) * name_size
        x, yy = at(0, env_h * 0.56 + name_size * 0.35 / MM)
        writer.text((env_w * MM - name_w) / 2 + ox * MM, yy, env.name, name_size)
        # sender bottom right: address, name, postcode; right-aligned 15 mm from the right edge
        sender_lines = [
            t
            for t in (
                env.sender_address,
                env.sender_name,
                f"邮政编码：{env.sender_postcode}" if env.sender_postcode else "",
            )
            if t
        ]
        s_size = 10.5 if big else 9.5
        s_width = (env_w * 0.55) * MM
        y = env_h - 10 - (len(sender_lines) - 1) * s_size * 1.35 / MM
        for text in sender_lines:
            fitted = _fit_one_line(unit, text, s_width, s_size)
            tw = unit(text) * fitted
            x, yy = at(env_w - 15, y)
            writer.text(x - tw, yy, text, fitted)
            y += s_size * 1.35 / MM
    result.pages = len(contents)
    result.labels = len(contents)
    writer.save()
    text = "".join(
        f"{e.postcode}{e.address}{e.name}{e.sender_address}{e.sender_name}" for e in contents
    )
    result.missing_glyphs = fonts.missing(text)
    return result
