"""Two clerks, one person, in the real window: the person dialog's save meets another operator's
change and the conflict dialog names who; 重新载入 shows the stored values, 仍然保存 overwrites,
取消 keeps the clerk's edits. The visit and aid case dialogs do the same. Changes saved by
another process appear after the window's change check (driven directly, no waiting), never
while a dialog is open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.services import aid, visits
from lao_gan_bu_desktop.services import roster as people
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.services.visits import VisitInput
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.common.conflict_dialog import ConflictDialog
from tests.conftest import FIXED_TODAY

SHOTS = Path(os.environ.get("LAO_GAN_BU_SHOTS", "")) if os.environ.get("LAO_GAN_BU_SHOTS") else None


def answer_conflict(button: str, seen: dict) -> None:
    """When the conflict dialog shows, note what it says and press ``button``."""
    tries = [0]

    def press() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ConflictDialog) and w.isVisible()
        ]
        if not dialogs:
            tries[0] += 1
            if tries[0] < 400:  # never a timer left running: it gives up after a while
                QTimer.singleShot(25, press)
            return
        dialog = dialogs[0]
        seen["headline"] = dialog.headline.text()
        seen["title"] = dialog.windowTitle()
        seen["headers"] = [
            dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
        ]
        seen["rows"] = [
            [dialog.table.item(r, c).text() for c in range(3)]
            for r in range(dialog.table.rowCount())
        ]
        seen["buttons"] = [b.text() for b in dialog.buttons.buttons()]
        if SHOTS is not None:
            shots = len(list(SHOTS.glob("conflict_dialog_*.png")))
            dialog.grab().save(str(SHOTS / f"conflict_dialog_{shots + 1}.png"))
        {"重新载入": dialog.reload_button, "仍然保存": dialog.overwrite_button}.get(
            button, dialog.cancel_button
        ).click()

    QTimer.singleShot(0, press)


def _open_and_edit(roster_tab, qtbot):
    """张敏 opens the first person and types a new phone and a note; 王丽 then changes the phone
    and the address of the same person (through the services, as another PC would)."""
    set_setting("operator", "张敏")
    pid = roster_tab.model.person_id(0)
    dialog = roster_tab.open_person(pid)
    qtbot.waitExposed(dialog)
    address = Person.get_by_id(pid).address
    dialog.editors["phone"].set_value("13800000011")
    dialog.editors["notes"].set_value("张敏的备注")
    set_setting("operator", "王丽")
    people.update_person(pid, {"phone": "13900000022", "address": "王丽改的住址"})
    set_setting("operator", "张敏")
    return pid, address, dialog


def test_save_over_anothers_change_shows_who_and_what(roster, qtbot) -> None:
    pid, _address, dialog = _open_and_edit(roster, qtbot)
    seen: dict = {}
    answer_conflict("取消", seen)
    assert dialog.save() is False
    assert seen["headline"].startswith("王丽 在 ")
    assert seen["headline"].endswith(" 修改了这条记录")
    assert seen["headers"] == ["项目", "你的修改", "现在保存的"]
    rows = {r[0]: r[1:] for r in seen["rows"]}
    assert rows["手机"] == ["13800000011", "13900000022"]
    assert rows["现住址"][1] == "王丽改的住址"
    assert rows["备注"][0] == "张敏的备注"
    assert sorted(seen["buttons"]) == sorted(["重新载入", "仍然保存", "取消"])
    # 取消: nothing saved, the clerk's edits still in the dialog
    assert dialog.isVisible()
    assert dialog.editors["phone"].value() == "13800000011"
    stored = Person.get_by_id(pid)
    assert (stored.phone, stored.notes) == ("13900000022", "")


def test_reload_shows_the_stored_values(roster, qtbot) -> None:
    pid, _address, dialog = _open_and_edit(roster, qtbot)
    seen: dict = {}
    answer_conflict("重新载入", seen)
    assert dialog.save() is False
    assert dialog.isVisible()
    assert dialog.editors["phone"].value() == "13900000022"
    assert dialog.editors["address"].value() == "王丽改的住址"
    assert dialog.editors["notes"].value() == ""
    assert not dialog.is_dirty()
    # now the dialog holds the stored version: a new edit saves without a conflict
    dialog.editors["notes"].set_value("看过王丽的修改后再写")
    assert dialog.save() is True
    assert Person.get_by_id(pid).notes == "看过王丽的修改后再写"


def test_overwrite_saves_the_clerks_values(roster, qtbot) -> None:
    pid, address, dialog = _open_and_edit(roster, qtbot)
    seen: dict = {}
    answer_conflict("仍然保存", seen)
    assert dialog.save() is True
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    stored = Person.get_by_id(pid)
    assert (stored.phone, stored.notes) == ("13800000011", "张敏的备注")
    assert stored.address == address  # what 张敏 saw: overwriting was the clerk's choice


def test_visit_dialog_conflict(window, qtbot) -> None:
    from lao_gan_bu_desktop.ui.visits.visit_dialog import VisitDialog

    pid = Person.select(Person.id).where(Person.status == "在册").first().id
    vid = visits.create_visit(VisitInput((pid,), "日常走访", FIXED_TODAY, visitors="刘建国"))
    dialog = VisitDialog(window, visit_id=vid, today=FIXED_TODAY)
    qtbot.addWidget(dialog)
    dialog.visitors.setText("张敏")
    set_setting("operator", "王丽")
    visits.update_visit(vid, VisitInput((pid,), "日常走访", FIXED_TODAY, visitors="王丽"))
    seen: dict = {}
    answer_conflict("重新载入", seen)
    dialog.save()
    assert seen["headline"].startswith("王丽 在 ")
    assert ["走访人员", "张敏", "王丽"] in seen["rows"]
    assert dialog.visitors.text() == "王丽"  # reloaded
    assert dialog.persons.count() == 1
    dialog.visitors.setText("张敏")
    # the dialog holds the stored version now: saving needs no question
    dialog.save()
    assert visits.get_visit(vid)["visitors"] == "张敏"


def test_aid_case_dialog_conflict(window, qtbot) -> None:
    from lao_gan_bu_desktop.ui.aid.case_dialog import AidCaseDialog

    case = next(c for c in aid.list_cases(today=FIXED_TODAY) if c["status"] == "申请")
    dialog = AidCaseDialog(case["id"], lambda: FIXED_TODAY, window)
    qtbot.addWidget(dialog)
    set_setting("operator", "王丽")
    aid.advance(case["id"], "单位初审", on=FIXED_TODAY)  # on another PC, after 张敏 opened it
    set_setting("operator", "张敏")
    seen: dict = {}
    answer_conflict("重新载入", seen)
    assert dialog._act("无法办理", aid.advance, step="单位初审", on=FIXED_TODAY) is True
    assert seen["headline"].startswith("王丽 在 ")
    assert seen["rows"] == []  # both clerks did the same step: nothing of theirs differs
    assert dialog.case["status"] == "单位初审"  # reloaded, and the step was not done twice
    steps = [e["step"] for e in aid.get_case(case["id"])["events"]]
    assert steps.count("单位初审") == 1


# ---------------------------------------------------------------- changes made elsewhere

RENAME = r"""
import sys
from pathlib import Path
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.settings import set_setting
ctx = open_app(Path(sys.argv[1]), daily_backup=False, exclusive=False, checks=False)
try:
    set_setting("operator", "王丽")
    roster.update_person(int(sys.argv[2]), {"name": sys.argv[3]})
