"""Finding the table inside a unit's sheet: the header row(s), the data rows, the junk around.

Unit sheets start with a title ("××单位离退休人员花名册"), a "填报单位：… 填报时间：…" line and
blank rows; some have a two-level header ("联系方式" merged over "手机 / 固定电话"); they end with
"填表人：… 审核人：…" footers, subtotal lines (小计, 合计) between groups, or sections ("一、离休干部"
and its table, "二、退休干部" and another table with its own header). :func:`detect_header` scores the first rows by how many cells name
a person field and returns a :class:`TableLayout`; :func:`data_rows` yields the real data rows
with their Excel row numbers, skipping blank rows and footers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .column_synonyms import (
    address_part,
    clean_header,
    guess_field,
    is_ignored,
    names_someone_else,
)

SCAN_ROWS = 60  # long 填报说明 paragraphs come before the header
MIN_FIELDS = 2

_FOOTER = re.compile(
    r"^(填表人|填报人|制表人|审核人|负责人|单位负责人|经办人|联系人|联系电话[:：]|制表日期|制表时间|报送日期|"
    r"以上共|合计|总计|小计|共计|总人数|注[:：]|说明[:：]|备注[:：]|填表说明|填表日期|填报日期|单位盖章|盖章)"
)

_FOOTER_STARTS = frozenset("填制审负单经联合总小共注说备盖报以")

# A subtotal or total line between or after groups of people ("小计", "合计：12人", "共计 8 人").
_TOTAL = re.compile(
    r"^(小计|合计|总计|共计|总人数|人数合计|本页小计|本页合计|以上共|共\d+人|共有\d+人|"
    r"本单位共|本页共|全单位共)"
)

# "一、离休干部", "（二）退休干部", "2．退休人员": a section title over a table of its own.
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、．])\s*(\S.*)$"
)
_SECTION_WORDS = ("离休", "退休", "遗属", "人员", "干部", "职工")

# A sheet saying that the unit has no one to report.
_NOBODY = re.compile(
    r"^(?:无|暂无|没有|无人员|/|—+|-+|本单位无.*人员|本单位没有.*人员|本单位暂无.*人员|无离退休.*|没有离退休.*|"
    r"(?:本单位|我单位|本部门|该单位)?(?:目前|现|现在)?(?:无|没有|暂无)(?:任何)?(?:离退休|离休|退休)"
    r"(?:干部|人员|职工|老干部|老同志)?(?:人员|名单|信息)?)[。.！!]?$"
)


@dataclass
class TableLayout:
    """Where the table is: ``header_row`` is the 1-based Excel row of the (last) header row."""

    header_row: int
    header_rows: int
    headers: list[str]
    guesses: list[str | None] = field(default_factory=list)
    ignored: list[bool] = field(default_factory=list)
    # Columns of address parts (省 / 市 / 区 …, see column_synonyms.ADDRESS_PARTS), largest first.
    address_parts: list[int] = field(default_factory=list)
    # A title over the whole table from outside it (a sheet named "离休"), met as a section
    # title before row 1 by data_rows.
    title: str = ""

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def score(self) -> int:
        return len({g for g in self.guesses if g})


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(row: Sequence[object]) -> bool:
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in row)


def is_footer(row: Sequence[object]) -> bool:
    """True for "填表人：… 审核人：…", "合计" and similar lines below the table."""
    texts = [cell_text(v) for v in row if cell_text(v)]
    if not texts:
        return False
    first = re.sub(r"\s+", "", texts[0])
    return bool(_FOOTER.match(first))


TOTAL_FIRST = frozenset("小合总共人本以全")  # the first character of every total word


def is_total_text(text: object) -> bool:
    """True for a subtotal or total cell ("小计", "合 计", "共计 8 人")."""
    return isinstance(text, str) and bool(_TOTAL.match(re.sub(r"\s+", "", text)))


def is_total_row(row: Sequence[object]) -> bool:
    """True when any cell of ``row`` opens a subtotal or total ("小计" in the name column)."""
    return any(is_total_text(v) for v in row)


_SENTENCE = re.compile(r"[，。；：！？,;:!?]|\d")


def is_note(row: Sequence[object]) -> bool:
    """True for a sentence alone on its row below the table ("本表请于12月10日前报送",
    "以上情况属实。"): one text cell written like a sentence (punctuation, digits), which no name
    is; a minority name with its middle dot is never one. (A long text without either stays a
    row, refused as a name too long: reported, never imported.)"""
    texts = [
        v for v in row if v is not None and v != "" and not (isinstance(v, str) and not v.strip())
    ]
    if len(texts) != 1 or not isinstance(texts[0], str):
        return False
    text = re.sub(r"\s+", "", texts[0])
    if "·" in text or "•" in text:
        return False
    return _SENTENCE.search(text) is not None


_HINT_STARTS = frozenset("（(【[例示样范举填")
_BRACKETED = re.compile(r"^[（(【\[].*[)）】\]]$")
_EXAMPLE = re.compile(r"^(?:例|示例|样例|范例|举例|例子|填写示例|填表示例|填报示例)(?:[:：].*)?$")


def is_hint_row(row: Sequence[object]) -> bool:
    """True for a row of filling hints under the header ("（必填）", "（例：1950.01）") and for
    a filled-in example ("例" or "示例" first): not a person."""
    texts = [re.sub(r"\s+", "", cell_text(v)) for v in row]
    texts = [t for t in texts if t]
    if not texts:
        return False
    if _EXAMPLE.match(texts[0]):
        return True
    return all(_BRACKETED.match(t) for t in texts)


def section_title(row: Sequence[object]) -> str | None:
    """The title of a section ("一、离休干部" → "离休干部") when ``row`` holds only that, else None."""
    texts = [cell_text(v) for v in row if cell_text(v)]
    if len(set(texts)) != 1:
        return None
    text = re.sub(r"\s+", "", texts[0])
    if _NOBODY.match(text):
        return None
    found = _SECTION.match(text)
    if found is not None:
        return found.group(1)
    if len(text) <= 12 and any(w in text for w in ("离休", "退休")) and not text[:1].isdigit():
        return text
    return None


def says_nobody(rows: Iterable[Sequence[object]]) -> bool:
    """True when every non-empty cell of ``rows`` (the rows below a header, or a whole sheet
    without one) just says there is no one ("无", "本单位无离退休人员"), a 序号 aside."""
    said = False
    for row in rows:
        for value in row:
            text = re.sub(r"\s+", "", cell_text(value))
            if not text or text.isdigit():
                continue
            if _NOBODY.match(text):
                said = True
                continue
            return False
    return said


def _line(row: Sequence[object]) -> tuple[str, ...]:
    """The texts of a row's cells, without the empty ones at its end."""
    texts = [cell_text(v) for v in row]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _repeats_header(row: Sequence[object], headers: Sequence[str]) -> bool:
    same = sum(
        1 for v, h in zip(row, headers, strict=False) if h and cell_text(v) == h and guess_field(h)
    )
    return same >= MIN_FIELDS


