"""Paper that comes out right the first time (issue 17): every default workbook read back and held
to the rules — no text prints below 9 pt, wrapped rows are tall enough, chart axes are not
deleted, no report table is split from its heading, units keep one order everywhere, the 走访台账
says 逾期 like the calendar, the 慰问名单 and 帮扶汇总表 carry their signature lines."""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.aid_rules import wan_yuan
from lao_gan_bu_desktop.core.pinyin import sort_key
from lao_gan_bu_desktop.services import aid_papers, exporting, importing, units
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.services.visits_exports import (
    export_campaign_list,
    export_health_missing,
    export_ledger,
)
from lao_gan_bu_desktop.storage.roster_queries import RosterFilter
from tests.conftest import FIXED_TODAY
from tests.export_checks import assert_legible, assert_rows_fit_wrapped_text, printed_scale

A4_LANDSCAPE_HEIGHT = 210 / 25.4 * 72


def default_exports(tmp_path: Path) -> dict[str, Path]:
    """Every workbook the program writes, with its default options, on the demo zone."""
    out = {
        "花名册": exporting.export_roster(tmp_path / "roster.xlsx", day=FIXED_TODAY).paths[0],
        "统计报表": exporting.export_report(tmp_path / "report.xlsx", day=FIXED_TODAY).paths[0],
        "通讯录": exporting.export_directory(tmp_path / "dir.xlsx", day=FIXED_TODAY).paths[0],
        "核对表（一个工作簿）": exporting.export_unit_check(
            tmp_path / "check.xlsx", one_workbook=True, day=FIXED_TODAY
        ).paths[0],
        "核对表（一个单位）": exporting.export_unit_check(
            tmp_path / "checks", units=["科技局"], day=FIXED_TODAY
        ).paths[0],
        "慰问名单": export_campaign_list("春节", 2027, tmp_path / "c.xlsx", day=FIXED_TODAY)[0],
        "走访台账": export_ledger(
            _dt.date(2026, 1, 1), _dt.date(2026, 12, 31), tmp_path / "l.xlsx", day=FIXED_TODAY
        )[0],
        "未体检名单": export_health_missing(2026, tmp_path / "h.xlsx", day=FIXED_TODAY)[0],
        "空白模板": importing.save_template(tmp_path / "t.xlsx", day=FIXED_TODAY),
    }
    aid_papers.export_summary(2026, tmp_path / "aid.xlsx", day=FIXED_TODAY)
    out["帮扶汇总表"] = tmp_path / "aid.xlsx"
    return out


def test_every_default_export_prints_at_9_pt_or_more_with_rows_tall_enough(
    demo_ctx, tmp_path: Path
) -> None:
    with clock.frozen(FIXED_TODAY):
        files = default_exports(tmp_path)
    sheets = 0
    for name, path in files.items():
        for ws in load_workbook(path).worksheets:
            assert_legible(ws)
            first = 4 if ws.title not in ("统计表", "调研段落", "填表说明") else 3
            assert_rows_fit_wrapped_text(ws, 1 if ws.title == "填表说明" else first)
            sheets += 1
        assert sheets, name
    assert sheets >= 13


def test_the_roster_prints_two_pages_wide_with_name_columns_repeated(demo_ctx, tmp_path) -> None:
    path = exporting.export_roster(tmp_path / "r.xlsx", day=FIXED_TODAY).paths[0]
    ws = load_workbook(path).active
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # 17 columns do not fit at 9 pt
    assert ws.print_title_cols == "$A:$B" and ws["A3"].value == "序号" and ws["B3"].value == "姓名"
    assert ws.page_setup.pageOrder == "overThenDown"
    # the title rows do not print (the repeated columns cut them on page 2): every page's
    # header carries the title and its footer the subtitle, beside the page number
    assert ws.print_area.endswith(f"$A$3:${ws.cell(3, ws.max_column).column_letter}${ws.max_row}")
    assert ws.oddHeader.center.text == "&B" + ws["A1"].value
    assert ws.oddFooter.left.text == ws["A2"].value and "&P" in ws.oddFooter.right.text
    assert printed_scale(ws) * 11 >= 9 and printed_scale(ws) * 10 >= 9
    # every address wraps in its 30-character column: each row is two lines tall
    address = next(c.column_letter for c in ws[3] if c.value == "现住址")
    assert ws.column_dimensions[address].width == 30
    long_rows = [r for r in range(4, ws.max_row + 1) if len(str(ws[f"{address}{r}"].value)) > 14]
    assert long_rows and all(ws.row_dimensions[r].height >= 30 for r in long_rows)


