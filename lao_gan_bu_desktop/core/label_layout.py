"""Label sheets and what goes on a label: pure geometry and text fitting, no reportlab, no Qt.

A sheet is described the gLabels way, in millimetres: ``nx`` columns and ``ny`` rows of labels
``width`` × ``height``, the first one ``x0`` from the left and ``y0`` from the top of the paper,
each next one ``dx`` / ``dy`` further on. Positions count row by row from 1 (top left) as the
clerk sees them on the sheet; y grows downwards here, the PDF writer turns it round.

Text fitting takes the width-measuring function as a parameter (``measure(text, size) -> pt``),
so these rules can be tested with plain numbers and the PDF writer passes reportlab's.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from .errors import RuleError

MM = 72 / 25.4  # points per millimetre

A4 = (210.0, 297.0)

TITLES = ("同志", "老师", "先生", "女士", "")
ACTIONS = ("收", "启", "")

Measure = Callable[[str, float], float]


class LabelLayoutError(RuleError):
    """A label template or option is not usable; ``message`` says what to change."""


class LabelsCancelled(LabelLayoutError):
    """The clerk cancelled a long run; nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消，没有生成文件。")


@dataclass(frozen=True)
class Rect:
    """A rectangle in millimetres, ``y`` from the top of the paper."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class LabelTemplate:
    """One sheet of self-adhesive labels (标签模板), geometry in millimetres."""

    id: str
    name: str
    nx: int
    ny: int
    x0: float
    y0: float
    dx: float
    dy: float
    width: float
    height: float
    radius: float = 0.0
    paper: str = "A4"
    paper_width: float = A4[0]
    paper_height: float = A4[1]
    builtin: bool = False

    @property
    def per_sheet(self) -> int:
        return self.nx * self.ny

    @property
    def description(self) -> str:
        return (
            f"{self.name}（{self.nx}×{self.ny}，每张 {self.per_sheet} 枚，"
            f"{_num(self.width)}×{_num(self.height)} 毫米）"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("builtin")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, builtin: bool = False) -> LabelTemplate:
        known = {f for f in cls.__dataclass_fields__ if f != "builtin"}
        values = {k: v for k, v in data.items() if k in known}
        try:
            for key in ("nx", "ny"):
                values[key] = int(values[key])
            for key in ("x0", "y0", "dx", "dy", "width", "height"):
                values[key] = float(values[key])
            for key in ("radius", "paper_width", "paper_height"):
                if key in values:
                    values[key] = float(values[key])
            return cls(**values, builtin=builtin)
        except (KeyError, TypeError, ValueError) as exc:
            raise LabelLayoutError(f"标签模板数据不完整或不是数字（{exc}），请检查模板。") from exc


def _num(value: float) -> str:
    return f"{value:g}"


def template_problems(t: LabelTemplate) -> list[str]:
    """What is wrong with a template, in Chinese; empty when it can be printed."""
    problems: list[str] = []
    if not t.id.strip():
        problems.append("请填写模板编号")
    if not t.name.strip():
        problems.append("请填写模板名称")
    if not (1 <= t.nx <= 20 and 1 <= t.ny <= 40):
        problems.append("列数应在 1～20 之间，行数应在 1～40 之间")
    if t.width < 15 or t.height < 8:
        problems.append("标签太小：宽至少 15 毫米、高至少 8 毫米才能印下地址")
    if t.x0 < 0 or t.y0 < 0:
        problems.append("左边距和上边距不能是负数")
    if t.nx > 1 and t.dx + 1e-6 < t.width:
        problems.append(f"横向间距 {_num(t.dx)} 毫米小于标签宽 {_num(t.width)} 毫米，标签会重叠")
    if t.ny > 1 and t.dy + 1e-6 < t.height:
        problems.append(f"纵向间距 {_num(t.dy)} 毫米小于标签高 {_num(t.height)} 毫米，标签会重叠")
    if t.radius < 0 or t.radius * 2 > min(t.width, t.height):
        problems.append("圆角半径不能为负，也不能超过标签宽、高的一半")
    right = t.x0 + (t.nx - 1) * t.dx + t.width
    bottom = t.y0 + (t.ny - 1) * t.dy + t.height
    if right > t.paper_width + 0.05:
        problems.append(
            f"最右一列标签到 {_num(round(right, 2))} 毫米，超出纸宽 {_num(t.paper_width)} 毫米，"
            "请减小左边距、横向间距或列数"
        )
    if bottom > t.paper_height + 0.05:
        problems.append(
            f"最下一行标签到 {_num(round(bottom, 2))} 毫米，超出纸高 {_num(t.paper_height)} 毫米，"
            "请减小上边距、纵向间距或行数"
        )
    return problems


def label_rect(t: LabelTemplate, position: int, offset: tuple[float, float] = (0.0, 0.0)) -> Rect:
    """The rectangle of label ``position`` (1 = top left, row by row) with the printer offset."""
    if not 1 <= position <= t.per_sheet:
        raise LabelLayoutError(f"位置 {position} 不在这张标签纸上（1～{t.per_sheet}）")
    row, col = divmod(position - 1, t.nx)
    return Rect(t.x0 + col * t.dx + offset[0], t.y0 + row * t.dy + offset[1], t.width, t.height)


DEFAULT_PRINTER_MARGIN = 4.0  # mm at each paper edge that most office printers cannot print


def margin_insets(
    t: LabelTemplate, rect: Rect, margin: float, padding: float | None = None
) -> tuple[float, float, float, float]:
    """The blank (left, top, right, bottom) in mm inside label ``rect``: the label's padding, or
    more where the label comes within ``margin`` mm of the paper's edge (nothing is drawn there)."""
    pad = default_padding(t.width) if padding is None else padding
    return (
        max(pad, margin - rect.x),
        max(pad, margin - rect.y),
        max(pad, margin - (t.paper_width - rect.right)),
        max(pad, margin - (t.paper_height - rect.bottom)),
    )


