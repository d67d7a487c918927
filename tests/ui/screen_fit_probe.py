"""Opens every window, dialog and wizard page of the program on a screen of a given size and
prints, as JSON, what a person would not see (tests/ui/test_screen_fit.py runs it).

Run in its own process, because the screen is fixed when Qt starts: the offscreen platform is
given a screen of exactly the available area (``--width``/``--height``) with window frames, and
``--scale`` sets 字号 (100/125/150) before anything is built. ``--shots DIR`` also saves a picture
of each window. The data is the demo zone in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

TODAY = _dt.date(2026, 11, 29)
CONTEXT = None  # the open demo data folder


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=728)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--shots", default="")
    parser.add_argument("--only", default="", help="names containing this text")
    return parser.parse_args(argv)


def _platform(folder: Path, width: int, height: int) -> str:
    config = folder / "screen.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    return f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    work = Path(tempfile.mkdtemp(prefix="screen_fit_"))
    os.environ["QT_QPA_PLATFORM"] = _platform(work, args.width, args.height)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo
    from lao_gan_bu_desktop.ui.app import application, ensure_cjk_font
    from lao_gan_bu_desktop.ui.common import font_size
    from lao_gan_bu_desktop.ui.common.screen_fit import available_geometry, fit_problems

    clock.set_today(TODAY)
    app = application()
    ensure_cjk_font(app)
    font_size.apply_scale(args.scale, app)
    ctx = open_app(work / "data", daily_backup=False)
    fill_demo(TODAY)
    global CONTEXT
    CONTEXT = ctx
    results: list[dict[str, object]] = []
    shots = Path(args.shots) if args.shots else None
    try:
        for name, open_window in _windows(
            work, QSettings(str(work / "layout.ini"), QSettings.Format.IniFormat)
        ):
            if args.only and args.only not in name:
                continue
            for page_name, window in open_window():
                app.processEvents()
                label = name if not page_name else f"{name} / {page_name}"
                problems = fit_problems(window, available_geometry(window))
                frame = window.frameGeometry()
                results.append(
                    {
                        "window": label,
                        "problems": problems,
                        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                    }
                )
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    window.grab().save(
                        str(shots / f"{label.replace(' / ', '_').replace('/', '_')}.png")
                    )
    finally:
        for widget in QApplication.topLevelWidgets():
            stop = getattr(widget, "stop_background_work", None)
            if stop is not None:
                stop()
            widget.close()
        app.processEvents()
        ctx.close()
    json.dump(results, sys.stdout, ensure_ascii=False)
    return 0


Opener = Callable[[], Iterator[tuple[str, object]]]


def _shown(window) -> Iterator[tuple[str, object]]:
    from PySide6.QtWidgets import QApplication

    window.show()
    QApplication.processEvents()
    yield "", window
    window.close()
    window.deleteLater()


def _wizard_pages(
    wizard, advance: Callable[[object], None] | None = None
) -> Iterator[tuple[str, object]]:
    """Every page of ``wizard`` reachable with 下一步 (``advance`` fills a page first)."""
    from PySide6.QtWidgets import QApplication

    wizard.show()
    seen: set[int] = set()
    while wizard.currentId() not in seen and wizard.currentId() != -1:
        current = wizard.currentId()
        for passed in wizard.visitedIds():  # a page that moved on by itself at once (导入)
            if passed not in seen and passed != current:
                seen.add(passed)
                yield wizard.page(passed).title() or str(passed), wizard
        seen.add(current)
        _settle(wizard)
        yield wizard.page(current).title() or str(current), wizard
        if advance is not None:
            advance(wizard)
        if _moves_on_by_itself(wizard, current):
            continue  # the import page goes to 完成 when its writing is done
        if wizard.currentPage().isFinalPage() or not wizard.currentPage().isComplete():
            break
        wizard.next()
        _settle(wizard)
        QApplication.processEvents()
    wizard.close()
    wizard.deleteLater()


def _moves_on_by_itself(wizard, current: int) -> bool:
    """Wait (at most a minute) for a page that is working in the background (the import's
    导入 page) to move the wizard on; True when it did."""
    import time

    from PySide6.QtWidgets import QApplication

    if wizard.currentId() != current:
        return True  # it already has (the writing was quick)
    page = wizard.currentPage()
    if getattr(page, "done", True) or getattr(page, "thread", None) is None:
        return False
    deadline = time.monotonic() + 60
    while wizard.currentId() == current and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return wizard.currentId() != current


def _settle(wizard) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 60
    while getattr(wizard, "busy", False) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def _windows(work: Path, settings) -> Iterator[tuple[str, Opener]]:
    from lao_gan_bu_desktop.services.roster import list_persons

    people = list_persons()
    person_id = people[0]["id"]
    ids = [p["id"] for p in people[:30]]

    def main_window():
        from lao_gan_bu_desktop.ui.main_window import MainWindow

        window = MainWindow(CONTEXT, settings=settings, today=lambda: TODAY)
        assert window.first_start
        window.open_window()
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        from lao_gan_bu_desktop.ui.tabs import TABS

        for key in [spec.key for spec in TABS]:
            tab = window.show_tab(key)
            QApplication.processEvents()
            yield key, window
            pages = getattr(tab, "pages", None)  # a tab of pages (日常工作): each page too
            for n in range(1, pages.count() if pages is not None else 0):
                pages.setCurrentIndex(n)
                QApplication.processEvents()
                yield f"{key}（{pages.tabText(n)}）", window
        window.close()
        window.deleteLater()

    yield "主窗口", main_window

    def simple(factory: Callable[[], object]) -> Opener:
        return lambda: _shown(factory())

    from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog

    yield "设置", simple(SettingsDialog)
    from lao_gan_bu_desktop.services import audit
    from lao_gan_bu_desktop.ui.audit.log_window import AuditLogWindow, RecordDialog
    from lao_gan_bu_desktop.ui.operators.editor import OperatorDialog

    yield "操作员（修改密码）", simple(lambda: OperatorDialog("password", "王丽", True))
    from lao_gan_bu_desktop.services import backup_media
    from lao_gan_bu_desktop.ui.backups.external import ExportBackupDialog, RestoreFromDriveDialog

    stick = work / "KINGSTON"
    stick.mkdir(exist_ok=True)
    backup_media.export_backup(CONTEXT.data_dir, stick)
    yield "备份到U盘", simple(lambda: ExportBackupDialog(CONTEXT.data_dir, drives=[stick]))
    yield "从U盘恢复", simple(lambda: RestoreFromDriveDialog(CONTEXT.data_dir, drives=[stick]))

    def lock_over_a_dialog():
        """The idle lock's own window, as it comes over an open modal dialog."""
        from PySide6.QtWidgets import QDialog, QWidget

        from lao_gan_bu_desktop.ui.operators.gate import LOCKED, LockScreen, _LockHost

        main = QWidget()
        main.resize(1000, 600)
        above = QDialog(main)
        host = _LockHost(main, above)
        host.layout().addWidget(LockScreen(host, LOCKED, ""))
        yield from _shown(host)
        main.deleteLater()

    yield "已锁定（对话框之上）", lock_over_a_dialog
    yield "操作日志", simple(AuditLogWindow)
    entry = next(e for e in audit.search() if e["changes"])
    yield "操作记录", simple(lambda: RecordDialog(entry))
    from lao_gan_bu_desktop.ui.first_start_dialog import FirstStartDialog

    yield "第一次使用", simple(lambda: FirstStartDialog(work / "new_data"))
    from lao_gan_bu_desktop.ui.help.guide_window import GuideWindow

    yield "使用说明", simple(GuideWindow)
    from lao_gan_bu_desktop.ui.visits.holiday_dialog import HolidayDialog

    yield "节假日安排", simple(lambda: HolidayDialog(year=TODAY.year))
    from lao_gan_bu_desktop.ui.roster.person_dialog import PersonDialog

    yield "人员（新增）", simple(lambda: PersonDialog(None, today=lambda: TODAY))
    yield "人员（修改）", simple(lambda: PersonDialog(person_id, today=lambda: TODAY))
    from lao_gan_bu_desktop.services import new_retirees

    def retiree_checklist() -> object:  # with the line of its 组织关系转入 under the steps
        dialog = PersonDialog(new_retirees.incomplete()[0]["id"], today=lambda: TODAY)
        dialog.tabs.setCurrentWidget(dialog.feature_pages["离退休办理"])
        return dialog

    yield "人员（离退休办理）", simple(retiree_checklist)
    from lao_gan_bu_desktop.services.errors import ConflictError, FieldDifference
    from lao_gan_bu_desktop.ui.common.conflict_dialog import ConflictDialog

    many = tuple(  # a clerk who changed every field of a long page
        FieldDifference(f"f{i}", f"字段{i}", "郑州市高新区瑞达路139号院5号楼4单元402" * 2, f"值{i}")
        for i in range(24)
    )
    conflict = ConflictError(
        "王丽 在 14:32 修改了张三的信息",
        table="person",
        record_id=person_id,
        record_name="张三的信息",
        operator="王丽",
        at=_dt.datetime.combine(TODAY, _dt.time(14, 32)),
        differences=many,
        current_version=3,
    )
    yield "记录已被别人修改", simple(lambda: ConflictDialog(conflict))
    from lao_gan_bu_desktop.ui.roster.status_dialog import DeathDateDialog

    yield "去世日期", simple(lambda: DeathDateDialog(["张三"], TODAY))
    from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog
    from lao_gan_bu_desktop.ui.labels.template_dialog import LabelTemplateDialog

    yield "打印地址标签和信封", simple(lambda: LabelsDialog(None, ids, day=TODAY))
    yield "标签规格", simple(lambda: LabelTemplateDialog(base_id="L7160"))
    from lao_gan_bu_desktop.services import aid
    from lao_gan_bu_desktop.ui.aid import dialogs as aid_dialogs
    from lao_gan_bu_desktop.ui.aid.case_dialog import AidCaseDialog

    open_cases = [
        c for c in (aid.get_case(r["id"], today=TODAY) for r in aid.list_cases()) if c["next_step"]
    ]
    case = open_cases[0]
    case_id = case["id"]
    yield "帮扶个案", simple(lambda: AidCaseDialog(case_id, lambda: TODAY))
    yield "新建帮扶", simple(lambda: aid_dialogs.NewCaseDialog(TODAY, person_id, None))
    yield "帮扶步骤", simple(lambda: aid_dialogs.StepDialog(case, TODAY))
    yield "发放", simple(lambda: aid_dialogs.PaymentDialog(case, TODAY))
    yield "不予帮扶", simple(lambda: aid_dialogs.RejectDialog(case, TODAY))
    yield "更正", simple(lambda: aid_dialogs.CorrectionDialog(case, TODAY))
    yield "年度预算", simple(lambda: aid_dialogs.BudgetDialog(TODAY.year))
    from lao_gan_bu_desktop.services import aid_household
    from lao_gan_bu_desktop.ui.aid.household_dialog import HouseholdDialog

    household = aid_household.household_details(case_id)
    yield "家庭与收款信息", simple(lambda: HouseholdDialog(case["name"], household))
    from lao_gan_bu_desktop.ui.visits.campaign_dialog import CampaignDialog
    from lao_gan_bu_desktop.ui.visits.health_missing_dialog import HealthMissingDialog
    from lao_gan_bu_desktop.ui.visits.person_visits_widget import _RecordDialog
    from lao_gan_bu_desktop.ui.visits.rules_dialog import VisitRulesDialog
    from lao_gan_bu_desktop.ui.visits.visit_dialog import (
        PeriodDialog,
        RescheduleDialog,
        VisitDialog,
    )

    yield "走访规则", simple(VisitRulesDialog)
    yield "走访登记", simple(lambda: VisitDialog(day=TODAY, today=TODAY))
    yield "改期", simple(lambda: RescheduleDialog(None, TODAY))
    yield "时间段", simple(lambda: PeriodDialog(None, "导出走访记录", TODAY, TODAY))
    yield "节日慰问名单", simple(lambda: CampaignDialog(today=TODAY))
    yield "缺体检", simple(lambda: HealthMissingDialog(today=TODAY))
    yield "登记住院", simple(lambda: _RecordDialog(None, "登记住院", "入院日期：", "病情：", TODAY))
    from lao_gan_bu_desktop.services import subscriptions
    from lao_gan_bu_desktop.ui.office.notices_page import NoticeDialog
    from lao_gan_bu_desktop.ui.office.subscriptions_page import ChoicesDialog, PublicationsDialog

    table = subscriptions.year_table(TODAY.year)
    yield "刊物", simple(PublicationsDialog)
    if table["persons"]:
        reader = table["persons"][0]
        yield "订阅", simple(lambda: ChoicesDialog(reader, TODAY.year, table["publications"]))
    yield "情况通报", simple(lambda: NoticeDialog(TODAY))
    from lao_gan_bu_desktop.services import party, party_life
    from lao_gan_bu_desktop.ui.party.branches_page import AddMembersDialog, BranchDialog
    from lao_gan_bu_desktop.ui.party.meetings_page import DeliveryDialog, MeetingDialog
    from lao_gan_bu_desktop.ui.party.transfers_page import CompleteDialog, TransferDialog

    biggest = max(party.list_branches(), key=lambda b: b["members"])
    meeting = party_life.get_meeting(party_life.list_meetings(branch_id=biggest["id"])[0]["id"])
    transfers = party.transfers_under_way()
    yield "党支部", simple(lambda: BranchDialog(biggest))
    yield "编入党员", simple(lambda: AddMembersDialog(biggest))
    yield "组织关系转接", simple(lambda: TransferDialog(TODAY))
    if transfers:
        yield "办结转接", simple(lambda: CompleteDialog(transfers[0], TODAY))
    yield "组织生活（新）", simple(lambda: MeetingDialog(TODAY, None, biggest["id"]))
    yield "组织生活（修改）", simple(lambda: MeetingDialog(TODAY, meeting))
    yield "送学上门", simple(lambda: DeliveryDialog(TODAY, person_id))
    from lao_gan_bu_desktop.services import units
    from lao_gan_bu_desktop.ui.office.unit_dialog import (
        MergeUnitsDialog,
        RenameUnitDialog,
        UnitDialog,
    )

    unit = units.list_units(TODAY)[0]
    others = [u for u in units.ordered_units() if u != unit["name"]]
    yield "单位", simple(lambda: UnitDialog(unit, TODAY))
    yield "新增单位", simple(lambda: UnitDialog(None, TODAY))
    yield "单位重命名", simple(lambda: RenameUnitDialog(unit["name"]))
    yield "合并单位", simple(lambda: MergeUnitsDialog(unit, others, units.merge_counts(unit["id"])))
    from lao_gan_bu_desktop.services import activities, teams
    from lao_gan_bu_desktop.ui.office.activity_dialog import ActivityDialog
    from lao_gan_bu_desktop.ui.office.person_picker import SuggestionsDialog
    from lao_gan_bu_desktop.ui.office.teams_page import TeamDialog

    course = next(a for a in activities.list_activities() if a["sessions"] > 1)

    def activity_pages():
        dialog = ActivityDialog(course["id"], TODAY)
        dialog.show()
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            yield dialog.tabs.tabText(index), dialog
        dialog.close()
        dialog.deleteLater()

    yield "活动", activity_pages
    yield "新建活动", simple(lambda: ActivityDialog(None, TODAY))
    yield (
        "推荐人选",
        simple(
            lambda: SuggestionsDialog("推荐人选", activities.suggestions(course["id"], day=TODAY))
        ),
    )
    team_id = teams.list_teams()[0]["id"]
    yield "服务团队", simple(lambda: TeamDialog(team_id, TODAY))
    yield "新建服务团队", simple(lambda: TeamDialog(None, TODAY))
    from lao_gan_bu_desktop.ui.exporting.wizard import ExportWizard

    yield "导出", lambda: _wizard_pages(_quiet(ExportWizard(day=TODAY)))
    from lao_gan_bu_desktop.ui.importing.wizard import ImportWizard

    def import_wizard():
        files = _unit_files(work)
        wizard = ImportWizard(CONTEXT, files=files)

        def fill(w) -> None:
            table = getattr(w.files_page, "table", None)
            if w.currentPage() is w.files_page and table is not None:
                for row in range(table.rowCount()):
                    table.cellWidget(row, 1).setCurrentText("经济发展局")

        return _wizard_pages(wizard, fill)

    yield "导入", import_wizard


def _quiet(wizard):
    wizard.setProperty("quiet", True)
    return wizard


def _unit_files(work: Path) -> list[Path]:
    from openpyxl import Workbook

    path = work / "经济发展局.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "退休"
    header = ["序号", "姓名", "性别", "出生年月", "原职务", "联系电话", "家庭住址"]
    sheet.append(header)
    given = ["建国", "秀英", "志强", "桂兰", "德明", "淑珍", "振华", "玉梅", "国庆", "素芬"]
    for n in range(1, 40):
        name = "孔严华金魏陶姜"[n % 7] + given[n % 10] + ("" if n < 10 else "甲乙丙"[n // 14])
        sheet.append(
            [n, name, "男", "1950.03", "科员", "0371-67891234", "郑州市高新区长椿路 11 号"]
        )
    # A second roster sheet: the 工作表 page names both, the 完成 page offers to go on to it.
    other = book.create_sheet("离休")
    other.append(header)
    other.append([1, "闵振邦", "男", "1930.08", "处长", "0371-67891235", "郑州市金水区文化路 3 号"])
    book.save(path)
    return [path]


if __name__ == "__main__":
    sys.exit(main())
