"""The wizard on a unit file with rows hidden in Excel: the check page holds them back, says
why, and offers to take them too; ticking it checks again and imports them."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.services.roster import list_persons
from tests.files.test_row_facts import _unit_file
from tests.ui.importing.test_import_wizard import forward, run_import, settle, shot, start


def test_hidden_rows_are_held_back_until_the_clerk_takes_them(qtbot, ctx, tmp_path: Path) -> None:
    path = _unit_file(tmp_path / "名单.xlsx")
    wizard = start(qtbot, ctx, [path], unit="某某局")
    forward(qtbot, wizard)
    sheet_page = wizard.sheet_page
    labels = [
        sheet_page.preview.verticalHeaderItem(r).text()
        for r in range(sheet_page.preview.rowCount())
    ]
    assert labels == ["1", "2", "3 隐藏", "4", "5 隐藏", "6"]
    assert "第 3、5 行在原表中被隐藏" in sheet_page.info.text()
    shot(wizard, "hidden_rows_preview")
    forward(qtbot, wizard, 2)
    page = wizard.check_page
    box = page.include_hidden
    assert box.isVisible() and box.text() == "也导入隐藏的行（2 行）(&H)" and not box.isChecked()
    assert "有错误 3 行" in page.counts.text()
    reasons = [page.table.item(r, 3).text() for r in range(page.table.rowCount())]
    assert sum("原表中被隐藏" in r for r in reasons) == 2
    assert any("公式" in r for r in reasons)
    shot(wizard, "hidden_rows")
    box.setChecked(True)
    settle(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=30000)
    assert "有错误 1 行" in page.counts.text()
    run_import(qtbot, wizard)
    assert sorted(p["name"] for p in list_persons()) == ["张三", "李四", "王五"]
    wizard.close()


def test_a_file_without_hidden_rows_shows_no_box(qtbot, ctx, tmp_path: Path) -> None:
    from tests.import_helpers import ZHANG, write_xlsx

    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": [["姓名", "身份证号码"], ["张三", ZHANG]]})
    wizard = start(qtbot, ctx, [path], unit="某某局")
    forward(qtbot, wizard, 3)
    assert wizard.plan is not None and not wizard.check_page.include_hidden.isVisible()
    wizard.close()
