"""The 帮扶 tab driven with qtbot: create a case through the real dialog and advance it to the
end, with the budget question, a rejection, a skipped-step refusal, attachments and papers.

Only the modal step is replaced: ``aid_common.run_dialog`` hands each dialog to the next filler
function of the test (which types into its real widgets), and questions/messages are recorded.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from lao_gan_bu_desktop.services import aid, aid_budget
from lao_gan_bu_desktop.services.roster import create_person
from tests.conftest import FIXED_TODAY
from tests.ui.aid.helpers import script_fixture, type_text  # noqa: F401 - the fixture

SHOTS = Path("/tmp/shots_aid")


@pytest.fixture
def tab(qtbot, ctx, script):
    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.ui.aid.tab import AidTab

    clock.set_today(FIXED_TODAY)  # the tab picks this year's cases when it is built
    create_person({"name": "张桂兰", "id_number": "11010519491231002X", "unit": "财政金融局"})
    create_person({"name": "李建国", "unit": "科技局"})
    aid_budget.set_budget(2026, "10000")
    widget = AidTab()
    widget.today = lambda: FIXED_TODAY
    widget.refresh()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _new_case_filler(qtbot, name: str, amount: str, category: str = "医疗救助"):
    def fill(dialog):
        type_text(qtbot, dialog.search, name)
        dialog.update_matches()  # what the 200 ms timer does
        assert dialog.matches.count() == 1
        dialog.category.setCurrentText(category)
        type_text(qtbot, dialog.reason, "老伴住院，自付医疗费 2.3 万元。")
        type_text(qtbot, dialog.amount, amount)
        dialog.applied_on.setDate(QDate(2026, 3, 2))

    return fill


def _step_filler(qtbot, note: str = "", amount: str | None = None, day=(2026, 3, 5)):
    def fill(dialog):
        dialog.on.setDate(QDate(*day))
        if note:
            type_text(qtbot, dialog.note, note)
        if amount is not None:
            dialog.amount.clear()
            type_text(qtbot, dialog.amount, amount)

    return fill


def test_create_a_case_and_walk_it_to_the_end(qtbot, tab, script, tmp_path) -> None:
    script.fillers.append(_new_case_filler(qtbot, "张桂兰", "12000"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    case_id = tab.model.rows[0]["id"]
    dialog = tab.case_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.case["status"] == "申请"
    assert dialog.advance_button.text() == "办理“单位初审”…"

    script.fillers.append(_step_filler(qtbot, "单位同意上报"))
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    script.fillers.append(_step_filler(qtbot, "入户核实属实"))
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "调查核实"
    # 审批 beyond the budget: answer no (the dialog comes back; cancel it): nothing changes
    script.fillers += [_step_filler(qtbot, amount="12000"), lambda d: False]
    script.answers.append(False)
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "调查核实"
    assert "超出预算 2,000.00 元" in script.questions[0]
    # then yes
    script.fillers.append(_step_filler(qtbot, amount="12000"))
    script.answers.append(True)
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "审批"
    assert dialog.case["amount_approved"] == Decimal("12000.00")
    assert "超支 2,000.00 元" in tab.budget_label.text()

    def pay(amount):
        def fill(d):
            d.amount.clear()
            type_text(qtbot, d.amount, amount)
            d.method.setCurrentText("现金")
            type_text(qtbot, d.receipt, "SJ-001")
            d.paid_on.setDate(QDate(2026, 3, 10))

        return fill

    script.fillers.append(pay("5000"))
    assert dialog.advance_button.text() == "登记发放…"
    assert dialog.pay_button.isHidden()  # one 登记发放… button, not two side by side
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "发放" and not dialog.case["fully_paid"]
    assert not dialog.pay_button.isHidden()  # the rest is paid with it (回访 waits)
    assert not dialog.advance_button.isEnabled()  # 回访 waits for full payment
    assert not dialog.reject_button.isEnabled()
    script.fillers.append(lambda d: d.paid_on.setDate(QDate(2026, 3, 20)))  # suggested rest: 7000
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    assert dialog.case["fully_paid"] and dialog.payments.rowCount() == 2
    script.fillers.append(_step_filler(qtbot, "上门回访", day=(2026, 4, 1)))
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    script.fillers.append(_step_filler(qtbot, day=(2026, 4, 2)))
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "结案", script.errors
    assert not dialog.advance_button.isEnabled()
    assert dialog.events.rowCount() == 8  # 7 steps + the second payment
    assert tab.model.rows[0]["status"] == "结案"
    assert "已发放 12,000.00 元" in tab.totals_label.text()
    assert script.errors == []
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "case_dialog.png"))
    tab.grab().save(str(SHOTS / "aid_tab.png"))
    assert aid.get_case(case_id)["paid"] == Decimal("12000.00")


def test_errors_are_shown_and_nothing_changes(qtbot, tab, script) -> None:
    script.fillers.append(_new_case_filler(qtbot, "李建国", "三千"))
    script.fillers.append(lambda d: False)  # cancel after the error
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert any("不是数字" in e for e in script.errors)
    assert tab.model.rowCount() == 0
    # a second case in a year asks first
    first = aid.create_case(
        tab.model.rows[0]["person_id"] if tab.model.rows else create_person({"name": "王五"}),
        year=2026,
        category="临时救助",
        reason="x",
        amount_requested="100",
        on=_dt.date(2026, 3, 1),
    )
    assert first


def test_second_case_asks_and_rejection_closes(qtbot, tab, script) -> None:
    script.fillers.append(_new_case_filler(qtbot, "李建国", "800", "临时救助"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    script.fillers.append(_new_case_filler(qtbot, "李建国", "500", "临时救助"))
    script.answers.append(False)
    script.fillers.append(lambda d: False)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert "已有帮扶案例" in script.questions[-1]
    assert tab.model.rowCount() == 1
    dialog = tab.case_dialog

    def reject(d):
        type_text(qtbot, d.reason, "收入高于标准")
        d.on.setDate(QDate(2026, 3, 3))

    script.fillers.append(reject)
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    assert dialog.case["status"] == "驳回"
    assert not dialog.advance_button.isEnabled() and not dialog.reject_button.isEnabled()
    tab.status_combo.setCurrentText("办理中")
    assert tab.model.rowCount() == 0
    tab.status_combo.setCurrentText("驳回")
    assert tab.model.rowCount() == 1


def test_filters_totals_attachments_and_papers(qtbot, tab, script, tmp_path) -> None:
    people = {p["name"]: p["id"] for p in aid.find_persons("", today=FIXED_TODAY)}
    a = aid.create_case(
        people["张桂兰"],
        year=2026,
        category="医疗救助",
        reason="住院",
        amount_requested="100.10",
        on=_dt.date(2026, 3, 1),
    )
    aid.create_case(
        people["李建国"],
        year=2026,
        category="临时救助",
        reason="漏雨",
        amount_requested="200.20",
        on=_dt.date(2026, 3, 1),
    )
    aid.create_case(
        people["李建国"],
        year=2025,
        category="临时救助",
        reason="旧",
        amount_requested="1",
        on=_dt.date(2025, 3, 1),
    )
    tab.refresh()
    assert tab.model.rowCount() == 2  # this year by default
    assert "申请 300.30 元" in tab.totals_label.text()
    tab.unit_combo.setCurrentText("科技局")
    assert [r["name"] for r in tab.model.rows] == ["李建国"]
    tab.unit_combo.setCurrentText("全部")
    tab.year_combo.setCurrentIndex(0)  # 全部
    assert tab.model.rowCount() == 3
    type_text(qtbot, tab.person_edit, "zgl")
    tab.reload_cases()
    assert [r["name"] for r in tab.model.rows] == ["张桂兰"]
    tab.person_edit.clear()
    tab.reload_cases()
    tab.category_combo.setCurrentText("医疗救助")
    assert tab.model.rowCount() == 1

    # the case window: attachments and the application PDF
    dialog = tab.open_case(a)
    photo = tmp_path / "病历照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    script.open_paths.append([photo])
    qtbot.mouseClick(dialog.add_attachment_button, Qt.MouseButton.LeftButton)
    assert dialog.attachments.rowCount() == 1
    dialog.attachments.selectRow(0)
    qtbot.mouseClick(dialog.open_attachment_button, Qt.MouseButton.LeftButton)
    assert script.opened[-1].read_bytes() == photo.read_bytes()
    assert script.opened[-1] != photo  # the copy in the data folder
    script.answers.append(False)
    qtbot.mouseClick(dialog.remove_attachment_button, Qt.MouseButton.LeftButton)
    assert dialog.attachments.rowCount() == 1  # said no
    script.answers.append(True)
    qtbot.mouseClick(dialog.remove_attachment_button, Qt.MouseButton.LeftButton)
    assert dialog.attachments.rowCount() == 0
    assert "已移除" in script.questions[-1]
    pdf = tmp_path / "申请表.pdf"
    script.save_paths.append(pdf)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert script.opened[-1] == pdf
    assert "张桂兰" in PdfReader(pdf).pages[0].extract_text()
    dialog.close()

    # the summary of the year
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2026))
    out = tmp_path / "汇总"
    script.save_paths.append(out)
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out.with_suffix(".xlsx")).active
    assert ws.cell(row=4, column=2).value in ("张桂兰", "李建国")
    assert "2 件" in script.infos[-1]


def test_budget_dialog_sets_the_bar(qtbot, tab, script) -> None:
    def fill(d):
        d.amount.clear()
        type_text(qtbot, d.amount, "250,000")

    script.fillers.append(fill)
    qtbot.mouseClick(tab.budget_button, Qt.MouseButton.LeftButton)
    assert aid_budget.get_budget(2026) == Decimal("250000.00")
    assert "250,000.00 元" in tab.budget_label.text()


def test_person_aid_widget_lists_and_creates(qtbot, ctx, script) -> None:
    from lao_gan_bu_desktop.ui.aid.person_aid_widget import PersonAidWidget

    pid = create_person({"name": "赵翀"})
    widget = PersonAidWidget(pid, today=lambda: FIXED_TODAY)
    qtbot.addWidget(widget)
    assert widget.table.rowCount() == 0 and "没有帮扶记录" in widget.summary.text()

    def fill(d):
        assert d.person_label.text() == "赵翀"
        type_text(qtbot, d.reason, "独居，收入低")
        type_text(qtbot, d.amount, "2000")

    script.fillers.append(fill)
    with qtbot.waitSignal(widget.changed, timeout=20000):
        qtbot.mouseClick(widget.new_button, Qt.MouseButton.LeftButton)
    assert widget.table.rowCount() == 1
    assert widget.table.item(0, 2).text() == "申请"
    assert "重点" in widget.summary.text()
    widget.table.selectRow(0)
    qtbot.mouseClick(widget.open_button, Qt.MouseButton.LeftButton)
    assert widget.case_dialog is not None and widget.case_dialog.case["name"] == "赵翀"
    widget.resize(800, 300)
    widget.grab().save(str(SHOTS / "person_aid.png"))


def test_home_card_shows_figures_and_reminders(qtbot, demo_ctx) -> None:
    from lao_gan_bu_desktop.ui.aid.home_card import AidHomeCard

    card = AidHomeCard(today=lambda: FIXED_TODAY)
    qtbot.addWidget(card)
    assert card.paragraph.text().startswith("2026年共受理特殊困难帮扶申请")
    assert "医疗救助" in card.figures.text()
    assert card.reminders.count() >= 1
    first = card.reminders.item(0)
    case_id = first.data(Qt.ItemDataRole.UserRole)
    assert "已超期" in first.text()
    with qtbot.waitSignal(card.case_requested) as signal:
        card.reminders.itemDoubleClicked.emit(first)
    assert signal.args == [case_id]
    card.resize(520, 360)
    card.grab().save(str(SHOTS / "home_card.png"))


def test_column_layout_is_kept(qtbot, tab, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from lao_gan_bu_desktop.ui.aid.tab import AidTab

    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    tab.table.setColumnWidth(2, 177)
    tab.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    tab.save_state(settings)
    other = AidTab()
    qtbot.addWidget(other)
    other.restore_state(settings)
    other.refresh()
    assert other.table.columnWidth(2) == 177
    assert other.table.horizontalHeader().sortIndicatorSection() == 6


def test_case_number_in_the_list_and_title_and_steps_not_cut(qtbot, tab, script) -> None:
    """The tester's shot: the window said "帮扶案例 1" for case 2026-001, and once the case moved
    on to 单位初审 the 步骤 column (sized for "申请") showed "单位…"."""
    from lao_gan_bu_desktop.ui.aid.tab import COLUMNS

    script.fillers.append(_new_case_filler(qtbot, "李建国", "800"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    script.fillers.append(_new_case_filler(qtbot, "张桂兰", "3000"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.case_dialog
    assert dialog.windowTitle() == "帮扶案例 2026-002 — 张桂兰"
    script.fillers.append(_step_filler(qtbot, "单位同意上报"))
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
    tab.reload_cases()
    numbers = sorted(tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount()))
    assert numbers == ["2026-001", "2026-002"]
    metrics = tab.table.fontMetrics()
    for key in ("status", "next_step"):
        column = [k for k, _ in COLUMNS].index(key)
        assert tab.table.columnWidth(column) > metrics.horizontalAdvance("单位初审") + 8, key
    SHOTS.mkdir(exist_ok=True)
    tab.grab().save(str(SHOTS / "aid_tab_steps.png"))