def margin_warning(
    t: LabelTemplate, margin: float, offset: tuple[float, float] = (0.0, 0.0)
) -> str:
    """A Chinese warning when the labels of ``t`` reach into the printer's ``margin``; "" if not."""
    if t.per_sheet < 1:
        return ""
    first = label_rect(t, 1, offset)
    last = label_rect(t, t.per_sheet, offset)
    closest = min(first.x, first.y, t.paper_width - last.right, t.paper_height - last.bottom)
    if closest + 1e-6 >= margin:
        return ""
    return (
        f"这种标签纸的标签离纸边只有 {_num(round(max(closest, 0.0), 1))} 毫米，"
        f"而打印机印不到纸边 {_num(margin)} 毫米以内：靠边标签上的字已向里让开，"
        "内容多时字会小一些。请先用普通纸打印一页对着标签纸看看。"
    )


def check_start(t: LabelTemplate, start: int) -> None:
    """Raise a Chinese error unless ``start`` is a position on the sheet."""
    if not 1 <= start <= t.per_sheet:
        raise LabelLayoutError(
            f"起始位置应在 1～{t.per_sheet} 之间（这种标签纸每张 {t.per_sheet} 枚），现在是 {start}"
        )


def placements(t: LabelTemplate, count: int, start: int = 1) -> list[tuple[int, int]]:
    """(sheet index from 0, position from 1) of ``count`` labels, the first at ``start``."""
    check_start(t, start)
    result = []
    for i in range(count):
        sheet, pos0 = divmod(start - 1 + i, t.per_sheet)
        result.append((sheet, pos0 + 1))
    return result


def sheets_needed(t: LabelTemplate, count: int, start: int = 1) -> int:
    """How many sheets ``count`` labels take when the first goes at ``start``."""
    if count <= 0:
        return 0
    return (start - 1 + count - 1) // t.per_sheet + 1


# --- who is on a label ---------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """One label's (or envelope's) addressee: one person, or a household at one address."""

    names: tuple[str, ...]
    address: str
    postcode: str
    person_ids: tuple[int, ...] = ()


