"""The first start without data: the setup dialog (or the demo instead), what it stores, the
neutral defaults of real data, and 工具 → 设置 editing the same details later."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from lao_gan_bu_desktop.services import labels
from lao_gan_bu_desktop.services.exporting import default_filename
from lao_gan_bu_desktop.services.office_setup import OfficeSetup, current_setup, split_clerks
from lao_gan_bu_desktop.services.settings import get_setting
from lao_gan_bu_desktop.storage.models import AuditLog
from lao_gan_bu_desktop.ui import first_start_dialog
from lao_gan_bu_desktop.ui.first_start_dialog import DEMO, SETUP, FirstStartDialog

from .test_app import run_window_until

SETUP_ANSWERS = OfficeSetup(
    "经开区", "洛阳市", "组织部老干部科", "洛阳市经开区组织部老干部科", "开元大道1号", "471000",
    ["王丽", "李强"],
)  # fmt: skip


def fill(dialog: FirstStartDialog) -> None:
    edits = dialog.form.edits
    for key, text in (
        ("city_name", "洛阳市"),
        ("zone_name", "经开区"),
        ("office_name", "组织部老干部科"),
        ("sender_address", "开元大道1号"),
        ("sender_postcode", "471000"),
        ("clerks", "王丽、李强， 王丽"),
    ):
        edits[key].setFocus()
        edits[key].selectAll()
        edits[key].insert(text)  # as typed: textEdited fires
        edits[key].textEdited.emit(edits[key].text())


def test_the_dialog_asks_for_the_zone_and_composes_the_sender(qtbot, tmp_path, monkeypatch):
    dialog = FirstStartDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog.start_button.click()
    assert dialog.choice is None and "请填写区（县）名称" in warned[0]
    fill(dialog)
    assert dialog.form.edits["sender_name"].text() == "洛阳市经开区组织部老干部科"
    postcode = dialog.form.edits["sender_postcode"]
    postcode.clear()
    qtbot.keyClicks(postcode, "4710x001")  # the validator takes six digits, no letters
    assert postcode.text() == "471000"
    dialog.start_button.click()
    assert dialog.choice == SETUP
    assert dialog.setup == SETUP_ANSWERS


def test_the_dialog_offers_the_demo(qtbot, tmp_path):
    dialog = FirstStartDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.choice == DEMO and dialog.setup is None


def test_the_dialog_fits_a_small_laptop_screen(qtbot, tmp_path):
    dialog = FirstStartDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728 - 40  # the title bar
    dialog.grab().save(str(tmp_path / "first_start.png"))


class Answer:
    def __init__(self, choice, setup=None) -> None:
        self.choice, self.setup = choice, setup


def test_the_first_start_stores_the_answers(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    asked: list[Path] = []

    def ask(folder: Path) -> Answer:
        asked.append(folder)
        return Answer(SETUP, SETUP_ANSWERS)

    monkeypatch.setattr(first_start_dialog, "ask_first_start", ask)
    folder = tmp_path / "data"

    def ready(window):
        home = window.tabs["home"]
        if window.ctx is not None and home.charts is not None and not home.is_loading():
            return home.title.text()
        return None

    code, seen = run_window_until(folder, tmp_path / "s.ini", ready)
    assert code == 0 and asked == [folder]
    assert seen[0].startswith("洛阳市经开区")
    from lao_gan_bu_desktop.services.app import open_app

    ctx = open_app(folder, daily_backup=False)
    try:
        assert current_setup() == SETUP_ANSWERS
        assert get_setting("operator") == "王丽"
        assert labels.default_sender()["postcode"] == "471000"
        assert AuditLog.get(AuditLog.table == "setting").summary.startswith("首次使用设置")
        assert default_filename("roster", dt.date(2027, 1, 4)) == (
            "经开区离退休干部花名册_2027-01-04.xlsx"
        )
    finally:
        ctx.close()
    # the second start finds data and asks nothing
    code, _seen = run_window_until(folder, tmp_path / "s.ini", ready)
    assert code == 0 and asked == [folder]


def test_quitting_the_first_start_writes_nothing(qtbot, tmp_path, monkeypatch):
    from lao_gan_bu_desktop.ui.app import run_gui

    monkeypatch.setattr(first_start_dialog, "ask_first_start", lambda folder: Answer(None))
    folder = tmp_path / "data"
    assert run_gui(folder) == 0
    assert not folder.exists()


def test_choosing_the_demo_opens_the_demo_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    from lao_gan_bu_desktop.services import data_folder

    demo_folder = tmp_path / "demo"
    monkeypatch.setattr(data_folder, "default_data_dir", lambda demo=False: demo_folder)
    monkeypatch.setattr(first_start_dialog, "ask_first_start", lambda folder: Answer(DEMO))

    def ready(window):
        home = window.tabs["home"]
        if window.ctx is not None and home.charts is not None and not home.is_loading():
            return home.title.text(), window.data_dir
        return None

    code, seen = run_window_until(tmp_path / "data", tmp_path / "s.ini", ready)
    assert code == 0
    title, opened = seen[0]
    assert opened == demo_folder and title.startswith("郑州高新区")
    assert not (tmp_path / "data" / "lao_gan_bu.sqlite3").exists()


def test_real_data_starts_with_no_place_names(ctx):
    assert get_setting("zone_name") == "" and get_setting("city_name") == ""
    assert get_setting("office_name") == ""
    assert labels.default_sender() == {"name": "", "address": "", "postcode": ""}
    assert default_filename("roster", dt.date(2027, 1, 4)) == "离退休干部花名册_2027-01-04.xlsx"


def test_demo_keeps_its_zone(demo_ctx):
    assert current_setup().zone_name == "高新区"
    assert current_setup().office_name == "党群工作部干部管理科"
    assert labels.default_sender()["postcode"] == "450001"


def test_settings_edit_the_same_details(ctx, qtbot, monkeypatch):
    from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert set(dialog.edits) >= {"zone_name", "sender_address", "sender_postcode", "clerks"}
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    assert not dialog.save()  # no zone yet
    assert "区（县）名称" in warned[0]
    dialog.edits["zone_name"].setText("伊川县")
    dialog.edits["sender_address"].setText("城关镇1号")
    dialog.edits["clerks"].setText("赵敏 钱多多")
    assert dialog.save()
    setup = current_setup()
    assert (setup.zone_name, setup.sender_address, setup.clerks) == (
        "伊川县",
        "城关镇1号",
        ["赵敏", "钱多多"],
    )
    assert get_setting("operator") == "赵敏"  # the first clerk, until there are 操作员
    assert AuditLog.select().where(AuditLog.table == "setting").count() == 1


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("王丽、李强", ["王丽", "李强"]),
        (" 王丽,王丽；李强 ", ["王丽", "李强"]),
        ("王　丽、李 强", ["王丽", "李强"]),  # a padded two-character name is one name
        ("赵敏 钱多多", ["赵敏", "钱多多"]),
        ("Wang Li, Li Qiang", ["Wang Li", "Li Qiang"]),
    ],
)
def test_split_clerks(text: str, names: list[str]) -> None:
    assert split_clerks(text) == names


@pytest.mark.parametrize(
    ("city", "zone", "office", "sender"),
    [
        ("郑州市", "金水区", "中共金水区委老干部局", "中共郑州市金水区委老干部局"),
        ("郑州市", "金水区", "郑州市金水区老干部局", "郑州市金水区老干部局"),
        ("郑州市", "郑州市金水区", "区委组织部老干部科", "郑州市金水区区委组织部老干部科"),
        ("洛阳市", "经开区", "组织部老干部科", "洛阳市经开区组织部老干部科"),
        ("", "", "中共金水区委老干部局", "中共金水区委老干部局"),
    ],
)
def test_the_sender_names_each_part_once(qtbot, tmp_path, city, zone, office, sender) -> None:
    dialog = FirstStartDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    edits = dialog.form.edits
    for key, text in (("city_name", city), ("zone_name", zone), ("office_name", office)):
        edits[key].setFocus()
        edits[key].selectAll()
        edits[key].insert(text)
        edits[key].textEdited.emit(edits[key].text())
    assert edits["sender_name"].text() == sender
