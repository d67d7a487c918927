"""The office's details as a form (zone, city, office, sender, clerks), shared by the
first-start dialog and 工具 → 设置 (services.office_setup keeps them)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from ..services.office_setup import OfficeSetup, compose_sender, split_clerks

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("zone_name", "区（县）名称", "如 ××区、××县；用于花名册和报表标题"),
    ("city_name", "所在城市", "如 ××市；用于首页标题和调研报告"),
    ("office_name", "科室名称", "如 ××部干部管理科；用于报表落款"),
    ("sender_name", "寄件单位", "印在信封右下角和标签底部"),
    ("sender_address", "寄件地址", "信封右下角的寄件地址"),
    ("sender_postcode", "寄件邮编", "6 位数字"),
    ("clerks", "科室工作人员", "经办人、走访人员的姓名，用顿号分隔，如 王丽、李强"),
)


class OfficeForm(QWidget):
    """Line edits for :class:`OfficeSetup`; the sender's name follows city + zone + office
    (each part once, see :func:`compose_sender`) until the clerk types one."""

    def __init__(self, setup: OfficeSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        values = {
            "zone_name": setup.zone_name,
            "city_name": setup.city_name,
            "office_name": setup.office_name,
            "sender_name": setup.sender_name,
            "sender_address": setup.sender_address,
            "sender_postcode": setup.sender_postcode,
            "clerks": "、".join(setup.clerks),
        }
        for key, label, tip in FIELDS:
            edit = QLineEdit(values[key], self)
            edit.setObjectName(f"setting_{key}")
            edit.setPlaceholderText(tip)
            edit.setToolTip(tip)
            edit.setMinimumWidth(320)
            self.edits[key] = edit
            self.form.addRow(label + "：", edit)
        postcode = self.edits["sender_postcode"]
        postcode.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), postcode))
        self._sender_follows = setup.sender_name in ("", self._composed_sender())
        for key in ("zone_name", "city_name", "office_name"):
            self.edits[key].textEdited.connect(self._names_edited)
        self.edits["sender_name"].textEdited.connect(self._sender_edited)

    def _composed_sender(self) -> str:
        text = {k: self.edits[k].text() for k in ("city_name", "zone_name", "office_name")}
        return compose_sender(text["city_name"], text["zone_name"], text["office_name"])

    def _names_edited(self) -> None:
        if self._sender_follows:
            self.edits["sender_name"].setText(self._composed_sender())

    def _sender_edited(self, text: str) -> None:
        self._sender_follows = not text.strip()

    def setup(self) -> OfficeSetup:
        """The form's values."""
        text = {key: edit.text().strip() for key, edit in self.edits.items()}
        return OfficeSetup(
            text["zone_name"],
            text["city_name"],
            text["office_name"],
            text["sender_name"],
            text["sender_address"],
            text["sender_postcode"],
            split_clerks(text["clerks"]),
        )
