"""The export wizard driven with qtbot: pages follow the kind, columns reorder, presets save,
the export runs in its worker thread and the file reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services.export_columns import list_presets
from lao_gan_bu_desktop.ui.exporting.pages import PAGE_COLUMNS, PAGE_PEOPLE, PAGE_TARGET
from lao_gan_bu_desktop.ui.exporting.wizard import ExportWizard
from tests.conftest import FIXED_TODAY


@pytest.fixture(autouse=True)
def _no_boxes(monkeypatch):
    calls = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: calls.append(a[2]) or QMessageBox.Ok)
    )
    return calls


def _wizard(qtbot, tmp_path: Path, **kwargs) -> ExportWizard:
    wizard = ExportWizard(day=FIXED_TODAY, **kwargs)
    wizard.setProperty("quiet", True)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_roster_with_current_filter_and_reordered_columns(demo_ctx, qtbot, tmp_path: Path) -> None:
    flt = RosterFilter(units=("科技局",))
    wizard = _wizard(qtbot, tmp_path, current_filter=flt)
    assert wizard.currentId() == 0
    wizard.next()
    assert wizard.currentId() == PAGE_PEOPLE
    people = wizard.people_page
    assert "单位：科技局" in people.use_current.text() and people.use_current.isChecked()
    assert people.count_label.text().startswith("共 ")
    wizard.next()
    assert wizard.currentId() == PAGE_COLUMNS
    columns = wizard.columns_page
    columns.set_keys(["name", "unit", "phone", "id_number"])
    columns.list.setCurrentRow(3)
    columns.move_current(-1)  # id_number before phone
    assert columns.keys() == ["name", "unit", "id_number", "phone"]
    columns.list.item(3).setCheckState(Qt.Unchecked)  # drop phone
    assert columns.keys() == ["name", "unit", "id_number"]
    assert columns.save_as("我的方案")
    assert list_presets()["我的方案"] == ["name", "unit", "id_number"]
    assert columns.preset.currentText() == "我的方案"
    assert columns.delete_button.isEnabled()
    assert columns.count_label.text().startswith("已选 3 列")
    columns.preset.setCurrentText("通讯录")
    assert not columns.delete_button.isEnabled()
    assert columns.keys()[:2] == ["name", "unit"]
    columns.preset.setCurrentText("我的方案")
    assert columns.keys() == ["name", "unit", "id_number"]
    wizard.next()
    assert wizard.currentId() == PAGE_TARGET
    assert wizard.target_page.path.text().endswith("高新区离退休干部花名册_2026-11-29.xlsx")
    out = tmp_path / "花名册.xlsx"
    wizard.target_page.path.setText(str(out))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000) as blocker:
        wizard.button(QWizard.FinishButton).click()
    result = blocker.args[0]
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]] == ["姓名", "原工作单位", "公民身份号码"]
    assert len(list(ws.iter_rows(min_row=4))) == result.count
    assert {r[1] for r in ws.iter_rows(min_row=4, values_only=True)} == {"科技局"}
    assert all("********" in r[2] for r in ws.iter_rows(min_row=4, values_only=True) if r[2])
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_chosen_filter_counts_and_report_skips_pages(demo_ctx, qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.next()
    people = wizard.people_page
    people.kind.setCurrentText("离休")
    assert people.use_chosen.isChecked()
    assert people.count_label.text() == "共 2 人"
    assert people.roster_filter().retirement_kind == "离休"

    report = _wizard(qtbot, tmp_path, kind="report")
    report.next()
    assert report.currentId() == PAGE_TARGET
    assert report.target_page.path.text().endswith("高新区离退休干部统计报表_2026-11-29.xlsx")


def test_unit_check_to_folder_and_error_message(demo_ctx, qtbot, tmp_path: Path, _no_boxes) -> None:
    wizard = _wizard(qtbot, tmp_path, kind="unit-check")
    wizard.next()
    people = wizard.people_page
    assert people.units_box.isVisibleTo(wizard) and not people.filter_box.isVisibleTo(wizard)
    people._check_all(Qt.Unchecked)
    assert not people.isComplete()
    people.units.findItems("科技局", Qt.MatchExactly)[0].setCheckState(Qt.Checked)
    assert people.chosen_units() == ["科技局"] and people.isComplete()
    wizard.next()
    assert wizard.currentId() == PAGE_TARGET
    folder = tmp_path / "核对表"
    wizard.target_page.path.setText(str(folder))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.accept()
    assert [p.name for p in folder.iterdir()] == ["高新区科技局离退休干部核对表_2026-11-29.xlsx"]

    bad = _wizard(qtbot, tmp_path, kind="directory")
    bad.next()
    bad.next()
    bad.target_page.path.setText(str(tmp_path / "没有这个文件夹" / "x.xlsx"))
    with qtbot.waitSignal(bad.exportFailed, timeout=20000) as blocker:
        bad.accept()
    assert "不存在" in blocker.args[0]
    assert "不存在" in _no_boxes[-1]  # told in a box, in Chinese
    assert not list((tmp_path).glob("*.xlsx"))


def test_directory_as_pdf_adds_the_suffix(demo_ctx, qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path, kind="directory")
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_TARGET
    assert wizard.target_page.format_box.isVisibleTo(wizard)
    wizard.target_page.as_pdf.setChecked(True)
    assert wizard.target_page.path.text().endswith("高新区离退休干部通讯录_2026-11-29.pdf")
    wizard.target_page.path.setText(str(tmp_path / "通讯录"))
    assert wizard.target_page.target() == tmp_path / "通讯录.pdf"
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.accept()
    assert (tmp_path / "通讯录.pdf").read_bytes().startswith(b"%PDF")


def test_delete_own_preset_but_not_builtin(demo_ctx, qtbot, tmp_path: Path, _no_boxes) -> None:
    wizard = _wizard(qtbot, tmp_path)
    columns = wizard.columns_page
    columns.set_keys(["name", "phone"])
    assert columns.save_as("慰问")
    assert columns.delete("慰问")
    assert "慰问" not in list_presets()
    assert columns.preset.currentText() == "领导花名册"
    assert not columns.delete("领导花名册")
    assert "内置方案" in _no_boxes[-1]
    assert not columns.save_as("通讯录")
    assert "内置方案" in _no_boxes[-1]


def test_columns_page_starts_with_the_last_export(demo_ctx, qtbot, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services import exporting

    exporting.export_roster(tmp_path / "a.xlsx", keys=["unit", "name"], day=FIXED_TODAY)
    wizard = _wizard(qtbot, tmp_path)
    columns = wizard.columns_page
    assert columns.preset.currentText() == "上次导出的列"
    assert columns.keys() == ["unit", "name"]
    assert not columns.delete_button.isEnabled()


def test_empty_roster_says_what_to_do(ctx, qtbot, tmp_path: Path, _no_boxes) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.next()
    assert wizard.people_page.count_label.text() == "共 0 人"
    wizard.next()
    wizard.next()
    wizard.target_page.path.setText(str(tmp_path / "空.xlsx"))
    with qtbot.waitSignal(wizard.exportFailed, timeout=20000) as blocker:
        wizard.accept()
    assert "没有找到任何人员" in blocker.args[0] and "调整筛选条件" in _no_boxes[-1]
    assert not (tmp_path / "空.xlsx").exists()
    assert wizard.isVisible()  # the clerk can go back and change the choice


def test_conditions_are_greyed_unless_chosen(demo_ctx, qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path, current_filter=RosterFilter(units=("科技局",)))
    wizard.next()
    people = wizard.people_page
    assert people.use_current.isChecked()
    assert not people.conditions.isEnabled() and not people.unit.isEnabled()
    people.use_chosen.setChecked(True)
    assert people.conditions.isEnabled() and people.unit.isEnabled()
    people.use_current.setChecked(True)
    assert not people.kind.isEnabled()


def test_the_success_box_opens_the_file_or_its_folder(
    demo_ctx, qtbot, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    offered: list[list[str]] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )

    def answer(box) -> int:
        offered.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "打开文件(&F)").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    wizard = ExportWizard(day=FIXED_TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    wizard.next()
    out = tmp_path / "花名册.xlsx"
    wizard.target_page.path.setText(str(out))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.button(QWizard.FinishButton).click()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert "打开文件夹(&O)" in offered[0]
    assert opened == [str(out)]


def test_the_label_pdf_is_offered_in_the_last_export_folder(
    demo_ctx, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The tester saved the 通讯录 into a folder, then 保存为 PDF for the labels started in the
    home folder: the export wizard now remembers its folder where every save dialog looks."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from lao_gan_bu_desktop.ui.common import folders
    from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog

    ini = tmp_path / "user.ini"
    monkeypatch.setattr(
        folders, "QSettings", lambda: QSettings(str(ini), QSettings.Format.IniFormat)
    )
    out = tmp_path / "导出"
    out.mkdir()
    wizard = _wizard(qtbot, tmp_path, kind="directory")
    wizard.next()
    wizard.next()
    wizard.target_page.path.setText(str(out / "通讯录.xlsx"))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.accept()
    offered = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda parent, title, start, *a: offered.append(start) or ("", "")),
    )
    dialog = LabelsDialog(RosterFilter(residence_area="省外"), None, day=FIXED_TODAY)
    qtbot.addWidget(dialog)
    dialog.save_pdf()
    assert offered and Path(offered[0]).parent == out
    # with nothing remembered on this computer yet, the data folder's last export is used
    ini.unlink()
    assert folders.save_folder() == out
