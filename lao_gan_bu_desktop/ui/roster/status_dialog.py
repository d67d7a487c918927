"""Marking people 已故 (asking the date of death) or 迁出; they stay on record.

``ask_death_date`` and ``confirm`` are module functions so that tests can answer them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


def names_text(names: Sequence[str], limit: int = 8) -> str:
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 人" if len(names) > limit else "")


class DeathDateDialog(QDialog):
    """Asks the date of death before marking people 已故."""

    def __init__(
        self, names: Sequence[str], today: _dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记为已故")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("death_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        intro = QLabel(
            f"将 {names_text(list(names))} 标记为已故。\n"
            "人员信息仍保留在花名册中，但不再出现在默认的“在册”名单里。",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("去世日期：", self.date_edit)
        buttons = QDialogButtonBox(self)
        buttons.addButton("标记为已故", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def death_date(self) -> _dt.date:
        return self.date_edit.date().toPython()


def ask_death_date(
    parent: QWidget | None, names: Sequence[str], today: _dt.date
) -> _dt.date | None:
    """The date of death the user picked, or None when cancelled."""
    dialog = DeathDateDialog(names, today, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.death_date()
    return None


def confirm(
    parent: QWidget | None, title: str, text: str, ok_text: str, *, danger: bool = False
) -> bool:
    """A yes/no question with Chinese buttons; the safe answer (取消) is the default when ``danger``."""
    icon = QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel if danger else ok)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok
