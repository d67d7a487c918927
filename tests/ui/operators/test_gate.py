"""The real main window with two operators: the question at start (the one chosen last on this
PC first), the password with three tries, the idle lock driven by a short injected timeout,
and 设置 → 操作员 (add, password with the old one asked, clear, the lock's minutes)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lao_gan_bu_desktop.services import operators
from lao_gan_bu_desktop.services.settings import operator_name, session_operator
from lao_gan_bu_desktop.storage.models import AuditLog
from tests.conftest import FIXED_TODAY
from tests.ui.conftest import make_settings


@pytest.fixture
def two_operators(demo_ctx):
    operators.add_operator("王丽", "1234")
    operators.add_operator("李强")
    return demo_ctx


def _window(qtbot, ctx, settings_path, last: str = ""):
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    settings = make_settings(settings_path)
    if last:
        settings.setValue("operators/last", last)
    win = MainWindow(ctx, settings=settings, today=lambda: FIXED_TODAY)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitExposed(win)
    return win


def _screen(qtbot, win):
    gate = win.operator_gate()
    qtbot.waitUntil(lambda: gate.screen is not None and gate.screen.isVisible(), timeout=20000)
    return gate, gate.screen


def test_two_operators_are_asked_who_is_working(
    two_operators, qtbot, settings_path, tmp_path
) -> None:
    win = _window(qtbot, two_operators, settings_path, last="李强")
    gate, screen = _screen(qtbot, win)
    assert "请选择操作员" in win.windowTitle()
    # Qt's frame adds the program's name to a title that does not end with it: said once only.
    assert (
        win.windowTitle().endswith("老干部工作台") and win.windowTitle().count("老干部工作台") == 1
    )
    assert not win.tab_widget.isVisible() and not win.menuBar().isEnabled()
    assert [screen.operator.itemText(i) for i in range(screen.operator.count())] == [
        "王丽",
        "李强",
    ]
    assert screen.chosen_name() == "李强"  # remembered on this PC
    assert not screen.password.isVisible()  # 李强 has no password
    win.grab().save(str(tmp_path / "chooser.png"))
    qtbot.mouseClick(screen.enter_button, Qt.MouseButton.LeftButton)
    assert not gate.locked and gate.screen is None
    assert session_operator() == "李强" and operator_name() == "李强"
    assert win.tab_widget.isVisible() and win.menuBar().isEnabled()
    assert win.windowTitle() == "老干部工作台"
    assert "操作员：李强" in win.status_label.text()
    assert win.settings.value("operators/last") == "李强"


def test_password_three_tries_then_a_plain_refusal(two_operators, qtbot, settings_path) -> None:
    win = _window(qtbot, two_operators, settings_path)
    gate, screen = _screen(qtbot, win)
    screen.operator.setCurrentIndex(screen.operator.findData("王丽"))
    assert screen.password.isVisible()
    for attempt in (1, 2):
        qtbot.keyClicks(screen.password, "9999")
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        assert f"还可以再试 {3 - attempt} 次" in screen.message.text()
        assert screen.password.text() == ""
    qtbot.keyClicks(screen.password, "9999")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert "密码连续 3 次不正确，已停止尝试" in screen.message.text()
    assert not screen.password.isEnabled() and not screen.enter_button.isEnabled()
    screen.password.setText("1234")
    screen.enter()  # no fourth try, even with the right password
    assert gate.locked and session_operator() is None
    qtbot.mouseClick(screen.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=20000)
    assert not gate.idle_timer.isActive()


def test_right_password_lets_in(two_operators, qtbot, settings_path) -> None:
    win = _window(qtbot, two_operators, settings_path, last="王丽")
    gate, screen = _screen(qtbot, win)
    assert screen.chosen_name() == "王丽" and screen.password.isVisible()
    qtbot.keyClicks(screen.password, "1234")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert session_operator() == "王丽" and not gate.locked


def test_one_operator_without_password_is_not_asked(demo_ctx, qtbot, settings_path) -> None:
    operators.add_operator("赵敏")
    win = _window(qtbot, demo_ctx, settings_path)
    qtbot.waitUntil(lambda: session_operator() == "赵敏", timeout=20000)
    assert win.operator_gate().screen is None
    qtbot.waitUntil(lambda: "操作员：赵敏" in win.status_label.text(), timeout=20000)


def test_idle_lock_hides_the_data_until_the_password(
    two_operators, qtbot, settings_path, tmp_path
) -> None:
    win = _window(qtbot, two_operators, settings_path, last="王丽")
    gate, screen = _screen(qtbot, win)
    screen.password.setText("1234")
    screen.enter()
    from lao_gan_bu_desktop.ui.audit.log_window import open_audit_log

    viewer = open_audit_log(win)  # an open window of the program is hidden with the data
    qtbot.waitExposed(viewer)
    # input anywhere starts the count again
    gate.set_idle_timeout_ms(60_000)
    assert gate.idle_timer.isActive()
    qtbot.waitUntil(lambda: gate.idle_timer.remainingTime() < 59_950, timeout=20000)
    qtbot.keyClick(viewer.person, Qt.Key.Key_A)
    assert gate.idle_timer.remainingTime() > 59_950
    gate.set_idle_timeout_ms(50)  # the test's clock: 50 ms without input
    qtbot.waitUntil(lambda: gate.locked, timeout=20000)
    locked = gate.screen
    assert win.windowTitle() == "已锁定 — 老干部工作台"
    assert not win.tab_widget.isVisible() and not win.menuBar().isEnabled()
    assert not viewer.isVisible()
    assert locked.title.text() == "已锁定"
    assert not locked.operator.isVisible()  # only 王丽 has a password
    assert locked.geometry().contains(win.tab_widget.geometry().center())
    win.grab().save(str(tmp_path / "locked.png"))
    locked.password.setText("0000")
    locked.enter()
    assert gate.locked and "密码不对" in locked.message.text()
    locked.password.setText("1234")
    locked.enter()
    assert not gate.locked
    assert win.windowTitle() == "老干部工作台" and win.tab_widget.isVisible()
    assert viewer.isVisible()
    assert gate.idle_timer.isActive()  # counting again
    viewer.close()
    win.close()
    assert not gate.idle_timer.isActive() and not gate._filtering


def test_operator_without_password_is_never_locked(two_operators, qtbot, settings_path) -> None:
    win = _window(qtbot, two_operators, settings_path, last="李强")
    gate, screen = _screen(qtbot, win)
    screen.enter()
    gate.set_idle_timeout_ms(20)
    assert not gate.idle_timer.isActive()  # nothing could open the lock again
    win.close()


def test_settings_operators_page(demo_ctx, qtbot, tmp_path) -> None:
    from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    page = dialog.operators
    dialog.pages.setCurrentWidget(page)
    dialog.show()
    assert page.list.count() == 0 and not page.idle.isEnabled()
    adding = page.dialog("add")
    adding.name.setText("王丽")
    adding.new_password.setText("1234")
    adding.repeat.setText("12345")
    assert not adding.try_accept()
    assert "两次输入的新密码不一样" in adding.message.text()
    adding.repeat.setText("1234")
    assert adding.try_accept()
    page.reload(select="王丽")
    adding = page.dialog("add")
    adding.name.setText("李强")
    assert adding.try_accept()
    page.reload(select="王丽")
    assert [page.list.item(i).text() for i in range(page.list.count())] == [
        "王丽（已设密码）",
        "李强",
    ]
    assert page.idle.isEnabled()
    assert page.buttons["password"].text() == "修改密码…"
    changing = page.dialog("password")
    changing.old_password.setText("9999")
    changing.new_password.setText("5678")
    changing.repeat.setText("5678")
    changing.show()
    changing.grab().save(str(tmp_path / "password_dialog.png"))
    assert not changing.try_accept()
    assert "王丽 的密码不对，没有修改密码" in changing.message.text()
    changing.old_password.setText("1234")
    assert changing.try_accept()
    assert operators.verify("王丽", "5678")
    page.reload(select="李强")
    assert not page.buttons["clear"].isEnabled()  # 李强 has none to clear
    page.reload(select="王丽")
    clearing = page.dialog("clear")
    assert clearing.old_password.parent() is clearing  # asked for the old one
    clearing.old_password.setText("5678")
    page.idle.setValue(5)
    assert clearing.try_accept()
    assert not operators.any_password()
    page.reload()
    assert not page.idle.isEnabled()
    dialog.grab().save(str(tmp_path / "settings_operators.png"))
    assert dialog.save()
    assert operators.idle_lock_minutes() == 0  # no password left: no lock kept
    kinds = [r.summary for r in AuditLog.select().where(AuditLog.table == "operator")]
    assert kinds == [
        "新增操作员 王丽（已设密码）",
        "新增操作员 李强",
        "修改操作员 王丽 的密码",
        "清除操作员 王丽 的密码",
    ]


def test_idle_minutes_are_saved_with_the_dialog(demo_ctx, qtbot) -> None:
    from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog

    operators.add_operator("王丽", "1234")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.operators.idle.isEnabled()
    assert dialog.operators.idle.specialValueText() == "不锁定"
    dialog.operators.idle.setValue(15)
    assert dialog.save()
    assert operators.idle_lock_minutes() == 15


def test_shortcuts_do_nothing_while_locked(
    two_operators, qtbot, settings_path, message_boxes
) -> None:
    win = _window(qtbot, two_operators, settings_path, last="王丽")
    _gate, screen = _screen(qtbot, win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20000)
    qtbot.keyClick(screen.password, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.password, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes == []  # 备份数据 (Ctrl+B) did not run
    assert "roster" not in win.tabs or win.tab_widget.currentWidget() is not win.tabs["roster"]
    assert "操作员：（请选择）" in win.status_label.text()
    screen.password.setText("1234")
    screen.enter()
    qtbot.keyClick(win.tab_widget, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(m[1] == "备份完成" for m in message_boxes), timeout=20000)


def test_idle_lock_covers_a_modal_dialog_and_keeps_what_was_typed(
    two_operators, qtbot, settings_path, tmp_path
) -> None:
    """A real QDialog in exec(): the lock comes over it (its contents covered, the lock screen
    in a modal window of its own), and after the password the dialog is as it was, still in
    exec(), with what was typed."""
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    win = _window(qtbot, two_operators, settings_path, last="王丽")
    gate, screen = _screen(qtbot, win)
    screen.password.setText("1234")
    screen.enter()
    dialog = QDialog(win)
    dialog.setWindowTitle("人员信息")
    typed = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(typed)
    dialog.resize(500, 300)
    seen: dict[str, object] = {}

    def while_open() -> None:  # runs inside the dialog's exec()
        qtbot.waitExposed(dialog)
        typed.setText("张三 ")
        qtbot.keyClicks(typed, "13800000001")  # real key presses into the dialog
        gate.set_idle_timeout_ms(50)
        qtbot.waitUntil(lambda: gate.locked and gate.host is not None, timeout=20000)
        host = gate.host
        qtbot.waitExposed(host)
        seen["covered"] = [c.isVisible() for c in gate._covers] == [True]
        cover = gate._covers[0]
        seen["covers_all"] = cover.geometry() == dialog.rect()
        seen["host_modal_on_top"] = QApplication.activeModalWidget() is host
        seen["data_hidden"] = not win.tab_widget.isVisible()
        seen["still_open"] = dialog.isVisible()
        dialog.grab().save(str(tmp_path / "covered_dialog.png"))
        # keys typed now reach the lock, never the dialog underneath
        qtbot.keyClicks(QApplication.focusWidget() or gate.screen.password, "0000")
        seen["keys_to_lock"] = gate.screen.password.text() == "0000"
        seen["typed_unchanged"] = typed.text() == "张三 13800000001"
        gate.screen.enter()
        seen["wrong_refused"] = gate.locked
        gate.set_idle_timeout_ms(60_000)  # no new lock while the test looks
        gate.screen.password.setText("1234")
        gate.screen.enter()
        seen["unlocked"] = not gate.locked and gate.host is None
        qtbot.waitUntil(lambda: not host.isVisible(), timeout=5000)
        seen["cover_gone"] = not cover.isVisible()
        seen["after"] = (dialog.isVisible(), typed.text(), win.tab_widget.isVisible())
        seen["still_unlocked"] = not gate.locked
        dialog.accept()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    QTimer.singleShot(0, while_open)
    assert dialog.exec() == QDialog.DialogCode.Accepted  # ended by accept(), not by the lock
    assert seen == {
        "covered": True,
        "covers_all": True,
        "host_modal_on_top": True,
        "data_hidden": True,
        "still_open": True,
        "typed_unchanged": True,
        "keys_to_lock": True,
        "wrong_refused": True,
        "unlocked": True,
        "cover_gone": True,
        "after": (True, "张三 13800000001", True),
        "still_unlocked": True,
    }
    win.close()


def test_quitting_from_the_lock_over_a_modal_dialog_ends_it_unanswered(
    two_operators, qtbot, settings_path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    win = _window(qtbot, two_operators, settings_path, last="王丽")
    gate, screen = _screen(qtbot, win)
    screen.password.setText("1234")
    screen.enter()
    dialog = QDialog(win)
    asked: list[str] = []
    dialog.reject = lambda: asked.append("reject")  # a dialog that would ask about unsaved data

    def while_open() -> None:
        qtbot.waitExposed(dialog)
        gate.set_idle_timeout_ms(50)
        qtbot.waitUntil(lambda: gate.host is not None, timeout=20000)
        gate.screen.quit_button.click()

    QTimer.singleShot(0, while_open)
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert asked == []
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
