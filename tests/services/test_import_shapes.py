"""The shapes units really send (issue 21): Word tables, "Unicode text", GB18030, merged cells,
subtotals, sections, instructions, Chinese dates, names and phones as typed, whose unit, another
person's ID, a unit with no one. Every file is made here and read back through the service."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.files.sniff import SpreadsheetError
from lao_gan_bu_desktop.services import import_apply
from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.storage.import_models import ImportBatch
from tests.conftest import FIXED_TODAY
from tests.import_helpers import LI, WANG, ZHANG, make_id, write_docx, write_xlsx


def run_import(path: Path, ctx, unit: str = "经济发展局", policy: str = "update"):
    source = imp.open_source(path)
    plan = imp.plan_import(source, unit, imp.suggest_mapping(source, unit), policy)
    result = import_apply.apply_plan(plan, ctx.data_dir)
    return plan, result


def by_name() -> dict[str, dict]:
    return {p["name"]: p for p in list_persons(day=FIXED_TODAY)}


# ---------------------------------------------------------------- Word documents


def test_docx_table_with_merged_cells_is_read_like_a_sheet(ctx, tmp_path: Path) -> None:
    counts = [["单位", "离休人数", "退休人数"], ["经济发展局", "1", "2"]]
    roster = [
        ["序号", "姓名", "身份证号码", "单位", "联系方式", ""],
        ["", "", "", "", "手机", "固定电话"],
        ["1", "张三", ZHANG, "经济发展局", "13803711234", ""],
        ["2", "李四", LI, "", "13903712345", "0371-67881234"],
        ["3", "王五", WANG, "财政局", "", ""],
    ]
    path = write_docx(
        tmp_path / "名单.docx",
        [counts, roster],
        # 单位 merged down over 张三 and 李四; 联系方式 merged across its two columns; the
        # 序号/姓名/身份证号码/单位 headers merged down over the second header row.
        merges=[(1, (2, 3), (3, 3)), (1, (0, 4), (0, 5))] + [(1, (0, c), (1, c)) for c in range(4)],
    )
    plan, _ = run_import(path, ctx, unit="报送办")
    assert plan.source.format == "docx" and plan.source.sheet == "表2"
    people = by_name()
    assert set(people) == {"张三", "李四", "王五"}
    assert people["李四"]["unit"] == "经济发展局"  # the merged cell fills each row it covers
    assert people["李四"]["landline"] == "0371-67881234"
    assert people["王五"]["unit"] == "财政局"


def test_docx_without_table_and_old_doc_are_refused(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("本单位名单见附件")
    document.save(str(tmp_path / "无表.docx"))
    with pytest.raises(SpreadsheetError, match="Word 文档中没有表格"):
        imp.open_source(tmp_path / "无表.docx")
    from lao_gan_bu_desktop.files.sniff import OLE2_MAGIC

    old = tmp_path / "名单.doc"
    old.write_bytes(OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512))
    with pytest.raises(SpreadsheetError, match=r"另存为.*docx"):
        imp.open_source(old)


# ---------------------------------------------------------------- text encodings


def test_unicode_text_utf16_tab_separated(ctx, tmp_path: Path) -> None:
    text = (
        "姓名\t身份证号码\t联系电话\r\n张三\t" + ZHANG + "\t13803711234\r\n䶮明\t" + LI + "\t\r\n"
    )
    path = tmp_path / "名单.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    plan, _ = run_import(path, ctx)
    assert plan.counts["new"] == 2
    assert set(by_name()) == {"张三", "䶮明"}


def test_gb18030_keeps_characters_outside_gbk(ctx, tmp_path: Path) -> None:
    rare = "𠈌"  # outside the BMP: four bytes in GB18030, not in GBK
    text = f"姓名,身份证号码\r\n{rare}丽,{LI}\r\n王五,{WANG}\r\n"
    path = tmp_path / "名单.csv"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    run_import(path, ctx)
    assert set(by_name()) == {f"{rare}丽", "王五"}


# ---------------------------------------------------------------- layout of the sheet


def test_merged_cells_subtotals_and_totals(ctx, tmp_path: Path) -> None:
    rows = [
        ["单位", "姓名", "身份证号码", "类别"],
        ["经济发展局", "张三", ZHANG, "退休"],
        [None, "李四", LI, None],
        [None, "小计", "2人", None],
        ["财政局", "王五", WANG, "离休"],
        [None, "小  计", "1人", None],
        ["合计", None, "3人", None],
        ["共计 3 人", None, None, None],
        ["以上共3人", None, None, None],
        ["联系电话：0371-67880000", None, "制表日期：2026年11月", None],
    ]
    path = write_xlsx(tmp_path / "合并.xlsx", {"名单": rows}, merges={"名单": ["A2:A4", "D2:D3"]})
    plan, _ = run_import(path, ctx, unit="报送办")
    assert plan.counts == {**dict.fromkeys(imp.ACTION_NAMES, 0), "new": 3}
    people = by_name()
    assert people["李四"]["unit"] == "经济发展局"
    assert people["李四"]["retirement_kind"] == "退休"
    assert people["王五"]["unit"] == "财政局"


def test_sections_with_their_own_headers_supply_the_kind(ctx, tmp_path: Path) -> None:
    header = ["序号", "姓名", "身份证号码", "手机"]
    rows = [
        ["经济发展局离退休干部名单"],
        ["一、离休干部"],
        header,
        [1, "王五", WANG, "13700000000"],
        [None],
        ["二、退休干部"],
        header,
        [1, "张三", ZHANG, "13803711234"],
        [2, "李四", LI, None],
        ["合计", None, None, "3人"],
    ]
    path = write_xlsx(tmp_path / "分节.xlsx", {"名单": rows}, merges={"名单": ["A2:D2", "A6:D6"]})
    plan, _ = run_import(path, ctx)
    assert plan.counts["new"] == 3 and plan.counts["invalid"] == 0
    people = by_name()
    assert people["王五"]["retirement_kind"] == "离休"
    assert people["张三"]["retirement_kind"] == "退休"
    assert people["李四"]["retirement_kind"] == "退休"


def test_instructions_sheet_long_preamble_and_counts_sheet(ctx, tmp_path: Path) -> None:
    instructions = [["填报说明"]] + [
        [f"{i}. 请按要求填写姓名、性别、身份证号码、出生年月等，日期写成1950.05.03格式。"]
        for i in range(1, 12)
    ]
    preamble = [
        [f"说明{i}：本表由各单位于每年12月底前报送，联系电话请填写手机。"] for i in range(40)
    ]
    roster = [
        *preamble,
        ["序号", "姓名", "性别", "身份证号码", "出生年月"],
        [1, "张三", "男", ZHANG, "1955.03"],
        [2, "李四", "女", LI, "1960.07.01"],
    ]
    counts = [["统计"], ["单位", "离休", "退休", "合计"], ["经济发展局", 0, 2, 2]]
    path = write_xlsx(
        tmp_path / "报表.xlsx",
        {"填表说明": instructions, "花名册": roster, "统计": counts},
        merges={"花名册": [f"A{i}:E{i}" for i in range(1, 41)]},
    )
    plan, _ = run_import(path, ctx)
    assert plan.source.sheet == "花名册" and plan.source.layout.header_row == 41
    assert set(by_name()) == {"张三", "李四"}


# ---------------------------------------------------------------- values as typed


def test_dates_the_chinese_way_and_the_id_deciding(ctx, tmp_path: Path) -> None:
    ids = [make_id(_dt.date(1950, 5, 3), n, True) for n in range(10, 17)]
    rows = [
        ["姓名", "身份证号码", "参加工作时间", "离退休时间"],
        ["甲一", ids[0], "1968.5.3", "2010.10"],
        ["甲二", ids[1], "1968年5月3日", "2010年10月"],
        ["甲三", ids[2], "一九六八年五月三日", "二〇一〇年十月"],
        ["甲四", ids[3], "1968/05/03", _dt.date(2010, 10, 1)],
        ["甲五", ids[4], 25000, "2010-10-01"],  # an Excel serial in a number cell
    ]
    path = write_xlsx(tmp_path / "日期.xlsx", {"名单": rows})
    run_import(path, ctx)
    people = by_name()
    for name in ("甲一", "甲二", "甲三", "甲四"):
        assert people[name]["work_start_date"] == _dt.date(1968, 5, 3), name
        assert people[name]["retirement_date"] == _dt.date(2010, 10, 1), name  # the 1st
    assert people["甲五"]["work_start_date"] == _dt.date(1968, 6, 11)
    assert people["甲一"]["birth_date"] == _dt.date(1950, 5, 3)


def test_1904_date_system_workbook(ctx, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["姓名", "身份证号码", "参加工作时间"])
    ws.append(["张三", ZHANG, _dt.date(1972, 8, 1)])
    ws["C2"].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "mac.xlsx")
    run_import(tmp_path / "mac.xlsx", ctx)
    assert by_name()["张三"]["work_start_date"] == _dt.date(1972, 8, 1)


DASHED = make_id(_dt.date(1949, 9, 1), 62, False)


def test_names_genders_phones_as_typed(ctx, tmp_path: Path) -> None:
    old = ZHANG[:6] + ZHANG[8:17]  # the 15-digit form
    rows = [
        ["姓名", "性别", "身份证号码", "联系电话", "手机"],
        [" 张　三 ", "男性", old, "手机：138 0371 1234", None],
        ["李 四", "F", LI, "0371-67881234", None],
        ["王五", "M", WANG, "0371 6788 5678、13700000000", None],
        ["赵　六", "女", f"{DASHED[:6]}-{DASHED[6:14]}-{DASHED[14:]}", "139-0371-0000", None],
    ]
    path = write_xlsx(tmp_path / "值.xlsx", {"名单": rows})
    plan, _ = run_import(path, ctx)
    assert plan.counts["invalid"] == 0
    people = by_name()
    assert people["张三"]["id_number"] == ZHANG and people["张三"]["gender"] == "男"
    assert people["张三"]["phone"] == "13803711234"
    assert people["李四"]["gender"] == "女"
    assert people["李四"]["phone"] == "" and people["李四"]["landline"] == "0371-67881234"
    assert people["王五"]["phone"] == "13700000000"
    assert people["王五"]["landline"] == "0371-67885678"
    assert people["赵六"]["id_number"] == DASHED and people["赵六"]["phone"] == "13903710000"


def test_problem_rows_reported_the_rest_imported(ctx, tmp_path: Path) -> None:
    bad_check = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    spouse = make_id(_dt.date(1952, 1, 9), 40, False)  # a woman born 1952: not 王五's
    rows = [
        ["序号", "姓名", "性别", "出生年月", "身份证号码"],
        [1, "张三", "男", "1955.03", bad_check],
        [2, None, "女", "1960.07", LI],
        [3, "王五", "男", "1948.10.20", spouse],
        [4, "赵六", "女", "1948.10.20", make_id(_dt.date(1948, 10, 20), 51, True)],
        [5, "孙七", "男", "1960.07.01", LI],
    ]
    path = write_xlsx(tmp_path / "问题.xlsx", {"名单": rows})
    plan, _ = run_import(path, ctx)
    invalid = {i.row: i for i in plan.invalid}
    assert set(invalid) == {2, 3, 4}
    assert invalid[2].column == "身份证号码" and "校验" in invalid[2].reason
    assert invalid[3].column == "姓名" and "姓名不能为空" in invalid[3].reason
    assert invalid[4].column == "身份证号码" and "可能是别人的" in invalid[4].reason
    # One contradiction (gender only) stays a warning and the ID decides.
    assert any(w.row == 5 and "性别" in w.reason for w in plan.warnings)
    people = by_name()
    assert set(people) == {"赵六", "孙七"}
    assert people["赵六"]["gender"] == "男"


def test_fill_changes_only_blanks(ctx, tmp_path: Path) -> None:
    first = [["姓名", "身份证号码", "手机", "家庭住址"], ["张三", ZHANG, "13803711234", None]]
    run_import(write_xlsx(tmp_path / "一.xlsx", {"a": first}), ctx, unit="甲局")
    again = [
        ["姓名", "身份证号码", "手机", "家庭住址", "政治面貌"],
        ["张三", ZHANG, "13900000000", "文化路1号", "中共党员"],
    ]
    plan, _ = run_import(write_xlsx(tmp_path / "二.xlsx", {"a": again}), ctx, "乙局", "fill")
    assert plan.counts["update"] == 1
    person = by_name()["张三"]
    assert person["phone"] == "13803711234"  # had a value: unchanged
    assert person["unit"] == "甲局"
    assert person["address"] == "文化路1号" and person["political_status"] == "中共党员"


def test_per_row_unit_and_the_sender_on_the_batch(ctx, tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号码", "原工作单位"],
        ["张三", ZHANG, "经济发展局"],
        ["李四", LI, "财政局"],
        ["王五", WANG, None],
    ]
    _plan, result = run_import(write_xlsx(tmp_path / "u.xlsx", {"a": rows}), ctx, unit="区委组织部")
    people = by_name()
    assert people["张三"]["unit"] == "经济发展局" and people["李四"]["unit"] == "财政局"
    assert people["王五"]["unit"] == "区委组织部"  # blank: the sender's
    assert ImportBatch.get_by_id(result.batch_id).unit_name == "区委组织部"


@pytest.mark.parametrize(
    "rows",
    [
        [["姓名", "身份证号码", "性别"], ["无", None, None]],
        [["序号", "姓名", "身份证号码"], ["本单位无离退休人员", None, None]],
        [["经济发展局离退休人员名单"], ["本单位无离退休人员。"]],
    ],
)
def test_a_unit_with_no_one(ctx, tmp_path: Path, rows, capsys) -> None:
    path = write_xlsx(tmp_path / "无人.xlsx", {"名单": rows}, merges={})
    with pytest.raises(SpreadsheetError, match=r"没有离退休人员.*未导入任何数据"):
        imp.open_source(path)
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "import", str(path), "--unit", "甲局", "--json"]) != 0
    assert "没有离退休人员" in capsys.readouterr().out
    assert ImportBatch.select().count() == 0