def _layout(rows: Sequence[Sequence[object]], index: int, two_level: bool) -> TableLayout:
    lower = [cell_text(v) for v in rows[index]]
    if not two_level:
        headers = lower
        return _finish(TableLayout(index + 1, 1, headers))
    upper = [cell_text(v) for v in rows[index - 1]]
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    headers: list[str] = []
    group = ""
    for up, low in zip(upper, lower, strict=True):
        if up:
            group = up
        elif not low:
            group = ""
        if low:
            # "联系方式" over "手机": the lower label names the column; keep the group before it
            # so that a lower label alone that means nothing ("1") still reads in the preview.
            # Under "子女联系方式" a 联系电话 is someone else's (guess_field knows such groups).
            joined = f"{group}/{low}"
            headers.append(joined if group and guess_field(joined) is None else low)
        else:
            headers.append(up)
            group = up
    return _finish(TableLayout(index + 1, 2, headers))


def _finish(layout: TableLayout) -> TableLayout:
    layout.ignored = [is_ignored(h) for h in layout.headers]
    layout.guesses = [
        None if ignored else guess_field(h)
        for h, ignored in zip(layout.headers, layout.ignored, strict=True)
    ]
    parts = [
        (rank, i)
        for i, (h, key) in enumerate(zip(layout.headers, layout.guesses, strict=True))
        if key is None and (rank := address_part(h)) is not None
    ]
    layout.address_parts = [i for _rank, i in sorted(parts)]
    # A field guessed twice: keep the first column for it; a second phone column (手机 and
    # 联系电话) is 固定电话 when the sheet has none (the row sorts mobiles and landlines anyway);
    # two ID-number columns (15位 and 18位, 原身份证号) both stay: each row takes the valid one.
    seen: set[str] = set()
    for i, key in enumerate(layout.guesses):
        if key is None:
            continue
        if key in seen and key != "id_number":  # two ID columns: the row takes the valid one
            key = "landline" if key == "phone" and "landline" not in layout.guesses else None
            layout.guesses[i] = key
        if key is not None:
            seen.add(key)
    return layout


