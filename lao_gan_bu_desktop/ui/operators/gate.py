"""Who is working, in the window: the question at start and the idle lock.

:class:`LockScreen` covers the window's data (the tabs are hidden and the menus switched off
while it shows) and asks for an operator and, when that one has a password, the password; three
wrong passwords end the trying with a plain refusal. :class:`OperatorGate` decides when it shows:

- at start, when there is more than one operator or the only one has a password; the operator
  chosen last on this PC is offered first (QSettings, per PC);
- after ``idle_lock_minutes`` (设置; 0: never) without a key or mouse input anywhere in the
  program, when the operator working has a password: the window title then says 已锁定 and only
  an operator with a password can open it again.

Open windows of the program are hidden with the data and shown again after unlocking. A modal
dialog (a person being edited, a question) cannot be hidden without ending it, so it stays open
under an opaque cover (:class:`_Cover`) and the lock screen comes in a modal window of its own
over everything (:class:`_LockHost`), since the main window takes no input while a modal dialog
is open; after unlocking the covers go and the dialog is as it was, with all that was typed.

The idle timer is reset by an event filter on the QApplication, and stopped (the filter removed)
by :meth:`OperatorGate.stop`, which the main window calls when it closes. Tests make the time
short with :meth:`OperatorGate.set_idle_timeout_ms`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import operators
from ...services.operators import OperatorError

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)

LAST_OPERATOR_KEY = "operators/last"
MAX_TRIES = 3
SIGN_IN, LOCKED = "sign_in", "locked"
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
REFUSAL = (
    "密码连续 {tries} 次不正确，已停止尝试。请点“退出程序”后重新打开；"
    "忘记密码请向其他操作员求助（设置 → 操作员 中可清除密码）。"
)


class LockScreen(QFrame):
    """The screen over the window's data: choose an operator, give the password."""

    signed_in = Signal(str)
    quit_requested = Signal()

    def __init__(self, parent: QWidget, mode: str, default: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_screen { background: #eef2f7; }")
        self.mode = mode
        self.failures = 0
        everyone = operators.list_operators()
        self.people = [o for o in everyone if o.has_password] if mode == LOCKED else everyone
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold; color: #1f3b5a;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.operator = QComboBox(self)
        self.operator.setObjectName("lock_operator")
        self.operator.setMinimumWidth(220)
        for person in self.people:
            self.operator.addItem(person.name, person.name)
        index = self.operator.findData(default)
        if index >= 0:
            self.operator.setCurrentIndex(index)
        self.password = QLineEdit(self)
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("输入密码后按回车")
        self.password.returnPressed.connect(self.enter)
        self.message = QLabel(self)
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        # room for two lines from the start, so that a refusal never squeezes the fields
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)
        self.enter_button = QPushButton("进入" if mode == SIGN_IN else "解锁", self)
        self.enter_button.setObjectName("lock_enter")
        self.enter_button.setDefault(True)
        self.enter_button.clicked.connect(self.enter)
        self.quit_button = QPushButton("退出程序", self)
        self.quit_button.clicked.connect(self.quit_requested)
        self.operator.currentIndexChanged.connect(self._chosen)

        card = QFrame(self)
        card.setObjectName("lock_card")
        card.setStyleSheet(
            "#lock_card { background: white; border: 1px solid #c8d3e0; border-radius: 6px; }"
        )
        card.setMaximumWidth(460)
        form = QFormLayout()
        self.operator_label = QLabel("操作员：", card)
        form.addRow(self.operator_label, self.operator)
        self.password_label = QLabel("密码：", card)
        form.addRow(self.password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.enter_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addSpacing(8)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        if mode == SIGN_IN:
            self.title.setText("请选择操作员")
            self.hint.setText("本次的修改都记在所选操作员名下（操作日志）。")
        else:
            self.title.setText("已锁定")
            self.hint.setText("长时间没有操作，数据已隐藏。请输入密码继续。")
        several = len(self.people) > 1
        self.operator.setVisible(several)
        self.operator_label.setVisible(several)
        if not several and self.people:
            self.hint.setText(self.hint.text() + f"\n操作员：{self.people[0].name}")
        self._chosen()

    def chosen_name(self) -> str:
        return str(self.operator.currentData() or "")

    def _chosen(self, _index: int = 0) -> None:
        person = next((p for p in self.people if p.name == self.chosen_name()), None)
        needs = bool(person and person.has_password)
        self.password.setVisible(needs)
        self.password_label.setVisible(needs)
        self.password.clear()
        if needs:
            self.password.setFocus()
        else:
            self.enter_button.setFocus()

    def enter(self) -> None:
        """Sign in with the chosen operator and the typed password."""
        if self.failures >= MAX_TRIES or not self.chosen_name():
            return
        try:
            name = operators.sign_in(self.chosen_name(), self.password.text())
        except OperatorError as exc:
            self.failures += 1
            self.password.clear()
            if self.failures >= MAX_TRIES:
                self.message.setText(REFUSAL.format(tries=MAX_TRIES))
                self.password.setEnabled(False)
                self.operator.setEnabled(False)
                self.enter_button.setEnabled(False)
                log.warning("操作员 %s 的密码连续 %d 次不正确", self.chosen_name(), MAX_TRIES)
            else:
                left = MAX_TRIES - self.failures
                self.message.setText(f"{exc.message}（还可以再试 {left} 次）")
                self.password.setFocus()
            return
        self.message.clear()
        self.signed_in.emit(name)


class OperatorGate(QObject):
    """The start question and the idle lock of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.screen: LockScreen | None = None
        self.host: _LockHost | None = None  # the lock's own window while a modal dialog is open
        self._covers: list[_Cover] = []
        self._hidden_windows: list[QWidget] = []
        self._title = ""
        self._override_ms: int | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        # precise, so that "restarted by input" reads as the full time again (a coarse timer
        # rounds a minute's wait by up to 5 %)
        self.idle_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.idle_timer.timeout.connect(self.idle_timeout)
        self._filtering = False

    # --- state ----------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.screen is not None

    def asking(self) -> bool:
        """True while the screen asks who is working (at start, or 切换操作员)."""
        return self.screen is not None and self.screen.mode == SIGN_IN

    def idle_timeout_ms(self) -> int:
        """The idle time before the lock, in ms (0: never)."""
        if self._override_ms is not None:
            return self._override_ms
        return operators.idle_lock_minutes() * 60_000

    def set_idle_timeout_ms(self, ms: int | None) -> None:
        """Replace the setting's minutes by ``ms`` (tests; None: the setting again)."""
        self._override_ms = ms
        self.arm()

    # --- start ----------------------------------------------------------------------------
    def start(self) -> None:
        """At start: ask who is working when that is needed, else take the only operator."""
        try:
            if operators.must_ask():
                self.show_screen(SIGN_IN)
                return
            operators.sign_in_alone()
        except Exception:  # the question must never keep the data from showing
            log.exception("无法读取操作员名单")
        self.arm()

    def after_settings(self) -> None:
        """设置 may have changed the list: nobody signed in yet takes the only operator, or is
        asked when there are now several; the idle lock follows the minutes and passwords."""
        from ...services.settings import session_operator

        if session_operator() is None and not self.locked:
            if operators.must_ask():
                self.show_screen(SIGN_IN)
                return
            operators.sign_in_alone()
        self.window.operator_changed()
        self.arm()

    def sign_in_again(self) -> None:
        """工具 → 切换操作员: the question again (the data hidden meanwhile)."""
        if self.locked:
            return
        if len(operators.list_operators()) < 2:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                self.window,
                "切换操作员",
                "操作员名单中不到两人，无需切换。请先在 工具 → 设置 → 操作员 中添加操作员。",
            )
            return
        self.show_screen(SIGN_IN)

    # --- the idle timer -------------------------------------------------------------------
    def arm(self) -> None:
        """(Re)start the idle timer when a lock is set and could be opened again."""
        ms = self.idle_timeout_ms()
        if ms <= 0 or self.locked or not self._current_has_password():
            self.idle_timer.stop()
            self._filter(False)
            return
        self.idle_timer.setInterval(ms)
        self.idle_timer.start()
        self._filter(True)

    def _current_has_password(self) -> bool:
        from ...services.settings import session_operator

        name = session_operator()
        if not name:
            return False
        try:
            return operators.has_password(name)
        except OperatorError:
            return False

    def _filter(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.idle_timer.isActive():
            self.idle_timer.start()  # any input anywhere in the program: start counting again
        return False

    def idle_timeout(self) -> None:
        if self.locked:
            return
        self.show_screen(LOCKED)

    def stop(self) -> None:
        """Stop the idle timer and the input filter (the window is closing)."""
        self.idle_timer.stop()
        self._filter(False)

    # --- the screen -----------------------------------------------------------------------
    def show_screen(self, mode: str) -> LockScreen:
        from ...services.settings import session_operator

        window = self.window
        default = session_operator() or str(window.settings.value(LAST_OPERATOR_KEY, "") or "")
        # A modal dialog cannot be hidden without ending it (and losing what was typed), and
        # while it is open the main window takes no input: it is covered, and the lock screen
        # comes in a modal window of its own above it.
        modal = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not window and isinstance(w, QDialog) and w.isVisible() and w.isModal()
        ]
        if modal:
            self.host = _LockHost(window, _topmost(modal))
            screen = LockScreen(self.host, mode, default)
            self.host.layout().addWidget(screen)
            self._covers = [_Cover(dialog) for dialog in modal]
            screen.quit_requested.connect(self._quit_from_host)
        else:
            screen = LockScreen(window, mode, default)
            screen.quit_requested.connect(window.close)
        screen.signed_in.connect(self._signed_in)
        self.screen = screen
        self.idle_timer.stop()
        self._title = window.windowTitle()
        # The state goes first: Qt adds the program's name to a title that does not end with it,
        # which read "老干部工作台（请选择操作员） — 老干部工作台" in the frame.
        window.setWindowTitle(f"{'已锁定' if mode == LOCKED else '请选择操作员'} — {self._title}")
        window.tab_widget.setVisible(False)
        window.menuBar().setEnabled(False)
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not window
            and isinstance(w, (QDialog, QMainWindow))
            and w.isVisible()
            and not w.isModal()
        ]
        for other in self._hidden_windows:
            other.hide()
        window.installEventFilter(self._resizer)
        self._place()
        window.operator_changed()
        screen.show()
        screen.raise_()
        if self.host is not None:
            self.host.show()
            self.host.raise_()
            self.host.activateWindow()
        if screen.password.isVisible():
            screen.password.setFocus()
        return screen

    def _quit_from_host(self) -> None:
        """退出程序 while modal dialogs are covered: end them unanswered (their own questions
        about unsaved changes would show data), then close the window."""
        for cover in reversed(self._covers):
            dialog = cover.parentWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible():
                QDialog.done(dialog, QDialog.DialogCode.Rejected)  # the base: no question asked
        self._remove_covers()
        if self.host is not None:
            self.host.hide()
        QTimer.singleShot(0, self.window, self.window.close)

    def _remove_covers(self) -> None:
        for cover in self._covers:
            try:
                cover.hide()
                cover.deleteLater()
            except RuntimeError:  # its dialog was deleted meanwhile
                pass
        self._covers = []

    @property
    def _resizer(self) -> QObject:
        resizer = getattr(self, "_resize_filter", None)
        if resizer is None:
            resizer = _FollowResize(self)
            self._resize_filter = resizer
        return resizer

    def _place(self) -> None:
        """Over the area the tabs take: between the menu bar and the status bar."""
        if self.host is not None:
            self.host.setGeometry(self.window.geometry())
        elif self.screen is not None:
            window = self.window
            top = window.menuBar().geometry().bottom() + 1
            bottom = window.statusBar().geometry().top()
            self.screen.setGeometry(0, top, window.width(), max(bottom - top, 100))

    def _signed_in(self, name: str) -> None:
        window = self.window
        window.settings.setValue(LAST_OPERATOR_KEY, name)
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        host, self.host = self.host, None
        if host is not None:
            host.hide()
            host.deleteLater()
        self._remove_covers()
        window.removeEventFilter(self._resizer)
        window.setWindowTitle(self._title)
        window.tab_widget.setVisible(True)
        window.menuBar().setEnabled(True)
        for other in self._hidden_windows:
            other.show()
        self._hidden_windows = []
        window.operator_changed()
        self.arm()


