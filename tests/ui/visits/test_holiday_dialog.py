"""工具 → 节假日安排 with qtbot: a 2027 day off pasted in the dialog shows as 休 in the month
view, which said before that 2027's arrangement was not entered yet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication, QMessageBox

from lao_gan_bu_desktop.services import holidays
from lao_gan_bu_desktop.storage.models import AuditLog
from lao_gan_bu_desktop.ui.visits.holiday_dialog import WORK, HolidayDialog

from .test_visits_calendar_tab import make_tab, on_modal

D = dt.date


def test_a_2027_holiday_entered_in_the_dialog_shows_as_a_day_off(demo_ctx, qtbot, tmp_path):
    tab = make_tab(qtbot)
    tab.show_month(D(2027, 1, 1))
    assert tab.holiday_note.isVisible()
    assert tab.holiday_note.text().startswith("2027年放假安排尚未录入")
    assert tab.month_view.info(D(2027, 1, 1)).day_off == ""
    tab.month_view.grab().save(str(tmp_path / "before.png"))

    def enter(dialog: HolidayDialog) -> None:
        assert dialog.year == 2027 and "尚未录入" in dialog.source_label.text()
        dialog.paste_edit.setPlainText(
            "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
            "二、春节：2月6日至12日放假调休，共7天。2月20日（周六）上班。"
        )
        dialog.read_button.click()
        assert dialog.count_label.text() == "放假 10 天，调休上班 1 天"
        dialog.save_button.click()

    on_modal(enter)
    tab.open_holidays()
    info = tab.month_view.info(D(2027, 1, 1))
    assert info.day_off == "元旦" and info.festivals == ["元旦"]
    assert not tab.holiday_note.isVisible()
    assert "2027年放假安排已保存" in tab.status_label.text()
    tab.month_view.grab().save(str(tmp_path / "after.png"))
    tab.show_month(D(2027, 2, 1))
    assert tab.month_view.info(D(2027, 2, 20)).work_shift
    assert tab.month_view.info(D(2027, 2, 12)).day_off == "春节"
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert last.summary == "录入2027年放假安排：放假 10 天，调休上班 1 天"


def test_the_dialog_shows_the_built_in_year_and_refuses_a_stray_date(demo_ctx, qtbot, monkeypatch):
    dialog = HolidayDialog(year=2026)
    qtbot.addWidget(dialog)
    assert "内置" in dialog.source_label.text()
    assert dialog.count_label.text() == "放假 33 天，调休上班 6 天"
    assert not dialog.forget_button.isEnabled()
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(364))  # 2026-12-31
    dialog.kind_combo.setCurrentText(WORK)
    dialog.add_range()
    assert dialog.arrangement().work_days >= {D(2026, 12, 31)}
    dialog.year_spin.setValue(2028)
    assert dialog.count_label.text() == "放假 0 天，调休上班 0 天"
    dialog.paste_edit.setPlainText("2027-12-31 元旦")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog.read_button.click()
    assert not dialog.save()
    assert "2027-12-31 不在 2028 年" in warned[-1]
    assert 2028 not in holidays.entered_arrangements()
    QApplication.processEvents()


def test_december_says_when_the_new_years_days_it_shows_are_unknown(demo_ctx, qtbot) -> None:
    tab = make_tab(qtbot)
    tab.show_month(D(2026, 12, 1))  # its last row is 2027-01-01 to 01-10
    assert tab.holiday_note.isVisible()
    assert tab.holiday_note.text().startswith("2027年放假安排尚未录入")
    seen: list[int] = []
    on_modal(lambda dialog: (seen.append(dialog.year), dialog.reject()))
    tab.open_holidays()
    assert seen == [2027]  # the link opens the year that is missing
    tab.show_month(D(2026, 11, 1))
    assert not tab.holiday_note.isVisible()
