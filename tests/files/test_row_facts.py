"""Rows hidden in Excel and formula cells saved without a result (files.row_facts), found in the
sheet's XML while the guard streams it: in any attribute order, with a namespace prefix, with
a filter or without; and what the import makes of them (services.import_row_facts), the same
in one process, streamed, and on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.row_facts import RowFactsScanner
from lao_gan_bu_desktop.services import import_apply, import_reader
from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.app import open_app
from tests.import_helpers import LI, WANG, ZHANG

ROOT = Path(__file__).resolve().parents[2]


def test_the_scanner_finds_hidden_rows_and_formulas_without_results() -> None:
    scanner = RowFactsScanner(b"")
    scanner.feed(
        b'<cols><col min="2" max="2" hidden="1"/></cols><sheetData>'
        b'<row r="3" spans="1:4" hidden="1"><c r="A3"><v>1</v></c></row>'
        b'<row hidden="true" customHeight="1" r="7"><c r="A7"><v>2</v></c></row>'
        b'<row r="8" hidden="0"><c r="A8"><f>B8*2</f><v>4</v></c>'
        b'<c r="B8"><f>DATE(1950,1,1)</f></c><c r="C8" t="str"><f>A1&amp;B1</f><v></v></c>'
        b'<c r="AA8"><f t="shared" si="0"/></c><c r="D8"><f t="shared" si="0"/><v>7</v></c></row>'
    )
    assert scanner.facts.hidden_rows == {3, 7}
    assert scanner.facts.formula_cells == {8: [1, 2, 26]}
    assert not scanner.finish().filtered
    scanner.feed(b'</sheetData><autoFilter ref="A1:D8"><filterColumn colId="0"/></autoFilter>')
    scanner.feed(b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 30000 + b"</mergeCells>")
    assert scanner.finish().filtered


def test_a_namespace_prefix() -> None:
    scanner = RowFactsScanner(b"x:")
    scanner.feed(
        b'<x:row r="4" hidden="1"><x:c r="B4"><x:f>1+1</x:f></x:c></x:row>'
        b'<x:row r="5"><x:c r="B5"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
    )
    assert scanner.facts.hidden_rows == {4}
    assert scanner.facts.formula_cells == {4: [1]}


HEADER = ["姓名", "身份证号码", "出生日期", "手机"]


def _unit_file(path: Path, *, filtered: bool = False) -> Path:
    """Rows 3 and 5 hidden; row 4's 出生日期 and row 6's 姓名 are formulas openpyxl saves without
    a result (as a program writes them, never opened in Excel)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["某某局离退休人员名单"])
    sheet.append(HEADER)
    sheet.append(["王五", WANG, None, "13700000000"])
    sheet.append(["张三", ZHANG, "=DATE(1955,3,1)", None])
    sheet.append(["李四", LI, None, None])
    sheet.append(['="赵"&"六"', None, "1950.01", None])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[5].hidden = True
    if filtered:
        sheet.auto_filter.ref = "A2:D6"
        sheet.auto_filter.add_filter_column(0, ["张三"])
    book.save(path)
    return path


def test_facts_come_with_the_source(tmp_path: Path) -> None:
    path = _unit_file(tmp_path / "名单.xlsx")
    facts = open_workbook(path).row_facts("名单")
    assert facts.hidden_rows == {3, 5}
    assert facts.formula_cells == {4: [2], 6: [0]}
    assert imp.open_source(path).row_facts == facts


def _plan(ctx, path: Path, include_hidden: bool = False) -> imp.ImportPlan:
    source = imp.open_source(path)
    mapping = imp.suggest_mapping(source, "某某局")
    return imp.plan_import(source, "某某局", mapping, include_hidden=include_hidden)


@pytest.mark.parametrize("filtered", [False, True])
def test_hidden_rows_are_held_back_with_the_reason(ctx, tmp_path: Path, filtered: bool) -> None:
    plan = _plan(ctx, _unit_file(tmp_path / "名单.xlsx", filtered=filtered))
    by_row = {r.row: r for r in plan.rows}
    assert [by_row[n].action for n in (3, 5)] == ["invalid", "invalid"]
    reason = by_row[3].errors[0].reason
    assert "原表中被隐藏" in reason and "--include-hidden" in reason
    assert ("筛选" in reason) == filtered
    assert by_row[3].raw is not None and by_row[3].raw[0] == "王五"  # kept for the reject list
    assert by_row[3].values["name"] == "王五"  # whose row it is, shown
    assert by_row[4].action == "new"
    assert [r.row for r in plan.rows] == sorted(r.row for r in plan.rows)
    taken = _plan(ctx, _unit_file(tmp_path / "名单2.xlsx"), include_hidden=True)
    assert {r.row: r.action for r in taken.rows}[3] == "new"
    assert {r.values.get("name") for r in taken.rows if r.action == "new"} >= {"王五", "李四"}


