"""The two aid papers read back: the application PDF (pypdf) and the year's summary (openpyxl)."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from lao_gan_bu_desktop.core.aid_rules import yuan_in_words
from lao_gan_bu_desktop.services import aid, aid_papers
from lao_gan_bu_desktop.services.roster import create_person

D = _dt.date(2026, 3, 2)


def _approved_case(name: str, id_number: str | None, requested: str, approved: str) -> int:
    data = {"name": name, "unit": "财政金融局", "address": "郑州市高新区科学大道100号"}
    if id_number:
        data["id_number"] = id_number
    pid = create_person(data)
    cid = aid.create_case(
        pid,
        year=2026,
        category="医疗救助",
        reason="本人患冠心病住院两次，自付医疗费 23,456.78 元；配偶无收入。",
        amount_requested=requested,
        on=D,
        clerk="王丽",
    )
    aid.advance(cid, "单位初审", on=D)
    aid.advance(cid, "调查核实", on=D)
    aid.advance(cid, "审批", on=D, amount_approved=approved, confirm_over_budget=True)
    return cid


def test_application_pdf_shows_name_and_amounts(ctx, tmp_path: Path) -> None:
    cid = _approved_case("张桂兰", "11010519491231002X", "8000", "6500.50")
    out = aid_papers.export_application_pdf(
        cid, tmp_path / "申请表.pdf", day=_dt.date(2026, 11, 29)
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    compact = "".join(text.split())
    assert "离退休干部特殊困难帮扶申请表" in compact
    assert "张桂兰" in compact
    assert "11010519491231002X" in compact
    assert "8,000.00元" in compact
    assert "6,500.50元" in compact
    assert yuan_in_words(Decimal("6500.50")) in compact  # 陆仟伍佰元伍角
    assert "冠心病" in compact
    for box in ("单位初审意见", "审批意见", "盖章"):
        assert box in compact


def test_application_pdf_before_approval_leaves_the_box_empty(ctx, tmp_path: Path) -> None:
    pid = create_person({"name": "李建国"})
    cid = aid.create_case(
        pid, year=2026, category="临时救助", reason="房屋漏雨", amount_requested="1200", on=D
    )
    out = aid_papers.export_application_pdf(cid, tmp_path / "a.pdf", day=D)
    compact = "".join(PdfReader(out).pages[0].extract_text().split())
    assert "李建国" in compact and "1,200.00元" in compact
    assert "由审批部门填写" in compact


def test_summary_workbook_has_rows_and_exact_totals(ctx, tmp_path: Path) -> None:
    a = _approved_case("张桂兰", None, "3000.10", "2000.10")
    aid.record_payment(a, paid_on=_dt.date(2026, 3, 10), amount="2000.10")
    _approved_case("=李建国", None, "1000.20", "1000.20")
    rejected = aid.create_case(
        create_person({"name": "王五"}),
        year=2026,
        category="临时救助",
        reason="x",
        amount_requested="999",
        on=D,
    )
    aid.reject(rejected, "不符合条件", on=D)
    path = tmp_path / "汇总.xlsx"
    assert aid_papers.export_summary(2026, path, day=_dt.date(2026, 11, 29)) == 2
    ws = openpyxl.load_workbook(path).active
    assert "2026年特殊困难离退休干部帮扶汇总表" in ws["A1"].value
    header = [c.value for c in ws[3]]
    assert header == [
        "序号",
        "姓名",
        "单位",
        "困难情况",
        "类别",
        "申请金额",
        "审批金额",
        "发放金额",
        "发放日期",
        "备注",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=6)]
    names = [r[1] for r in rows[:-1]]
    assert sorted(names) == ["=李建国", "张桂兰"]  # a name starting with = stays text
    assert ws.cell(row=4 + names.index("=李建国"), column=2).data_type == "s"
    zhang = rows[names.index("张桂兰")]
    assert Decimal(str(zhang[7])) == Decimal("2000.10")  # 发放金额
    assert zhang[8].date() == _dt.date(2026, 3, 10)
    assert zhang[4] == "医疗救助"
    total = rows[-1]
    assert total[0] == "合计"
    assert Decimal(str(total[5])) == Decimal("4000.30")
    assert Decimal(str(total[6])) == Decimal("3000.30")
    assert Decimal(str(total[7])) == Decimal("2000.10")
    sign = ws.cell(row=8, column=1).value
    assert "制表人" in sign and "审核人" in sign and "单位盖章" in sign
    assert "王五" not in str(rows)
    assert ws.page_setup.orientation == "landscape"


def test_long_hardship_text_goes_on_a_continuation_page(ctx, tmp_path: Path) -> None:
    pid = create_person({"name": "王堃"})
    reason = "长期透析，每周三次，" * 100 + "结尾文字"
    cid = aid.create_case(
        pid, year=2026, category="医疗救助", reason=reason, amount_requested="9000", on=D
    )
    out = aid_papers.export_application_pdf(cid, tmp_path / "long.pdf", day=D)
    pages = PdfReader(out).pages
    assert len(pages) == 2
    first = "".join(pages[0].extract_text().split())
    assert "详见附页" in first and "9,000.00元" in first
    second = "".join(pages[1].extract_text().split())
    assert "王堃" in second and "结尾文字" in second


def test_a_name_with_a_character_no_font_has_shows_a_box_on_the_form(ctx, tmp_path: Path) -> None:
    # 𪚥 (U+2A6A5) is in no font on the test machines: the form printed "吴" alone, a name that
    # looks complete on a paper the applicant signs.
    cid = _approved_case("吴𪚥", None, "3000", "3000")
    out = aid_papers.export_application_pdf(cid, tmp_path / "申请表.pdf", day=D)
    compact = "".join(PdfReader(out).pages[0].extract_text().split())
    assert "吴□" in compact