def detect_header(rows: Sequence[Sequence[object]], header_row: int | None = None) -> TableLayout:
    """The best header layout in the first :data:`SCAN_ROWS` rows.

    ``header_row`` (1-based) forces the (last) header row; a two-level header is still combined
    when the row above it makes more columns recognisable. Returns a layout whose ``score`` may
    be below :data:`MIN_FIELDS` when nothing looks like a header; the caller decides.
    """
    limit = min(len(rows), SCAN_ROWS)
    candidates = range(limit) if header_row is None else [header_row - 1]
    best: TableLayout | None = None
    for index in candidates:
        if index < 0 or index >= len(rows) or _is_blank(rows[index]):
            continue
        options = [_layout(rows, index, False)]
        if index > 0 and not _is_blank(rows[index - 1]):
            _drop_someone_elses(options[0], rows[index - 1])
            options.append(_layout(rows, index, True))
        for option in options:
            bonus = 0 if option.header_rows == 1 else -0.5  # prefer one row when equal
            if best is None or option.score + bonus > best.score + (
                0 if best.header_rows == 1 else -0.5
            ):
                best = option
    if best is None:
        first = header_row or 1
        return TableLayout(first, 1, [], [], [])
    return best


def _drop_someone_elses(layout: TableLayout, upper: Sequence[object]) -> None:
    """A one-row header under a group row "基本信息 | 配偶情况": the columns under the group of
    another person (their 姓名, 身份证号) are not the retiree's, though their own header says
    so. A title over the whole table (one cell) is no group row."""
    texts = [cell_text(v) for v in upper]
    if sum(1 for t in texts if t) < 2:
        return
    group = ""
    for i in range(len(layout.guesses)):
        if i < len(texts) and texts[i]:
            group = texts[i] if i and len(texts[i]) <= 12 else ""
        if group and names_someone_else(group) and layout.guesses[i]:
            layout.guesses[i] = None


def data_rows(
    rows: Iterable[Sequence[object]],
    layout: TableLayout,
    sections: list[tuple[int, str]] | None = None,
) -> Iterator[tuple[int, Sequence[object]]]:
    """(Excel row number, cells) of each data row below the header; blank rows, footers,
    subtotals, section titles, notes, hints and the header repeated over a later section are
    skipped (a note or hint alone in the 住址 or 备注 column right under a data row is kept: an
    address typed on). The
    cells are the reader's own row (not copied). ``sections``, when given, receives
    (row number, title) of each section title met, those above the header included."""
    starts = _FOOTER_STARTS
    header_texts = {h for h in layout.headers if h}
    section_starts = _SECTION_STARTS
    # The header rows as they are, to skip them where they come again (a Word table continued
    # on the next page, a header printed on every page): with the row above them, which is a
    # group row "基本信息 | 联系方式" that adds no field, or the title repeated with them.
    header_lines: set[tuple[str, ...]] = set()
    header_firsts: set[str] = set()
    top = layout.header_row - layout.header_rows - 1
    if sections is not None and layout.title:
        sections.append((0, layout.title))
    # A long address (or remark) typed on in the row under a person's, "郑州市金水区…" alone in
    # the 住址 column, reads like a sentence or a hint: it is passed on, for the row check to
    # join it to the person above (services.import_rows.RowChecker).
    spill = frozenset(i for i, key in enumerate(layout.guesses) if key in ("address", "notes"))
    last = -1
    for number, row in enumerate(rows, 1):
        if number <= layout.header_row:
            if number > top:
                line = _line(row)
                if line:
                    header_lines.add(line)
                    header_firsts.add(next(t for t in line if t))
            if sections is not None and number > layout.header_row - 8:
                title = section_title(row)
                if title is not None:
                    sections.append((number, title))
            continue
        for first in row:
            if first is not None and first != "":
                break
        else:
            continue  # a blank row
        if isinstance(first, str):
            text = first.strip()
            if not text:
                if _is_blank(row):
                    continue
            elif text[0] in starts and is_footer(row):
                continue
            elif (
                text[0] in section_starts
                and not text.isdigit()
                and (title := section_title(row)) is not None
            ):
                if sections is not None:
                    sections.append((number, title))
                continue
            elif (
                (text in header_texts and _repeats_header(row, layout.headers))
                or (text in header_firsts and _line(row) in header_lines)
                or (
                    (
                        (len(text) >= 5 and not text[0].isdigit() and is_note(row))
                        or (text[0] in _HINT_STARTS and is_hint_row(row))
                    )
                    and not (number == last + 1 and _only_in(row, spill))
                )
            ):
                continue
        last = number
        yield number, row


def _only_in(row: Sequence[object], columns: frozenset[int]) -> bool:
    """True when every filled cell of ``row`` is in ``columns``."""
    return bool(columns) and all(
        i in columns
        for i, v in enumerate(row)
        if v is not None and v != "" and not (isinstance(v, str) and not v.strip())
    )


_SECTION_STARTS = frozenset("一二三四五六七八九十（(0123456789离退")


def header_signature(headers: Sequence[str]) -> str:
    """A stable text naming a header layout, for saving the column mapping per layout."""
    return "|".join(clean_header(h) for h in headers).rstrip("|")