finally:
    ctx.close()
"""


def _rename_elsewhere(folder: Path, pid: int, name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RENAME, str(folder), str(pid), name],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _names_shown(roster_tab) -> list[str]:
    model = roster_tab.model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "姓名"
    )
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_change_from_another_process_appears_after_the_check(window, roster, qtbot) -> None:
    assert window.change_timer.isActive()
    assert window.change_timer.interval() == 5000
    assert window.check_for_changes() is False  # nothing new: no refresh
    pid = roster.model.person_id(3)
    roster.select_ids([pid])
    _rename_elsewhere(window.data_dir, pid, "别处改的名字")
    assert "别处改的名字" not in _names_shown(roster)
    assert window.check_for_changes() is True
    assert "别处改的名字" in _names_shown(roster)
    assert roster.selected_ids() == [pid]  # the selection is kept
    assert window.check_for_changes() is False


def test_no_refresh_while_a_dialog_is_open(window, roster, qtbot) -> None:
    other = roster.model.person_id(2)
    dialog = roster.open_person(roster.model.person_id(0))
    qtbot.waitExposed(dialog)
    _rename_elsewhere(window.data_dir, other, "等对话框关闭")
    assert window.check_for_changes() is False  # the clerk is editing: wait
    assert "等对话框关闭" not in _names_shown(roster)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert window.check_for_changes() is True  # the change noted before is shown now
    assert "等对话框关闭" in _names_shown(roster)


def test_own_saves_do_not_refresh_twice(window, roster) -> None:
    people.update_person(roster.model.person_id(1), {"name": "本窗口改的名字"})
    window.refresh()  # what the window does after its own save
    assert window.check_for_changes() is False


def test_the_timer_stops_with_the_window(window, qtbot) -> None:
    assert window.change_timer.isActive()
    window.close()
    assert not window.change_timer.isActive()