def address_key(address: str, postcode: str = "") -> str:
    """A comparable form of an address: full-width folded, spaces and punctuation dropped."""
    text = unicodedata.normalize("NFKC", address or "")
    text = re.sub(r"[\s,，.。、\-—_#()（）]", "", text).lower()
    return f"{(postcode or '').strip()}|{text}"


# 省, 市, 区, 县 and their kin (旗 and 盟 in Inner Mongolia, 州 as in 郑州 or an 自治州)
_CITY_OR_DISTRICT = re.compile(r"[省市区县旗盟州]")


def names_city_or_district(address: str) -> bool:
    """True when ``address`` names a province, city, district or county ("金水区纬五路21号");
    a street alone ("农业路东12号") may not reach its reader by post."""
    return _CITY_OR_DISTRICT.search(unicodedata.normalize("NFKC", address or "")) is not None


def merge_households(recipients: Iterable[Recipient]) -> list[Recipient]:
    """One recipient per address (same postcode and address); order of first appearance kept."""
    groups: dict[str, list[Recipient]] = {}
    for r in recipients:
        groups.setdefault(address_key(r.address, r.postcode), []).append(r)
    merged = []
    for members in groups.values():
        first = members[0]
        names: list[str] = []
        ids: list[int] = []
        for m in members:
            names.extend(n for n in m.names if n not in names)
            ids.extend(m.person_ids)
        merged.append(Recipient(tuple(names), first.address, first.postcode, tuple(ids)))
    return merged


def with_copies(items: Sequence[Any], copies: int) -> list[Any]:
    """Each item ``copies`` times in a row (labels of one person stay together)."""
    if not 1 <= copies <= 100:
        raise LabelLayoutError(f"每人份数应在 1～100 之间，现在是 {copies}")
    return [item for item in items for _ in range(copies)]


def name_line(names: Sequence[str], title: str = "同志", action: str = "收") -> str:
    """ "张三 李四 同志 收": the names, then the title and the action, space separated."""
    if title not in TITLES:
        raise LabelLayoutError(f"称谓“{title}”不可用，请选 同志、老师、先生、女士 或不加")
    if action not in ACTIONS:
        raise LabelLayoutError(f"“{action}”不可用，请选 收、启 或不加")
    return " ".join(part for part in (*names, title, action) if part)


# --- text fitting --------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ#＃/\-－.·()（）]+|\s+|.", re.S)


def tokenize(text: str) -> list[str]:
    """Break points for wrapping: each Chinese character alone; digit and Latin runs whole."""
    return _TOKEN.findall(text)


_RUN_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#＃/-－.·()（）"
    + "".join(chr(c) for c in range(0xFF10, 0xFF1A))  # ０-９
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))  # Ａ-Ｚ
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B))  # ａ-ｚ
)


# An address breaks after these words (longest first), as a person would write it on two lines.
ADDRESS_BREAK_WORDS = (
    "街道",
    "小区",
    "单元",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "路",
    "街",
    "巷",
    "号",
    "院",
    "楼",
    "栋",
    "座",
)
# Two characters that are one word although the first ends a break word: 5号楼, 3号院, 街道, 市场
_NO_BREAK_PAIRS = frozenset(("号楼", "号院", "街道", "单元", "小区", "市场", "区域", "楼层"))
_CLOSING = frozenset("，。、；：？！）)》」』,.;:?!%％")
_OPENING = frozenset("（(《「『")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _pair_ok(text: str, p: int) -> bool:
    """Whether a line may start at ``p`` as far as the two characters around it go."""
    before, after = text[p - 1], text[p]
    if after in _CLOSING or before in _OPENING:
        return False
    if before + after in _NO_BREAK_PAIRS:
        return False
    if before in _DIGITS:  # never inside a number, nor between a number and its word (5|号)
        return False
    return not (before in _RUN_CHARS and after in _RUN_CHARS)


_BREAK_AFTER_ONE = frozenset(w for w in ADDRESS_BREAK_WORDS if len(w) == 1)
_BREAK_AFTER_TWO = frozenset(w for w in ADDRESS_BREAK_WORDS if len(w) == 2)
_BREAK_AFTER_PUNCT = frozenset("，,、；;）)")


