"""The person dialog: view, add or change one retired cadre, with family members.

Editors are built from core.fields.PERSON_FIELDS by kind (see field_editors). Typing an ID number
fills birth date and gender and says at once whether it is valid or already on record. Saving
goes through services.roster (create_person / update_person, which audit the change); every
PersonValidationError reason is shown next to its field. A change is saved against the version
the dialog loaded: when someone else saved the person meanwhile, the conflict dialog asks 重新载入
/ 仍然保存 / 取消. Closing with unsaved changes asks 保存 / 放弃 / 取消.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import clock, phones
from ...core.errors import RuleError
from ...core.fields import PERSON_FIELDS
from ...core.idnumber import parse_id_number
from ...services import roster
from ...services.errors import ConflictError
from ...services.roster import branch_names, unit_names
from ..common.conflict_dialog import OVERWRITE, RELOAD, ask_conflict
from ..common.errors import show_error
from ..common.field_editors import ERROR_STYLE, NEUTRAL_STYLE, OK_STYLE, FieldEditor, make_editor
from ..common.screen_fit import available_geometry, fit_to_screen
from .contacts_table import ContactsEditor

CONTACTS_TAB = "联系方式与家属"
PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "基本信息",
        (
            "name",
            "gender",
            "ethnicity",
            "id_number",
            "birth_date",
            "lunar_birthday",
            "retirement_kind",
            "retirement_date",
            "work_start_date",
            "unit",
            "position",
            "rank_level",
            "status",
            "death_date",
        ),
    ),
    (
        CONTACTS_TAB,
        ("residence_area", "address", "postcode", "phone", "landline", "in_wechat_group"),
    ),
    (
        "健康与需求",
        (
            "living_arrangement",
            "health_status",
            "self_care",
            "bedridden",
            "hardship",
            "specialties",
            "hobbies",
            "needs",
        ),
    ),
    ("党组织", ("political_status", "party_join_date", "party_branch", "journal", "newspaper")),
    ("备注", ("notes",)),
)
TWO_COLUMN_PAGES: frozenset[str] = frozenset()
UNSAVED_SAVE, UNSAVED_DISCARD, UNSAVED_CANCEL = "save", "discard", "cancel"


def _page_keys() -> list[tuple[str, list[str]]]:
    """PAGES, with any field core adds later placed on 备注 so that none is lost."""
    placed = {key for _, keys in PAGES for key in keys}
    pages = [(title, list(keys)) for title, keys in PAGES]
    extra = [spec.key for spec in PERSON_FIELDS if spec.key not in placed]
    pages[-1][1][:0] = extra
    return pages


def _aid_page(person_id: int, parent: QWidget, today: Callable[[], _dt.date]) -> QWidget:
    from ..aid.person_aid_widget import PersonAidWidget

    page = PersonAidWidget(person_id, parent, today=today)
    refresh = getattr(parent.parentWidget(), "refresh", None)  # the main window: tiers follow
    if callable(refresh):
        page.changed.connect(refresh)
    return page


def _retiree_page(person_id: int, parent: QWidget, today: Callable[[], _dt.date]) -> QWidget:
    from ..office.retirees_page import RetireeChecklistWidget

    page = RetireeChecklistWidget(person_id, parent, today=today)
    refresh = getattr(parent.parentWidget(), "refresh", None)  # the main window: 日常工作 follows
    if callable(refresh):
        page.changed.connect(refresh)
    return page


def _participation_page(person_id: int, parent: QWidget, today: Callable[[], _dt.date]) -> QWidget:
    from ..office.activities_page import ParticipationWidget

    return ParticipationWidget(person_id, parent, today=today)


# Pages that features add for a saved person: (tab title, factory(person_id, dialog, today)).
FEATURE_PAGES: list[tuple[str, Callable[[int, QWidget, Callable[[], _dt.date]], QWidget]]] = [
    ("帮扶记录", _aid_page),
    ("离退休办理", _retiree_page),
    ("活动与团队", _participation_page),
]


class PersonDialog(QDialog):
    """Add (``person_id=None``) or edit one person. Emits ``saved(person_id)`` after saving."""

    saved = Signal(int)

    def __init__(
        self,
        person_id: int | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], _dt.date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self._today = today
        self.version: int | None = None  # the stored version the fields were loaded from
        self.setObjectName("person_dialog")
        self.setWindowTitle("新增人员" if person_id is None else "人员信息")
        names = {"unit": unit_names(), "party_branch": branch_names()}
        self.editors: dict[str, FieldEditor] = {}
        self.tabs = QTabWidget(self)
        self._page_of: dict[str, int] = {}
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet(NEUTRAL_STYLE)
        self.contacts = ContactsEditor(self)
        for title, keys in _page_keys():
            page = QWidget()
            grid = QGridLayout(page)
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(8)
            columns = 2 if title in TWO_COLUMN_PAGES else 1
            rows = (len(keys) + columns - 1) // columns
            for n, key in enumerate(keys):
                spec = next(s for s in PERSON_FIELDS if s.key == key)
                editor = make_editor(spec, page, names)
                self.editors[key] = editor
                self._page_of[key] = self.tabs.count()
                row, col = n % rows, (n // rows) * 2
                if spec.kind != "bool":
                    label = QLabel(spec.label + "：", page)
                    label.setBuddy(editor.editor)
                    grid.addWidget(
                        label, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
                    )
                grid.addWidget(editor.container, row, col + 1)
                editor.changed.connect(self._on_changed)
            next_row = rows
            if title == CONTACTS_TAB:
                self.phone_note = QLabel(page)
                self.phone_note.setStyleSheet(NEUTRAL_STYLE)
                self.phone_note.setWordWrap(True)
                self.phone_note.hide()
                grid.addWidget(self.phone_note, next_row, 1)
                next_row += 1
                grid.addWidget(QLabel("家属与紧急联系人：", page), next_row, 0, 1, 2)
                grid.addWidget(self.contacts, next_row + 1, 0, 1, 2)
                self._page_of["contacts"] = self.tabs.count()
                grid.setRowStretch(next_row + 1, 1)
            else:
                grid.setRowStretch(next_row, 1)
            for col in range(1, columns * 2, 2):
                grid.setColumnStretch(col, 1)
            scroll = QScrollArea()
            scroll.setWidget(page)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            self.tabs.addTab(scroll, title)
        if person_id is not None:  # 走访记录: visits, hospital stays, health checks
            from ..visits.person_visits_widget import PersonVisitsWidget

            self.visits_widget = PersonVisitsWidget(person_id, today=today)
            self.tabs.addTab(self.visits_widget, "走访记录")
        self.contacts.changed.connect(self._on_changed)
        self.feature_pages: dict[str, QWidget] = {}
        if person_id is not None:  # records kept elsewhere (帮扶 …) for a saved person
            for title, factory in FEATURE_PAGES:
                self.feature_pages[title] = factory(person_id, self, today)
                self.tabs.addTab(self.feature_pages[title], title)
        self.editors["id_number"].changed.connect(self._check_id_number)
        for key in ("phone", "landline"):
            editing_finished = getattr(self.editors[key].editor, "editingFinished", None)
            if editing_finished is not None:
                editing_finished.connect(self.sort_phones)
        self.editors["status"].changed.connect(self._status_changed)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("保存并关闭（Ctrl+S）")
        self.save_button.setShortcut("Ctrl+S")
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setToolTip("关闭；有未保存的修改时会先询问（Esc）")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self._load()
        self._snapshot = self._current()
        fit_to_screen(self, 700, 720)
        self._show_every_tab()

    def _show_every_tab(self) -> None:
        """Wide enough for every page's tab, as far as the screen allows: at 700 px the last
        page (活动与团队) hid behind the tab bar's scroll arrows, where no clerk finds it."""
        margins = self.layout().contentsMargins()
        needed = self.tabs.tabBar().sizeHint().width() + margins.left() + margins.right() + 8
        room = available_geometry(self).width() - 16
        if self.width() < needed:
            self.resize(min(needed, room), self.height())

    # --- loading --------------------------------------------------------------------------
    def _load(self) -> None:
        if self.person_id is None:
            defaults = {
                "retirement_kind": "退休",
                "status": "在册",
                "residence_area": "本市",
                "self_care": "自理",
                "hardship": "无",
                "ethnicity": "汉族",
            }
            for key, value in defaults.items():
                self.editors[key].set_value(value)
            self.summary.setText("填写后按“保存”。带红字的项需要修改后才能保存。")
        else:
            person = roster.get_person(self.person_id, day=self._today())
            self.version = int(person.get("version") or 0)
            for key, editor in self.editors.items():
                editor.set_value(person.get(key))
            self.contacts.set_contacts(person.get("contacts", []))
            self.setWindowTitle(f"人员信息 — {person['name']}")
            age = f"{person['age']} 岁" if person.get("age") is not None else "年龄不详"
            self.summary.setText(
                f"{person['name']}　{age}　服务分级：{person.get('service_tier', '')}"
                f"　状态：{person.get('status', '')}　编号：{self.person_id}"
            )
        self._status_changed()
        self._check_id_number()

    def _current(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        return self.data(), self.contacts.contacts()

    def data(self) -> dict[str, Any]:
        """The raw values of every field, as the services expect them."""
        return {key: editor.value() for key, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self._current() != self._snapshot

    # --- live checks ----------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.general_error.hide()
        sender = self.sender()
        if isinstance(sender, FieldEditor) and sender.spec.key != "id_number":
            sender.set_error("")

    def _status_changed(self) -> None:
        dead = self.editors["status"].value() == "已故"
        self.editors["death_date"].editor.setEnabled(dead)

    def _check_id_number(self) -> None:
        """Verdict next to the ID field; a valid number fills birth date and gender."""
        editor = self.editors["id_number"]
        verdict = editor.side_label
        assert verdict is not None
        text = str(editor.value()).strip()
        if not text:
            verdict.setText("")
            editor.set_error("")
            return
        compact = "".join(text.split())
        if len(compact) < 15 and compact.isdigit():
            verdict.setStyleSheet(NEUTRAL_STYLE)
            verdict.setText(f"已输入 {len(compact)} 位")
            editor.set_error("")
            return
        try:
            info = parse_id_number(text)
        except RuleError as exc:
            verdict.setStyleSheet(ERROR_STYLE)
            verdict.setText("✗ 无效")
            editor.set_error(exc.message)
            return
        holder = roster.find_by_id_number(info.number, self.person_id)
        if holder is not None:
            verdict.setStyleSheet(ERROR_STYLE)
            verdict.setText("✗ 重复")
            editor.set_error(roster.duplicate_id_message(holder))
            return
        verdict.setStyleSheet(OK_STYLE)
        verdict.setText(f"✓ 有效（{info.gender}，{info.birth_date.isoformat()}）")
        editor.set_error("")
        self.editors["birth_date"].set_value(info.birth_date)
        self.editors["birth_date"].set_error("")
        self.editors["gender"].set_value(info.gender)

    def sort_phones(self) -> None:
        """Put each number in 手机 or 固定电话 by its form (a landline typed as 手机 moves, a
        field with both is split) and say so beside the field."""
        phone, landline = self.editors["phone"], self.editors["landline"]
        split = phones.sort_phones(phone.value(), landline.value())
        if split.unknown:
            return  # not phone numbers: the check on saving says what is wrong
        moved = []
        if split.mobile != str(phone.value() or "").strip():
            moved.append("手机")
        if split.landline != str(landline.value() or "").strip():
            moved.append("固定电话")
        if not moved or split.extra:
            return
        phone.set_value(split.mobile)
        landline.set_value(split.landline)
        note = "已按号码的样子分到“手机”和“固定电话”两栏，请核对"
        for editor in (phone, landline):
            editor.editor.setToolTip(note)
        self.phone_note.setText(note)
        self.phone_note.show()

    def local_errors(self) -> dict[str, str]:
        """Problems found before asking the services (bad dates, a bad or duplicate ID)."""
        errors = {key: ed.local_error() for key, ed in self.editors.items() if ed.local_error()}
        id_error = self.editors["id_number"].error()
        if id_error:
            errors["id_number"] = id_error
        return errors

    # --- saving ---------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each reason next to its field and show the first tab that has one."""
        for key, editor in self.editors.items():
            editor.set_error(errors.get(key, ""))
        self.contacts.set_error(errors.get("contacts", ""))
        other = [
            msg for key, msg in errors.items() if key not in self.editors and key != "contacts"
        ]
        self.general_error.setText("；".join(other))
        self.general_error.setVisible(bool(other))
        pages = [self._page_of[k] for k in errors if k in self._page_of]
        if pages:
            first = min(pages)
            self.tabs.setCurrentIndex(first)
            for key in errors:
                if key in self.editors and self._page_of[key] == first:
                    self.editors[key].editor.setFocus()
                    break

    def save(self) -> bool:
        """Validate and save through services.roster; True when saved (the dialog then closes).
        Every problem is shown at once, each beside its field."""
        self.sort_phones()
        local = self.local_errors()
        errors = roster.person_errors(
            self.data(), self.contacts.contacts(), exclude_id=self.person_id
        )
        errors.update(local)  # the dialog's own wording for dates and the ID number
        if errors:
            self.show_errors(errors)
            return False
        data, contacts = self._current()
        version = self.version
        while True:
            try:
                if self.person_id is None:
                    self.person_id = roster.create_person(data, contacts)
                else:
                    roster.update_person(self.person_id, data, contacts, expected_version=version)
            except ConflictError as exc:
                choice = self.ask_conflict(exc)
                if choice == OVERWRITE and not exc.deleted:
                    version = exc.current_version
                    continue
                if choice == RELOAD:
                    self.reload()
                return False
            except roster.PersonValidationError as exc:
                self.show_errors(exc.errors)
                return False
            except Exception as exc:
                show_error(self, exc, "保存失败")
                return False
            break
        self._snapshot = self._current()
        self.saved.emit(self.person_id)
        self.accept()
        return True

    def ask_conflict(self, error: ConflictError) -> str:
        """重新载入 / 仍然保存 / 取消 when someone else saved the person meanwhile."""
        return ask_conflict(self, error)

    def reload(self) -> None:
        """Show what is stored now, dropping the clerk's unsaved changes (重新载入)."""
        self.show_errors({})
        self._load()
        self._snapshot = self._current()

    def ask_unsaved(self) -> str:
        """保存 / 放弃 / 取消 for unsaved changes (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "未保存的修改", "有尚未保存的修改，是否保存？", parent=self
        )
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return UNSAVED_SAVE
        if clicked is discard:
            return UNSAVED_DISCARD
        return UNSAVED_CANCEL

    def reject(self) -> None:
        if self.is_dirty():
            answer = self.ask_unsaved()
            if answer == UNSAVED_SAVE:
                self.save()
                return
            if answer == UNSAVED_CANCEL:
                return
        super().reject()
