"""Label and envelope PDFs read back with pdfplumber: every character inside its label, the text
equal to what was drawn (rare characters in names included), outlines where the sheet says."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from lao_gan_bu_desktop.core.label_layout import MM, LabelContent, label_rect
from lao_gan_bu_desktop.files.font_fallback import FontSet
from lao_gan_bu_desktop.files.label_pdf import (
    EnvelopeContent,
    draw_envelopes,
    draw_labels,
    draw_test_page,
)
from lao_gan_bu_desktop.files.label_templates import builtin_templates

EXT_B = "𠀡"  # U+20021, CJK Extension B
NO_FONT_HAS = "𪚥"  # U+2A6A5, in no font installed on the test machines
CONTENTS = [
    LabelContent(
        "450001",
        "郑州市高新区科学大道100号院3号楼2单元1203",
        "王堃 同志 收",
        "郑州高新区党群工作部干部管理科",
    ),
    LabelContent(
        "100083",
        "北京市海淀区学院路37号院12号楼3单元2801北京航空航天大学家属区南门进去左转第二栋",
        "张三 李四 同志 收",
    ),
    LabelContent("518057", "广东省深圳市南山区科技园", "赵翀 先生 启"),
    LabelContent("475001", "河南省开封市龙亭区中山路北段88号", "李喆 张昇 老师"),
    LabelContent("610041", "四川省成都市武侯区人民南路四段" * 6, "钱多多 女士 收"),
]


def has_ext_b() -> bool:
    return not FontSet().missing(EXT_B)


def chars_by_label(page, template, offset=(0.0, 0.0)) -> dict[int, list[dict]]:
    """Every character of ``page`` assigned to the label position whose rectangle holds it;
    fails when a character lies outside every label or crosses a label's edge."""
    found: dict[int, list[dict]] = {}
    rects = {p: label_rect(template, p, offset) for p in range(1, template.per_sheet + 1)}
    for ch in page.chars:
        if ch["text"].isspace():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        owner = None
        for pos, r in rects.items():
            if r.x * MM <= cx <= r.right * MM and r.y * MM <= cy <= r.bottom * MM:
                owner = (pos, r)
                break
        assert owner is not None, f"“{ch['text']}” 不在任何标签内"
        pos, r = owner
        eps = 0.01
        assert ch["x0"] >= r.x * MM - eps and ch["x1"] <= r.right * MM + eps, ch["text"]
        assert ch["top"] >= r.y * MM - eps and ch["bottom"] <= r.bottom * MM + eps, ch["text"]
        found.setdefault(pos, []).append(ch)
    return found


def label_text(chars: list[dict]) -> str:
    ordered = sorted(chars, key=lambda c: (-round(c["matrix"][5], 1), c["x0"]))  # baseline
    return "".join(c["text"] for c in ordered)


def expected(content: LabelContent) -> str:
    return (content.postcode + content.address + content.name + content.sender).replace(" ", "")


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_every_character_lies_inside_its_label_and_reads_back(tmp_path: Path, template) -> None:
    contents = [c for c in CONTENTS if "四段" not in c.address]
    out = tmp_path / "labels.pdf"
    start = 2
    result = draw_labels(out, template, contents, start=start, offset=(0.8, -0.4))
    # the 43-character address with two names cannot be held at the minimum sizes on the
    # smallest label (38.1 × 21.2): it is cut short and reported, never printed smaller
    allowed = {1} if template.height < 25 else set()
    assert result.labels == len(contents) and set(result.overflow) <= allowed
    with pdfplumber.open(out) as pdf:
        by_label = chars_by_label(pdf.pages[0], template, (0.8, -0.4))
    assert sorted(by_label) == list(range(start, start + len(contents)))
    for i, content in enumerate(contents):
        if i in result.overflow:
            assert "…" in label_text(by_label[start + i])
        else:
            assert label_text(by_label[start + i]) == expected(content)


def test_long_address_wraps_and_shrinks_instead_of_overflowing(tmp_path: Path) -> None:
    template = next(t for t in builtin_templates() if t.id == "L7160")
    out = tmp_path / "long.pdf"
    result = draw_labels(out, template, CONTENTS, start=1)
    with pdfplumber.open(out) as pdf:
        by_label = chars_by_label(pdf.pages[0], template)
    short_size = max(c["size"] for c in by_label[3] if c["text"] == "广")
    long_chars = by_label[5]
    long_size = max(c["size"] for c in long_chars if c["text"] == "四")
    assert long_size < short_size
    lines = {round(c["top"]) for c in long_chars if c["text"] in "四川省成都市武侯区人民南路段"}
    assert len(lines) >= 4
    if 4 in result.overflow:  # cut short: the clerk is told, and the end is marked
        assert "…" in label_text(long_chars)
    else:
        assert label_text(long_chars) == expected(CONTENTS[4])


def test_pages_follow_the_start_position_and_copies(tmp_path: Path) -> None:
    template = next(t for t in builtin_templates() if t.id == "L7163")  # 14 a sheet
    contents = [c for c in CONTENTS[:3] for _ in range(5)]  # three people, five copies each
    out = tmp_path / "copies.pdf"
    result = draw_labels(out, template, contents, start=13)
    assert result.pages == 2
    with pdfplumber.open(out) as pdf:
        first = chars_by_label(pdf.pages[0], template)
        second = chars_by_label(pdf.pages[1], template)
    assert sorted(first) == [13, 14]
    assert sorted(second) == list(range(1, 14))
    texts = [label_text(first[p]) for p in (13, 14)] + [label_text(second[p]) for p in range(1, 14)]
    assert texts == [expected(c) for c in contents]


