"""The printed 通讯录 draws every character of a name in a font that has it, and a box where
no installed font has one (to be written in by hand), never leaving it out."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from lao_gan_bu_desktop.files.directory_pdf import DirectoryGroup, write_directory_pdf
from lao_gan_bu_desktop.files.font_fallback import FontSet

EXT_B = "𠀡"  # U+20021, CJK Extension B: in a fallback font on some machines, not in most
NO_FONT_HAS = "𪚥"  # U+2A6A5, in no font installed on the test machines


def test_rare_characters_are_drawn_or_boxed_never_left_out(tmp_path: Path) -> None:
    rows = [
        ("王堃", "13803711234", "", "郑州市经三路1号"),
        (f"吴{NO_FONT_HAS}", "", "", f"郑州市{NO_FONT_HAS}街2号"),
        (f"周{EXT_B}", "", "", "郑州市经三路3号"),
    ]
    out = tmp_path / "通讯录.pdf"
    count = write_directory_pdf(
        out,
        title="高新区离退休干部通讯录",
        subtitle="2026-11-29",
        headers=["姓名", "手机", "固定电话", "现住址"],
        col_widths_mm=[30, 40, 40, 120],
        groups=[DirectoryGroup("科技局", rows)],
    )
    assert count == 3
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "王堃" in text
    assert "吴□" in text and "郑州市□街2号" in text
    has_ext_b = not FontSet().missing(EXT_B)
    assert (f"周{EXT_B}" if has_ext_b else "周□") in text
