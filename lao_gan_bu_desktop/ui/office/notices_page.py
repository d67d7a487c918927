"""The 情况通报 page: the notices (top) and the chosen one's recipients (below) with how each
was reached and whether they confirmed; a new notice to a group; envelopes or labels for
those reached by post."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import RuleError
from ...services import notices
from ..common.errors import show_error
from . import common

NEW_SHORTCUT = "Ctrl+Shift+N"
REACHED_SHORTCUT = "Ctrl+Shift+T"
CONFIRMED_SHORTCUT = "Ctrl+Shift+K"
POST_SHORTCUT = "Ctrl+Shift+B"
STATES = ("全部", "未通知", "已通知未确认", "已确认", "邮寄")

NOTICE_COLUMNS = (
    ("issued_on", "日期"),
    ("title", "标题"),
    ("audience", "发送范围"),
    ("recipients", "人数"),
    ("reached", "已通知"),
    ("confirmed", "已确认"),
    ("by_post", "邮寄"),
    ("attachment", "附件"),
)
RECIPIENT_COLUMNS = (
    ("name", "姓名"),
    ("unit", "单位"),
    ("phone", "电话"),
    ("channel", "通知方式"),
    ("reached_text", "通知日期"),
    ("confirmed", "已确认"),
    ("note", "备注"),
)


def _qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> _dt.date:
    return _dt.date(q.year(), q.month(), q.day())


class NoticeDialog(QDialog):
    """A new notice: title, date, text, attachment and the group it goes to. 保存并生成名单
    saves it with its recipient list (nothing is sent); what is wrong is said inside the open
    dialog, which stays open to be corrected. ``notice_id`` is the saved notice's id."""

    def __init__(self, today: _dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建情况通报")
        self.resize(620, 480)
        self.attachment: Path | None = None
        self.notice_id: int | None = None
        self.choices = notices.audience_choices()
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：关于管理体制改革进展情况的通报")
        form.addRow("标题：", self.title)
        self.title_error = QLabel()
        self.title_error.setObjectName("notice_title_error")
        self.title_error.setStyleSheet("color: #B00020;")
        self.title_error.hide()
        form.addRow("", self.title_error)
        self.issued_on = QDateEdit(_qdate(today))
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setDisplayFormat("yyyy-MM-dd")
        form.addRow("日期：", self.issued_on)
        self.audience = QComboBox()
        self.audience.addItems(list(self.choices))
        self.value = QComboBox()
        row = QHBoxLayout()
        row.addWidget(self.audience)
        row.addWidget(self.value, 1)
        form.addRow("发送给：", row)
        self.count = QLabel()
        form.addRow("", self.count)
        self.body = QPlainTextEdit()
        form.addRow("内容：", self.body)
        attach_row = QHBoxLayout()
        self.attachment_label = QLabel("（无）")
        pick = QPushButton("选择附件…")
        pick.clicked.connect(self.pick_attachment)
        attach_row.addWidget(self.attachment_label, 1)
        attach_row.addWidget(pick)
        form.addRow("附件：", attach_row)
        self.error = QLabel()
        self.error.setObjectName("notice_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B00020;")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        buttons = common.ok_cancel(self, "保存并生成名单")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setToolTip(
            "保存通报，并按发送范围生成送达名单；程序不会发送任何内容，通知后请在名单中登记"
        )
        layout.addWidget(buttons)
        self.audience.currentTextChanged.connect(self._audience_changed)
        self.value.currentTextChanged.connect(lambda _t: self._count())
        self.title.textChanged.connect(lambda _t: self._clear_error())
        self._audience_changed(self.audience.currentText())

    def _clear_error(self) -> None:
        self.title_error.hide()
        self.error.hide()
        self.title.setStyleSheet("")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        """Save the notice and its recipients; on a problem say so here and stay open."""
        values = self.values()
        if not values["title"].strip():
            self.title_error.setText("请填写通报标题，如：关于管理体制改革进展情况的通报。")
            self.title_error.show()
            self.title.setStyleSheet("border: 1px solid #B00020;")
            self.title.setFocus()
            return
        try:
            self.notice_id = notices.create_notice(**values)
        except RuleError as exc:
            self._show_error(exc.message)
            return
        except Exception as exc:  # e.g. the attachment cannot be copied: a box over the dialog
            show_error(self, exc, "无法新建通报")
            return
        super().accept()

    def _audience_changed(self, audience: str) -> None:
        self.value.clear()
        self.value.addItems(self.choices.get(audience, []))
        self.value.setEnabled(audience != "全部")
        self._count()

    def _count(self) -> None:
        try:
            ids = notices.audience_person_ids(
                self.audience.currentText(), self.value.currentText(), _date(self.issued_on.date())
            )
        except notices.NoticeError:
            self.count.setText("")
            return
        self.count.setText(f"共 {len(ids)} 名在册人员")

    def pick_attachment(self) -> None:
        path = common.ask_open_path(self, "选择通报附件")
        if path is not None:
            self.attachment = path
            self.attachment_label.setText(path.name)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "issued_on": _date(self.issued_on.date()),
            "body": self.body.toPlainText(),
            "audience": self.audience.currentText(),
            "audience_value": self.value.currentText(),
            "attachment": self.attachment,
        }


