"""Benchmark: 10 000 address labels vs the floor (reportlab drawing the same strings at fixed
positions with no fitting), in the same run. Target: ratio ≤ 2×.
Times are CPU seconds of this process (best of five, interleaved).

    uv run python tests/benchmarks/bench_labels.py
"""

from __future__ import annotations

import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.pdfgen import canvas

from lao_gan_bu_desktop.core.label_layout import MM, LabelContent, label_rect
from lao_gan_bu_desktop.files.font_fallback import FontSet
from lao_gan_bu_desktop.files.label_pdf import draw_labels
from lao_gan_bu_desktop.files.label_templates import builtin_templates
from lao_gan_bu_desktop.services.demo import OTHER_PROVINCE, STREETS, SURNAMES

N = 10_000
GIVEN = "建国卫东志强德明国庆光明振华海涛保国长青红军秀英桂兰玉梅淑珍凤英丽华素芳堃喆昇翀"


def make_contents(n: int) -> list[LabelContent]:
    rng = random.Random(8)
    out = []
    for _ in range(n):
        if rng.random() < 0.1:
            street, postcode = rng.choice(OTHER_PROVINCE)
        else:
            street, postcode = rng.choice(STREETS)
            street = f"郑州市高新区{street}"
        address = (
            f"{street}{rng.randint(1, 300)}号院{rng.randint(1, 20)}号楼"
            f"{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}"
        )
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))
        out.append(LabelContent(postcode, address, f"{name} 同志 收"))
    return out


def floor(contents: list[LabelContent], template) -> float:
    """reportlab alone: the same strings at fixed positions, no fitting, no fallback."""
    fonts = FontSet()
    started = time.process_time()
    c = canvas.Canvas(io.BytesIO(), pagesize=(210 * MM, 297 * MM), pageCompression=1)
    per = template.per_sheet
    for i, item in enumerate(contents):
        if i and i % per == 0:
            c.showPage()
        r = label_rect(template, i % per + 1)
        x, top = (r.x + 3) * MM, (297 - r.y - 3) * MM
        c.setFont(fonts.primary, 9)
        c.drawString(x, top - 9, item.postcode)
        c.setFont(fonts.primary, 10)
        c.drawString(x, top - 22, item.address)
        c.setFont(fonts.primary, 15)
        c.drawString(x, top - 45, item.name)
    c.save()
    return time.process_time() - started


def floor_text_object(contents: list[LabelContent], template) -> float:
    """The floor again, drawn the way io.label_pdf draws (one text object a page, no cursor
    measuring), so that the ratio against it is the cost of fitting and fallback alone."""
    from lao_gan_bu_desktop.files.label_pdf import _PlacedText

    fonts = FontSet()
    started = time.process_time()
    c = canvas.Canvas(io.BytesIO(), pagesize=(210 * MM, 297 * MM), pageCompression=1)
    per = template.per_sheet
    text = _PlacedText(c)
    for i, item in enumerate(contents):
        if i and i % per == 0:
            c.drawText(text)
            c.showPage()
            text = _PlacedText(c)
        r = label_rect(template, i % per + 1)
        x, top = (r.x + 3) * MM, (297 - r.y - 3) * MM
        for size, dy, string in (
            (9, 9, item.postcode),
            (10, 22, item.address),
            (15, 45, item.name),
        ):
            text.setFont(fonts.primary, size)
            text.place(x, top - dy, string)
    c.drawText(text)
    c.save()
    return time.process_time() - started


def ours(contents: list[LabelContent], template) -> float:
    started = time.process_time()
    draw_labels(io.BytesIO(), template, contents)
    return time.process_time() - started


def main() -> None:
    contents = make_contents(N)
    print(f"{N} 枚标签（{len(set(contents))} 种不同内容）")
    for template in builtin_templates():
        floor(contents[:200], template)
        ours(contents[:200], template)  # warm up fonts
        floors, floors_b, mine = [], [], []
        for _ in range(5):  # interleaved, best of five: other work on the machine evens out
            floors.append(floor(contents, template))
            floors_b.append(floor_text_object(contents, template))
            mine.append(ours(contents, template))
        f, fb, o = min(floors), min(floors_b), min(mine)
        print(
            f"{template.id}: 底线（reportlab drawString 固定位置直接画）{f:.2f} CPU 秒；"
            f"本程序（换行、缩字、后备字体）{o:.2f} CPU 秒；比值 {o / f:.2f}×（目标 ≤ 2×）；"
            f"对照：同样画法的底线 {fb:.2f} CPU 秒，比值 {o / fb:.2f}×"
        )


if __name__ == "__main__":
    main()