def test_a_formula_without_a_result_is_named_on_its_row(ctx, tmp_path: Path) -> None:
    plan = _plan(ctx, _unit_file(tmp_path / "名单.xlsx"))
    by_row = {r.row: r for r in plan.rows}
    warned = [(i.column, i.reason) for i in by_row[4].warnings]
    assert any(c == "出生日期" and "公式" in r and "保存" in r for c, r in warned)
    assert by_row[4].values["birth_date"].strftime("%Y%m%d") == ZHANG[6:14]  # the ID decides
    no_name = by_row[6]
    assert no_name.action == "invalid"  # and the formula is named among its errors: the why
    assert any(i.column == "姓名" and "公式" in i.reason for i in no_name.errors)


@pytest.mark.sqlite_only("比较两个数据文件的人员表")
def test_streamed_and_one_process_agree(tmp_path: Path, monkeypatch) -> None:
    path = _unit_file(tmp_path / "名单.xlsx", filtered=True)
    results = {}
    for streamed in (False, True):
        for include_hidden in (False, True):
            monkeypatch.setenv(import_reader.STREAM_ENV, "1" if streamed else "0")
            ctx = open_app(tmp_path / f"d{streamed}{include_hidden}", daily_backup=False)
            try:
                summary = import_apply.import_file(
                    path, "某某局", ctx.data_dir, include_hidden=include_hidden
                )
                from lao_gan_bu_desktop.services.roster import list_persons

                names = sorted(p["name"] for p in list_persons())
            finally:
                ctx.close()
            summary.pop("batch_id")
            results[streamed, include_hidden] = (summary, names)
    assert results[True, False] == results[False, False]
    assert results[True, True] == results[False, True]
    assert results[False, False][1] == ["张三"]
    assert results[False, True][1] == ["张三", "李四", "王五"]
    invalid = {i["row"]: i["reason"] for i in results[False, False][0]["invalid"]}
    assert set(invalid) == {3, 5, 6} and "筛选" in invalid[3]


def test_the_command_line_takes_hidden_rows_when_asked(tmp_path: Path) -> None:
    path = _unit_file(tmp_path / "名单.xlsx")
    env = {**os.environ, "LAO_GAN_BU_TODAY": "2026-12-07", "PYTHONPATH": str(ROOT)}
    found = {}
    for flags in ([], ["--include-hidden"]):
        command = [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(tmp_path / "d")]
        command += ["import", str(path), "--unit", "某某局", "--dry-run", "--json", *flags]
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False
        )
        summary = json.loads(done.stdout)
        found[bool(flags)] = (summary["imported"], sorted({i["row"] for i in summary["invalid"]}))
    assert found == {False: (1, [3, 5, 6]), True: (3, [6])}


def test_hidden_rows_of_an_ods(ctx, tmp_path: Path) -> None:
    """table:visibility="collapse" (hidden) and "filter" (filtered out); a long hidden run after
    the rows (the rest of the sheet hidden to tidy it) is nobody's."""
    import zipfile

    from tests.import_helpers import write_ods

    rows = [
        HEADER,
        ["王五", WANG, None, None],
        ["张三", ZHANG, None, None],
        ["李四", LI, None, None],
    ]
    path = write_ods(tmp_path / "名单.ods", rows)
    with zipfile.ZipFile(path) as book:
        parts = {i.filename: book.read(i) for i in book.infolist()}
    content = parts["content.xml"].decode()
    rows_at = [i for i in range(len(content)) if content.startswith("<table:table-row>", i)]
    third, fourth = rows_at[2], rows_at[3]
    content = (
        content[:third]
        + '<table:table-row table:visibility="collapse">'
        + content[third + len("<table:table-row>") : fourth]
        + '<table:table-row table:visibility="filter">'
        + content[fourth + len("<table:table-row>") :].replace(
            "</table:table>",
            '<table:table-row table:number-rows-repeated="1048000" table:visibility="collapse">'
            "<table:table-cell/></table:table-row></table:table>",
        )
    )
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    assert open_workbook(path).row_facts("名单").hidden_rows == {3, 4}
    plan = _plan(ctx, path)
    assert {r.row: r.action for r in plan.rows} == {2: "new", 3: "invalid", 4: "invalid"}