def test_a_narrow_table_is_fitted_to_one_page_width(demo_ctx, tmp_path) -> None:
    path = exporting.export_roster(
        tmp_path / "r.xlsx", keys=["seq", "name", "unit", "phone"], day=FIXED_TODAY
    ).paths[0]
    ws = load_workbook(path).active
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_cols is None
    assert not ws.print_area and not ws.oddHeader.center.text  # the title rows print


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _charts(path: Path) -> list[ET.Element]:
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        return [ET.fromstring(z.read(n)) for n in names]


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{A}t")]


def test_chart_axes_titles_and_labels_are_in_the_xml(demo_ctx, tmp_path: Path) -> None:
    path = exporting.export_report(tmp_path / "report.xlsx", day=FIXED_TODAY).paths[0]
    charts = _charts(path)
    assert len(charts) == 2
    bar = next(c for c in charts if c.find(f".//{C}barChart") is not None)
    pie = next(c for c in charts if c.find(f".//{C}pieChart") is not None)
    axes = [
        a
        for c in charts
        for kind in ("catAx", "valAx", "dateAx", "serAx")
        for a in c.iter(f"{C}{kind}")
    ]
    assert {a.tag.split("}")[1] for a in axes} == {"catAx", "valAx"}
    for axis in axes:  # unset, Excel reads the axis as deleted and hides it
        delete = axis.find(f"{C}delete")
        assert delete is not None and delete.get("val") == "0", axis.tag
    assert "年龄段分布" in _texts(bar.find(f"{C}chart/{C}title"))
    assert "人数" in _texts(bar.find(f".//{C}valAx/{C}title"))
    labels = bar.find(f".//{C}barChart/{C}dLbls")
    assert labels.find(f"{C}showVal").get("val") == "1"
    assert "服务分类" in _texts(pie.find(f"{C}chart/{C}title"))
    pie_labels = pie.find(f".//{C}pieChart/{C}dLbls")
    assert pie_labels.find(f"{C}showPercent").get("val") == "1"
    assert pie_labels.find(f"{C}showCatName").get("val") == "1"


def _pages(ws: Worksheet) -> dict[int, int]:
    """Row → printed page (from 1) of the survey sheet, counted from the file as a printer
    would: the explicit row heights, the manual breaks, the title rows on every page."""
    scale = printed_scale(ws)
    margins = (ws.page_margins.top + ws.page_margins.bottom) * 72
    repeated = sum(ws.row_dimensions[r].height or 15 for r in (1, 2))
    room = (A4_LANDSCAPE_HEIGHT - margins) / scale - repeated
    breaks = {b.id for b in ws.row_breaks.brk}
    page, used, result = 1, 0.0, {}
    for r in range(3, ws.max_row + 1):
        height = ws.row_dimensions[r].height or 15
        if used + height > room:
            page, used = page + 1, 0.0
        result[r] = page
        used += height
        if r in breaks:
            page, used = page + 1, 0.0
    return result


@pytest.mark.parametrize("extra_rows", [0, 3])
def test_no_report_table_is_split_from_its_heading(demo_ctx, tmp_path, extra_rows) -> None:
    from lao_gan_bu_desktop.files.report_xlsx import write_report_xlsx

    stats = compute_stats(FIXED_TODAY)
    # a zone with more residence areas or tiers has longer tables: the breaks must follow
    stats["by_residence"] = {
        **stats["by_residence"],
        **{f"其他地区{i}": 0 for i in range(extra_rows)},
    }
    path = tmp_path / "report.xlsx"
    write_report_xlsx(path, stats, title="统计表", subtitle="", sign_off="制表单位：x")
    ws = load_workbook(path)["统计表"]
    pages = _pages(ws)
    headings = [
        r
        for r in range(3, ws.max_row + 1)
        if re.match(r"^[一二三四五六七]、", str(ws[f"A{r}"].value))
    ]
    assert len(headings) == 7
    for start in headings:
        end = start
        while end + 1 <= ws.max_row and ws[f"A{end + 1}"].value is not None:
            end += 1
        assert pages[start] == pages[end], f"{ws[f'A{start}'].value} 被分在两页"
    assert max(pages.values()) >= 2 and ws.row_breaks.brk  # it does need a break


