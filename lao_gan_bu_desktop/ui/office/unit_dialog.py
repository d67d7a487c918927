"""The 单位 page's dialogs: a unit's 分管领导, 联络员, phone and this year's 核对表 (UnitDialog,
also for a new unit), a new name (RenameUnitDialog) and the unit to merge into, with what will
move (MergeUnitsDialog)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...services import units
from . import common


def _qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> _dt.date:
    return _dt.date(q.year(), q.month(), q.day())


def people_text(unit: dict[str, Any]) -> str:
    """“在册 11 人：离休 2、退休 9；活跃 9、关照 1、重点 1；特困 1、低保 0、重病 0”."""
    kinds = "、".join(f"{k} {v}" for k, v in unit["by_kind"].items())
    tiers = "、".join(f"{k} {v}" for k, v in unit["by_tier"].items())
    hardship = "、".join(f"{k} {v}" for k, v in unit["by_hardship"].items() if k != "无")
    return f"在册 {unit['persons']} 人：{kinds}；{tiers}；{hardship}"


class _DateChoice(QWidget):
    """A date that may be left empty: a check box (“已寄出”) and the day."""

    def __init__(self, text: str, day: _dt.date | None, today: _dt.date) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(f"{text}，日期：")
        self.check.setChecked(day is not None)
        self.date = QDateEdit(_qdate(day or today))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(_qdate(today))
        self.date.setEnabled(day is not None)
        self.check.toggled.connect(self.date.setEnabled)
        layout.addWidget(self.check)
        layout.addWidget(self.date)
        layout.addStretch(1)

    def value(self) -> _dt.date | None:
        return _date(self.date.date()) if self.check.isChecked() else None


class UnitDialog(QDialog):
    """A unit's 分管领导, 联络员, phone, notes and ``year``'s 核对表 (a new unit when ``unit`` is
    None: then its name too)."""

    def __init__(
        self, unit: dict[str, Any] | None, today: _dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.unit = unit
        self.setWindowTitle(f"单位：{unit['name']}" if unit else "新增单位")
        self.setMinimumWidth(560)
        form = QFormLayout()
        self.name = QLineEdit(unit["name"] if unit else "")
        if unit is not None:
            self.name.setVisible(False)
            shown = QLabel(f"<b>{unit['name']}</b>　（改名请用“重命名…”）")
            shown.setObjectName("unit_name")
            form.addRow("单位名称：", shown)
        else:
            self.name.setPlaceholderText("单位全称，如：经济发展局")
            form.addRow("单位名称：", self.name)
        self.leader = QLineEdit(unit["leader"] if unit else "")
        self.leader.setPlaceholderText("分管离退休干部工作的领导")
        form.addRow("分管领导：", self.leader)
        self.contact = QLineEdit(unit["contact"] if unit else "")
        self.contact.setPlaceholderText("与老干部办联系的工作人员")
        form.addRow("联络员：", self.contact)
        self.phone = QLineEdit(unit["phone"] if unit else "")
        self.phone.setPlaceholderText("手机或 0371-67881234")
        form.addRow("电话：", self.phone)
        self.notes = QPlainTextEdit(unit["notes"] if unit else "")
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow("备注：", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height() // 2)  # the group's title clear of 备注
        self.year = unit["check_year"] if unit else today.year
        group = QGroupBox(f"{self.year}年核对表")
        check_form = QFormLayout(group)
        self.sent = _DateChoice("已寄出", unit["check_sent_on"] if unit else None, today)
        self.returned = _DateChoice("已收回", unit["check_returned_on"] if unit else None, today)
        check_form.addRow(self.sent)
        check_form.addRow(self.returned)
        self.check_note = QLineEdit(unit["check_note"] if unit else "")
        self.check_note.setPlaceholderText("如：退回两人信息待补")
        check_form.addRow("说明：", self.check_note)
        layout.addWidget(group)
        if unit is not None:
            people = QLabel(people_text(unit))
            people.setObjectName("unit_people")
            people.setWordWrap(True)
            layout.addWidget(people)
        layout.addStretch(1)
        layout.addWidget(common.ok_cancel(self, "保存"))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "leader": self.leader.text(),
            "contact": self.contact.text(),
            "phone": self.phone.text(),
            "notes": self.notes.toPlainText(),
            "sent_on": self.sent.value(),
            "returned_on": self.returned.value(),
            "check_note": self.check_note.text(),
        }


class RenameUnitDialog(QDialog):
    """A unit's new name."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("单位重命名")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"把“{name}”改为新名称。它的人员、导入记录和保存的列对应都随之改名。"
            "要把它并入另一个已有的单位，请用“合并到…”。"
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.new_name = QLineEdit(name)
        self.new_name.selectAll()
        form.addRow("新名称：", self.new_name)
        layout.addLayout(form)
        layout.addWidget(common.ok_cancel(self, "改名"))


class MergeUnitsDialog(QDialog):
    """The unit ``source`` is merged into: which one, and what moves there."""

    def __init__(
        self,
        source: dict[str, Any],
        targets: list[str],
        counts: dict[str, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle("合并单位")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"机构调整后，把“{source['name']}”并入另一个单位。合并前自动备份；合并后"
            f"“{source['name']}”不再单列。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.addItems(targets)
        form.addRow("并入：", self.target)
        layout.addLayout(form)
        self.moves = QLabel(
            f"将移过：{units.merge_summary(counts)}。"
            "合并后的单位保留自己的名称、顺序、分管领导、联络员和电话（空着的由被合并单位补上）。"
        )
        self.moves.setObjectName("merge_moves")
        self.moves.setWordWrap(True)
        layout.addWidget(self.moves)
        layout.addStretch(1)
        layout.addWidget(common.ok_cancel(self, "合并…"))
