"""文件 → 导出… opens the wizard on the window's current roster filter and day."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtWidgets import QMainWindow, QWidget

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.ui.exporting.actions import make_export_action


class _Bar:
    def current_filter(self) -> RosterFilter:
        return RosterFilter(retirement_kind="离休")


class _Roster(QWidget):
    filter_bar = _Bar()


class _Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.tabs = {"roster": _Roster(self)}
        self.statuses: list[str] = []

    def today(self) -> _dt.date:
        return _dt.date(2026, 11, 29)

    def show_status(self, text: str) -> None:
        self.statuses.append(text)


def test_action_opens_wizard_with_roster_filter(demo_ctx, qtbot) -> None:
    window = _Window()
    qtbot.addWidget(window)
    action = make_export_action(window)
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    wizard = window._export_wizard
    assert wizard.isVisible() and wizard.day == _dt.date(2026, 11, 29)
    wizard.next()
    assert "离休" in wizard.people_page.use_current.text()
    assert wizard.people_page.count_label.text() == "共 2 人"
    wizard.close()


def test_main_window_file_menu_reaches_the_export(window, qtbot, tmp_path) -> None:
    """文件 → 导出… in the real main window exports what the 花名册 tab shows."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QWizard

    roster = window.show_tab("roster")
    roster.set_filter(RosterFilter(age_bracket="80岁及以上"))
    menu = window.menu("文件")
    qtbot.waitUntil(lambda: menu.actions()[-1].text() == "退出")  # 导出 moved up, 退出 last
    texts = [a.text() for a in menu.actions()]
    assert texts.index("导出…") < texts.index("备份数据")
    action = next(a for a in menu.actions() if a.objectName() == "action_export")
    assert action.text() == "导出…"
    action.trigger()
    wizard = window._export_wizard
    wizard.setProperty("quiet", True)
    wizard.next()
    assert "80岁及以上" in wizard.people_page.use_current.text()
    assert wizard.people_page.count_label.text() == "共 13 人"
    wizard.next()
    wizard.next()
    out = tmp_path / "八十岁以上.xlsx"
    wizard.target_page.path.setText(str(out))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.button(QWizard.FinishButton).click()
    ws = load_workbook(out).active
    assert len(list(ws.iter_rows(min_row=4))) == 13
    assert "80岁及以上" in ws["A2"].value


def test_export_of_the_rows_selected_in_the_roster(window, qtbot, tmp_path) -> None:
    from openpyxl import load_workbook

    roster = window.show_tab("roster")
    roster.set_filter(RosterFilter(retirement_kind="退休"))
    ids = [roster.model.person_id(row) for row in range(3)]
    roster.select_ids(ids)
    assert roster.selected_ids() == ids
    action = next(a for a in window.menu("文件").actions() if a.objectName() == "action_export")
    action.trigger()
    wizard = window._export_wizard
    wizard.setProperty("quiet", True)
    wizard.next()
    people = wizard.people_page
    assert people.selected_ids == tuple(ids), people.selected_ids
    assert people.use_selected.isVisibleTo(wizard) and "选中的 3 人" in people.use_selected.text()
    people.use_selected.setChecked(True)
    assert people.count_label.text() == "共 3 人"
    wizard.next()
    wizard.columns_page.set_keys(["name"])
    wizard.next()
    out = tmp_path / "选中.xlsx"
    wizard.target_page.path.setText(str(out))
    with qtbot.waitSignal(wizard.exportFinished, timeout=20000):
        wizard.accept()
    names = [r[0] for r in load_workbook(out).active.iter_rows(min_row=4, values_only=True)]
    assert len(names) == 3
    assert sorted(names) == sorted(
        str(roster.model.data(roster.model.index(r, 0))) for r in roster.selected_rows()
    )


def test_closing_the_window_during_an_export_stops_and_joins_it(window, qtbot, monkeypatch) -> None:
    """A worker never outlives the window that started it: closing cancels the export and
    waits for its thread."""
    import threading

    from lao_gan_bu_desktop.services.exporting import ExportCancelled

    started = threading.Event()

    def endless(progress) -> None:
        started.set()
        while progress(0, 1):
            threading.Event().wait(0.005)  # one piece of work
        raise ExportCancelled

    action = next(a for a in window.menu("文件").actions() if a.objectName() == "action_export")
    action.trigger()
    wizard = window._export_wizard
    monkeypatch.setattr(wizard, "job", lambda: endless)
    wizard.accept()
    qtbot.waitUntil(started.is_set, timeout=10000)
    thread = wizard.worker.thread
    assert thread.isRunning()
    window.close()
    assert not thread.isRunning()
