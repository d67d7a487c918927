"""通讯录 as a printable PDF: one table per unit, people sorted by pinyin, A4 with page numbers.

Drawn with reportlab platypus and embedded Chinese fonts (files.font_fallback.FontSet: each
character in a font that has it, a box for one no font has). The caller hands in the groups
already sorted (unit → rows); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .atomic_write import written_in_place
from .font_fallback import FontSet
from .roster_xlsx import ExportCancelled

HEADER_FILL = colors.HexColor("#DDEBF7")
GRID = colors.HexColor("#808080")


@dataclass(frozen=True)
class DirectoryGroup:
    """One unit's people: ``rows`` are sequences in the order of the column titles."""

    unit: str
    rows: Sequence[Sequence[str]]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_directory_pdf(
    path: Path,
    *,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    col_widths_mm: Sequence[float],
    groups: Sequence[DirectoryGroup],
    font: str | None = None,
    progress: Callable[[int], bool | None] | None = None,
) -> int:
    """Draw the directory to ``path``; returns the number of people. ``font`` is a font label."""
    fonts = FontSet(font)
    font_name = fonts.primary
    base = ParagraphStyle("body", fontName=font_name, fontSize=9.5, leading=12, wordWrap="CJK")
    head = ParagraphStyle("head", parent=base, fontSize=10, leading=12, alignment=1)
    title_style = ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=1)
    sub_style = ParagraphStyle(
        "sub", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#555555")
    )
    unit_style = ParagraphStyle("unit", parent=base, fontSize=12, leading=16, spaceBefore=6)

    story: list = [Paragraph(_escape(title), title_style), Paragraph(_escape(subtitle), sub_style)]
    story.append(Spacer(1, 3 * mm))
    widths = [w * mm for w in col_widths_mm]
    count = 0
    for group in groups:
        data = [[Paragraph(_escape(h), head) for h in headers]]
        for row in group.rows:
            data.append([Paragraph(fonts.markup(str(v or "")), base) for v in row])
        count += len(group.rows)
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        heading = Paragraph(f"{fonts.markup(group.unit)}（{len(group.rows)} 人）", unit_style)
        story.append(KeepTogether([heading, Spacer(1, 1.5 * mm), table]))
        story.append(Spacer(1, 4 * mm))
        if progress is not None and progress(count) is False:
            raise ExportCancelled

    class NumberedCanvas(Canvas):
        """Draws "第 X 页 共 N 页" once the number of pages is known."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font_name, 9)
                self.drawCentredString(
                    self._pagesize[0] / 2,
                    8 * mm,
                    f"{title}　第 {self._pageNumber} 页 共 {total} 页",
                )
                super().showPage()
            super().save()

    path = Path(path)
    with written_in_place(path) as tmp:
        _build(tmp, story, title, NumberedCanvas)
    return count


def _build(tmp: Path, story: list, title: str, canvasmaker) -> None:
    """Lay out ``story`` as the landscape A4 directory at ``tmp``."""
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="老干部工作台",
    )
    doc.build(story, canvasmaker=canvasmaker)
