"""Labels reached from the main window: 工具 menu (current roster filter) and the row menu."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog


def capture_dialogs(monkeypatch) -> list[LabelsDialog]:
    opened: list[LabelsDialog] = []

    def fake_exec(self) -> int:
        opened.append(self)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LabelsDialog, "exec", fake_exec)
    return opened


def test_tools_menu_opens_labels_for_the_current_filter(window, monkeypatch) -> None:
    opened = capture_dialogs(monkeypatch)
    window.open_roster_filtered(RosterFilter(residence_area="省外"))
    action = next(a for a in window.menu("工具").actions() if a.text() == "打印地址标签和信封…")
    action.trigger()
    (dialog,) = opened
    assert dialog.last_run is not None and dialog.last_run.persons == 8
    assert "共 8 枚标签" in dialog.summary_label.text()


def test_roster_row_menu_prints_labels_for_the_selected_people(roster, monkeypatch) -> None:
    opened = capture_dialogs(monkeypatch)
    roster.view.selectRow(0)
    ids = roster.selected_ids()
    assert roster.labels_action.isEnabled()
    roster.labels_action.trigger()
    (dialog,) = opened
    assert dialog.last_run.persons == len(ids) == 1
    assert dialog.selection(dialog.options()).recipients[0].person_ids == tuple(ids)


def test_tools_menu_uses_several_selected_rows(window, roster, monkeypatch) -> None:
    from PySide6.QtCore import QItemSelectionModel

    opened = capture_dialogs(monkeypatch)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (2, 5, 7):
        roster.view.selectionModel().select(roster.model.index(row, 0), flags)
    ids = roster.selected_ids()
    assert len(ids) == 3
    action = next(a for a in window.menu("工具").actions() if a.text() == "打印地址标签和信封…")
    action.trigger()
    (dialog,) = opened
    recipients = dialog.selection(dialog.options()).recipients
    assert sorted(pid for r in recipients for pid in r.person_ids) == sorted(ids)
