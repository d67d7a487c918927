"""The wizard on a workbook with a sheet per 类别 (tests/files/unit_file_corpus.py): the check
page names the other roster sheet, and choosing it imports its people with their 类别; the
sheet chooser marks the roster sheets, and the 完成 page goes on to the ones not imported yet
(继续导入工作表), each its own batch."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.storage.import_models import ImportBatch
from lao_gan_bu_desktop.ui.importing import common as ic
from lao_gan_bu_desktop.ui.importing.history import ImportHistoryTab
from tests.files.unit_file_corpus import a_sheet_per_kind
from tests.import_helpers import make_id, write_xlsx
from tests.ui.importing.test_import_wizard import forward, run_import, settle, shot, start


def test_a_sheet_per_kind_is_named_and_imported_sheet_by_sheet(qtbot, ctx, tmp_path: Path) -> None:
    path = a_sheet_per_kind(tmp_path)
    for sheet in ("离休", "退休"):
        wizard = start(qtbot, ctx, [path], unit="报送局")
        forward(qtbot, wizard)
        assert wizard.source.sheet == "离休"
        if sheet == "退休":
            box = wizard.sheet_page.sheet
            box.setCurrentIndex(box.findData("退休"))
            settle(qtbot, wizard)
        forward(qtbot, wizard, 2)
        page = wizard.check_page
        notes = [
            page.table.item(r, c).text()
            for r in range(page.table.rowCount())
            for c in range(page.table.columnCount())
            if page.table.item(r, c) is not None
        ]
        named = any("工作表：“退休”也是人员名单" in n for n in notes)
        assert named == (sheet == "离休")
        shot(wizard, f"sheet_per_kind_{sheet}")
        run_import(qtbot, wizard)
        wizard.close()
    kinds = {p["name"]: p["retirement_kind"] for p in list_persons()}
    assert kinds == {"潘强": "离休", "葛兰": "离休", "奚明": "退休", "范伟": "退休"}


def _check_notes(wizard) -> list[str]:
    page = wizard.check_page
    return [
        page.table.item(r, c).text()
        for r in range(page.table.rowCount())
        for c in range(page.table.columnCount())
        if page.table.item(r, c) is not None
    ]


def test_the_done_page_goes_on_to_the_other_roster_sheet(qtbot, ctx, tmp_path: Path) -> None:
    path = a_sheet_per_kind(tmp_path)  # 离休, 退休 (same header), 统计 (not a roster)
    wizard = start(qtbot, ctx, [path], unit="报送局")
    forward(qtbot, wizard)
    page = wizard.sheet_page
    labels = [page.sheet.itemText(i) for i in range(page.sheet.count())]
    assert labels == ["离休（人员名单）", "退休（人员名单）", "统计"]
    assert "本文件有 2 张人员名单工作表：“离休”、“退休”" in page.info.text()
    shot(wizard, "sheets_1_sheet")
    forward(qtbot, wizard, 2)
    assert any("继续导入工作表" in n and "--all-sheets" in n for n in _check_notes(wizard))
    run_import(qtbot, wizard)
    done = wizard.done_page
    assert done.sheets_box.isVisibleTo(wizard)
    assert [b.text() for b in done.sheet_buttons] == ["继续导入工作表“退休”(&C)"]
    assert "离休" in done.summary.text() and "已导入" in done.summary.text()
    shot(wizard, "sheets_2_done")
    # Alt+C, as the clerk would from the keyboard.
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.isActiveWindow(), timeout=5000)
    qtbot.keyClick(wizard, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentId() == ic.PAGE_SHEET, timeout=5000)
    settle(qtbot, wizard)
    assert wizard.source.sheet == "退休"
    assert wizard.current_entry() == (path, "报送局")
    assert "接着导入工作表“退休”" in page.subTitle()
    labels = [page.sheet.itemText(i) for i in range(page.sheet.count())]
    assert labels == ["离休（人员名单，已导入）", "退休（人员名单）", "统计"]
    shot(wizard, "sheets_3_second_sheet")
    forward(qtbot, wizard)
    assert wizard.mapping_page.mapping() == [None, "name", "id_number", "phone"]
    forward(qtbot, wizard)
    assert "新增 2 人" in wizard.check_page.counts.text()
    assert "导入过" not in wizard.check_page.message.text()  # not a repeat of 离休
    assert not any("也是人员名单" in n for n in _check_notes(wizard))
    run_import(qtbot, wizard)
    assert done.sheet_buttons == []  # both imported: nothing more to offer
    assert "“离休”、“退休”都已导入" in done.sheets_note.text()
    assert "退休" in done.summary.text()
    shot(wizard, "sheets_4_done")
    wizard.close()
    batches = [(b.sheet, b.imported) for b in ImportBatch.select().order_by(ImportBatch.id)]
    assert batches == [("离休", 2), ("退休", 2)]
    kinds = {p["name"]: p["retirement_kind"] for p in list_persons()}
    assert kinds == {"潘强": "离休", "葛兰": "离休", "奚明": "退休", "范伟": "退休"}
    # 导入记录 tells the file's two batches apart by their sheets.
    history = ImportHistoryTab()
    qtbot.addWidget(history)
    files = {history.table.item(r, 2).text() for r in range(history.table.rowCount())}
    assert files == {"分类别.xlsx（工作表“离休”）", "分类别.xlsx（工作表“退休”）"}
    shot(history, "sheets_6_history")


def test_stopping_after_one_sheet_keeps_it_and_many_sheets_get_one_button(
    qtbot, ctx, tmp_path: Path
) -> None:
    header = ["姓名", "身份证号码"]
    names = ["一处", "二处", "三处", "四处", "五处"]
    ids = [make_id(_dt.date(1950, 1, 1 + i), 30 + i) for i in range(len(names))]
    path = write_xlsx(
        tmp_path / "五处.xlsx",
        {name: [header, [f"张{name}", number]] for name, number in zip(names, ids, strict=True)},
    )
    wizard = start(qtbot, ctx, [path], unit="报送局")
    forward(qtbot, wizard, 3)
    run_import(qtbot, wizard)
    done = wizard.done_page
    assert [b.text() for b in done.sheet_buttons] == ["继续导入工作表“二处”（还有 4 张）(&C)"]
    assert "“二处”、“三处”、“四处”、“五处”也是人员名单" in done.sheets_note.text()
    shot(wizard, "sheets_5_many")
    done.sheet_buttons[0].click()
    settle(qtbot, wizard)
    assert wizard.source.sheet == "二处"
    wizard.reject()  # the clerk stops here: 取消 on the 工作表 page
    assert [b.sheet for b in ImportBatch.select()] == ["一处"]
    assert [p["name"] for p in list_persons()] == ["张一处"]