def test_units_follow_the_zone_order_in_every_output(demo_ctx, tmp_path: Path) -> None:
    by_pinyin = sorted(units.ordered_units(), key=sort_key)
    assert units.ordered_units() == by_pinyin  # nothing set: pinyin
    first = ["管委会办公室", "党群工作部", "科技局"]
    assert all(u in by_pinyin for u in first)
    order = units.set_unit_order(first)
    assert order[:3] == first and order[3:] == [u for u in by_pinyin if u not in first]
    stats_units = [r["unit"] for r in compute_stats(FIXED_TODAY)["by_unit"]]
    assert stats_units == [u for u in order if u in stats_units]
    report = exporting.export_report(tmp_path / "r.xlsx", day=FIXED_TODAY).paths[0]
    sheet = load_workbook(report)["各单位"]
    listed = [sheet[f"A{r}"].value for r in range(4, sheet.max_row)]
    assert listed == stats_units
    groups = [u for u, _ in exporting.directory_groups(RosterFilter(), FIXED_TODAY, ["name"])]
    assert groups == [u for u in order if u in groups]
    book = exporting.export_unit_check(tmp_path / "c.xlsx", one_workbook=True, day=FIXED_TODAY)
    sheets = load_workbook(book.paths[0]).sheetnames
    assert sheets[:3] == first
    with pytest.raises(units.UnitOrderError, match="没有这些单位：外星局"):
        units.set_unit_order(["外星局"])
    units.set_unit_order([])
    assert units.ordered_units() == by_pinyin


def test_ledger_shows_past_plans_as_overdue_like_the_calendar(demo_ctx, tmp_path) -> None:
    from lao_gan_bu_desktop.services.visits import list_visits

    day = _dt.date(2026, 12, 6)
    with clock.frozen(day):
        path, _ = export_ledger(_dt.date(2026, 11, 1), _dt.date(2026, 12, 31), tmp_path / "l.xlsx")
        visits = list_visits(_dt.date(2026, 11, 1), _dt.date(2026, 12, 31), statuses=("计划",))
    ws = load_workbook(path).active
    header = [c.value for c in ws[3]]
    rows = [
        dict(zip(header, (c.value for c in r), strict=False))
        for r in ws.iter_rows(min_row=4, max_row=ws.max_row - 1)
    ]
    past = [v for v in visits if v["planned_on"] < day]
    future = [v for v in visits if v["planned_on"] >= day]
    assert past, "the demo has plans that were not done in time"
    assert sum(r["状态"] == "逾期" for r in rows) == len(past)
    assert sum(r["状态"] == "计划" for r in rows) == len(future)
    for r in rows:
        if r["状态"] == "逾期":
            assert r["日期"].date() < day
    assert f"逾期未走访 {len(past)} 次" in ws["A2"].value


def test_campaign_list_reasons_are_in_plain_words_and_it_has_sign_lines(demo_ctx, tmp_path) -> None:
    path, count = export_campaign_list("春节", 2027, tmp_path / "c.xlsx", day=FIXED_TODAY)
    ws = load_workbook(path).active
    reasons = {ws[f"F{r}"].value for r in range(4, 4 + count)}
    assert "离休干部" in reasons
    for reason in reasons:
        assert "服务分类" not in reason and "岁（" not in reason and "困难类别：" not in reason
    assert reasons <= {
        "离休干部",
        "生活特困",
        "重病",
        "生活不能自理",
        "长期卧床",
        "正在申请困难帮扶",
        "年满 80 岁",
        "生活半自理",
        "身体较差",
        "长期患病",
    }
    sign = ws.cell(row=3 + count + 2, column=1).value
    assert "经办人：" in sign and "审核：" in sign


def test_aid_summary_has_paid_amounts_and_signature_line(demo_ctx, tmp_path) -> None:
    aid_papers.export_summary(2026, tmp_path / "aid.xlsx", day=FIXED_TODAY)
    ws = load_workbook(tmp_path / "aid.xlsx").active
    header = [c.value for c in ws[3]]
    assert "发放金额" in header
    paid = header.index("发放金额")
    total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    expected = sum(r["paid"] for r in aid_papers.summary_rows(2026))
    assert round(total[paid], 2) == float(expected) > 0
    last = ws.cell(row=ws.max_row, column=1).value
    assert "制表人：" in last and "审核人：" in last and "单位盖章：" in last


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("20000", "2万元"),
        ("25000", "2.5万元"),
        ("123456", "12.35万元"),
        ("200000", "20万元"),
        ("2500", "0.25万元"),
        ("0", "0元"),
        ("30", "30元"),
    ],
)
def test_money_in_wan_has_no_trailing_zeros(amount: str, text: str) -> None:
    from decimal import Decimal

    assert wan_yuan(Decimal(amount)) == text
