"""The visit dialog (新建 / 编辑走访) and the small 改期 dialog.

The dialog only collects values and calls services.visits; any VisitError is shown in Chinese
in the dialog itself and nothing is saved. An edit is saved against the version the dialog
loaded; someone else's save meanwhile brings up the conflict dialog (重新载入 / 仍然保存 / 取消).
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.visit_rules import DONE, PLANNED, VISIT_KINDS, VISIT_STATUSES, DueItem
from ...services import visits
from ...services.errors import ConflictError
from ...services.office_setup import default_visitor
from ...services.visits import VisitError, VisitInput
from ..common.conflict_dialog import OVERWRITE, RELOAD, ask_conflict

log = logging.getLogger(__name__)


Today = _dt.date | Callable[[], _dt.date] | None
"""A fixed day (tests), the main window's clock (a callable), or None for the real day."""


def resolve_today(today: Today) -> _dt.date:
    """The day ``today`` stands for (see :data:`Today`)."""
    if today is None:
        return clock.today()
    if callable(today):
        return today()
    return today


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while a long step (a big campaign, an export) runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def to_qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> _dt.date:
    return _dt.date(value.year(), value.month(), value.day())


def date_edit(day: _dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class _PickerEdit(QLineEdit):
    """The person search box: Enter adds the person and stays in the dialog (no 保存)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class VisitDialog(QDialog):
    """Create or edit a visit. After ``exec()`` is accepted, ``visit_id`` is the saved visit."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        visit_id: int | None = None,
        person_ids: tuple[int, ...] = (),
        day: _dt.date | None = None,
        due: DueItem | None = None,
        today: Today = None,
    ) -> None:
        super().__init__(parent)
        self.visit_id = visit_id
        self.version: int | None = None  # the stored version the fields were loaded from
        self._today = resolve_today(today)
        self.setWindowTitle("编辑走访" if visit_id else "新建走访")
        self.setMinimumWidth(520)
        self._choices = visits.person_choices()
        self._labels = {
            pid: f"{name}（{unit}）" if unit else name for pid, name, unit, _key in self._choices
        }
        self._by_label = {label: pid for pid, label in self._labels.items()}

        self.persons = QListWidget()
        self.persons.setMaximumHeight(90)
        self.picker = _PickerEdit()
        self.picker.setPlaceholderText("姓名或拼音首字母（如 wjg）")
        self.picker.setToolTip("输入姓名、拼音或拼音首字母（如 wjg），按回车添加")
        self._matches = QStringListModel(self)
        completer = QCompleter(self._matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._picked_label)
        self.picker.setCompleter(completer)
        self.picker.textEdited.connect(self._update_matches)
        self.picker.returnPressed.connect(self._add_picked)
        add = QPushButton("添加")
        add.clicked.connect(self._add_picked)
        remove = QPushButton("移除")
        remove.clicked.connect(self._remove_selected)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.picker, 1)
        pick_row.addWidget(add)
        pick_row.addWidget(remove)

        self.kind = QComboBox()
        self.kind.addItems(VISIT_KINDS)
        self.status = QComboBox()
        self.status.addItems(VISIT_STATUSES)
        self.planned_on = date_edit(day or self._today)
        self.done_check = QCheckBox("已走访，日期：")
        self.done_on = date_edit(day or self._today)
        self.done_on.setEnabled(False)
        self.done_check.toggled.connect(self._done_toggled)
        self.status.currentTextChanged.connect(self._status_changed)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_check)
        done_row.addWidget(self.done_on, 1)
        self.visitors = QLineEdit()
        self.visitors.setPlaceholderText("如：刘建国、王丽")
        self.gift = QLineEdit()
        self.gift.setPlaceholderText("如：米、面、油")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("单位：元，如 500")
        self.follow_check = QCheckBox("需要回访，日期：")
        self.follow_up_on = date_edit((day or self._today) + _dt.timedelta(days=30))
        self.follow_up_on.setEnabled(False)
        self.follow_check.toggled.connect(self.follow_up_on.setEnabled)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_check)
        follow_row.addWidget(self.follow_up_on, 1)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("走访情况、反映的问题和需求")
        self.notes.setMaximumHeight(90)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow("走访对象：", self.persons)
        form.addRow("", pick_row)
        form.addRow("类别：", self.kind)
        form.addRow("状态：", self.status)
        form.addRow("计划日期：", self.planned_on)
        form.addRow("", done_row)
        form.addRow("走访人员：", self.visitors)
        form.addRow("慰问品：", self.gift)
        form.addRow("慰问金：", self.amount)
        form.addRow("", follow_row)
        form.addRow("情况记录：", self.notes)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.done_button = None
        if visit_id is None:
            self.done_button = buttons.addButton(
                "保存为已完成", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.done_button.clicked.connect(self._save_done)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._occasion = ""
        if visit_id is not None:
            self._load(visit_id)
        else:
            self.kind.setCurrentText("日常走访")
            self.visitors.setText(default_visitor())  # who usually goes; the clerk may change it
            for pid in person_ids:
                self._add_person(pid)
            if due is not None:
                self._add_person(due.person_id)
                self.kind.setCurrentText(due.kind)
                self.planned_on.setDate(to_qdate(due.day))
                self.notes.setPlainText(due.reason)
                self._occasion = due.occasion

    # ------------------------------------------------------------ people

    def _add_person(self, pid: int) -> None:
        if pid in self.person_ids():
            return
        item = QListWidgetItem(self._labels.get(pid, str(pid)))
        item.setData(Qt.ItemDataRole.UserRole, pid)
        self.persons.addItem(item)

    def matching_labels(self, text: str, limit: int = 50) -> list[str]:
        """Labels of the people matching ``text`` by name, full pinyin or initials."""
        from ...core.pinyin import matches  # pypinyin loads slowly: only when searching

        found: list[str] = []
        for pid, name, _unit, key in self._choices:
            if matches(text, name, key):
                found.append(self._labels[pid])
                if len(found) >= limit:
                    break
        return found

    def _update_matches(self, text: str) -> None:
        self._matches.setStringList(self.matching_labels(text) if text.strip() else [])

    def _picked_label(self, label: str) -> None:
        pid = self._by_label.get(label)
        if pid is not None:
            self._add_person(pid)
            self._done_picking()

    def _done_picking(self) -> None:
        """Empty the box and close the suggestions (they stayed open after 添加)."""
        self.picker.clear()
        self.error.clear()
        self._matches.setStringList([])
        self.picker.completer().popup().hide()

    def _add_picked(self) -> None:
        text = self.picker.text().strip()
        if not text:
            return
        pid = self._by_label.get(text)
        if pid is None:
            found = self.matching_labels(text, limit=2)
            if len(found) == 1:
                pid = self._by_label[found[0]]
            elif found:
                self.error.setText(f"“{text}”对应多人，请从下拉列表中选择。")
                return
            else:
                self.error.setText(f"没有找到“{text}”，请检查姓名或拼音。")
                return
        self._add_person(pid)
        self._done_picking()

    def _remove_selected(self) -> None:
        for item in self.persons.selectedItems():
            self.persons.takeItem(self.persons.row(item))

    def person_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.persons.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.persons.count())
        )

    # ------------------------------------------------------------ fields

    def _done_toggled(self, on: bool) -> None:
        self.done_on.setEnabled(on)
        want = DONE if on else PLANNED
        if on or self.status.currentText() == DONE:
            self.status.setCurrentText(want)

    def _status_changed(self, status: str) -> None:
        self.done_check.blockSignals(True)
        self.done_check.setChecked(status == DONE)
        self.done_on.setEnabled(status == DONE)
        self.done_check.blockSignals(False)

    def _load(self, visit_id: int) -> None:
        v = visits.get_visit(visit_id)
        self.version = v["version"]
        self.persons.clear()
        self.follow_check.setChecked(False)
        for pid in v["person_ids"]:
            self._add_person(pid)
        self.kind.setCurrentText(v["kind"])
        self.status.setCurrentText(v["status"])
        if v["planned_on"]:
            self.planned_on.setDate(to_qdate(v["planned_on"]))
        if v["done_on"]:
            self.done_on.setDate(to_qdate(v["done_on"]))
        self._status_changed(v["status"])
        self.visitors.setText(v["visitors"])
        self.gift.setText(v["gift"])
        self.amount.setText(str(v["amount"]) if v["amount"] else "")
        if v["follow_up_on"]:
            self.follow_check.setChecked(True)
            self.follow_up_on.setDate(to_qdate(v["follow_up_on"]))
        self.notes.setPlainText(v["notes"])
        self._occasion = v["occasion"]

    def values(self) -> VisitInput:
        done = self.status.currentText() == DONE
        return VisitInput(
            person_ids=self.person_ids(),
            kind=self.kind.currentText(),
            planned_on=from_qdate(self.planned_on.date()),
            status=self.status.currentText(),
            done_on=from_qdate(self.done_on.date()) if done else None,
            visitors=self.visitors.text(),
            gift=self.gift.text(),
            amount=self.amount.text(),
            notes=self.notes.toPlainText(),
            follow_up_on=from_qdate(self.follow_up_on.date())
            if self.follow_check.isChecked()
            else None,
            occasion=self._occasion,
        )

    def _save_done(self) -> None:
        self.status.setCurrentText(DONE)
        self.save()

    def save(self) -> None:
        """Validate and save; on a user error show it here and stay open."""
        version = self.version
        try:
            while True:
                try:
                    if self.visit_id is None:
                        self.visit_id = visits.create_visit(self.values())
                    else:
                        visits.update_visit(self.visit_id, self.values(), expected_version=version)
                    break
                except ConflictError as exc:
                    choice = self.ask_conflict(exc)
                    if choice == OVERWRITE and not exc.deleted:
                        version = exc.current_version
                        continue
                    if choice == RELOAD:
                        self.error.setText("")
                        self._load(self.visit_id)
                    return
        except VisitError as exc:
            self.error.setText(exc.message)
            return
        except Exception:
            log.exception("保存走访失败")
            self.error.setText("保存失败：程序内部出错，详情见日志文件。数据未改动。")
            return
        self.accept()

    def ask_conflict(self, error: ConflictError) -> str:
        """重新载入 / 仍然保存 / 取消 when someone else saved the visit meanwhile."""
        return ask_conflict(self, error)


class RescheduleDialog(QDialog):
    """改期: choose a new date for a planned visit."""

    def __init__(self, parent: QWidget | None, current: _dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("改期")
        self.date = date_edit(current)
        layout = QFormLayout(self)
        layout.addRow("新的计划日期：", self.date)
        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def chosen(self) -> _dt.date:
        return from_qdate(self.date.date())


class PeriodDialog(QDialog):
    """Choose a period (from … to), e.g. for the 走访台账."""

    def __init__(self, parent: QWidget | None, title: str, start: _dt.date, end: _dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.start = date_edit(start)
        self.end = date_edit(end)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        layout = QFormLayout(self)
        layout.addRow("开始日期：", self.start)
        layout.addRow("结束日期：", self.end)
        layout.addRow(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _check(self) -> None:
        if self.period()[1] < self.period()[0]:
            self.error.setText("结束日期早于开始日期，请重新选择。")
            return
        self.accept()

    def period(self) -> tuple[_dt.date, _dt.date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())