def test_rare_characters_read_back_and_missing_ones_are_reported(tmp_path: Path) -> None:
    template = builtin_templates()[0]
    names = ["王堃 同志 收", "李喆 同志 收", "张昇 同志 收", "赵翀 同志 收"]
    if has_ext_b():
        names.append(f"周{EXT_B} 同志 收")
    contents = [LabelContent("450001", "郑州市经三路1号", n) for n in names]
    contents.append(LabelContent("450001", "郑州市经三路2号", f"吴{NO_FONT_HAS} 同志 收"))
    out = tmp_path / "rare.pdf"
    result = draw_labels(out, template, contents)
    assert result.missing_glyphs == {NO_FONT_HAS}
    with pdfplumber.open(out) as pdf:
        by_label = chars_by_label(pdf.pages[0], template)
    for i, content in enumerate(contents[:-1]):
        assert label_text(by_label[i + 1]) == expected(content)
    # The one no font has is printed as a box where it stands, to be written in by hand, never
    # left out ("吴𪚥" must not print as a complete-looking "吴").
    assert label_text(by_label[len(contents)]) == expected(contents[-1]).replace(NO_FONT_HAS, "□")


def test_test_page_draws_the_outlines_only_with_the_offset(tmp_path: Path) -> None:
    for template in builtin_templates():
        out = tmp_path / f"{template.id}.pdf"
        draw_test_page(out, template, offset=(1.0, 2.0))
        with pdfplumber.open(out) as pdf:
            page = pdf.pages[0]
            assert page.chars == []
            shapes = page.rects + page.curves
            boxes = sorted((s["x0"] / MM, s["top"] / MM) for s in shapes)
        want = sorted(
            (r.x, r.y)
            for r in (label_rect(template, p, (1.0, 2.0)) for p in range(1, template.per_sheet + 1))
        )
        assert len(boxes) == len(want) == template.per_sheet
        for got, expect in zip(boxes, want, strict=True):
            assert got == pytest.approx(expect, abs=0.02), template.id


@pytest.mark.parametrize("size,dims", [("DL", (220, 110)), ("C5", (229, 162))])
def test_envelope_is_laid_out_the_chinese_way(tmp_path: Path, size, dims) -> None:
    env = EnvelopeContent(
        "450001",
        "郑州市高新区科学大道100号院3号楼2单元1203",
        "王堃 同志 收",
        "郑州市高新区翠竹街1号",
        "郑州高新区党群工作部干部管理科",
        "450001",
    )
    out = tmp_path / "env.pdf"
    result = draw_envelopes(out, size, [env, env])
    assert result.pages == 2
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert (round(page.width / MM), round(page.height / MM)) == dims
        chars = [c for c in page.chars if not c["text"].isspace()]
        boxes = sorted((r for r in page.rects if r["width"] < 9 * MM), key=lambda r: r["x0"])
        text = page.extract_text()
    assert len(boxes) == 6
    digits = [c for c in chars if c["text"].isdigit() and c["size"] >= 15.9]
    assert "".join(c["text"] for c in sorted(digits, key=lambda c: c["x0"])) == "450001"
    for digit, box in zip(sorted(digits, key=lambda c: c["x0"]), boxes, strict=True):
        assert box["x0"] < digit["x0"] < digit["x1"] < box["x1"]
        assert box["top"] < digit["top"] < digit["bottom"] < box["bottom"]
    name = next(c for c in chars if c["text"] == "堃")
    assert abs((name["x0"] + name["x1"]) / 2 - page.width / 2) < page.width * 0.1
    assert page.height * 0.4 < name["top"] < page.height * 0.7
    sender = next(c for c in chars if c["text"] == "翠")
    assert sender["x0"] > page.width / 2 and sender["top"] > page.height * 0.7
    assert "科学大道100号院3号楼2单元1203" in text
    for ch in chars:
        assert (
            ch["x0"] >= 0
            and ch["x1"] <= page.width
            and ch["top"] >= 0
            and ch["bottom"] <= page.height
        )


def test_built_in_cid_font_when_no_truetype_font_is_chosen(tmp_path: Path) -> None:
    template = next(t for t in builtin_templates() if t.id == "L7160")
    contents = CONTENTS[:3]
    out = tmp_path / "cid.pdf"
    draw_labels(out, template, contents, font="STSong-Light")
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert {c["fontname"] for c in page.chars} == {"STSongStd-Light"}
        by_label = chars_by_label(page, template)
    for i, content in enumerate(contents):
        assert label_text(by_label[i + 1]) == expected(content)


def test_a_long_run_can_be_cancelled_and_writes_nothing(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.core.label_layout import LabelsCancelled

    template = builtin_templates()[0]
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 1000

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(LabelsCancelled, match="已取消"):
        draw_labels(out, template, CONTENTS * 400, progress=progress)
    assert not out.exists()
    assert seen == [(0, 2000), (500, 2000), (1000, 2000)]
