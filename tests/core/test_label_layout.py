"""Label geometry and text fitting with plain numbers (no reportlab)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from lao_gan_bu_desktop.core.label_layout import (
    MM,
    LabelContent,
    LabelLayoutError,
    LabelTemplate,
    Recipient,
    UnitWidths,
    label_rect,
    layout_label,
    merge_households,
    name_line,
    placements,
    sheets_needed,
    template_problems,
    tokenize,
    with_copies,
    wrap,
)
from lao_gan_bu_desktop.files.label_templates import builtin_templates


def fake_measure(text: str, size: float) -> float:
    """CJK characters 1 em wide, everything else half."""
    return sum(size if ord(ch) > 0x2E80 else size / 2 for ch in text)


UNIT = UnitWidths(fake_measure)
T3x7 = LabelTemplate("t", "测试", 3, 7, 7.2, 15.1, 66.0, 38.1, 63.5, 38.1)


def test_builtin_templates_are_the_five_published_sheets_and_fit_a4() -> None:
    templates = {t.id: t for t in builtin_templates()}
    assert set(templates) >= {"A4-3x8-70x37", "A4-3x7-70x42.3", "L7160", "L7163", "L7651"}
    l7651 = templates["L7651"]
    assert (l7651.nx, l7651.ny, l7651.width, l7651.height) == (5, 13, 38.1, 21.2)
    for t in templates.values():
        assert template_problems(t) == []
        last = label_rect(t, t.per_sheet)
        assert last.right <= 210 + 1e-9 and last.bottom <= 297 + 1e-9


def test_template_problems_name_overlap_and_paper_overflow_in_chinese() -> None:
    bad = LabelTemplate("x", "坏", 3, 8, 80, 0.5, 60, 37, 70, 37)
    problems = template_problems(bad)
    assert any("重叠" in p for p in problems)
    assert any("超出纸宽" in p for p in problems)
    assert template_problems(LabelTemplate("x", "高", 3, 9, 0, 0.5, 70, 37, 70, 37))[0].startswith(
        "最下一行"
    )


def test_label_rect_counts_row_by_row_and_applies_offset() -> None:
    assert label_rect(T3x7, 1) == label_rect(T3x7, 1, (0, 0))
    r = label_rect(T3x7, 5, (1.5, -0.5))
    assert r.x == pytest.approx(7.2 + 66.0 + 1.5)
    assert r.y == pytest.approx(15.1 + 38.1 - 0.5)
    with pytest.raises(LabelLayoutError):
        label_rect(T3x7, 22)


def test_start_position_on_a_part_used_sheet() -> None:
    assert placements(T3x7, 3, start=20) == [(0, 20), (0, 21), (1, 1)]
    assert sheets_needed(T3x7, 21, start=1) == 1
    assert sheets_needed(T3x7, 21, start=2) == 2
    with pytest.raises(LabelLayoutError, match="起始位置应在 1～21"):
        placements(T3x7, 1, start=0)


def test_household_merging_copies_and_name_line() -> None:
    people = [
        Recipient(("张三",), "郑州市金水区经三路 5号", "450008", (1,)),
        Recipient(("王五",), "北京市海淀区学院路1号", "100083", (2,)),
        Recipient(("李四",), "郑州市金水区经三路5号", "450008", (3,)),
    ]
    merged = merge_households(people)
    assert [m.names for m in merged] == [("张三", "李四"), ("王五",)]
    assert merged[0].person_ids == (1, 3)
    assert name_line(merged[0].names) == "张三 李四 同志 收"
    assert name_line(("王五",), "先生", "启") == "王五 先生 启"
    assert name_line(("王五",), "女士", "") == "王五 女士"
    with pytest.raises(LabelLayoutError):
        name_line(("王五",), "大人", "收")
    assert with_copies(["a", "b"], 3) == ["a", "a", "a", "b", "b", "b"]
    with pytest.raises(LabelLayoutError):
        with_copies(["a"], 0)


def test_wrap_breaks_chinese_by_character_and_keeps_digit_runs_together() -> None:
    assert tokenize("经三路120号") == ["经", "三", "路", "120", "号"]
    lines = wrap("经三路1203号院", 3.6, 1.0, UNIT)
    assert lines == ["经三路", "1203号", "院"]
    for line in lines:
        assert UNIT(line) <= 3.6
    # a run longer than a line is broken by character rather than overflowing
    assert wrap("12345678901234", 3.0, 1.0, UNIT) == ["123456", "789012", "34"]


def _inside(layout, width_mm: float, height_mm: float) -> None:
    for line in layout.lines:
        assert line.x >= -1e-6
        assert line.x + UNIT(line.text) * line.size <= width_mm * MM + 1e-6
        assert line.baseline - 0.88 * line.size >= -1e-6
        assert line.baseline + 0.12 * line.size <= height_mm * MM + 1e-6


def test_long_address_wraps_and_shrinks_but_stays_inside() -> None:
    short = layout_label(
        LabelContent("450001", "郑州市经三路1号", "张三 同志 收"), 63.5, 38.1, UNIT
    )
    long_text = "河南省郑州市高新技术产业开发区科学大道与长椿路交叉口向北200米路东瑞达路街道办事处家属院12号楼3单元1201室"
    long = layout_label(
        LabelContent("450001", long_text, "张三 同志 收", "寄件单位"), 63.5, 38.1, UNIT
    )
    address_short = [ln for ln in short.lines if ln.kind == "address"]
    address_long = [ln for ln in long.lines if ln.kind == "address"]
    assert len(address_short) == 1 and len(address_long) >= 3
    assert address_long[0].size < address_short[0].size
    assert "".join(ln.text for ln in address_long) == long_text
    assert not long.overflow
    for layout in (short, long):
        _inside(layout, 63.5, 38.1)
    assert next(ln.kind for ln in short.lines) == "postcode"


def test_address_too_long_for_any_size_is_cut_and_flagged_never_overflows() -> None:
    text = "很长的地址" * 60
    layout = layout_label(LabelContent("450001", text, "张三 同志 收"), 38.1, 21.2, UNIT)
    assert layout.overflow
    assert layout.lines[-1].kind == "name"
    _inside(layout, 38.1, 21.2)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXT = st.text(alphabet="郑州市高新区科学大道号院楼单元室0123456789-#ABC ", max_size=160)


@settings(max_examples=150, deadline=None)
@given(
    address=TEXT,
    names=st.lists(st.sampled_from(["张三", "欧阳娜娜", "王堃", "李"]), min_size=1, max_size=6),
    sender=st.sampled_from(["", "郑州高新区党群工作部干部管理科"]),
    width=st.floats(min_value=25, max_value=110),
    height=st.floats(min_value=12, max_value=60),
)
def test_any_label_text_stays_inside_any_label(address, names, sender, width, height) -> None:
    content = LabelContent("450001", address, name_line(names), sender)
    layout = layout_label(content, width, height, UNIT)
    _inside(layout, width, height)
    if not layout.overflow:
        address_lines = "".join(ln.text for ln in layout.lines if ln.kind == "address")
        assert address_lines.replace(" ", "") == address.replace(" ", "")


def _sizes(layout) -> dict[str, float]:
    return {ln.kind: ln.size for ln in layout.lines}


def test_address_is_as_large_as_fits_but_smaller_than_the_name() -> None:
    """The tester's sheet (L7160): the address sat small above a large name with the label half
    empty. It now grows into the room, breaking only at natural places, the name still larger."""
    for address in ("郑州市金水区花园路88号", "郑州市金水区文化路15号院3号楼2单元", "农业路东12号"):
        layout = layout_label(LabelContent("", address, "张建国 同志 收"), 63.5, 38.1, UNIT)
        sizes = _sizes(layout)
        assert sizes["address"] >= 12.0, (address, sizes)
        assert sizes["address"] < sizes["name"]
        lines = [ln.text for ln in layout.lines if ln.kind == "address"]
        assert "".join(lines) == address
        assert all(not (a[-1].isdigit() and b[0].isdigit()) for a, b in pairwise(lines))
        _inside(layout, 63.5, 38.1)


def test_address_on_a_small_label_keeps_nine_points_while_the_rest_gives_way() -> None:
    """On a 38×21 mm label everything used to shrink together to 7 pt; the address now keeps
    at least 9 pt when the postcode and name can be smaller instead."""
    address = "郑州市金水区文化路15号院3号楼2单元"
    layout = layout_label(LabelContent("450001", address, "张建国 同志 收"), 38.1, 21.2, UNIT)
    assert not layout.overflow
    assert _sizes(layout)["address"] >= 9.0
    assert "".join(ln.text for ln in layout.lines if ln.kind == "address") == address
    _inside(layout, 38.1, 21.2)


def test_an_address_names_a_city_or_district_or_not() -> None:
    from lao_gan_bu_desktop.core.label_layout import names_city_or_district

    for address in ("金水区纬五路21号", "郑州市经三路1号", "河南省开封县城关镇", "郑州金水路1号"):
        assert names_city_or_district(address), address
    for address in ("农业路东12号", "经八路3号院", ""):
        assert not names_city_or_district(address), address