@lru_cache(maxsize=4096)
def natural_breaks(text: str) -> tuple[int, ...]:
    """Where a line of an address may start: after 省/市/区/县/镇/街道/路/街/巷/号/院/小区/楼/栋/
    座/单元, at a space or after a comma — never inside a number or between a number and the word
    after it (5号楼, 2单元, 1603室 stay whole)."""
    result = []
    for p in range(1, len(text)):
        before, after = text[p - 1], text[p]
        if before.isspace() or after.isspace():
            result.append(p)
        elif before in _BREAK_AFTER_PUNCT:
            if after not in _CLOSING:
                result.append(p)
        elif (before in _BREAK_AFTER_ONE or text[p - 2 : p] in _BREAK_AFTER_TWO) and _pair_ok(
            text, p
        ):
            result.append(p)
    return tuple(result)


@lru_cache(maxsize=1024)
def careful_breaks(text: str) -> tuple[int, ...]:
    """Where a line may start when no natural break fits: between any two Chinese characters,
    but still never inside a number, between a number and its word, or inside 单元/街道/号楼."""
    return tuple(p for p in range(1, len(text)) if text[p - 1].isspace() or _pair_ok(text, p))


def _greedy(
    text: str, acc: Sequence[float], limit: float, positions: Iterable[int]
) -> list[str] | None:
    """Lines of ``text`` breaking only at ``positions``, each as long as fits ``limit`` (width at
    size 1); None when some piece between two positions is too wide for a line."""
    n = len(text)
    ends = sorted({*positions, n})
    lines: list[str] = []
    start = 0
    i = 0
    while start < n:
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            break
        best = None
        while i < len(ends) and ends[i] <= start:
            i += 1
        j = i
        while j < len(ends):
            end = ends[j]
            stop = end
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if acc[stop] - acc[start] <= limit:
                best = end
                j += 1
            else:
                break
        if best is None:
            return None
        line = text[start:best].rstrip()
        if line:
            lines.append(line)
        start = best
    return lines


def _accumulated(text: str, unit: Callable[[str], float]) -> list[float]:
    each = getattr(unit, "each", None)
    widths = each(text) if each is not None else [unit(ch) for ch in text]
    return [0.0, *accumulate(widths)]


def wrap_natural(
    text: str, width: float, size: float, unit: Callable[[str], float]
) -> list[str] | None:
    """Lines of ``text`` no wider than ``width`` pt at ``size``, broken only at
    :func:`natural_breaks`; None when that cannot be done at this size (shrink first)."""
    if unit(text) * size <= width:
        stripped = text.strip()
        return [stripped] if stripped else []
    return _greedy(text, _accumulated(text, unit), width / size + 1e-9, natural_breaks(text))


def wrap(text: str, width: float, size: float, unit: Callable[[str], float]) -> list[str]:
    """Lines of ``text`` no wider than ``width`` pt at ``size``; ``unit(s)`` is width at size 1.

    Natural breaks first (:func:`natural_breaks`); where a piece between them is wider than a
    line, between Chinese characters but never inside a number or between a number and its word
    (:func:`careful_breaks`); only a run wider than a line by itself is broken by character.
    Spaces at a line break are dropped.
    """
    if unit(text) * size <= width:
        stripped = text.strip()
        return [stripped] if stripped else []
    acc = _accumulated(text, unit)
    limit = width / size + 1e-9
    for positions in (natural_breaks(text), careful_breaks(text)):
        lines = _greedy(text, acc, limit, positions)
        if lines is not None:
            return lines
    return _wrap_by_character(text, acc, limit)


