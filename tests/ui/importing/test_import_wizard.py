"""The import wizard driven with qtbot: a messy unit file through every page into the roster."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWizard

from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.storage.import_models import ImportBatch
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.importing import common as ic
from lao_gan_bu_desktop.ui.importing.wizard import ImportWizard
from lao_gan_bu_desktop.ui.importing.workers import ImportWorker
from tests.import_helpers import (
    LI,
    ZHANG,
    messy_rows,
    write_html_xls,
    write_roster_csv,
    write_xlsx,
)

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
    qtbot.waitUntil(lambda: wizard.currentId() == ic.PAGE_DONE, timeout=30000)


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
    assert wizard.currentId() == ic.PAGE_SHEET
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
    assert imp.suggest_mapping(imp.open_source(path, header_row=2), "科技局") == [
        "name",
        "id_number",
        "address",
    ]


def test_cancel_during_write_rolls_back(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    original = ImportWorker.run

    def cancelled_run(self) -> None:
        self.cancelled = True
        original(self)

    monkeypatch.setattr(ImportWorker, "run", cancelled_run)
    path = write_html_xls(tmp_path / "导出.xls")
    wizard = start(qtbot, ctx, [path], unit="社会事业局")
    forward(qtbot, wizard, 3)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ic.PAGE_DONE, timeout=30000)
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
    assert wizard.currentId() == ic.PAGE_SHEET and wizard.source.format == "html"
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


# ---------------------------------------------------------------- the 检查 step's progress and cancel

BIG = 12_000  # rows: the check reports progress (every 5000 rows) and can be cancelled


class ShowCounter(QObject):
    """Counts how often a widget is shown."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.shown = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shown += 1
        return False


def hold_first_check(monkeypatch) -> dict:
    """The first plan_import stops at its first progress report until it is cancelled (so that
    a test can act mid-way, without depending on timing); later ones run straight through."""
    original = imp.plan_import
    state = {"calls": 0, "outcomes": [], "held": threading.Event()}

    def plan_import(*args, progress=None, should_cancel=None, **kwargs):
        state["calls"] += 1
        if state["calls"] == 1:

            def held_progress(done: int, total: int) -> None:
                progress(done, total)
                state["held"].set()
                for _ in range(1000):  # at most 10 s
                    if should_cancel():
                        break
                    threading.Event().wait(0.01)

            try:
                plan = original(
                    *args, progress=held_progress, should_cancel=should_cancel, **kwargs
                )
            except imp.ImportCancelled:
                state["outcomes"].append("cancelled")
                raise
            state["outcomes"].append("finished")
            return plan
        return original(*args, progress=progress, should_cancel=should_cancel, **kwargs)

    monkeypatch.setattr(imp, "plan_import", plan_import)
    return state


def to_running_check(qtbot, ctx, tmp_path: Path) -> ImportWizard:
    wizard = start(qtbot, ctx, [write_roster_csv(tmp_path / "科技局.csv", BIG)], unit="科技局")
    forward(qtbot, wizard, 2)
    assert wizard.currentId() == ic.PAGE_MAPPING
    wizard.next()
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.progress_box.isVisible(), timeout=30000)
    # The box shows after 400 ms; on a loaded machine the first block of rows may not be checked
    # by then: wait for its progress report (where a held check stops).
    qtbot.waitUntil(lambda: page.bar.value() > 0, timeout=30000)
    return wizard


def nothing_written() -> bool:
    return Person.select().count() == 0 and ImportBatch.select().count() == 0


def test_check_shows_progress_up_to_the_last_row(qtbot, ctx, tmp_path: Path) -> None:
    wizard = start(qtbot, ctx, [write_roster_csv(tmp_path / "科技局.csv", BIG)], unit="科技局")
    forward(qtbot, wizard, 2)
    page = wizard.check_page
    total = len(wizard.source.rows)
    seen: list[tuple[int, int, str, bool]] = []
    page.bar.valueChanged.connect(
        lambda v: seen.append((v, page.bar.maximum(), page.status.text(), page.checking))
    )
    shows = ShowCounter(page.progress_box)
    wizard.next()
    assert page.checking and not page.isComplete()
    settle(qtbot, wizard)
    assert shows.shown >= 1  # a long check shows its bar (at the first report at the latest)
    reports = [(v, m, text) for v, m, text, checking in seen if checking and v]
    assert reports, "no progress shown while checking"
    assert all(m == total for _v, m, _t in reports)
    first, _m, text = reports[0]
    assert 0 < first < total and text == f"正在检查第 {first} / {total} 行…"  # mid-way
    assert seen[-1][:2] == (total, total)  # the bar ends full
    assert not page.progress_box.isVisible() and not page.checking
    assert f"新增 {BIG} 人" in page.counts.text() and page.isComplete()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_small_file_checks_without_a_progress_bar(qtbot, ctx, tmp_path: Path) -> None:
    wizard = start(qtbot, ctx, [write_roster_csv(tmp_path / "科技局.csv", 3)], unit="科技局")
    forward(qtbot, wizard, 2)
    shows = ShowCounter(wizard.check_page.progress_box)
    forward(qtbot, wizard)
    assert "新增 3 人" in wizard.check_page.counts.text()
    qtbot.wait(ic.SHOW_PROGRESS_AFTER_MS + 100)  # the delayed reveal has nothing to show
    assert shows.shown == 0


