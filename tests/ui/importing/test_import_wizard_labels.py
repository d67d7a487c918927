"""The import wizard says what it does: the unit guessed from the file's title (or the only
unit there is), the 检查 page's button "导入 N 人" that writes the people, a legend that names
every colour the rows are painted in."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWizard

from lao_gan_bu_desktop.services.roster import create_person
from lao_gan_bu_desktop.ui.importing import common as ic
from lao_gan_bu_desktop.ui.importing.wizard import ImportWizard
from tests.import_helpers import LI, WANG, ZHANG, write_xlsx

SHOTS = os.environ.get("IMPORT_SHOTS")


def _titled(path: Path, title: str, rows: list[list]) -> Path:
    return write_xlsx(path, {"花名册": [[title], ["填报时间：2026年11月"], *rows]})


def _wizard(qtbot, ctx, files: list[Path]) -> ImportWizard:
    wizard = ImportWizard(ctx, files=files)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _units(wizard: ImportWizard) -> list[str]:
    table = wizard.files_page.table
    return [table.cellWidget(r, 1).currentText() for r in range(table.rowCount())]


def test_unit_from_the_title_row_or_the_only_unit(qtbot, ctx, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号码"], ["张三", ZHANG]]
    new_unit = _titled(tmp_path / "名单1.xlsx", "金水区教育局离退休干部花名册", rows)
    wizard = _wizard(qtbot, ctx, [new_unit])
    assert _units(wizard) == ["金水区教育局"]  # offered as the new unit's name
    wizard.close()
    create_person({"name": "李四", "unit": "金水区教育局"})
    untitled = write_xlsx(tmp_path / "名单3.xlsx", {"Sheet1": rows})
    wizard = _wizard(qtbot, ctx, [untitled])
    combo = wizard.files_page.table.cellWidget(0, 1)
    assert _units(wizard) == ["金水区教育局"] and combo.currentIndex() == 0  # the only unit
    assert wizard.files_page.isComplete()
    wizard.close()
    create_person({"name": "王五", "unit": "金水区财政局"})
    known = _titled(tmp_path / "名单2.xlsx", "金水区教育局2026年离退休人员名单", rows)
    wizard = _wizard(qtbot, ctx, [known, untitled])
    assert _units(wizard) == ["金水区教育局", ""]  # two units: no guess without a title
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / "files_unit_guess.png"))


def test_check_page_button_says_import_n_people(qtbot, ctx, tmp_path: Path) -> None:
    create_person({"name": "张三", "id_number": ZHANG, "phone": "13800000001"})
    rows = [
        ["姓名", "身份证号码", "手机"],
        ["张三", ZHANG, "13900000002"],  # update
        ["李四", LI, None],  # new
        ["王五", WANG, None],  # new
        ["", None, "13700000000"],  # error: no name
    ]
    path = write_xlsx(tmp_path / "科技局.xlsx", {"名单": rows})
    wizard = _wizard(qtbot, ctx, [path])
    wizard.files_page.table.cellWidget(0, 1).setCurrentText("科技局")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.text() == "下一步(&N) >"
    for _ in range(3):
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.busy, timeout=30000)
    assert wizard.currentId() == ic.PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.check_page.isComplete(), timeout=30000)
    assert next_button.text() == "导入 3 人(&N)"
    wizard.check_page.set_policy("skip")  # 张三 is skipped: two people will be written
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.busy, timeout=30000)
    assert next_button.text() == "导入 2 人(&N)"
    legend = {
        label.property("legend"): label
        for label in wizard.check_page.findChildren(QLabel)
        if label.property("legend")
    }
    assert set(legend) == set(ic.COLORS)  # every colour a row can have is named
    for key, label in legend.items():
        assert ic.COLORS[key].name() in label.styleSheet()
        assert label.text() == ic.LEGEND[key]
    assert "黄色" in ic.LEGEND["warning"] and "红色" in ic.LEGEND["invalid"]
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / "check_button.png"))
    wizard.back()
    assert next_button.text() == "下一步(&N) >"
