"""One editor per person-field kind (core.fields.FieldSpec.kind), each with its error label.

choice → QComboBox with the vocabulary; date → QLineEdit that accepts any date form core.dates
reads (re-written as 1955-03-12 when the field is left); bool → QCheckBox; tags → QLineEdit;
id → QLineEdit with a red/green verdict next to it; unit and party branch → editable QComboBox
with the known names. Every editor reports ``value()`` as the raw input the services normalise.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import format_date, parse_optional_date
from ...core.errors import RuleError
from ...core.fields import TAG_SEPARATOR, FieldSpec
from ...core.vocab import HOBBY_TAGS
from .formatting import display_text

LONG_TEXT_KEYS = frozenset({"notes", "needs", "specialties"})
EMPTY_CHOICE = "（未填）"
DATE_HINT = "如 1955-03-12、1955.3 或 1955年3月"
ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b7f3b;"
NEUTRAL_STYLE = "color: #6b6b6b;"


class FieldEditor(QObject):
    """An editor widget for one field, plus the label that shows its error."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, editor: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self.editor = editor
        self.editor.setObjectName(f"field_{spec.key}")
        self.error_label = QLabel(parent)
        self.error_label.setObjectName(f"error_{spec.key}")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.side_label: QLabel | None = None
        self.container = QWidget(parent)
        column = QVBoxLayout(self.container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(editor, 1)
        self._row = row
        column.addLayout(row)
        column.addWidget(self.error_label)

    def add_side_label(self) -> QLabel:
        self.side_label = QLabel(self.container)
        self.side_label.setObjectName(f"verdict_{self.spec.key}")
        self._row.addWidget(self.side_label)
        return self.side_label

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setToolTip(message)
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def local_error(self) -> str:
        """A problem found without asking the database (e.g. a date that cannot be read)."""
        return ""


class LineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.line = QLineEdit(parent)
        super().__init__(spec, self.line, parent)
        self.line.textChanged.connect(self.changed)

    def value(self) -> Any:
        return self.line.text()

    def set_value(self, value: Any) -> None:
        self.line.setText(display_text(value) if not isinstance(value, bool) else "")


class LongTextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.text = QPlainTextEdit(parent)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72 if spec.key != "notes" else 200)
        super().__init__(spec, self.text, parent)
        self.text.textChanged.connect(self.changed)

    def value(self) -> Any:
        return self.text.toPlainText()

    def set_value(self, value: Any) -> None:
        self.text.setPlainText(display_text(value))


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.combo = QComboBox(parent)
        self.combo.addItem(EMPTY_CHOICE, "")
        for choice in spec.choices:
            self.combo.addItem(choice, choice)
        self.combo.setMaxVisibleItems(16)
        super().__init__(spec, self.combo, parent)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        return self.combo.currentData() or ""

    def set_value(self, value: Any) -> None:
        text = display_text(value)
        index = self.combo.findData(text)
        if index < 0 and text:
            self.combo.addItem(text, text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class NameChoiceEditor(FieldEditor):
    """Editable choice of known names (units, party branches); a new name is added on save."""

    def __init__(self, spec: FieldSpec, parent: QWidget, names: list[str]) -> None:
        self.combo = QComboBox(parent)
        self.combo.setEditable(True)
        self.combo.addItem("")
        self.combo.addItems(names)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText("选择或输入名称")
        completer = self.combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        super().__init__(spec, self.combo, parent)
        self.combo.currentTextChanged.connect(self.changed)

    def value(self) -> Any:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentText(display_text(value))


class DateEditor(LineEditor):
    """Any date form the unit spreadsheets use; rewritten as ISO when the field is left."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(spec, parent)
        self.line.setPlaceholderText(DATE_HINT)
        self.line.setToolTip("可填写 1955-03-12、1955/3/12、1955.3、1955年3月 等；留空表示未知")
        self.line.editingFinished.connect(self._tidy)

    def local_error(self) -> str:
        try:
            parse_optional_date(self.line.text())
        except RuleError as exc:
            return exc.message
        return ""

    def _tidy(self) -> None:
        message = self.local_error()
        self.set_error(message)
        if not message and self.line.text().strip():
            tidy = format_date(parse_optional_date(self.line.text()))
            if tidy != self.line.text():
                self.line.setText(tidy)


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.check = QCheckBox(spec.label, parent)
        super().__init__(spec, self.check, parent)
        self.check.toggled.connect(self.changed)

    def value(self) -> Any:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class TagsEditor(LineEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(spec, parent)
        self.line.setPlaceholderText(
            f"用“{TAG_SEPARATOR}”分隔，如 {TAG_SEPARATOR.join(HOBBY_TAGS[:3])}"
        )


def make_editor(spec: FieldSpec, parent: QWidget, names: dict[str, list[str]]) -> FieldEditor:
    """The editor for ``spec`` by its kind (see the module docstring)."""
    if spec.key in names:
        return NameChoiceEditor(spec, parent, names[spec.key])
    if spec.kind == "choice":
        return ChoiceEditor(spec, parent)
    if spec.kind == "date":
        return DateEditor(spec, parent)
    if spec.kind == "bool":
        return BoolEditor(spec, parent)
    if spec.kind == "tags":
        return TagsEditor(spec, parent)
    if spec.key in LONG_TEXT_KEYS:
        return LongTextEditor(spec, parent)
    editor = LineEditor(spec, parent)
    if spec.kind == "id":
        editor.line.setPlaceholderText("18位公民身份号码（旧的15位也可）")
        editor.line.setMaxLength(24)
        editor.add_side_label()
    elif spec.kind == "phone":
        editor.line.setPlaceholderText("手机号或带区号的固定电话")
    elif spec.kind == "postcode":
        editor.line.setPlaceholderText("6位数字")
        editor.line.setMaxLength(8)
    return editor