def _wrap_by_character(text: str, acc: Sequence[float], limit: float) -> list[str]:
    """The last resort: Chinese between any two characters, digit and Latin runs whole unless
    wider than a line by themselves."""
    n = len(text)
    lines: list[str] = []
    start = 0
    while start < n:
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            break
        end = bisect_right(acc, acc[start] + limit) - 1
        if end >= n:
            lines.append(text[start:].rstrip())
            break
        if end <= start:
            end = start + 1  # one character wider than the line: alone (the caller shrinks)
        elif text[end] in _RUN_CHARS and text[end - 1] in _RUN_CHARS:
            k = end - 1
            while k > start and text[k - 1] in _RUN_CHARS:
                k -= 1
            if k > start:
                end = k  # the run starts on this line: move it whole to the next
        line = text[start:end].rstrip()
        if line:
            lines.append(line)
        start = end
    return lines


@dataclass(frozen=True)
class Metrics:
    """Vertical font metrics as fractions of the size: ascent above and descent below baseline."""

    ascent: float = 0.88
    descent: float = 0.12
    leading: float = 1.18

    def line_height(self, size: float) -> float:
        return size * max(self.leading, self.ascent + self.descent)


@dataclass
class Line:
    """A line placed on a label: text, font size in pt, left x and baseline y in pt from the
    label's top-left corner (inside the padding already)."""

    text: str
    size: float
    x: float
    baseline: float
    kind: str = "address"


@dataclass
class LabelLayout:
    """What one label shows; ``overflow`` is True when the text had to be cut short."""

    lines: list[Line] = field(default_factory=list)
    overflow: bool = False


class UnitWidths:
    """Width at size 1 of strings, summed from per-character widths measured once each.

    ``measure`` may give any font per character (a fallback font for rare characters): widths
    add up because label text is drawn without kerning.
    """

    def __init__(self, measure: Measure) -> None:
        self._measure = measure
        self._chars: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        chars = self._chars
        try:
            return sum(map(chars.__getitem__, text))
        except KeyError:
            for ch in text:
                if ch not in chars:
                    chars[ch] = self._measure(ch, 1.0)
            return sum(map(chars.__getitem__, text))

    def each(self, text: str) -> list[float]:
        """The width at size 1 of every character of ``text``."""
        self(text)
        return list(map(self._chars.__getitem__, text))


@dataclass(frozen=True)
class LabelContent:
    """The texts of one label: postcode, address, the name line, and the sender (may be empty)."""

    postcode: str
    address: str
    name: str
    sender: str = ""


# base sizes in pt for a label 38 mm tall; a smaller label starts smaller
_BASE = {"postcode": 9.0, "address": 10.5, "name": 15.0, "sender": 7.0}
# the smallest sizes a label is printed at; a label that cannot hold its text at these is cut
# short and reported (``overflow``) so the clerk knows whose label to write by hand
MIN_SIZES = {"postcode": 7.0, "address": 7.0, "name": 9.0, "sender": 6.0}
# the address is what the postman reads: below this size the other texts shrink first
PREFERRED_ADDRESS = 9.0
# the address grows into spare room, up to this share of the name's size (the name stays largest)
ADDRESS_TO_NAME = 0.85
ADDRESS_STEP = 0.5
Insets = tuple[float, float, float, float]  # left, top, right, bottom in mm


def default_padding(width_mm: float) -> float:
    """The blank margin inside a label, in mm (3 mm on a label 67 mm wide or more)."""
    return min(3.0, max(1.2, width_mm * 0.045))


