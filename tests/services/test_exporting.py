"""Exports end to end on the demo zone: every workbook read back with openpyxl, the PDF with
pdfplumber; masking, columns, formula-like data, audit rows, errors that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lao_gan_bu_desktop.core.fields import FIELD_BY_KEY, PERSON_FIELDS
from lao_gan_bu_desktop.core.pinyin import sort_key
from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import exporting
from lao_gan_bu_desktop.services.export_columns import (
    BUILTIN_PRESETS,
    UNIT_CHECK_KEYS,
    PresetError,
    delete_preset,
    list_presets,
    parse_column_keys,
    save_preset,
)
from lao_gan_bu_desktop.services.roster import create_person, list_persons
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.storage.models import AuditLog
from tests.conftest import FIXED_TODAY
from tests.export_checks import assert_house_sheet, assert_no_formulas

TRICKY_ID = "410105195001011235"


def _tricky_person() -> int:
    from lao_gan_bu_desktop.core.idnumber import check_digit

    number = TRICKY_ID[:17] + check_digit(TRICKY_ID[:17])
    return create_person(
        {
            "name": "公式测",
            "id_number": number,
            "unit": "科技局",
            "address": "-1+2 @某街道",
            "notes": "=1+1",
            "phone": "13800001111",
            "position": "@SUM(A1)",
        },
        [{"name": "公式儿", "relation": "儿子", "phone": "13900002222", "is_emergency": True}],
    )


def _column(ws, title: str) -> int:
    for cell in ws[3]:
        if cell.value == title:
            return cell.column
    raise AssertionError(f"没有列 {title}")


def _data_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=4, values_only=True))


def test_roster_default_masks_ids_and_keeps_formulas_as_text(demo_ctx, tmp_path: Path) -> None:
    _tricky_person()
    out = tmp_path / exporting.default_filename("roster", FIXED_TODAY)
    assert out.name == "高新区离退休干部花名册_2026-11-29.xlsx"
    result = exporting.export_roster(out, day=FIXED_TODAY)
    assert result.count == 154
    ws = load_workbook(out)["花名册"]
    keys = BUILTIN_PRESETS["领导花名册"]
    assert_house_sheet(ws, len(keys))
    assert_no_formulas(ws)
    assert ws["A1"].value == "高新区离退休干部花名册"
    assert "2026-11-29" in ws["A2"].value and "共 154 人" in ws["A2"].value
    assert "身份证号已隐去中间位" in ws["A2"].value
    rows = _data_rows(ws)
    assert len(rows) == 154
    id_col = _column(ws, "公民身份号码")
    ids = [r[id_col - 1] for r in rows if r[id_col - 1]]
    assert ids and all(len(i) == 18 and i[6:14] == "********" for i in ids)
    assert all(ws.cell(row=r, column=id_col).number_format == "@" for r in range(4, 10))
    assert [r[0] for r in rows] == list(range(1, 155))  # 序号
    name_col = _column(ws, "姓名") - 1
    tricky = next(r for r in rows if r[name_col] == "公式测")
    assert tricky[_column(ws, "备注") - 1] == "=1+1"
    assert tricky[_column(ws, "现住址") - 1] == "-1+2 @某街道"
    assert tricky[_column(ws, "原职务") - 1] == "@SUM(A1)"
    birth = ws.cell(row=4, column=_column(ws, "出生日期"))
    # Beside a masked ID only year and month (issue 14): the full date is the hidden digits.
    assert len(birth.value) == 7 and birth.value[4] == "-"
    phone_col = _column(ws, "电话")
    assert all(isinstance(r[phone_col - 1], str) for r in rows if r[phone_col - 1])
    names = [r[name_col] for r in rows]
    assert names == [p["name"] for p in list_persons(RosterFilter(), day=FIXED_TODAY)]
    entry = AuditLog.select().where(AuditLog.action == "导出").get()
    assert "花名册" in entry.summary and "隐去中间位" in entry.summary
    changes = json.loads(entry.changes)
    assert changes["count"][1] == 154 and changes["full_id"][1] is False


def test_roster_phone_column_includes_landlines(demo_ctx, tmp_path: Path) -> None:
    """The leaders' roster has one 电话 column; someone with only a 固定电话 has it there (the
    tester's report: the export showed only 手机). With a 固定电话 column beside it, 手机 stays
    the mobile alone."""
    create_person({"name": "座机甲", "unit": "科技局", "landline": "0371-63921234"})
    create_person(
        {"name": "两机乙", "unit": "科技局", "phone": "13912345678", "landline": "0371-67881234"}
    )
    out = tmp_path / "r.xlsx"
    exporting.export_roster(out, flt=RosterFilter(units=("科技局",)), day=FIXED_TODAY)
    ws = load_workbook(out).active
    headers = [c.value for c in ws[3]]
    assert "电话" in headers and "手机" not in headers
    by_name = {r[_column(ws, "姓名") - 1]: r[_column(ws, "电话") - 1] for r in _data_rows(ws)}
    assert by_name["座机甲"] == "0371-63921234"
    assert by_name["两机乙"] == "13912345678 / 0371-67881234"
    both = tmp_path / "both.xlsx"
    exporting.export_roster(
        both,
        flt=RosterFilter(units=("科技局",)),
        keys=["name", "phone", "landline"],
        day=FIXED_TODAY,
    )
    ws = load_workbook(both).active
    assert [c.value for c in ws[3]] == ["姓名", "手机", "固定电话"]
    rows = {r[0]: r[1:] for r in _data_rows(ws)}
    assert rows["座机甲"] == (None, "0371-63921234")
    assert rows["两机乙"] == ("13912345678", "0371-67881234")


def test_roster_full_id_filter_columns_and_no_phones(demo_ctx, tmp_path: Path) -> None:
    pid = _tricky_person()
    assert pid
    out = tmp_path / "r.xlsx"
    result = exporting.export_roster(
        out,
        flt=RosterFilter(units=("科技局",)),
        keys=["unit", "name", "id_number", "phone", "emergency_contact", "age", "service_tier"],
        full_id=True,
        with_phones=False,
        day=FIXED_TODAY,
    )
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]] == [
        "原工作单位",
        "姓名",
        "公民身份号码",
        "紧急联系人",
        "年龄",
        "服务分类",
    ]
    assert "单位：科技局" in ws["A2"].value
    rows = _data_rows(ws)
    assert len(rows) == result.count and {r[0] for r in rows} == {"科技局"}
    tricky = next(r for r in rows if r[1] == "公式测")
    assert tricky[2].startswith("410105") and "*" not in tricky[2]
    assert tricky[3] == "公式儿（儿子）"  # no phone in the emergency contact either
    assert isinstance(tricky[4], int)
    assert "完整" in AuditLog.select().where(AuditLog.action == "导出").get().summary


def test_report_workbook_tables_charts_paragraph(demo_ctx, tmp_path: Path) -> None:
    out = tmp_path / exporting.default_filename("report", FIXED_TODAY)
    exporting.export_report(out, day=FIXED_TODAY)
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "统计表",
        "各单位",
        "党组织",
        "特困帮扶",
        "活动统计",
        "活动明细",
        "调研段落",
    ]
    survey = wb["统计表"]
    assert "A1:K1" in {str(r) for r in survey.merged_cells.ranges}
    assert survey.freeze_panes == "A3" and survey.print_title_rows == "$1:$2"
    assert survey.page_setup.orientation == "landscape"
    assert survey.oddFooter.center.text == "第 &P 页 共 &N 页"
    values = {r[0]: r[1] for r in survey.iter_rows(min_row=3, values_only=True) if r[0]}
    assert values["离休"] == 2 and values["退休"] == 151
    assert values["80岁及以上"] == 13 and values["60至70岁"] == 83
    assert values["不能自理"] == 3
    assert values["单建党支部"] == 2 and values["共建党支部"] == 15
    branch_total = next(
        r for r in survey.iter_rows(min_row=3, values_only=True) if r[0] == "合计" and r[1] == 17
    )
    assert branch_total[2] is None  # a count of branches has no share of people
    assert values["中共党员"] == 107 and values["民主党派成员"] == 2
    assert values["本市"] == 144
    sign = [r[0] for r in survey.iter_rows(min_row=3, values_only=True) if r[0]][-1]
    assert sign.startswith("制表单位：") and "制表日期：2026-11-29" in sign
    kinds = sorted(type(c).__name__ for c in survey._charts)
    assert kinds == ["BarChart", "PieChart"]
    bar = next(c for c in survey._charts if type(c).__name__ == "BarChart")
    assert bar.type == "col"
    units = wb["各单位"]
    assert_house_sheet(units, 5)
    rows = _data_rows(units)
    assert rows[-1][0] == "合计" and rows[-1][1] == 153
    assert sum(r[1] for r in rows[:-1]) == 153
    aid = compute_stats(FIXED_TODAY)["aid"]
    aid_total = next(r for r in _data_rows(wb["特困帮扶"]) if r[0] == "合计")
    assert aid_total[1] == sum(r["cases"] for r in aid["by_category"]) > 0
    assert aid_total[5] == float(sum(r["paid"] for r in aid["by_category"]))
    paragraph = wb["调研段落"]["A3"].value
    assert paragraph == compute_stats(FIXED_TODAY)["paragraph"]
    assert paragraph.startswith("全区现有机关离退休干部153人")
    for ws in wb.worksheets:
        assert_no_formulas(ws)


def test_unit_check_one_file_per_unit_with_template_columns(demo_ctx, tmp_path: Path) -> None:
    _tricky_person()
    folder = tmp_path / "核对表"
    result = exporting.export_unit_check(folder, units=["科技局", "财政金融局"], day=FIXED_TODAY)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "高新区科技局离退休干部核对表_2026-11-29.xlsx",
            "高新区财政金融局离退休干部核对表_2026-11-29.xlsx",
        ]
    )
    labels = [FIELD_BY_KEY[k].label for k in UNIT_CHECK_KEYS]
    science = load_workbook(folder / "高新区科技局离退休干部核对表_2026-11-29.xlsx").active
    assert_house_sheet(science, len(labels))
    assert_no_formulas(science)
    assert [c.value for c in science[3]] == labels
    rows = _data_rows(science)
    assert "科技局" in science["A1"].value
    assert len(rows) == exporting.count_people(RosterFilter(units=("科技局",)), FIXED_TODAY)
    tricky = next(r for r in rows if r[0] == "公式测")
    assert "*" not in tricky[labels.index("公民身份号码")]  # full: the unit sends it back
    assert tricky[labels.index("备注")] == "=1+1"
    assert tricky[labels.index("已加入微信群")] in ("是", "否")
    lists = {str(dv.sqref): dv.formula1 for dv in science.data_validations.dataValidation}
    gender = get_column_letter(labels.index("性别") + 1)
    assert lists[f"{gender}4:{gender}{3 + len(rows) + 200}"] == '"男,女"'
    wechat = get_column_letter(labels.index("已加入微信群") + 1)
    assert any(k.startswith(wechat) and v == '"是,否"' for k, v in lists.items())
    name = get_column_letter(labels.index("姓名") + 1)
    assert not any(k.startswith(f"{name}4") for k in lists)  # free text has no list
    assert result.count == len(rows) + len(
        _data_rows(
            load_workbook(folder / "高新区财政金融局离退休干部核对表_2026-11-29.xlsx").active
        )
    )


def test_unit_check_one_workbook_sheet_per_unit(demo_ctx, tmp_path: Path) -> None:
    result = exporting.export_unit_check(tmp_path, one_workbook=True, day=FIXED_TODAY)
    (path,) = result.paths
    assert path.name == "高新区各单位离退休干部核对表_2026-11-29.xlsx"
    wb = load_workbook(path)
    assert len(wb.sheetnames) == 17 and "科技局" in wb.sheetnames
    assert sum(len(_data_rows(ws)) for ws in wb.worksheets) == 153 == result.count
    for ws in wb.worksheets:
        assert_house_sheet(ws, len(UNIT_CHECK_KEYS))


def test_directory_xlsx_grouped_by_unit_in_pinyin_order(demo_ctx, tmp_path: Path) -> None:
    out = tmp_path / exporting.default_filename("directory", FIXED_TODAY)
    exporting.export_directory(out, day=FIXED_TODAY)
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]] == [
        "姓名",
        "原工作单位",
        "手机",
        "固定电话",
        "现住址",
        "紧急联系人",
    ]
    assert_house_sheet(ws, 6)
    rows = _data_rows(ws)
    assert len(rows) == 153
    units = [r[1] for r in rows]
    order = list(dict.fromkeys(units))
    assert order == sorted(order, key=sort_key)
    assert len(order) == len(set(units))  # each unit in one block
    for unit in order:
        names = [r[0] for r in rows if r[1] == unit]
        assert names == sorted(names, key=sort_key)


def test_directory_pdf_reads_back(demo_ctx, tmp_path: Path) -> None:
    out = tmp_path / exporting.default_filename("directory", FIXED_TODAY, ".pdf")
    result = exporting.export_directory(out, flt=RosterFilter(units=("科技局",)), day=FIXED_TODAY)
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "高新区离退休干部通讯录" in text
    assert f"科技局（{result.count} 人）" in text
    assert "第 1 页 共 1 页" in text
    rows = exporting.directory_groups(RosterFilter(units=("科技局",)), FIXED_TODAY, ["name"])
    for (name,) in rows[0][1]:
        assert name in text


def test_errors_are_chinese_and_change_nothing(demo_ctx, tmp_path: Path) -> None:
    with pytest.raises(exporting.ExportError, match="没有找到任何人员"):
        exporting.export_roster(
            tmp_path / "x.xlsx", flt=RosterFilter(units=("不存在的单位",)), day=FIXED_TODAY
        )
    with pytest.raises(exporting.ExportError, match="不存在"):
        exporting.export_roster(tmp_path / "无" / "x.xlsx", day=FIXED_TODAY)
    with pytest.raises(exporting.ExportError, match="没有这些单位"):
        exporting.export_unit_check(tmp_path, units=["外星局"], day=FIXED_TODAY)
    assert not list(tmp_path.rglob("*.xlsx"))
    assert AuditLog.select().where(AuditLog.action == "导出").count() == 0


def test_cancel_writes_nothing(demo_ctx, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.xlsx"
    with pytest.raises(exporting.ExportCancelled):
        exporting.export_roster(out, day=FIXED_TODAY, progress=lambda done, total: False)
    assert not list(folder.iterdir())
    assert AuditLog.select().where(AuditLog.action == "导出").count() == 0


def test_presets_saved_by_name(ctx) -> None:
    assert {"领导花名册", "通讯录"} <= set(list_presets())
    save_preset("慰问名单", ["name", "unit", "phone", "address"])
    assert list_presets()["慰问名单"] == ["name", "unit", "phone", "address"]
    with pytest.raises(PresetError, match="内置"):
        save_preset("通讯录", ["name"])
    with pytest.raises(PresetError, match="名称"):
        save_preset("  ", ["name"])
    delete_preset("慰问名单")
    assert "慰问名单" not in list_presets()
    assert parse_column_keys("name，原工作单位, phone") == ["name", "unit", "phone"]
    with pytest.raises(PresetError, match="不认识的列"):
        parse_column_keys("name,shoe_size")


def test_describe_filter_in_words() -> None:
    flt = RosterFilter(units=("科技局",), retirement_kind="离休", age_bracket="80岁及以上")
    assert exporting.describe_filter(flt) == "单位：科技局；离休；80岁及以上"
    assert exporting.describe_filter(RosterFilter()) == "全部在册人员"
    assert exporting.describe_filter(RosterFilter(person_ids=(1, 2), statuses=())) == "选定的 2 人"
    assert "状态：全部" in exporting.describe_filter(RosterFilter(statuses=()))


def test_unit_check_cells_normalise_back_to_the_stored_values(demo_ctx, tmp_path: Path) -> None:
    """The export half of the round trip: every cell of the 核对表, read back and normalised by
    core.fields as the importer does, equals the stored value (so an unchanged file changes
    nothing, and a changed cell changes exactly that field)."""
    from lao_gan_bu_desktop.core.fields import normalize_field
    from lao_gan_bu_desktop.services.roster import get_person

    _tricky_person()
    result = exporting.export_unit_check(tmp_path / "u", units=["科技局"], day=FIXED_TODAY)
    ws = load_workbook(result.paths[0]).active
    labels = {f.label: f.key for f in PERSON_FIELDS}
    keys = [labels[c.value] for c in ws[3]]
    stored_by_id = {
        p["id_number"]: p for p in list_persons(RosterFilter(units=("科技局",)), day=FIXED_TODAY)
    }
    checked = 0
    for row in ws.iter_rows(min_row=4, values_only=True):
        values = dict(zip(keys, row, strict=True))
        person = get_person(stored_by_id[values["id_number"]]["id"], day=FIXED_TODAY)
        for key, cell in values.items():
            if key == "party_branch":
                assert (cell or "") == (person[key] or ""), key
                continue
            stored = person[key]
            if FIELD_BY_KEY[key].kind == "bool":
                assert bool(normalize_field(key, cell)) == bool(stored), key
                continue
            got = normalize_field(key, cell)
            assert (got or None) == (stored or None), (key, cell, stored)
            checked += 1
    assert checked > 100


def test_file_open_in_excel_gives_chinese_message(demo_ctx, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the clerk's earlier file")

    def locked(wb, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(exporting, "save_atomically", locked)
    with pytest.raises(exporting.ExportError, match="Excel 或 WPS 打开"):
        exporting.export_roster(out, day=FIXED_TODAY)
    assert out.read_bytes() == b"the clerk's earlier file"
    assert AuditLog.select().where(AuditLog.action == "导出").count() == 0


def test_zone_and_unit_names_from_data_never_become_formulas(demo_ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.settings import set_setting

    set_setting("zone_name", "=HYPERLINK(1)")
    create_person({"name": "单位公式", "unit": "@单位"})
    for out, run in (
        (tmp_path / "a.xlsx", lambda p: exporting.export_roster(p, day=FIXED_TODAY)),
        (tmp_path / "b.xlsx", lambda p: exporting.export_report(p, day=FIXED_TODAY)),
        (tmp_path / "c.xlsx", lambda p: exporting.export_directory(p, day=FIXED_TODAY)),
    ):
        run(out)
        for ws in load_workbook(out).worksheets:
            assert_no_formulas(ws)
            assert ws["A1"].value.startswith("=HYPERLINK(1)")
    result = exporting.export_unit_check(tmp_path / "u", units=["@单位"], day=FIXED_TODAY)
    ws = load_workbook(result.paths[0]).active
    assert_no_formulas(ws)
    units = load_workbook(tmp_path / "b.xlsx")["各单位"]
    assert "@单位" in [r[0] for r in units.iter_rows(min_row=4, values_only=True)]


def test_last_exported_columns_become_a_preset(demo_ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.export_columns import LAST_PRESET

    assert LAST_PRESET not in list_presets()
    exporting.export_roster(tmp_path / "a.xlsx", keys=["name", "phone"], day=FIXED_TODAY)
    assert list_presets()[LAST_PRESET] == ["name", "phone"]
    with pytest.raises(PresetError, match="内置"):
        save_preset(LAST_PRESET, ["name"])
    with pytest.raises(PresetError, match="内置"):
        delete_preset(LAST_PRESET)
