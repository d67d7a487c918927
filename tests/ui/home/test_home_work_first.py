"""首页 opens with the day's work, and an empty program says what to do next."""

from __future__ import annotations

from lao_gan_bu_desktop.ui.main_window import MainWindow
from tests.conftest import FIXED_TODAY
from tests.ui.conftest import make_settings, wait_for_home


def _top(widget, home) -> int:
    return widget.mapTo(home, widget.rect().topLeft()).y()


def test_the_work_comes_before_the_figures_and_charts(window, qtbot) -> None:
    home = wait_for_home(qtbot, window)
    assert home.empty_state.isHidden()
    assert "离退休干部概况" in home.title.text()
    assert home.reminders.tree.topLevelItemCount() > 0
    assert _top(home.reminders, home) < _top(home.cards["total"], home)
    assert _top(home.aid_card, home) < _top(home.cards["total"], home)
    assert _top(home.cards["total"], home) < _top(home.charts, home)
    assert not home.charts.isHidden()


def test_an_empty_program_says_what_to_do(ctx, qtbot, tmp_path, monkeypatch) -> None:
    window = MainWindow(ctx, settings=make_settings(tmp_path / "l.ini"), today=lambda: FIXED_TODAY)
    qtbot.addWidget(window)
    window.resize(1200, 660)
    window.show()
    qtbot.waitExposed(window)
    home = wait_for_home(qtbot, window)
    assert not home.empty_state.isHidden()
    assert home.title.text() == "欢迎使用老干部工作台"  # no zone name set: none made up
    assert home.charts.isHidden()  # no empty chart frames
    assert home.aid_card.isHidden() and not home.cards["total"].isVisible()
    texts = [home.import_button.text(), home.new_person_button.text(), home.demo_button.text()]
    assert texts == ["导入各单位表格…", "新增人员…", "打开演示数据"]
    qtbot.waitUntil(window.all_tabs_built, timeout=5000)
    home.new_person_button.click()
    roster = window.tabs["roster"]
    qtbot.waitUntil(lambda: roster.dialog is not None and roster.dialog.isVisible(), timeout=3000)
    assert window.tab_widget.currentWidget() is roster
    roster.dialog.reject()
    started: list[tuple[str, list[str]]] = []

    def fake_start(program, args):
        started.append((program, list(args)))
        return True, 1

    from PySide6.QtCore import QProcess

    monkeypatch.setattr(QProcess, "startDetached", staticmethod(fake_start))
    assert home.open_demo()
    assert started and started[0][1][-1] == "--demo"


def test_each_item_has_its_obvious_action(window, qtbot, monkeypatch) -> None:
    from lao_gan_bu_desktop.services import visits
    from lao_gan_bu_desktop.storage.visits_models import Visit

    home = wait_for_home(qtbot, window)
    reminders = home.reminders
    tree = reminders.tree
    planned = due = None
    for i in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(i)
        for j in range(head.childCount()):
            data = reminders.item_data(head.child(j))
            if data and data.get("visit_id") and planned is None:
                planned = head.child(j)
            if data and not data.get("visit_id") and data.get("due") and due is None:
                due = head.child(j)
    assert planned is not None and due is not None
    tree.setCurrentItem(due)
    assert reminders.plan_button.isEnabled() and not reminders.done_button.isEnabled()
    tree.setCurrentItem(planned)
    assert reminders.done_button.isEnabled() and not reminders.plan_button.isEnabled()
    visit_id = reminders.item_data(planned)["visit_id"]
    reminders.done_button.click()
    assert Visit.get_by_id(visit_id).status == visits.DONE
    assert Visit.get_by_id(visit_id).done_on == FIXED_TODAY


def test_an_empty_roster_says_what_to_do(ctx, qtbot, tmp_path) -> None:
    window = MainWindow(ctx, settings=make_settings(tmp_path / "l.ini"), today=lambda: FIXED_TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    roster = window.show_tab("roster")
    roster.ensure_loaded()
    qtbot.waitUntil(lambda: not roster.empty_hint.isHidden(), timeout=3000)
    assert "导入" in roster.empty_hint.text() and "新增人员" in roster.empty_hint.text()


def test_an_empty_aid_list_says_what_to_do(ctx, qtbot, tmp_path) -> None:
    window = MainWindow(ctx, settings=make_settings(tmp_path / "l.ini"), today=lambda: FIXED_TODAY)
    qtbot.addWidget(window)
    window.show()
    aid_tab = window.show_tab("aid")
    aid_tab.reload_cases()
    assert "新建案例" in aid_tab.totals_label.text()
