"""《离退休干部特殊困难帮扶申请表》 for one case as an A4 PDF (reportlab, Chinese font embedded).

The form carries the number (year and sequence, 2026-001), the person's data, the household
(家庭人口, 家庭月收入) and where the money goes (开户行, 账号), the hardship text, the amounts (figures
and capital numerals) and boxes for the applicant's signature, the unit's opinion with its seal
and the office's approval; a rejected case prints 已驳回 with the reason. No database here: the
service hands in a dict of plain values.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..core.aid_rules import yuan_in_words
from .font_fallback import FontSet

FORM_TITLE = "离退休干部特殊困难帮扶申请表"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f} 元"


def _words(amount: Decimal | None) -> str:
    return f"（大写：{yuan_in_words(amount)}）" if amount is not None else ""


REASON_WIDTH = 154 * mm - 8  # the merged cell less its padding
REASON_HEIGHT = 45 * mm - 6


def _fit_reason(text: str, style: ParagraphStyle, fonts: FontSet) -> tuple[Paragraph, bool]:
    """The hardship text in the box, smaller when long; (paragraph, True) when even the
    smallest size does not fit and the full text goes on a continuation page."""
    body = fonts.markup(text).replace("\n", "<br/>")
    for size in (10.5, 9.5, 8.5):
        fitted = ParagraphStyle(
            f"aid_reason_{size}", parent=style, fontSize=size, leading=size * 1.4
        )
        para = Paragraph(body, fitted)
        _w, height = para.wrap(REASON_WIDTH, REASON_HEIGHT)
        if height <= REASON_HEIGHT:
            return para, False
    return Paragraph(escape("困难情况较长，详见附页。"), style), True


def write_application_pdf(path: Path, data: Mapping[str, Any], *, font: str | None = None) -> None:
    """Draw the application form for ``data`` (keys from ``services.aid_papers.application_data``)."""
    fonts = FontSet(font)  # each character in a font that has it, a box where none has
    font_name = fonts.primary
    base = ParagraphStyle("aid", fontName=font_name, fontSize=10.5, leading=15, alignment=TA_LEFT)
    label = ParagraphStyle("aid_label", parent=base, alignment=TA_CENTER)
    title = ParagraphStyle("aid_title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER)
    small = ParagraphStyle("aid_small", parent=base, fontSize=9.5, leading=13)

    def p(value: Any, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(fonts.markup(_text(value)).replace("\n", "<br/>"), style)

    def lab(text: str) -> Paragraph:
        return Paragraph(fonts.markup(text).replace("\n", "<br/>"), label)

    reason_cell, overflow = _fit_reason(_text(data.get("reason")), base, fonts)
    age = f"{data['age']}岁" if data.get("age") is not None else ""
    approved = data.get("amount_approved")
    approved_text = (
        f"{_money(approved)}{_words(approved)}" if approved is not None else "（由审批部门填写）"
    )
    approval = f"审批金额：{approved_text}"
    rejected = data.get("rejection")
    if rejected:
        when = f"（{_text(rejected.get('on'))}）" if rejected.get("on") else ""
        approval = f"已驳回{when}。驳回理由：{rejected.get('reason') or '未写明'}"
    sign_style = ParagraphStyle("aid_sign", parent=small, alignment=TA_RIGHT)

    def box(top: str, who: str, height: float) -> list:
        """An opinion box: optional text at the top, the signature line at the bottom right."""
        line = f"{who}签字：____________　（盖章）　______年____月____日"
        return [p(top, small), Spacer(1, height), Paragraph(fonts.markup(line), sign_style)]

    rows = [
        [lab("姓名"), p(data.get("name")), lab("性别"), p(data.get("gender")), lab("年龄"), p(age)],
        [
            lab("身份证号"),
            p(data.get("id_number")),
            "",
            "",
            lab("政治面貌"),
            p(data.get("political_status")),
        ],
        [lab("原工作单位"), p(data.get("unit")), "", "", lab("原职务"), p(data.get("position"))],
        [
            lab("离退休类别"),
            p(data.get("retirement_kind")),
            lab("离退休时间"),
            p(data.get("retirement_date")),
            lab("联系电话"),
            p(data.get("phone")),
        ],
        [lab("现住址"), p(data.get("address")), "", "", "", ""],
        [
            lab("健康状况"),
            p(data.get("health_status")),
            lab("自理能力"),
            p(data.get("self_care")),
            lab("居住情况"),
            p(data.get("living_arrangement")),
        ],
        [
            lab("家庭人口"),
            p(f"{data['household_size']}人" if data.get("household_size") else ""),
            lab("家庭月收入"),
            p(data.get("household_income_text") or ""),
            "",
            "",
        ],
        [
            lab("开户行"),
            p(data.get("bank") or ""),
            "",
            lab("账号"),
            p(data.get("bank_account") or ""),
            "",
        ],
        [
            lab("帮扶类别"),
            p(data.get("category")),
            lab("申请金额"),
            p(f"{_money(data.get('amount_requested'))}{_words(data.get('amount_requested'))}"),
            "",
            "",
        ],
        [lab("困难情况"), reason_cell, "", "", "", ""],
        [
            lab("申请人\n（家属）"),
            [
                p("以上情况属实，请予帮扶。", small),
                Spacer(1, 4 * mm),
                Paragraph(
                    fonts.markup("申请人（或家属代签）：____________　　______年____月____日"),
                    sign_style,
                ),
            ],
            "",
            "",
            "",
            "",
        ],
        [
            lab("单位初审意见"),
            box("", "负责人", 13 * mm),
            "",
            "",
            "",
            "",
        ],
        [
            lab("调查核实情况"),
            box("", "核实人", 13 * mm),
            "",
            "",
            "",
            "",
        ],
        [
            lab("审批意见"),
            box(approval, "审批人", 9 * mm),
            "",
            "",
            "",
            "",
        ],
    ]
    widths = [26 * mm, 36 * mm, 22 * mm, 34 * mm, 22 * mm, 40 * mm]
    heights = [10 * mm] * 9 + [45 * mm, 20 * mm, 24 * mm, 24 * mm, 26 * mm]
    table = Table(rows, colWidths=widths, rowHeights=heights)
    spans = [
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (1, 2), (3, 2)),
        ("SPAN", (1, 4), (5, 4)),
        ("SPAN", (3, 6), (5, 6)),  # 家庭月收入
        ("SPAN", (1, 7), (2, 7)),  # 开户行
        ("SPAN", (4, 7), (5, 7)),  # 账号
        ("SPAN", (3, 8), (5, 8)),  # 申请金额
        *[("SPAN", (1, r), (5, r)) for r in range(9, 14)],
    ]
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (1, 9), (1, 13), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *spans,
            ]
        )
    )
    year = data.get("year")
    head = ParagraphStyle("aid_head", parent=small, alignment=TA_LEFT)
    header = Table(
        [
            [
                Paragraph(fonts.markup(f"填报单位（盖章）：{_text(data.get('unit'))}"), head),
                Paragraph(
                    fonts.markup(
                        f"年度：{year}年　编号：{data.get('number') or data.get('case_id', '')}"
                    ),
                    ParagraphStyle("aid_no", parent=head, alignment=2),
                ),
            ]
        ],
        colWidths=[110 * mm, 70 * mm],
    )
    footer = Paragraph(
        fonts.markup(
            f"经办人：{_text(data.get('clerk'))}　　　打印日期：{_text(data.get('printed_on'))}"
            "　　　附：困难证明材料（医疗票据、低保证明等）"
        ),
        small,
    )
    story = [
        Paragraph(fonts.markup(f"{data.get('zone_name', '')}{FORM_TITLE}"), title),
        Spacer(1, 3 * mm),
    ]
    if rejected:
        story += [
            Paragraph(
                fonts.markup(f"【已驳回】{rejected.get('reason') or ''}"),
                ParagraphStyle("aid_rejected", parent=base, textColor=colors.HexColor("#b71c1c")),
            ),
            Spacer(1, 2 * mm),
        ]
    story += [
        header,
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
        footer,
    ]
    if overflow:
        story += [
            PageBreak(),
            Paragraph(fonts.markup(f"附页：{data.get('name', '')} 的困难情况"), title),
            Spacer(1, 4 * mm),
            *[
                Paragraph(fonts.markup(part), base)
                for part in _text(data.get("reason")).split("\n")
            ],
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=12 * mm,
        title=FORM_TITLE,
        author=str(data.get("zone_name", "")),
    )
    doc.build(story)
