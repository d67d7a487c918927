"""Make the pictures of 使用说明 (resources/help/*.png) from the demo data, offscreen.

    uv run python scripts/help_screenshots.py [--out resources/help]

Every picture comes from a fresh demo data folder at one fixed path, on one fixed day
(``clock.set_today(DAY)``; the time of the few log entries it makes is fixed too), with the
windows on an offscreen screen of 1366×768: the main window as it is maximised above a taskbar,
dialogs at the size they open with. Each picture is scaled to 900 px wide at most and reduced
to a small palette, so that all of them together stay a few hundred KB; the same program makes
the same files, byte for byte. The names it writes are :data:`PICTURES`; it removes any other
PNG in the folder, so that guide.md's pictures and the folder's stay one set.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY = _dt.date(2026, 11, 29)
WIDTH = 900
COLOURS = 32
SCREEN = (1366, 768)
MAIN_WINDOW = (1366, 700)  # maximised: the screen less a 40 px taskbar and the title bar
# the data folder's path shows in the status bar: one path, so that the pictures do not change
WORK = Path(tempfile.gettempdir()) / "lao_gan_bu_help"
OPERATORS = ("王丽", "赵敏")

PICTURES: tuple[str, ...] = (
    "home.png",
    "import.png",
    "roster.png",
    "person.png",
    "calendar.png",
    "visit.png",
    "aid.png",
    "aid_case.png",
    "export.png",
    "labels.png",
    "office_subscriptions.png",
    "office_units.png",
    "party_branches.png",
    "party_meetings.png",
    "operator_sign_in.png",
    "audit_log.png",
)


def _settle(seconds: float = 0.6) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not finish loading")
        _settle(0.1)


def _steady_grab(widget, area=None, timeout: float = 10.0):
    """The widget's picture once two grabs 0.3 s apart are the same: a page laid out again
    after its data arrived (首页) is caught when it has finished, not half way."""
    from PySide6.QtCore import QRect

    def grab():
        return widget.grab(area if area is not None else QRect(0, 0, -1, -1)).toImage()

    image = grab()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        _settle(0.3)
        again = grab()
        if again == image:
            return image
        image = again
    raise TimeoutError(f"{widget.windowTitle() or widget.objectName()} kept changing")


def _save(widget, path: Path, area=None) -> int:
    """The widget as a PNG of at most WIDTH px and COLOURS colours (no dithering: flat
    colours of a window compress well and read sharper than dithered ones)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt

    image = _steady_grab(widget, area)
    if image.width() > WIDTH:
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture = picture.quantize(COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    picture.save(path, "PNG", optimize=True)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "resources" / "help"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    config = WORK / "screen.json"
    width, height = SCREEN
    screen = {"name": "office", "x": 0, "y": 0, "width": width, "height": height}
    screen["logicalDpi"] = 96
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    sys.path.insert(0, str(ROOT))
    from lao_gan_bu_desktop.core import clock

    clock.set_today(DAY)
    try:
        sizes = _make_all(out)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    for stale in sorted(set(p.name for p in out.glob("*.png")) - set(PICTURES)):
        (out / stale).unlink()
        print(f"删除不再使用的 {stale}")
    for name, size in sizes.items():
        print(f"{name}\t{size / 1024:.1f} KB")
    print(f"合计\t{sum(sizes.values()) / 1024:.1f} KB（{len(sizes)} 张）")
    return 0


def _make_all(out: Path) -> dict[str, int]:
    from PySide6.QtCore import QSettings

    from lao_gan_bu_desktop.services import operators
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo
    from lao_gan_bu_desktop.ui.app import application, ensure_cjk_font
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    app = application()
    ensure_cjk_font(app)
    ctx = open_app(WORK / "data", daily_backup=False)
    fill_demo(DAY)
    operators.add_operator(OPERATORS[0])  # the only one: signed in without a question
    sizes: dict[str, int] = {}

    def shoot(name: str, widget, area=None) -> None:
        assert name in PICTURES, name
        sizes[name] = _save(widget, out / name, area)

    settings = QSettings(str(WORK / "layout.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings=settings)
    try:
        window.resize(*MAIN_WINDOW)
        window.show()
        window.refresh()
        _settle(1.5)
        home = window.tabs["home"]
        _wait(lambda: not home.is_loading())
        _settle(0.5)
        shoot("home.png", window)
        _import_wizard(ctx, shoot)
        _roster(window, shoot)
        _calendar(window, shoot)
        _aid(window, shoot)
        _export_and_labels(window, shoot)
        _office(window, shoot)
        _party(window, shoot)
        _operators(window, shoot)
    finally:
        window.stop_background_work()
        window.close()
        _settle(0.2)
        ctx.close()
    return sizes


def _import_wizard(ctx, shoot) -> None:
    from lao_gan_bu_desktop.ui.importing.wizard import ImportWizard

    wizard = ImportWizard(ctx, files=[_unit_file(WORK)])
    wizard.show()
    table = wizard.files_page.table
    for row in range(table.rowCount()):
        table.cellWidget(row, 1).setCurrentText("经济发展局")
    for _page in range(2):  # 选择文件与单位 → 工作表与表头 → 列对应
        wizard.next()
        _wait(lambda: not wizard.busy)
    _settle()
    shoot("import.png", wizard)
    wizard.close()


def _roster(window, shoot) -> None:
    from lao_gan_bu_desktop.services.roster import list_persons
    from lao_gan_bu_desktop.ui.roster.person_dialog import PersonDialog

    roster = window.show_tab("roster")
    roster.ensure_loaded()
    _settle(0.8)
    roster.select_ids([list_persons()[0]["id"]])
    _settle(0.3)
    shoot("roster.png", window)
    person = PersonDialog(list_persons()[0]["id"], window, today=lambda: DAY)
    person.show()
    _settle()
    shoot("person.png", person)
    person.close()


def _calendar(window, shoot) -> None:
    from lao_gan_bu_desktop.ui.visits.visit_dialog import VisitDialog

    calendar = window.show_tab("calendar")
    _settle(1.0)
    calendar.select_day(DAY)
    _settle(1.0)
    shoot("calendar.png", window)
    dialog = VisitDialog(window, day=DAY)
    dialog.show()
    _settle()
    shoot("visit.png", dialog)
    dialog.close()


def _aid(window, shoot) -> None:
    from lao_gan_bu_desktop.services.aid import list_cases

    tab = window.show_tab("aid")
    _settle(0.5)
    shoot("aid.png", window)
    paid = next(c for c in list_cases(today=DAY) if c["status"] == "发放")  # 回访 is next
    dialog = tab.open_case(paid["id"])
    _settle()
    shoot("aid_case.png", dialog)
    dialog.close()


def _export_and_labels(window, shoot) -> None:
    from lao_gan_bu_desktop.services.roster import list_persons
    from lao_gan_bu_desktop.ui.exporting.wizard import ExportWizard
    from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog

    wizard = ExportWizard(day=DAY)
    wizard.setProperty("quiet", True)
    wizard.show()
    _settle()
    shoot("export.png", wizard)
    wizard.close()
    labels = LabelsDialog(None, [p["id"] for p in list_persons()[:21]], window, day=DAY)
    labels.show()
    _settle(1.5)
    shoot("labels.png", labels)
    labels.close()


def _office(window, shoot) -> None:
    office = window.show_tab("office")
    office.show_page("一刊一报")
    _settle(0.8)
    shoot("office_subscriptions.png", window)
    office.show_page("单位")
    _settle(0.8)
    shoot("office_units.png", window)


def _party(window, shoot) -> None:
    party = window.show_tab("party")
    party.show_page("支部")
    _settle(0.8)
    shoot("party_branches.png", window)
    party.show_page("组织生活")
    _settle(0.8)
    shoot("party_meetings.png", window)


def _operators(window, shoot) -> None:
    """A second operator: the program asks who is working; a few changes by each fill the log
    (at fixed times of DAY, so that the picture stays the same)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QFrame

    from lao_gan_bu_desktop.services import operators
    from lao_gan_bu_desktop.services.roster import get_person, list_persons, update_person
    from lao_gan_bu_desktop.storage.models import AuditLog
    from lao_gan_bu_desktop.ui.audit.log_window import AuditLogWindow
    from lao_gan_bu_desktop.ui.operators.gate import SIGN_IN

    demo_entries = AuditLog.select().count()
    operators.add_operator(OPERATORS[1], "1234")
    people = list_persons()
    edits = (
        (OPERATORS[0], people[1]["id"], {"phone": "13903710815"}),
        (OPERATORS[0], people[2]["id"], {"address": "郑州市高新区翠竹街 6 号院 3 号楼 2 单元 501"}),
        (OPERATORS[1], people[3]["id"], {"landline": "0371-67895566"}),
        (OPERATORS[1], people[1]["id"], {"hobbies": "书法、太极拳"}),
    )
    for who, person_id, change in edits:
        operators.sign_in(who, "1234" if who == OPERATORS[1] else "")
        update_person(person_id, change, expected_version=get_person(person_id)["version"])
    operators.sign_in(OPERATORS[0])
    # the log's times of day come from the real clock: fixed ones keep the picture the same
    morning = _dt.datetime.combine(DAY, _dt.time(8, 30))
    for n, row in enumerate(AuditLog.select().order_by(AuditLog.id)):
        later = n - demo_entries + 1
        at = morning + _dt.timedelta(minutes=23 * later) if later > 0 else morning
        AuditLog.update(at=at).where(AuditLog.id == row.id).execute()
    window.refresh()
    window.show_tab("home")
    _settle(0.5)
    gate = window.operator_gate()
    screen = gate.show_screen(SIGN_IN)
    screen.operator.setCurrentIndex(screen.operator.findData(OPERATORS[1]))
    _settle(0.8)
    card = screen.findChild(QFrame, "lock_card")
    area = QRect(card.mapTo(window, QPoint(0, 0)), card.size()).adjusted(-60, -40, 60, 40)
    shoot("operator_sign_in.png", window, area)
    screen.signed_in.emit(OPERATORS[0])
    _settle(0.3)
    log = AuditLogWindow(window)
    log.resize(log.width(), 380)  # four rows: the rest of the window would be empty
    log.show()
    log.table_kind.setCurrentIndex(log.table_kind.findData("person"))
    log.reload()
    _settle(0.8)
    shoot("audit_log.png", log)
    log.close()


def _unit_file(work: Path) -> Path:
    from openpyxl import Workbook

    path = work / "经济发展局.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别", "出生年月", "原职务", "联系电话", "家庭住址"])
    people = [("王建国", "1948.05", "13803711234"), ("李秀英", "1952.11", "0371-67891234")]
    for n, (name, born, phone) in enumerate(people, 1):
        sheet.append(
            [n, name, "男" if n == 1 else "女", born, "科员", phone, "郑州市高新区长椿路 11 号"]
        )
    book.save(path)
    return path


if __name__ == "__main__":
    sys.exit(main())
