"""PersonVisitsWidget and HomeReminders with qtbot on the demo zone and on a fresh folder."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.services import health, roster, visits
from lao_gan_bu_desktop.services.visits import VisitInput
from lao_gan_bu_desktop.ui.home.reminders import HomeReminders
from lao_gan_bu_desktop.ui.visits.person_visits_widget import PersonVisitsWidget
from lao_gan_bu_desktop.ui.visits.visit_dialog import to_qdate

D = dt.date
TODAY = D(2026, 11, 29)


def on_modal(action) -> None:
    QTimer.singleShot(0, lambda: action(QApplication.activeModalWidget()))


def test_person_visits_widget(ctx, qtbot) -> None:
    pid = roster.create_person({"name": "王建国", "birth_date": "1940-01-01"})
    done = visits.create_visit(VisitInput((pid,), "日常走访", D(2026, 3, 1), amount="200"))
    visits.mark_done(done, D(2026, 3, 2))
    visits.create_visit(VisitInput((pid,), "上门服务", D(2026, 11, 20)))
    w = PersonVisitsWidget(pid, today=TODAY)
    qtbot.addWidget(w)
    assert w.visits_table.rowCount() == 2
    assert w.visits_table.item(0, 2).text() == "逾期"  # newest first
    assert w.visits_table.item(1, 5).text() == "200.00"
    assert "最近一次 2026-03-02" in w.summary.text()
    assert "2026年尚未体检" in w.checks_label.text()
    w.visits_table.setCurrentCell(0, 0)
    w.mark_done()
    assert w.visits_table.item(0, 2).text() == "已完成"
    # A new visit for this person from the widget.
    on_modal(lambda d: (d.kind.setCurrentText("电话问候"), d.save()))
    w.new_visit()
    assert w.visits_table.rowCount() == 3
    assert visits.list_visits(person_id=pid)[-1]["kind"] == "电话问候"
    # Hospital stay, discharge, health check through their small dialogs.
    on_modal(
        lambda d: (
            d.date.setDate(to_qdate(D(2026, 11, 25))),
            d.hospital.setText("市一院"),
            d.accept(),
        )
    )
    w.add_stay()
    assert "2026-11-25 入院（市一院），尚未出院" in w.stays_label.text()
    assert w.discharge_button.isEnabled()
    on_modal(lambda d: (d.date.setDate(to_qdate(D(2026, 11, 28))), d.accept()))
    w.discharge()
    assert "2026-11-28 出院" in w.stays_label.text()
    on_modal(lambda d: (d.text.setText("未见异常"), d.accept()))
    w.add_check()
    assert "未见异常" in w.checks_label.text()
    assert health.health_check_counts(2026)["checked"] == 1


def test_home_reminders_on_the_demo(demo_ctx, qtbot, tmp_path) -> None:
    w = HomeReminders(today=TODAY)
    qtbot.addWidget(w)
    w.resize(800, 500)
    sections = [w.tree.topLevelItem(i).text(0) for i in range(w.tree.topLevelItemCount())]
    assert sections[0].startswith("逾期")
    assert any(s.startswith("今日") for s in sections)
    assert any(s.startswith("生日") for s in sections)
    assert "未体检" in w.health.text()
    overdue = w.tree.topLevelItem(0)
    assert overdue.childCount() >= 2
    before = w.data["counts"]["逾期"]
    # An overdue plan opens the visit; mark it done there.
    data = next(
        w.item_data(overdue.child(i))
        for i in range(overdue.childCount())
        if w.item_data(overdue.child(i))["visit_id"]
    )
    assert w.item_data(overdue) is None  # a section heading
    on_modal(lambda d: (d.status.setCurrentText("已完成"), d.save()))
    w.open_item(data)
    assert visits.get_visit(data["visit_id"])["status"] == "已完成"
    assert w.data["counts"]["逾期"] == before - 1
    # A due item (hospital visit) opens a new planned visit.
    due = next(i for i in w.data["items"] if i["due"] is not None and i["due"].rule == "住院探望")
    on_modal(lambda d: d.save())
    w.open_item(due)
    assert not any(i["due"] is not None and i["due"].rule == "住院探望" for i in w.data["items"])
    w.grab().save(str(tmp_path / "home.png"))


def test_home_reminders_empty(ctx, qtbot) -> None:
    w = HomeReminders(today=TODAY)
    qtbot.addWidget(w)
    assert w.tree.topLevelItem(0).text(0) == "近期没有需要走访的事项"


def test_health_missing_dialog_lists_and_exports(demo_ctx, qtbot, tmp_path) -> None:
    from openpyxl import load_workbook

    from lao_gan_bu_desktop.ui.visits.health_missing_dialog import HealthMissingDialog

    dialog = HealthMissingDialog(today=TODAY)
    qtbot.addWidget(dialog)
    counts = health.health_check_counts(2026)
    assert dialog.table.rowCount() == counts["missing"] > 0
    assert f"未体检 {counts['missing']} 人" in dialog.counts.text()
    path = dialog.export(str(tmp_path / "未体检.xlsx"))
    ws = load_workbook(path)["未体检人员"]
    assert ws["A1"].value == "高新区2026年度未体检离退休干部名单"
    assert ws.max_row == 3 + counts["missing"]
    dialog.year.setValue(2025)  # nobody has a 2025 check in the demo
    assert dialog.table.rowCount() == 153


def test_ledger_export_asks_for_the_period(demo_ctx, qtbot, tmp_path, monkeypatch) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from lao_gan_bu_desktop.ui.visits.calendar_tab import VisitsCalendarTab

    tab = VisitsCalendarTab(today=TODAY)
    qtbot.addWidget(tab)
    target = tmp_path / "台账.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )

    def choose(dialog) -> None:
        dialog.start.setDate(to_qdate(D(2026, 1, 1)))
        dialog.end.setDate(to_qdate(D(2025, 1, 1)))
        dialog._check()
        assert "早于" in dialog.error.text()
        dialog.end.setDate(to_qdate(D(2026, 12, 31)))
        dialog._check()

    on_modal(choose)
    assert tab.export_ledger() == target
    assert "2026年1月1日至2026年12月31日" in load_workbook(target)["走访台账"]["A2"].value


def test_home_reminders_show_the_first_rows_of_a_long_section(demo_ctx, qtbot, monkeypatch) -> None:
    from lao_gan_bu_desktop.ui.home import reminders as home_reminders

    monkeypatch.setattr(home_reminders, "MAX_ROWS", 1)
    w = HomeReminders(today=TODAY)
    qtbot.addWidget(w)
    overdue = w.tree.topLevelItem(0)
    total = w.data["counts"]["逾期"]
    assert total >= 2 and overdue.text(0) == f"逾期（{total}）"
    assert overdue.childCount() == 2
    assert w.item_data(overdue.child(0)) == w.data["items"][0]
    more = overdue.child(1)
    assert more.text(0) == f"……另有 {total - 1} 项，请在“走访日历”中查看"
    assert w.item_data(more) is None  # activating it opens nothing
