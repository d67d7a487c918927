"""The import wizard driven with qtbot: a messy unit file through every page into the roster."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui import import_wizard as iw
from lao_gan_bu_desktop.ui.import_wizard import ImportWizard
from tests.import_helpers import LI, ZHANG, messy_rows, write_html_xls, write_xlsx

SHOTS = os.environ.get("IMPORT_SHOTS")  # set to a folder to save screenshots of each page


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def start(qtbot, ctx, files: list[Path], unit: str = "经济发展局") -> ImportWizard:
    wizard = ImportWizard(ctx, files=files)
    qtbot.addWidget(wizard)
    wizard.show()
    for row in range(wizard.files_page.table.rowCount()):
        wizard.files_page.table.cellWidget(row, 1).setCurrentText(unit)
    shot(wizard, "1_files")
    return wizard


def settle(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy, timeout=30000)


def forward(qtbot, wizard: ImportWizard, steps: int = 1) -> None:
    """Press 下一步 ``steps`` times, letting background reading and checking finish."""
    for _ in range(steps):
        wizard.next()
        settle(qtbot, wizard)


def run_import(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == iw.PAGE_DONE, timeout=30000)


def test_messy_file_through_every_page(qtbot, ctx, tmp_path: Path) -> None:
    rows = messy_rows()
    rows.insert(8, [4, "张三", ZHANG, None, "退休", None, None, None])  # repeat of row 6
    rows.insert(9, [5, "", LI, None, None, None, None, None])  # no name
    path = write_xlsx(
        tmp_path / "经济发展局.xlsx",
        {"填表说明": [["填表说明"]], "花名册": rows},
        merges={"花名册": ["F4:G4"]},
    )
    wizard = start(qtbot, ctx, [path])
    assert wizard.files_page.isComplete()
    forward(qtbot, wizard)
    assert wizard.currentId() == iw.PAGE_SHEET
    assert wizard.source.sheet == "花名册"
    assert wizard.sheet_page.header_row.value() == 5
    assert "两行表头已合并" in wizard.sheet_page.info.text()
    shot(wizard, "2_sheet")
    sheet = wizard.sheet_page.sheet
    sheet.setCurrentIndex(sheet.findData("填表说明"))  # the clerk looks at the other sheet
    settle(qtbot, wizard)
    assert "没有找到表头" in wizard.sheet_page.message.text()
    assert not wizard.sheet_page.isComplete()
    wizard.sheet_page.sheet.setCurrentIndex(wizard.sheet_page.sheet.findData("花名册"))
    settle(qtbot, wizard)
    assert wizard.source.sheet == "花名册" and wizard.sheet_page.isComplete()
    forward(qtbot, wizard)
    assert wizard.mapping_page.mapping() == [
        None,
        "name",
        "id_number",
        "birth_date",
        "retirement_kind",
        "phone",
        "landline",
        "address",
    ]
    shot(wizard, "3_mapping")
    forward(qtbot, wizard)
    page = wizard.check_page
    assert "新增 3 人" in page.counts.text()
    assert "有错误 1 行" in page.counts.text() and "文件内重复 1 行" in page.counts.text()
    actions = {page.table.item(r, 2).text() for r in range(page.table.rowCount())}
    assert {"有错误，不导入", "文件内重复"} <= actions
    shot(wizard, "4_check")
    rejects = tmp_path / "退回.xlsx"
    wizard.ask_save_path = lambda suggested: rejects
    assert wizard.save_rejects() == rejects
    ws = openpyxl.load_workbook(rejects).active
    assert ws["B5"].value.startswith("姓名：姓名不能为空") or ws["B4"].value.startswith("与第")
    run_import(qtbot, wizard)
    shot(wizard, "6_done")
    assert "批次编号" in wizard.done_page.summary.text()
    people = {p["name"]: p for p in list_persons()}
    assert sorted(people) == ["张三", "李四", "王五"]
    assert people["张三"]["landline"] == "0371-67881234"
    assert people["李四"]["unit"] == "经济发展局"
    # Undo from the 完成 page (confirmations answered yes).
    wizard.confirm = lambda title, text: True
    assert wizard.undo_current()
    assert Person.select().count() == 0


def test_second_import_shows_changes_and_fill_policy(qtbot, ctx, tmp_path: Path) -> None:
    first = write_xlsx(
        tmp_path / "a.xlsx",
        {"名单": [["姓名", "身份证号码", "手机"], ["张三", ZHANG, "13800000001"]]},
    )
    wizard = start(qtbot, ctx, [first])
    forward(qtbot, wizard, 3)
    run_import(qtbot, wizard)
    wizard.close()
    second = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "名单": [
                ["姓名", "身份证号码", "手机", "现住址"],
                ["张三", ZHANG, "13900000002", "文化路1号"],
            ]
        },
    )
    wizard = start(qtbot, ctx, [second])
    forward(qtbot, wizard, 3)
    page = wizard.check_page
    assert "更新 1 人" in page.counts.text()
    assert "已于" not in page.message.text()
    text = page.table.item(0, 3).text()
    assert "手机：13800000001 → 13900000002" in text and "现住址：（空） → 文化路1号" in text
    page.set_policy("fill")
    settle(qtbot, wizard)
    assert page.table.item(0, 3).text() == "现住址：（空） → 文化路1号"
    run_import(qtbot, wizard)
    (person,) = list_persons()
    assert (person["phone"], person["address"]) == ("13800000001", "文化路1号")
    wizard.close()
    wizard = start(qtbot, ctx, [second])
    forward(qtbot, wizard, 3)
    assert "内容完全相同的文件已于" in wizard.check_page.message.text()
    wizard.check_page.set_policy("fill")
    settle(qtbot, wizard)
    assert "无变化 1 人" in wizard.check_page.counts.text()
    assert not wizard.check_page.isComplete()  # nothing to write: 下一步 stays off


def test_unreadable_file_blocks_next_with_message(qtbot, ctx, tmp_path: Path) -> None:
    bad = tmp_path / "照片.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    wizard = start(qtbot, ctx, [bad])
    forward(qtbot, wizard)
    assert not wizard.sheet_page.isComplete()
    assert "PNG 图片" in wizard.sheet_page.message.text()
    shot(wizard, "2_sheet_error")


def test_header_row_and_mapping_changed_by_hand_then_reused(qtbot, ctx, tmp_path: Path) -> None:
    rows = [["说明：本表由系统导出"], ["名字", "号码", "家"], ["张三", ZHANG, "文化路1号"]]
    path = write_xlsx(tmp_path / "odd.xlsx", {"名单": rows})
    wizard = start(qtbot, ctx, [path], unit="科技局")
    forward(qtbot, wizard)
    assert wizard.source is None  # no header recognised: the clerk must say where it is
    assert "没有找到表头" in wizard.sheet_page.message.text()
    wizard.sheet_page.set_header_row(2)
    settle(qtbot, wizard)
    assert wizard.sheet_page.isComplete()
    wizard.next()
    page = wizard.mapping_page
    assert page.mapping() == ["name", None, None]
    page.set_mapping(1, "id_number")
    page.set_mapping(2, "address")
    page.set_mapping(0, "name")
    assert page.isComplete()
    page.set_mapping(2, "name")
    assert not page.isComplete() and "两列" in page.message.text()
    page.set_mapping(2, "address")
    forward(qtbot, wizard)
    run_import(qtbot, wizard)
    assert list_persons()[0]["address"] == "文化路1号"
    assert iw.imp.suggest_mapping(iw.imp.open_source(path, header_row=2), "科技局") == [
        "name",
        "id_number",
        "address",
    ]


def test_cancel_during_write_rolls_back(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    original = iw.ImportWorker.run

    def cancelled_run(self) -> None:
        self.cancelled = True
        original(self)

    monkeypatch.setattr(iw.ImportWorker, "run", cancelled_run)
    path = write_html_xls(tmp_path / "导出.xls")
    wizard = start(qtbot, ctx, [path], unit="社会事业局")
    forward(qtbot, wizard, 3)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == iw.PAGE_DONE, timeout=30000)
    assert "没有导入" in wizard.done_page.summary.text()
    assert Person.select().count() == 0


@pytest.mark.parametrize("count", [2])
def test_several_files_one_after_another(qtbot, ctx, tmp_path: Path, count: int) -> None:
    a = write_xlsx(tmp_path / "科技局.xlsx", {"名单": [["姓名", "身份证号码"], ["张三", ZHANG]]})
    b = write_html_xls(tmp_path / "社会事业局.xls")
    wizard = ImportWizard(ctx.data_dir, files=[a, b])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.files_page.table.cellWidget(0, 1).setCurrentText("科技局")
    wizard.files_page.table.cellWidget(1, 1).setCurrentText("社会事业局")
    forward(qtbot, wizard, 3)
    run_import(qtbot, wizard)
    assert wizard.done_page.next_file.isVisibleTo(wizard)
    wizard.start_next_file()
    settle(qtbot, wizard)
    assert wizard.currentId() == iw.PAGE_SHEET and wizard.source.format == "html"
    forward(qtbot, wizard, 2)
    run_import(qtbot, wizard)
    units = {p["name"]: p["unit"] for p in list_persons()}
    assert units == {"张三": "社会事业局", "李四": "社会事业局"}
    assert count == len(wizard.queue)


def test_table_on_a_hidden_sheet_can_still_be_chosen(qtbot, ctx, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {"封面": [["某某单位"], ["2026年"]], "名单": [["姓名", "身份证号码"], ["张三", ZHANG]]},
        hidden=("名单",),
    )
    wizard = start(qtbot, ctx, [path], unit="科技局")
    forward(qtbot, wizard)
    assert wizard.source is None and "没有找到表头" in wizard.sheet_page.message.text()
    sheet = wizard.sheet_page.sheet
    assert [sheet.itemText(i) for i in range(sheet.count())] == ["封面", "名单（隐藏）"]
    sheet.setCurrentIndex(sheet.findData("名单"))
    settle(qtbot, wizard)
    assert wizard.source.sheet == "名单"
    forward(qtbot, wizard, 2)
    run_import(qtbot, wizard)
    assert [p["name"] for p in list_persons()] == ["张三"]