def layout_label(
    content: LabelContent,
    width_mm: float,
    height_mm: float,
    unit: Callable[[str], float],
    metrics: Metrics = Metrics(),
    *,
    padding_mm: float | None = None,
    insets_mm: Insets | None = None,
) -> LabelLayout:
    """Place the postcode, the address (wrapped at natural places, shrunk until it fits), the
    name large and the sender small inside a label; nothing runs over the edge.

    Sizes are scaled together from the base sizes, 4 % at a time but never below
    :data:`MIN_SIZES`, until the address breaks only at natural places (:func:`natural_breaks`)
    and everything fits. Then the address is made as large as fits (:func:`_larger_address`):
    at least :data:`PREFERRED_ADDRESS` when the other texts can give way, larger into spare
    room. At the smallest sizes the address may break between other characters
    (never inside a number); if it still does not fit, its last lines are cut with "…" and
    ``overflow`` is set so the caller can tell the clerk. ``insets_mm`` (left, top, right,
    bottom) replaces the even padding, e.g. to keep clear of the printer's margin.
    """
    pad = padding_mm if padding_mm is not None else default_padding(width_mm)
    left, top, right, bottom = insets_mm if insets_mm is not None else (pad, pad, pad, pad)
    w = max(width_mm - left - right, 1.0) * MM
    h = max(height_mm - top - bottom, 1.0) * MM
    scale = min(1.0, height_mm / 38.0 * 1.05, width_mm / 63.0 * 1.1)
    lowest = MIN_SIZES["address"] / _BASE["address"]
    result = None
    while True:
        result = _try_layout(content, w, h, scale, unit, metrics, careful=False)
        if result is not None or scale <= lowest:
            break
        scale = max(scale * 0.96, lowest)
    if result is not None and content.address:
        result = _larger_address(content, w, h, scale, unit, metrics) or result
    if result is None:
        result = _try_layout(content, w, h, lowest, unit, metrics, careful=True)
    if result is None:
        result = _cut_layout(content, w, h, lowest, unit, metrics)
    for line in result.lines:
        line.x += left * MM
        line.baseline += top * MM
    return result


Block = tuple[str, float, list[str]]  # kind, size, lines


def _larger_address(
    content: LabelContent, w: float, h: float, scale: float, unit, metrics: Metrics
) -> LabelLayout | None:
    """The layout with the largest address that still breaks only at natural places and fits,
    or None when the one found at ``scale`` is already the best.

    An address below :data:`PREFERRED_ADDRESS` is first brought up to it by shrinking the
    other texts further (to their own minimum sizes); then the address grows into the spare
    room, up to :data:`ADDRESS_TO_NAME` of the name's size, half a point at a time."""
    size = max(_BASE["address"] * scale, MIN_SIZES["address"])
    best = None
    if size < PREFERRED_ADDRESS:
        lowest = MIN_SIZES["name"] / _BASE["name"]
        other = scale
        while True:
            best = _try_layout(
                content, w, h, other, unit, metrics, careful=False, address=PREFERRED_ADDRESS
            )
            if best is not None or other <= lowest:
                break
            other = max(other * 0.96, lowest)
        if best is None:
            return None
        scale, size = other, PREFERRED_ADDRESS
    cap = max(_BASE["name"] * scale, MIN_SIZES["name"]) * ADDRESS_TO_NAME
    steps = max(0, int((cap - size) / ADDRESS_STEP + 1e-9))

    def attempt(step: int) -> LabelLayout | None:
        return _try_layout(
            content, w, h, scale, unit, metrics, careful=False, address=size + step * ADDRESS_STEP
        )

    # a larger address needs more room, so the largest step that fits is found by halving
    # (a few layouts per label rather than one per step: 10 000 labels are drawn in seconds)
    largest = attempt(steps) if steps else None
    if largest is not None:  # a short address: the most common case
        return largest
    low, high = 0, steps - 1  # step ``low`` fits (0: ``best`` or the layout found by the caller)
    found = best
    while low < high:
        middle = (low + high + 1) // 2
        grown = attempt(middle)
        if grown is not None:
            low, found = middle, grown
        else:
            high = middle - 1
    return found


def _one_line_size(text: str, w: float, size: float, floor: float, unit) -> float | None:
    """``size``, or smaller down to ``floor``, so that ``text`` fits one line; None if not."""
    width = unit(text)
    if width * size <= w:
        return size
    fit = w / max(width, 1e-9) * 0.999
    return fit if fit >= floor else None