def test_cancel_check_then_run_it_again(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    held = hold_first_check(monkeypatch)
    wizard = to_running_check(qtbot, ctx, tmp_path)
    page = wizard.check_page
    qtbot.waitUntil(held["held"].is_set, timeout=30000)
    qtbot.waitUntil(
        lambda: re.fullmatch(rf"正在检查第 \d+ / {BIG + 1} 行…", page.status.text()) is not None,
        timeout=30000,
    )
    assert 0 < page.bar.value() < page.bar.maximum() == BIG + 1
    assert page.cancel_button.isEnabled()
    shot(wizard, "4_check_running")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled() and not page.rerun.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    settle(qtbot, wizard)
    assert held["outcomes"] == ["cancelled"]
    assert wizard.currentId() == ic.PAGE_CHECK and wizard.plan is None
    assert not page.isComplete() and not next_button.isEnabled()
    assert page.counts.text() == "检查已取消。"
    assert "没有写入任何内容" in page.message.text()
    assert page.rerun.isVisible() and not page.progress_box.isVisible()
    assert page.table.rowCount() == 0 and not page.save_rejects.isEnabled()
    shot(wizard, "4_check_cancelled")
    assert nothing_written()
    # The wizard is still usable: check again, leave the page and come back, change the policy.
    qtbot.mouseClick(page.rerun, Qt.MouseButton.LeftButton)
    settle(qtbot, wizard)
    assert f"新增 {BIG} 人" in page.counts.text() and page.isComplete()
    assert not page.rerun.isVisible() and not page.message.text().startswith("检查已取消")
    wizard.back()
    assert wizard.currentId() == ic.PAGE_MAPPING and wizard.plan is None
    forward(qtbot, wizard)
    assert wizard.currentId() == ic.PAGE_CHECK and page.isComplete()
    page.set_policy("skip")
    settle(qtbot, wizard)
    assert wizard.plan.on_duplicate == "skip" and page.isComplete()
    assert nothing_written()
    run_import(qtbot, wizard)
    assert Person.select().count() == BIG


def test_changing_the_policy_during_a_check_starts_it_over(
    qtbot, ctx, tmp_path: Path, monkeypatch
) -> None:
    held = hold_first_check(monkeypatch)
    wizard = to_running_check(qtbot, ctx, tmp_path)
    wizard.check_page.set_policy("fill")  # cancels the running check, starts a new one
    settle(qtbot, wizard)
    assert held["outcomes"] == ["cancelled"] and held["calls"] == 2
    assert wizard.plan.on_duplicate == "fill" and wizard.check_page.isComplete()
    assert wizard.check_page.counts.text().startswith(f"新增 {BIG} 人")


def test_back_during_a_check_cancels_it(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    held = hold_first_check(monkeypatch)
    wizard = to_running_check(qtbot, ctx, tmp_path)
    wizard.back()
    assert wizard.currentId() == ic.PAGE_MAPPING
    settle(qtbot, wizard)
    assert held["outcomes"] == ["cancelled"] and wizard.plan is None
    forward(qtbot, wizard)  # and next again checks anew
    assert wizard.check_page.isComplete() and held["calls"] == 2


def test_closing_the_wizard_during_a_check(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    held = hold_first_check(monkeypatch)
    wizard = to_running_check(qtbot, ctx, tmp_path)
    qtbot.waitUntil(held["held"].is_set, timeout=30000)  # the worker is mid-way through the file
    threads = [thread for thread, _task in wizard._tasks]
    assert threads and all(t.isRunning() for t in threads)
    wizard.button(QWizard.WizardButton.CancelButton).click()  # the wizard's 取消
    assert not wizard.isVisible()
    assert all(t.isFinished() for t in threads) and not wizard.busy
    assert held["outcomes"] == ["cancelled"]
    qtbot.wait(50)  # late signals of the cancelled check change nothing
    assert wizard.plan is None and nothing_written()


def test_word_table_with_sections_through_the_wizard(qtbot, ctx, tmp_path: Path) -> None:
    from tests.import_helpers import WANG, write_docx

    header = ["序号", "姓名", "身份证号码", "联系电话"]
    rows = [
        ["一、离休干部", "", "", ""],
        header,
        ["1", "王五", WANG, "0371-67881234"],
        ["二、退休干部", "", "", ""],
        header,
        ["1", "张三", ZHANG, "手机：138 0371 1234"],
        ["小计", "", "1人", ""],
    ]
    path = write_docx(tmp_path / "名单.docx", [rows], merges=[(0, (0, 0), (0, 3))])
    wizard = start(qtbot, ctx, [path])
    forward(qtbot, wizard)
    assert wizard.source.format == "docx"
    shot(wizard, "docx_2_sheet")
    forward(qtbot, wizard, 2)
    assert wizard.currentId() == ic.PAGE_CHECK
    shot(wizard, "docx_4_check")
    run_import(qtbot, wizard)
    people = {p["name"]: p for p in list_persons()}
    assert set(people) == {"王五", "张三"}
    assert people["王五"]["retirement_kind"] == "离休" and people["王五"]["landline"]
    assert people["张三"]["retirement_kind"] == "退休"
    assert people["张三"]["phone"] == "13803711234"
