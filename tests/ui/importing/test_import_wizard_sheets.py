"""The wizard on a workbook with a sheet per 类别 (tests/files/unit_file_corpus.py): the check
page names the other roster sheet, and choosing it imports its people with their 类别."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.services.roster import list_persons
from tests.files.unit_file_corpus import a_sheet_per_kind
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
