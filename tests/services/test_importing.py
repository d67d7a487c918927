"""Importing unit spreadsheets through the service: field by field, duplicates, undo, reports."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lao_gan_bu_desktop.core.idnumber import LOST_DIGITS_MESSAGE
from lao_gan_bu_desktop.services import import_apply, import_undo
from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.roster import get_person, list_persons, update_person
from lao_gan_bu_desktop.storage.import_models import ImportBatch
from lao_gan_bu_desktop.storage.models import AuditLog, Person
from tests.conftest import FIXED_TODAY
from tests.import_helpers import (
    ENCRYPTION_SCHEMES,
    LI,
    WANG,
    ZHANG,
    make_id,
    messy_rows,
    write_encrypted_xls,
    write_html_xls,
    write_roster_csv,
    write_spreadsheetml,
    write_xls,
    write_xlsx,
)


def run_import(path: Path, ctx, unit: str = "经济发展局", policy: str = "update", **kw):
    source = imp.open_source(path, **kw)
    plan = imp.plan_import(source, unit, imp.suggest_mapping(source, unit), policy)
    result = import_apply.apply_plan(plan, ctx.data_dir)
    return plan, result


def by_name() -> dict[str, dict]:
    return {p["name"]: p for p in list_persons(day=FIXED_TODAY)}


def test_messy_sheet_imports_field_by_field(ctx, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "经发局.xlsx",
        {
            "填表说明": [["填表说明"], ["姓名必填"]],
            "花名册": messy_rows(),
            "旧表": [["姓名", "身份证号码", "性别"]],
        },
        hidden=("旧表",),
        merges={"花名册": ["A1:H1", "F4:G4"]},
    )
    plan, result = run_import(path, ctx)
    assert plan.source.sheet == "花名册"
    assert plan.counts["new"] == 3 and plan.counts["invalid"] == 0
    people = by_name()
    zhang = people["张三"]
    assert zhang["id_number"] == ZHANG  # lower-case x made upper, spaces gone
    assert zhang["birth_date"] == _dt.date(1955, 3, 12)
    assert zhang["gender"] == "男"
    assert zhang["retirement_kind"] == "退休"
    assert zhang["phone"] == "13803711234"
    assert zhang["landline"] == "0371-67881234"
    assert zhang["address"] == "文化路1号"
    assert zhang["unit"] == "经济发展局"
    assert zhang["search_key"] == "zhangsan zs"
    li = people["李四"]
    assert (li["gender"], li["birth_date"]) == ("女", _dt.date(1960, 7, 1))
    assert people["王五"]["retirement_kind"] == "离休"
    batch = ImportBatch.get_by_id(result.batch_id)
    assert (batch.imported, batch.unit_name, batch.file_name) == (3, "经济发展局", "经发局.xlsx")
    assert len(batch.file_hash) == 64
    assert result.backup_path is not None and result.backup_path.name.endswith("导入前")
    assert AuditLog.select().where(AuditLog.action == "导入").count() == 1


def test_real_xls_html_and_spreadsheetml(ctx, tmp_path: Path) -> None:
    xls = write_xls(
        tmp_path / "a.xls",
        [
            ["姓名", "公民身份号码", "出生日期", "政治面貌"],
            ["王五", WANG, _dt.date(1948, 10, 20), "党员"],
        ],
    )
    run_import(xls, ctx, unit="科技局")
    html = write_html_xls(tmp_path / "b.xls")
    plan, _ = run_import(html, ctx, unit="社会事业局")
    assert plan.counts["new"] == 2
    people = by_name()
    assert people["王五"]["political_status"] == "中共党员"
    assert people["王五"]["unit"] == "科技局"
    assert people["张三"]["landline"] == "0371-67881234"
    assert people["李四"]["unit"] == "社会事业局"
    xml = write_spreadsheetml(tmp_path / "c.xls")
    source = imp.open_source(xml)
    assert source.sheet == "名单"  # the hidden sheet is skipped
    plan = imp.plan_import(source, "城市管理局", imp.suggest_mapping(source), "update")
    # 李四's ID was stored as a number: refused with the exact reason, by row and column.
    assert [i.as_dict() for i in plan.invalid] == [
        {"row": 5, "column": "公民身份号码", "reason": LOST_DIGITS_MESSAGE}
    ]
    # 张三 is already on the roster: the unit and the political status change.
    assert plan.rows[0].action == "update"
    assert plan.rows[0].changes == {
        "unit": ("社会事业局", "城市管理局"),
        "political_status": ("", "中共党员"),
    }


def test_gbk_csv(ctx, tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    lines = ["姓名,身份证号,性别,联系电话", f"张三,{ZHANG},女,13803711234", f"李四,{LI},女,"]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    plan, _ = run_import(path, ctx)
    assert plan.counts["new"] == 2
    assert [i.reason for i in plan.warnings] == ["性别“女”与身份证号不符，已按身份证号改为“男”"]
    assert plan.warnings[0].row == 2 and plan.warnings[0].column == "性别"
    assert by_name()["张三"]["gender"] == "男"


def test_errors_keep_rows_out_with_row_column_reason(ctx, tmp_path: Path) -> None:
    bad_check = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    rows = [
        ["姓名", "身份证号码", "出生日期", "手机"],
        ["", make_id(_dt.date(1950, 1, 1), 1), None, None],
        ["赵六", bad_check, None, None],
        ["钱七", None, "1955-02-30", None],
        ["孙八", float(ZHANG[:-1] + "0"), None, None],
        ["周九", LI, None, "1380"],
        ["吴十", WANG, None, None],
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", {"名单": rows})
    plan, _ = run_import(path, ctx)
    reasons = {(i.row, i.column): i.reason for i in plan.invalid}
    assert reasons[(2, "姓名")] == "姓名不能为空"
    assert "校验位错误" in reasons[(3, "身份证号码")]
    assert "不存在" in reasons[(4, "出生日期")]
    assert reasons[(5, "身份证号码")] == LOST_DIGITS_MESSAGE
    assert "位数太少" in reasons[(6, "手机")]
    assert list(by_name()) == ["吴十"]


def test_duplicates_in_file_are_flagged(ctx, tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号码", "出生日期"],
        ["张三", ZHANG, None],
        ["张叁", ZHANG, None],
        ["刘一", None, "1950-05-05"],
        ["刘一", None, "1950年5月5日"],
    ]
    plan, _ = run_import(write_xlsx(tmp_path / "d.xlsx", {"名单": rows}), ctx)
    assert plan.duplicates_in_file == [{"row": 3, "same_as_row": 2}, {"row": 5, "same_as_row": 4}]
    assert sorted(by_name()) == ["刘一", "张三"]


def _roster_zhang(ctx, tmp_path: Path) -> int:
    rows = [
        ["姓名", "身份证号码", "手机", "现住址", "政治面貌"],
        ["张三", ZHANG, "13803711234", "", "群众"],
    ]
    run_import(write_xlsx(tmp_path / "first.xlsx", {"名单": rows}), ctx)
    return Person.get(Person.id_number == ZHANG).id


@pytest.mark.parametrize(
    ("policy", "phone", "address", "action"),
    [
        ("update", "13900000000", "文化路9号", "update"),
        ("fill", "13803711234", "文化路9号", "update"),
        ("skip", "13803711234", "", "skip"),
    ],
)
def test_roster_duplicates_update_fill_skip(ctx, tmp_path, policy, phone, address, action) -> None:
    pid = _roster_zhang(ctx, tmp_path)
    rows = [
        ["姓名", "身份证号码", "手机", "现住址", "政治面貌"],
        ["张三", ZHANG, "13900000000", "文化路9号", ""],
    ]
    plan, _ = run_import(write_xlsx(tmp_path / "second.xlsx", {"名单": rows}), ctx, policy=policy)
    assert plan.rows[0].action == action
    assert plan.rows[0].person_id == pid
    person = get_person(pid)
    assert (person["phone"], person["address"], person["political_status"]) == (
        phone,
        address,
        "群众",
    )
    if policy == "update":
        assert plan.rows[0].changes == {
            "phone": ("13803711234", "13900000000"),
            "address": ("", "文化路9号"),
        }


def test_match_by_name_and_birth_when_no_id(ctx, tmp_path: Path) -> None:
    rows = [["姓名", "出生日期", "手机"], ["刘一", "1950-05-05", "13800000001"]]
    run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), ctx)
    rows[1][2] = "13800000002"
    plan, _ = run_import(write_xlsx(tmp_path / "b.xlsx", {"名单": rows}), ctx)
    assert plan.counts["update"] == 1
    assert [p["phone"] for p in list_persons()] == ["13800000002"]


def test_undo_restores_an_updated_person_exactly(ctx, tmp_path: Path) -> None:
    pid = _roster_zhang(ctx, tmp_path)
    before = get_person(pid, day=FIXED_TODAY)
    rows = [
        ["姓名", "身份证号码", "手机", "现住址", "党支部", "单位"],
        ["张三", ZHANG, "13900000000", "文化路9号", "新支部", "财政局"],
        ["李四", LI, None, None, None, None],
    ]
    _, result = run_import(write_xlsx(tmp_path / "u.xlsx", {"名单": rows}), ctx, unit="科技局")
    changed = get_person(pid, day=FIXED_TODAY)
    assert (changed["phone"], changed["party_branch"], changed["unit"]) == (
        "13900000000",
        "新支部",
        "财政局",  # the row's own unit; 科技局 sent the file
    )
    assert import_undo.undo_import(result.batch_id, ctx.data_dir) == {
        "removed": 1,
        "restored": 1,
        "kept": 0,
    }
    after = get_person(pid, day=FIXED_TODAY)
    for key in ("updated_at", "version"):  # both move with every change, undo included
        before.pop(key), after.pop(key)
    assert after == before
    assert Person.select().count() == 1
    with pytest.raises(imp.ImportServiceError, match="撤销过"):
        import_undo.undo_import(result.batch_id, ctx.data_dir)


def test_undo_warns_when_edited_since(ctx, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号码"], ["张三", ZHANG]]
    _, result = run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), ctx)
    pid = Person.get(Person.id_number == ZHANG).id
    update_person(pid, {"phone": "13800000009"})
    with pytest.raises(
        import_undo.UndoConflict, match="张三在导入之后又被修改过，这些修改随人员一并删除"
    ):
        import_undo.undo_import(result.batch_id, ctx.data_dir)
    assert Person.select().count() == 1
    assert import_undo.undo_import(result.batch_id, ctx.data_dir, force=True)["removed"] == 1


def test_mapping_is_saved_per_unit_and_layout(ctx, tmp_path: Path) -> None:
    rows = [["名字", "号码", "家"], ["张三", ZHANG, "文化路1号"]]
    path = write_xlsx(tmp_path / "odd.xlsx", {"名单": rows})
    source = imp.open_source(path, header_row=1)
    assert imp.suggest_mapping(source, "科技局") == ["name", None, None]
    mapping = ["name", "id_number", "address"]
    plan = imp.plan_import(source, "科技局", mapping, "update")
    import_apply.apply_plan(plan, ctx.data_dir)
    again = imp.open_source(path, header_row=1)
    assert imp.suggest_mapping(again, "科技局") == mapping
    assert imp.suggest_mapping(again, "另一个单位") == ["name", None, None]
    assert by_name()["张三"]["address"] == "文化路1号"


def test_cancel_rolls_back(ctx, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号码"]] + [
        [f"测试{chr(0x4E00 + i)}", make_id(_dt.date(1950, 1, 1) + _dt.timedelta(days=i), i)]
        for i in range(import_apply.CHUNK + 10)
    ]
    source = imp.open_source(write_xlsx(tmp_path / "big.xlsx", {"名单": rows}))
    plan = imp.plan_import(source, "科技局", imp.suggest_mapping(source), "update")
    with pytest.raises(imp.ImportCancelled):
        import_apply.apply_plan(plan, ctx.data_dir, should_cancel=lambda: True)
    assert Person.select().count() == 0
    assert ImportBatch.select().count() == 0


def test_plan_reports_progress_and_stops_when_cancelled(ctx, tmp_path: Path) -> None:
    source = imp.open_source(write_roster_csv(tmp_path / "big.csv", 12_000))
    mapping = imp.suggest_mapping(source)
    total = len(source.rows)
    reports: list[tuple[int, int]] = []
    plan = imp.plan_import(source, "科技局", mapping, progress=lambda *a: reports.append(a))
    assert plan.counts["new"] == 12_000
    assert reports and all(t == total for _d, t in reports)
    assert [d for d, _t in reports] == sorted(d for d, _t in reports)
    stopped: list[tuple[int, int]] = []
    with pytest.raises(imp.ImportCancelled):
        imp.plan_import(
            source,
            "科技局",
            mapping,
            progress=lambda *a: stopped.append(a),
            should_cancel=lambda: bool(stopped),  # true from the first report on
        )
    assert len(stopped) < len(reports)  # stopped soon after the first report, not at the end
    small = imp.open_source(write_roster_csv(tmp_path / "small.csv", 3))
    with pytest.raises(imp.ImportCancelled):  # a file too small for a report still stops
        imp.plan_import(small, "科技局", mapping, should_cancel=lambda: True)
    assert Person.select().count() == 0 and ImportBatch.select().count() == 0


def test_rejects_report_and_template(ctx, tmp_path: Path) -> None:
    rows = [["序号", "姓名", "身份证号码"], [1, "", ZHANG], [2, "李四", "123"], [3, "王五", WANG]]
    source = imp.open_source(write_xlsx(tmp_path / "r.xlsx", {"名单": rows}))
    plan = imp.plan_import(source, "科技局", imp.suggest_mapping(source), "update")
    out = imp.save_rejects(plan, tmp_path / "退回.xlsx", day=FIXED_TODAY)
    ws = openpyxl.load_workbook(out).active
    assert ws["A3"].value == "原表行号" and ws["C3"].value == "序号"
    assert [ws.cell(r, 1).value for r in (4, 5)] == [2, 3]
    assert ws["B4"].value == "姓名：姓名不能为空"
    assert "18位" in ws["B5"].value and ws["E5"].value == "123"
    template = imp.save_template(tmp_path / "模板.xlsx", unit="科技局", day=FIXED_TODAY)
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["人员名单", "填表说明"]
    ws = wb["人员名单"]
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["姓名", "性别", "民族", "公民身份号码"]
    assert ws["D4"].number_format == "@"
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in ws.data_validations.dataValidation
    }
    assert lists["B"] == '"男,女"' and "离休" in lists["F"] and "中共党员" in lists["K"]
    ws["A4"], ws["D4"], ws["F4"] = "张三", ZHANG, "退休"
    wb.save(tmp_path / "填好.xlsx")
    source = imp.open_source(tmp_path / "填好.xlsx")
    assert source.sheet == "人员名单"
    assert imp.suggest_mapping(source)[:4] == ["name", "gender", "ethnicity", "id_number"]
    assert all(k is not None for k in imp.suggest_mapping(source))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "工作簿是空的"),
        ([["一", "二"], ["1", "2"]], "没有找到表头"),
        (
            [["标题"], ["姓名", "身份证号码"], [None, None], ["填表人：王"]],
            "只有表头，没有人员数据",
        ),
    ],
)
def test_unreadable_tables_are_refused(tmp_path: Path, rows, message) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": rows})
    with pytest.raises(imp.SpreadsheetError, match=message):
        imp.open_source(path)


@pytest.mark.parametrize("scheme", ENCRYPTION_SCHEMES)
def test_encrypted_xls_is_refused(ctx, tmp_path: Path, scheme: str) -> None:
    path = write_encrypted_xls(
        tmp_path / "加密.xls", [["姓名", "身份证号码"], ["张三", ZHANG]], scheme
    )
    with pytest.raises(imp.SpreadsheetError, match=r"^文件已加密"):
        imp.open_source(path)
    with pytest.raises(imp.SpreadsheetError, match=r"^文件已加密"):
        imp.list_sheets(path)
    summary = import_apply.import_file(path, "科技局", ctx.data_dir)
    assert summary["ok"] is False and summary["error"].startswith("文件已加密")
    assert Person.select().count() == 0 and ImportBatch.select().count() == 0


KILL_SCRIPT = """
import sys
from pathlib import Path
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import import_apply
ctx = open_app(Path(sys.argv[1]), daily_backup=False)
print("start", flush=True)
import_apply.import_file(Path(sys.argv[2]), "科技局", ctx.data_dir)
print("finished", flush=True)
"""


@pytest.mark.sqlite_only("测试直接用 sqlite3 读写数据文件")
def test_killed_import_leaves_database_intact(ctx, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号码"], ["原有", WANG]]
    run_import(write_xlsx(tmp_path / "first.xlsx", {"名单": rows}), ctx)
    ctx.close()
    big = [["姓名", "身份证号码"]] + [
        [f"测试{chr(0x4E00 + i % 5000)}", make_id(_dt.date(1950, 1, 1) + _dt.timedelta(days=i), i)]
        for i in range(import_apply.CHUNK * 3)
    ]
    path = write_xlsx(tmp_path / "big.xlsx", {"名单": big})
    env = {**os.environ, import_apply.CRASH_ENV: "2"}
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(ctx.data_dir), str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 86, proc.stderr
    assert "finished" not in proc.stdout
    database = ctx.data_dir / "lao_gan_bu.sqlite3"
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM person").fetchall() == [("原有",)]
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM import_batch_person").fetchone()[0] == 1
    finally:
        conn.close()


def test_old_15_digit_and_full_width_ids_and_ods(ctx, tmp_path: Path) -> None:
    from tests.import_helpers import write_ods

    old = ZHANG[:6] + ZHANG[8:17]  # the 15-digit form of 张三's number
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in LI)
    rows = [["姓名", "身份证号", "性别"], ["张三", old, "男"], ["李 四", full_width, "女"]]
    plan, _ = run_import(write_ods(tmp_path / "名单.ods", rows), ctx)
    assert plan.source.format == "ods"
    people = by_name()
    assert people["张三"]["id_number"] == ZHANG
    assert people["李四"]["id_number"] == LI
    assert people["李四"]["birth_date"] == _dt.date(1960, 7, 1)


@pytest.mark.sqlite_only("测试读 sqlite_master 中的索引")
def test_large_import_rebuilds_the_person_indexes(ctx, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(import_apply, "DEFER_INDEXES_MIN", 3)
    database = ctx.database
    indexes = "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='person'"
    before = sorted(database.execute_sql(indexes).fetchall())
    rows = [["姓名", "身份证号码"], ["张三", ZHANG], ["李四", LI], ["王五", WANG]]
    plan, _ = run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), ctx)
    assert plan.counts["new"] == 3
    assert sorted(database.execute_sql(indexes).fetchall()) == before
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert Person.get(Person.id_number == LI).name == "李四"


def test_undo_keeps_new_people_who_have_records_since(ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.roster import update_person as update

    rows = [["姓名", "身份证号码"], ["张三", ZHANG], ["李四", LI]]
    _, result = run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), ctx)
    zhang = Person.get(Person.id_number == ZHANG).id
    update(zhang, {}, contacts=[{"name": "张小三", "relation": "儿子", "phone": "13800000000"}])
    with pytest.raises(import_undo.UndoConflict) as info:
        import_undo.undo_import(result.batch_id, ctx.data_dir)
    assert info.value.kept == ["张三"]
    assert "1 人因已有家属联系人等后续记录，撤销时不删除：张三" in info.value.message
    assert import_undo.undo_import(result.batch_id, ctx.data_dir, force=True) == {
        "removed": 1,
        "restored": 0,
        "kept": 1,
    }
    assert [p["name"] for p in list_persons()] == ["张三"]
    assert get_person(zhang)["contacts"][0]["name"] == "张小三"


@pytest.mark.sqlite_only(
    "SQLite 会把删除的最大编号再分给新人员，这个测试靠它构造情形；PostgreSQL 的序列从不重用编号"
)
def test_undo_never_removes_someone_added_by_hand_after_a_deletion(ctx, tmp_path: Path) -> None:
    """SQLite gives a deleted person's id to the next person added; undoing an old import must
    not take that new person for one of the batch's."""
    from lao_gan_bu_desktop.services.roster import create_person, delete_person

    rows = [["姓名", "身份证号码"], ["张三", ZHANG], ["李四", LI]]
    _, result = run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), ctx)
    li = Person.get(Person.id_number == LI).id
    delete_person(li)
    newcomer = create_person({"name": "赵六"})
    assert newcomer == li  # the id came back: the case this test is about
    assert import_undo.edited_since(result.batch_id) == []
    assert import_undo.undo_import(result.batch_id, ctx.data_dir)["removed"] == 1
    assert [p["name"] for p in list_persons()] == ["赵六"]


@pytest.mark.sqlite_only(
    "SQLite 会把删除的最大编号再分给新人员，这个测试靠它构造情形；PostgreSQL 的序列从不重用编号"
)
def test_undo_forgets_removed_people_in_other_batches(ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.roster import create_person

    first_rows = [["姓名", "身份证号码"], ["张三", ZHANG]]
    _, first = run_import(write_xlsx(tmp_path / "a.xlsx", {"名单": first_rows}), ctx)
    zhang = Person.get(Person.name == "张三").id
    second_rows = [["姓名", "身份证号码", "家庭住址"], ["张三", ZHANG, "文化路1号"]]
    _, second = run_import(write_xlsx(tmp_path / "b.xlsx", {"名单": second_rows}), ctx)
    assert second.updated == 1
    import_undo.undo_import(first.batch_id, ctx.data_dir, force=True)
    assert create_person({"name": "赵六", "address": "人民路2号"}) == zhang
    assert import_undo.undo_import(second.batch_id, ctx.data_dir)["restored"] == 0
    assert by_name()["赵六"]["address"] == "人民路2号"