class NoticesPage(QWidget):
    """情况通报: the notices and the recipients of the chosen one."""

    def __init__(self, today: Callable[[], _dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices_page")
        self.today = today
        self.notice: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.new_button = common.button(
            "新建通报…", self.new_notice, f"新建情况通报并生成名单（{NEW_SHORTCUT}）"
        )
        self.delete_button = common.button("删除通报", self.delete_notice)
        self.attachment_button = common.button("打开附件", self.open_attachment)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.attachment_button)
        top.addStretch(1)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.list_model = common.RowsModel(NOTICE_COLUMNS, self)
        self.list_view = common.make_table(self.list_model, self, "notices_table")
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        splitter.addWidget(self.list_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("notice_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower_layout.addWidget(self.heading)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("显示："))
        self.state = QComboBox()
        self.state.addItems(STATES)
        self.state.currentTextChanged.connect(lambda _t: self._fill_recipients())
        actions.addWidget(self.state)
        actions.addSpacing(12)
        actions.addWidget(QLabel("方式："))
        self.channel = QComboBox()
        self.channel.addItems(notices.CHANNELS)
        actions.addWidget(self.channel)
        self.reached_on = QDateEdit(_qdate(today()))
        self.reached_on.setCalendarPopup(True)
        self.reached_on.setDisplayFormat("yyyy-MM-dd")
        actions.addWidget(self.reached_on)
        self.reached_button = common.button(
            "登记已通知",
            self.mark_reached,
            f"所选人员按所选方式、日期登记为已通知（{REACHED_SHORTCUT}）",
        )
        self.confirmed_button = common.button(
            "已确认", self.mark_confirmed, f"所选人员已确认收到（{CONFIRMED_SHORTCUT}）"
        )
        self.clear_button = common.button("改为未通知", self.mark_not_reached)
        self.post_button = common.button(
            "邮寄信封/标签…",
            self.print_post,
            f"为通知方式是“邮寄”的人打印信封或标签（{POST_SHORTCUT}）",
        )
        for b in (self.reached_button, self.confirmed_button, self.clear_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.post_button)
        lower_layout.addLayout(actions)
        self.model = common.RowsModel(RECIPIENT_COLUMNS, self, color=self._color)
        self.view = common.make_table(self.model, self, "recipients_table")
        lower_layout.addWidget(self.view, 1)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        common.shortcut(self, NEW_SHORTCUT, self.new_notice)
        common.shortcut(self, REACHED_SHORTCUT, self.mark_reached)
        common.shortcut(self, CONFIRMED_SHORTCUT, self.mark_confirmed)
        common.shortcut(self, POST_SHORTCUT, self.print_post)

    @staticmethod
    def _color(row: dict[str, Any], key: str) -> str | None:
        if key == "reached_text" and row.get("reached_on") is None:
            return "#c62828"
        return None

    def refresh(self) -> None:
        current = self.notice["id"] if self.notice else None
        self.list_model.set_rows(notices.list_notices())
        common.cap_columns(self.list_view, {1: 420})
        self.select_notice(current if current is not None else self._first_id())

    def _first_id(self) -> int | None:
        return self.list_model.rows[0]["id"] if self.list_model.rows else None

    def select_notice(self, notice_id: int | None) -> None:
        proxy = self.list_view.model()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(common.ID_ROLE) == notice_id:
                self.list_view.selectRow(r)
                self.list_view.setCurrentIndex(proxy.index(r, 0))
                self.show_current()
                return
        self.notice = None
        self.show_current()

    def show_current(self) -> None:
        nid = common.current_id(self.list_view)
        enabled = nid is not None
        for b in (
            self.delete_button,
            self.reached_button,
            self.confirmed_button,
            self.clear_button,
            self.post_button,
        ):
            b.setEnabled(enabled)
        if nid is None:
            self.notice = None
            self.heading.setText("还没有情况通报。点“新建通报…”写一份，并选择发给哪些人。")
            self.model.set_rows([])
            self.attachment_button.setEnabled(False)
            return
        ok, notice = common.guarded(self, "无法读取通报", notices.get_notice, nid)
        if not ok or notice is None:
            return
        self.notice = notice
        self.attachment_button.setEnabled(bool(notice["attachment"]))
        body = notice["body"].replace("\n", " ")
        if len(body) > 160:
            body = body[:160] + "…"
        self.heading.setText(
            f"<b>{notice['title']}</b>　{notice['issued_on']}　发送给{notice['audience_text']}"
            f"<br>{body}"
        )
        self._fill_recipients()

    def _fill_recipients(self) -> None:
        if self.notice is None:
            return
        state = self.state.currentText()
        rows = []
        for r in self.notice["recipients"]:
            if state == "未通知" and r["reached_on"] is not None:
                continue
            if state == "已通知未确认" and (r["reached_on"] is None or r["confirmed"]):
                continue
            if state == "已确认" and not r["confirmed"]:
                continue
            if state == "邮寄" and r["channel"] != "邮寄":
                continue
            rows.append({**r, "reached_text": r["reached_on"] or "未通知"})
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()

    def _after_change(self) -> None:
        selected = common.selected_ids(self.view)
        nid = self.notice["id"] if self.notice else None
        self.refresh()
        self.select_notice(nid)
        proxy = self.view.model()
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(common.ID_ROLE) in selected:
                self.view.selectionModel().select(
                    proxy.index(r, 0),
                    self.view.selectionModel().SelectionFlag.Select
                    | self.view.selectionModel().SelectionFlag.Rows,
                )

    def _record(self, title: str, **kwargs) -> bool:
        ids = common.selected_ids(self.view)
        ok, _ = common.guarded(
            self, title, notices.record_reached, ids, today=self.today(), **kwargs
        )
        if ok:
            self._after_change()
        return ok

    def mark_reached(self) -> bool:
        return self._record(
            "无法登记",
            channel=self.channel.currentText(),
            reached_on=_date(self.reached_on.date()),
        )

    def mark_confirmed(self) -> bool:
        return self._record("无法登记", confirmed=True, reached_on=_date(self.reached_on.date()))

    def mark_not_reached(self) -> bool:
        return self._record("无法登记", clear=True)

    def new_notice(self) -> int | None:
        dialog = NoticeDialog(self.today(), self)
        if not common.run_dialog(dialog) or dialog.notice_id is None:
            return None
        self.refresh()
        self.select_notice(dialog.notice_id)
        return dialog.notice_id

    def delete_notice(self) -> bool:
        if self.notice is None:
            return False
        if not common.ask_yes_no(
            self, "删除通报", f"删除《{self.notice['title']}》及其送达名单？此操作不能撤销。"
        ):
            return False
        ok, _ = common.guarded(self, "无法删除", notices.delete_notice, self.notice["id"])
        if ok:
            self.notice = None
            self.refresh()
        return ok

    def open_attachment(self) -> None:
        if self.notice is None:
            return
        ok, path = common.guarded(self, "无法打开附件", notices.attachment_file, self.notice["id"])
        if ok and path is not None:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_post(self) -> None:
        if self.notice is None:
            return
        ids = notices.postal_person_ids(self.notice["id"])
        if not ids:
            common.tell(self, "邮寄", "这份通报没有需要邮寄的人（通知方式都不是“邮寄”）。")
            return
        from ..labels.menu import open_labels_dialog

        open_labels_dialog(self, None, ids)
