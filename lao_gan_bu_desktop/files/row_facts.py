"""What a spreadsheet shows about its rows beyond their cells, which calamine does not give: the
rows hidden in Excel (by hand or by a filter) and the formula cells saved without a result
(a file written by a program and never opened in Excel: calamine reads them as empty).

Found in an xlsx sheet's XML while the guard streams it anyway (:func:`.xlsx_guard.scan_sheet`):
a block is searched only when it holds the marker (``hidden="`` or a formula tag), so an
ordinary sheet costs two substring searches a megabyte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class RowFacts:
    """Row numbers are Excel's (1-based), columns 0-based."""

    hidden_rows: set[int] = field(default_factory=set)
    filtered: bool = False  # the sheet has a filter with criteria: rows hidden by it
    formula_cells: dict[int, list[int]] = field(default_factory=dict)  # row → columns

    def __bool__(self) -> bool:
        return bool(self.hidden_rows or self.formula_cells)


_HIDDEN = re.compile(rb'hidden="(?:1|true)"')
_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')


class RowFactsScanner:
    """Feeds on the blocks of one sheet's XML (cut just before a "<", as
    :func:`.xlsx_guard.stream_part` gives them) with the namespace prefix of its elements."""

    def __init__(self, prefix: bytes) -> None:
        self.facts = RowFacts()
        p = re.escape(prefix)
        self._formula_end = b"</" + prefix + b"f>"
        self._formulas_seen = False
        self._row_tag = b"<" + prefix + b"row"
        self._last: tuple[bytes, bytes] = (b"", b"")
        # a cell whose formula is followed by no value, or by an empty one
        self._formula_cell = re.compile(
            b"<"
            + p
            + rb"c\b([^>]*)>\s*<"
            + p
            + rb"f\b[^>]*?(?:/>|>[^<]*</"
            + p
            + rb"f>)\s*(?:<"
            + p
            + rb"v\s*/>|<"
            + p
            + rb"v>\s*</"
            + p
            + rb"v>)?\s*</"
            + p
            + rb"c>"
        )

    def feed(self, block: bytes) -> None:
        # Each block is searched for the two markers at C speed (about 0.04 s each for the
        # 80 MB of a 100 000-row sheet); only a block holding one is parsed for it.
        for mark in _HIDDEN.finditer(block):
            tag = block[block.rfind(b"<", 0, mark.start()) : block.find(b">", mark.end())]
            number = _NUMBER.search(tag) if tag.startswith(self._row_tag) else None
            if number:
                self.facts.hidden_rows.add(int(number.group(1)))
        # A shared formula's first cell holds its text (</f>) and comes before the cells that
        # share it (<f t="shared" si="0"/>): from the first one on, every block is looked at.
        if self._formulas_seen or self._formula_end in block:
            self._formulas_seen = True
            for cell in self._formula_cell.finditer(block):
                ref = _CELL_REF.search(cell.group(1))
                if ref:
                    column = _column_index(ref.group(1))
                    self.facts.formula_cells.setdefault(int(ref.group(2)), []).append(column)
        self._last = (self._last[1], block)

    def finish(self) -> RowFacts:
        """The facts, once every block has been fed (a filter's criteria come after the rows)."""
        if any(b"filterColumn" in block for block in self._last):
            self.facts.filtered = True
        return self.facts


def _column_index(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number - 1
