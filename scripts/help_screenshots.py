"""Make the pictures of 使用说明 (resources/help/*.png) from the demo data, offscreen.

    uv run python scripts/help_screenshots.py [--out resources/help]

The windows are shown on an offscreen screen of 1366×728 (an office PC above the taskbar), on a
fresh demo data folder, for a fixed day; each picture is scaled to 900 px wide and saved with a
256-colour palette so that all of them together stay a few hundred KB.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY = _dt.date(2026, 11, 29)
WIDTH = 900


def _settle(seconds: float = 0.6) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget, path: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = widget.grab().toImage()
    image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    image.save(str(path), "PNG", 9)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "resources" / "help"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="help_shots_"))
    config = work / "screen.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": 1366, "height": 728, "logicalDpi": 96}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings

    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo
    from lao_gan_bu_desktop.ui.app import application, ensure_cjk_font
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    clock.set_today(DAY)
    app = application()
    ensure_cjk_font(app)
    ctx = open_app(work / "data", daily_backup=False)
    fill_demo(DAY)
    sizes: dict[str, int] = {}
    window = MainWindow(ctx, settings=QSettings(str(work / "l.ini"), QSettings.Format.IniFormat))
    try:
        window.resize(1366, 700)
        window.show()
        window.refresh()
        _settle(1.5)
        home = window.tabs["home"]
        while home.is_loading():
            _settle(0.2)
        sizes["home.png"] = _save(window, out / "home.png")
        window.show_tab("calendar")
        _settle(1.5)
        sizes["calendar.png"] = _save(window, out / "calendar.png")
        window.show_tab("aid")
        _settle(0.5)
        sizes["aid.png"] = _save(window, out / "aid.png")
        roster = window.show_tab("roster")
        roster.ensure_loaded()
        _settle(0.5)
        from lao_gan_bu_desktop.services.roster import list_persons
        from lao_gan_bu_desktop.ui.roster.person_dialog import PersonDialog

        person = PersonDialog(list_persons()[0]["id"], window, today=lambda: DAY)
        person.show()
        _settle()
        sizes["person.png"] = _save(person, out / "person.png")
        person.close()
        from lao_gan_bu_desktop.ui.exporting.wizard import ExportWizard

        wizard = ExportWizard(day=DAY)
        wizard.setProperty("quiet", True)
        wizard.show()
        _settle()
        sizes["export.png"] = _save(wizard, out / "export.png")
        wizard.close()
        from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog

        labels = LabelsDialog(None, [p["id"] for p in list_persons()[:21]], window, day=DAY)
        labels.show()
        _settle(1.5)
        sizes["labels.png"] = _save(labels, out / "labels.png")
        labels.close()
        from lao_gan_bu_desktop.ui.importing.wizard import ImportWizard

        wizard = ImportWizard(ctx, files=[_unit_file(work)])
        wizard.show()
        table = wizard.files_page.table
        for row in range(table.rowCount()):
            table.cellWidget(row, 1).setCurrentText("经济发展局")
        wizard.next()
        while wizard.busy:
            _settle(0.1)
        wizard.next()
        while wizard.busy:
            _settle(0.1)
        _settle()
        sizes["import.png"] = _save(wizard, out / "import.png")
        wizard.close()
    finally:
        window.stop_background_work()
        window.close()
        _settle(0.2)
        ctx.close()
    for name, size in sizes.items():
        print(f"{name}\t{size // 1024} KB")
    print(f"合计\t{sum(sizes.values()) // 1024} KB")
    return 0


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