def _blocks(
    content: LabelContent,
    w: float,
    scale: float,
    unit: Callable[[str], float],
    *,
    careful: bool = False,
    address: float | None = None,
) -> list[Block] | None:
    """The blocks at ``scale`` (the address at ``address`` pt when given); None when the
    address (or the sender) would have to break at an unnatural place and ``careful`` breaking
    is not yet allowed."""
    blocks = []
    for kind, text in (
        ("postcode", content.postcode),
        ("address", content.address),
        ("name", content.name),
        ("sender", content.sender),
    ):
        if not text:
            continue
        floor = MIN_SIZES[kind]
        size = max(_BASE[kind] * scale, floor)
        if kind == "address" and address is not None:
            size = address
        if kind == "postcode":
            fitted = _one_line_size(text, w, size, floor, unit)
            lines = [text] if fitted is not None else wrap(text, w, size, unit)
            size = fitted or size
        elif kind == "name":
            # a name line is shrunk before it is broken (at the spaces between names)
            fitted = _one_line_size(text, w, size, max(floor, _BASE["address"] * scale), unit)
            if fitted is not None:
                size, lines = fitted, [text]
            else:
                lines = wrap_natural(text, w, size, unit) or wrap(text, w, size, unit)
        elif kind == "sender":
            fitted = _one_line_size(text, w, size, floor, unit)
            if fitted is not None:
                size, lines = fitted, [text]
            else:
                size = floor
                lines = wrap_natural(text, w, size, unit) or wrap(text, w, size, unit)
        else:
            natural = wrap_natural(text, w, size, unit)
            if natural is None and not careful:
                return None
            lines = natural if natural is not None else wrap(text, w, size, unit)
        blocks.append((kind, size, lines))
    return blocks


def _stack(
    blocks: list[Block], w: float, h: float, unit: Callable[[str], float], metrics: Metrics
) -> LabelLayout | None:
    """Blocks one under another (None when they are taller than ``h``)."""
    factor = max(metrics.leading, metrics.ascent + metrics.descent)
    total = 0.0
    for i, (_, size, lines) in enumerate(blocks):
        total += factor * size * len(lines) + (size * 0.25 if i else 0.0)
    if total > h + 1e-6:
        return None
    # postcode and address at the top, the name lower when there is room, the sender at the foot
    spare = h - total
    kinds = {b[0] for b in blocks}
    name_share = 0.5 if "sender" in kinds else 0.6
    sender_share = 0.5 if "name" in kinds else 1.0
    glyph = metrics.ascent + metrics.descent
    out = LabelLayout()
    append = out.lines.append
    y = 0.0
    for i, (kind, size, lines) in enumerate(blocks):
        if i:
            y += size * 0.25
        if kind == "name":
            y += spare * name_share
        elif kind == "sender":
            y += spare * sender_share
        lh = factor * size
        above = (lh - glyph * size) / 2 + metrics.ascent * size
        for text in lines:
            if kind == "name":
                x = max(0.0, (w - unit(text) * size) / 2)
            elif kind == "sender":
                x = max(0.0, w - unit(text) * size)
            else:
                x = 0.0
            append(Line(text, size, x, y + above, kind))
            y += lh
    return out


def _try_layout(
    content, w, h, scale, unit, metrics, *, careful: bool, address: float | None = None
) -> LabelLayout | None:
    blocks = _blocks(content, w, scale, unit, careful=careful, address=address)
    if blocks is None:
        return None
    return _stack(blocks, w, h, unit, metrics)


def _cut_layout(content, w, h, scale, unit, metrics) -> LabelLayout:
    blocks = _blocks(content, w, scale, unit, careful=True) or []
    for idx, (kind, size, lines) in enumerate(blocks):
        if kind != "address":
            continue
        while len(lines) > 1:
            lines = lines[:-1]
            last = lines[-1]
            while last and unit(last + "…") * size > w:
                last = last[:-1]
            lines[-1] = last + "…"
            blocks[idx] = (kind, size, lines)
            result = _stack(blocks, w, h, unit, metrics)
            if result is not None:
                result.overflow = True
                return result
    # even one address line does not fit: drop the sender, then shrink everything to fit
    blocks = [b for b in blocks if b[0] != "sender"]
    while True:
        result = _stack(blocks, w, h, unit, metrics)
        if result is not None:
            result.overflow = True
            return result
        blocks = [(k, s * 0.9, ls) for k, s, ls in blocks]