def _topmost(dialogs: list[QWidget]) -> QWidget:
    """The dialog the others wait for: the active modal one, else the last shown."""
    active = QApplication.activeModalWidget()
    return active if active in dialogs else dialogs[-1]


class _LockHost(QDialog):
    """The lock screen's own window while a modal dialog is open: modal above that dialog (its
    child, so always in front of it), without a frame, over the main window."""

    def __init__(self, window: QWidget, above: QWidget) -> None:
        super().__init__(above, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("lock_host")
        self.setModal(True)
        self.setWindowTitle(window.windowTitle())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setGeometry(window.geometry())

    def reject(self) -> None:
        """Esc does not open the lock."""

    def closeEvent(self, event: QEvent) -> None:
        if self.isVisible() and event.spontaneous():
            event.ignore()  # Alt+F4 does not open the lock either


class _Cover(QWidget):
    """An opaque sheet over a modal dialog's contents while the program is locked; it follows
    the dialog's size and takes its mouse clicks."""

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_cover { background: #eef2f7; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        label = QLabel("已锁定。输入密码解锁后，这里的内容原样保留。", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("color: #1f3b5a;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(dialog.rect())
        dialog.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False


class _FollowResize(QObject):
    """Keeps the lock screen over the central widget when the window changes size."""

    def __init__(self, gate: OperatorGate) -> None:
        super().__init__(gate)
        self.gate = gate

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self.gate, self.gate._place)
        return False
