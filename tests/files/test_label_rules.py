"""The label rules of issue 17, read back from real layouts: addresses break only at natural
places (never inside a word, a number, or between a number and its word), no text below the
minimum sizes, nothing inside the printer's margin — over the demo's addresses on every shipped
sheet and over a list of hard addresses."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from lao_gan_bu_desktop.core.label_layout import (
    MIN_SIZES,
    MM,
    LabelContent,
    UnitWidths,
    label_rect,
    layout_label,
    margin_insets,
    margin_warning,
    merge_households,
    name_line,
    natural_breaks,
    wrap,
)
from lao_gan_bu_desktop.files.font_fallback import FontSet
from lao_gan_bu_desktop.files.label_pdf import draw_labels
from lao_gan_bu_desktop.files.label_templates import builtin_templates

HARD_ADDRESSES = [
    "郑州市高新区科学大道100号院3号楼2单元1203",
    "郑州市金水区经三路86号院12号楼4单元1603",
    "北京市海淀区学院路37号院12号楼3单元2801北京航空航天大学家属区南门进去左转第二栋",
    "河南省开封市龙亭区中山路北段88号",
    "郑州市二七区大学路街道办事处大学路80号院6号楼3单元",
    "浙江省杭州市西湖区文三路街道翠苑一区12幢3单元502室",
    "上海市浦东新区张江镇碧波路690号1号楼A座1205室",
    "郑州市中原区建设西路187号院（市委家属院）17号楼1单元10楼东户",
    "河南省郑州市高新技术产业开发区科学大道与长椿路交叉口向北200米路东瑞达路街道办事处家属院12号楼3单元1201室",
    "新疆维吾尔自治区乌鲁木齐市天山区人民路123号",
    "郑州市管城回族区紫荆山南路街道城东南路6号院2号楼2单元7楼14号",
]

# two characters a line never ends/starts between: words, and a number with its word
NEVER_SPLIT = ("单元", "街道", "小区", "号楼", "号院")


def bad_break(before: str, after: str) -> str | None:
    """Why breaking a line between ``before`` and ``after`` is wrong, or None."""
    pair = before[-1:] + after[:1]
    if pair in NEVER_SPLIT:
        return f"拆开了“{pair}”"
    if re.match(r"\d", before[-1:]):
        return f"数字与后面的字被拆开：{before[-3:]}|{after[:3]}"
    return None


def breaks_of(lines: list[str]) -> list[tuple[str, str]]:
    return list(pairwise(lines))


@pytest.fixture(scope="module")
def unit() -> UnitWidths:
    return UnitWidths(FontSet().measure)


@pytest.mark.parametrize("address", HARD_ADDRESSES)
@pytest.mark.parametrize("chars_per_line", [9, 12, 15, 20, 26])
def test_hard_addresses_never_break_inside_a_word_or_a_number(
    unit, address: str, chars_per_line: int
) -> None:
    size = 10.0
    width = unit("国") * size * chars_per_line
    lines = wrap(address, width, size, unit)
    assert "".join(lines) == address.replace(" ", "")
    for before, after in breaks_of(lines):
        assert bad_break(before, after) is None, (address, lines)


def test_natural_breaks_are_the_places_a_person_breaks_an_address() -> None:
    text = "郑州市高新区瑞达路139号院5号楼4单元402"
    starts = [text[p:] for p in natural_breaks(text)]
    assert starts == [
        "高新区瑞达路139号院5号楼4单元402",
        "瑞达路139号院5号楼4单元402",
        "139号院5号楼4单元402",
        "5号楼4单元402",
        "4单元402",
        "402",
    ]


def _label_cases(addresses: list[str], names: list[str]):
    for template in builtin_templates():
        for position in (1, template.per_sheet):  # a corner label: the printer margin bites
            for address, name in zip(addresses, names, strict=True):
                yield template, position, address, name


def _check_layout(unit, template, position, content: LabelContent, margin: float = 4.0):
    rect = label_rect(template, position)
    insets = margin_insets(template, rect, margin)
    layout = layout_label(content, template.width, template.height, unit, insets_mm=insets)
    return layout, rect, insets


def test_demo_labels_keep_the_rules_on_every_sheet(demo_ctx, unit) -> None:
    from lao_gan_bu_desktop.services import labels as svc

    selection = svc.select_recipients(None, None, household=True)
    recipients = selection.recipients
    assert len(recipients) < selection.persons  # the demo's couples share a label
    assert any(len(r.names) == 2 for r in recipients)
    sender = svc.default_sender()["name"]
    seen = 0
    for template in builtin_templates():
        for position in (1, template.per_sheet):
            for r in recipients:
                content = LabelContent(r.postcode, r.address, name_line(r.names), sender)
                layout, rect, _ = _check_layout(unit, template, position, content)
                assert not layout.overflow, (template.id, r.address)
                address = [ln.text for ln in layout.lines if ln.kind == "address"]
                assert "".join(address) == r.address.replace(" ", "")
                for before, after in breaks_of(address):
                    assert bad_break(before, after) is None, (template.id, address)
                for line in layout.lines:
                    assert line.size >= MIN_SIZES[line.kind] - 1e-6, (template.id, line)
                    left = rect.x + line.x / MM
                    right = left + unit(line.text) * line.size / MM
                    assert left >= 4.0 - 1e-6 and right <= template.paper_width - 4.0 + 1e-6
                seen += 1
    assert seen == len(recipients) * 2 * len(builtin_templates())


def test_l7651_prints_no_text_below_the_minimum_sizes(tmp_path: Path) -> None:
    """The smallest sheet: address ≥ 7 pt, name ≥ 9 pt, sender ≥ 6 pt, read back from the PDF."""
    template = next(t for t in builtin_templates() if t.id == "L7651")
    contents = [
        LabelContent("450001", a, "张三 同志 收", "郑州高新区党群工作部干部管理科")
        for a in HARD_ADDRESSES[:2] + HARD_ADDRESSES[3:4]
    ]
    out = tmp_path / "l7651.pdf"
    result = draw_labels(out, template, contents)
    assert not result.overflow
    with pdfplumber.open(out) as pdf:
        sizes = [round(c["size"], 2) for c in pdf.pages[0].chars if not c["text"].isspace()]
    assert min(sizes) >= 6.0
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    sender = [c["size"] for c in chars if c["text"] == "党"]
    address = [c["size"] for c in chars if c["text"] == "市"]  # not in the sender
    name = [c["size"] for c in chars if c["text"] == "张"]
    assert min(sender) >= 6.0 and min(address) >= 7.0 and min(name) >= 9.0


def test_a_label_that_cannot_hold_its_text_is_reported_not_shrunk(unit) -> None:
    template = next(t for t in builtin_templates() if t.id == "L7651")
    content = LabelContent("450001", HARD_ADDRESSES[8], "欧阳娜娜 司马相如 同志 收", "寄件单位")
    layout, _, _ = _check_layout(unit, template, 7, content)
    assert layout.overflow
    assert all(ln.size >= MIN_SIZES[ln.kind] - 1e-6 for ln in layout.lines if ln.kind != "sender")


def test_printer_margin_warning_names_the_edge_to_edge_sheets() -> None:
    warned = {t.id for t in builtin_templates() if margin_warning(t, 4.0)}
    assert warned == {"A4-3x8-70x37", "A4-3x7-70x42.3"}
    assert not any(margin_warning(t, 0.0) for t in builtin_templates())
    text = margin_warning(next(t for t in builtin_templates() if t.id == "A4-3x8-70x37"), 4.0)
    assert "4 毫米" in text


def test_edge_to_edge_sheet_draws_nothing_in_the_printer_margin(tmp_path: Path) -> None:
    template = next(t for t in builtin_templates() if t.id == "A4-3x8-70x37")
    contents = [
        LabelContent("450001", HARD_ADDRESSES[i % 3], "白海涛 同志 收", "郑州高新区党群工作部")
        for i in range(template.per_sheet)
    ]
    out = tmp_path / "edge.pdf"
    draw_labels(out, template, contents, printer_margin=4.0)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if not c["text"].isspace()]
        width, height = page.width, page.height
    margin = 4.0 * MM - 0.01
    assert min(c["x0"] for c in chars) >= margin
    assert max(c["x1"] for c in chars) <= width - margin
    assert min(c["top"] for c in chars) >= margin
    assert max(c["bottom"] for c in chars) <= height - margin


def test_households_merge_on_the_demo(demo_ctx) -> None:
    from lao_gan_bu_desktop.services import labels as svc

    single = svc.select_recipients(None, None, household=False).recipients
    merged = merge_households(single)
    assert len(merged) == len(single) - 5
