"""设置 → 操作员: the clerks who use the program, their passwords and the idle lock.

Adding, renaming, removing and passwords take effect at once (each is written to the audit
log); renaming, removing, changing or clearing the password of an operator who has one asks for
that password first. The idle lock's minutes are kept with the dialog's 保存, and offered only
when some operator has a password (only a password opens the lock again).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import operators
from ...services.operators import OperatorError
from ...services.settings import session_operator
from ..common.before_paint import USER_ROLE

ADD, RENAME, REMOVE, PASSWORD, CLEAR = "add", "rename", "remove", "password", "clear"
TITLES = {
    ADD: "添加操作员",
    RENAME: "操作员改名",
    REMOVE: "删除操作员",
    PASSWORD: "设置密码",
    CLEAR: "清除密码",
}


class OperatorDialog(QDialog):
    """One change to one operator; ``try_accept`` makes it and stays open on a refusal."""

    def __init__(
        self, mode: str, name: str = "", has_password: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.mode, self.operator_name = mode, name
        self.setWindowTitle(TITLES[mode] + (f"：{name}" if name else ""))
        form = QFormLayout()
        self.name = QLineEdit(name if mode == RENAME else "", self)
        self.name.setObjectName("operator_name")
        self.name.setPlaceholderText("如 王丽")
        self.old_password = self._password_edit("operator_old_password")
        self.new_password = self._password_edit("operator_new_password")
        self.repeat = self._password_edit("operator_repeat")
        if mode in (ADD, RENAME):
            form.addRow("姓名：", self.name)
        else:
            self.name.hide()  # not asked: the dialog is about ``name``
        if has_password and mode != ADD:
            form.addRow("现在的密码：", self.old_password)
        else:
            self.old_password.hide()
        if mode in (ADD, PASSWORD):
            optional = "（可不填）" if mode == ADD else ""
            self.new_password.setPlaceholderText(
                f"至少 {operators.MIN_PASSWORD_LENGTH} 位{optional}"
            )
            form.addRow("新密码：", self.new_password)
            form.addRow("再输入一次：", self.repeat)
        else:
            self.new_password.hide()
            self.repeat.hide()
        if mode == REMOVE:
            form.addRow(QLabel(f"删除操作员 {name}？其操作日志保留。", self))
        if mode == CLEAR:
            form.addRow(QLabel(f"清除 {name} 的密码后，选择 {name} 不再需要密码。", self))
        self.message = QLabel(self)
        self.message.setObjectName("operator_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(self)
        ok = "删除" if mode == REMOVE else "确定"
        buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def _password_edit(self, object_name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(object_name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def try_accept(self) -> bool:
        """Make the change; on a refusal say why here and stay open (False)."""
        new, repeat = self.new_password.text(), self.repeat.text()
        if self.mode in (ADD, PASSWORD) and new != repeat:
            self.message.setText("两次输入的新密码不一样，请重新输入。")
            return False
        if self.mode == PASSWORD and not new:
            self.message.setText("请输入新密码；要去掉密码请用“清除密码”。")
            return False
        old = self.old_password.text()
        try:
            if self.mode == ADD:
                operators.add_operator(self.name.text(), new)
            elif self.mode == RENAME:
                operators.rename_operator(self.operator_name, self.name.text(), old)
            elif self.mode == REMOVE:
                operators.remove_operator(self.operator_name, old)
            elif self.mode == PASSWORD:
                operators.set_password(self.operator_name, old, new)
            else:
                operators.set_password(self.operator_name, old, "")
        except OperatorError as exc:
            self.message.setText(exc.message)
            return False
        self.accept()
        return True


class OperatorsPage(QWidget):
    """The 操作员 page of 设置."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("operators_list")
        self.list.setMinimumHeight(140)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.run(RENAME))
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for mode, text in (
            (ADD, "添加…"),
            (RENAME, "改名…"),
            (PASSWORD, "设置密码…"),
            (CLEAR, "清除密码…"),
            (REMOVE, "删除…"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"operators_{mode}")
            button.clicked.connect(lambda _checked=False, m=mode: self.run(m))
            side.addWidget(button)
            self.buttons[mode] = button
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        intro = QLabel(
            "使用本程序的科室工作人员。有两位以上操作员（或已设密码）时，打开程序先选择操作员；"
            "每一处修改都记在操作员名下（工具 → 操作日志），帮扶的经办人也默认是当前操作员。",
            self,
        )
        intro.setWordWrap(True)
        self.idle = QSpinBox(self)
        self.idle.setObjectName("operators_idle_minutes")
        self.idle.setRange(0, operators.MAX_IDLE_MINUTES)
        self.idle.setSuffix(" 分钟")
        self.idle.setSpecialValueText("不锁定")
        self.idle.setValue(operators.idle_lock_minutes())
        self.idle_note = QLabel(self)
        self.idle_note.setWordWrap(True)
        self.idle_note.setStyleSheet("color: #666;")
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel("无操作自动锁定：", self))
        idle_row.addWidget(self.idle)
        idle_row.addWidget(self.idle_note, 1)
        note = QLabel("添加、改名、删除和密码立即生效并记入操作日志；锁定时间随“保存”保存。", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addLayout(idle_row)
        layout.addWidget(note)
        self.reload()

    def reload(self, select: str = "") -> None:
        """Show the list as stored (keeping ``select`` or the chosen one chosen)."""
        keep = select or self.chosen()
        self.list.clear()
        working = session_operator()
        self.people = operators.list_operators()
        for person in self.people:
            marks = []
            if person.has_password:
                marks.append("已设密码")
            if person.name == working:
                marks.append("当前操作员")
            text = person.name + (f"（{'，'.join(marks)}）" if marks else "")
            item = QListWidgetItem(text)
            item.setData(USER_ROLE, person.name)
            self.list.addItem(item)
            if person.name == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        passwords = any(p.has_password for p in self.people)
        self.idle.setEnabled(passwords)
        self.idle_note.setText(
            "离开座位时隐藏数据，输入密码后继续。"
            if passwords
            else "给操作员设置密码后才能使用（解锁要输入密码）。"
        )
        self._update_buttons()

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(USER_ROLE)) if item is not None else ""

    def _update_buttons(self, _row: int = 0) -> None:
        person = next((p for p in getattr(self, "people", []) if p.name == self.chosen()), None)
        for mode, button in self.buttons.items():
            if mode == ADD:
                continue
            button.setEnabled(person is not None and (mode != CLEAR or person.has_password))
        if person is not None:
            self.buttons[PASSWORD].setText("修改密码…" if person.has_password else "设置密码…")

    def dialog(self, mode: str) -> OperatorDialog:
        """The dialog for ``mode`` on the chosen operator (not shown)."""
        name = "" if mode == ADD else self.chosen()
        person = next((p for p in self.people if p.name == name), None)
        return OperatorDialog(mode, name, bool(person and person.has_password), self)

    def run(self, mode: str) -> bool:
        """Ask for and make one change; True when it was made."""
        if mode != ADD and not self.chosen():
            return False
        dialog = self.dialog(mode)
        done = bool(dialog.exec())
        if done:
            self.reload(select=dialog.name.text().strip() if mode in (ADD, RENAME) else "")
        dialog.deleteLater()
        return done

    def save(self) -> None:
        """Keep the idle lock's minutes (the list is kept as it changes)."""
        if self.idle.isEnabled():
            operators.set_idle_lock_minutes(self.idle.value())
