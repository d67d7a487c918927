"""Helpers for the 帮扶 UI tests: a script of dialog fillers in place of the modal step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lao_gan_bu_desktop.ui.aid import common as aid_common


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text``: real key clicks for ASCII, an input-method style insert for Chinese."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


class Script:
    """Fillers for the dialogs the widgets will open, in order; records questions and errors."""

    def __init__(self) -> None:
        self.fillers: list[Callable] = []
        self.seen: list[str] = []
        self.questions: list[str] = []
        self.answers: list[bool] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.opened: list[Path] = []
        self.save_paths: list[Path] = []
        self.open_paths: list[list[Path]] = []

    def run_dialog(self, dialog) -> bool:
        self.seen.append(type(dialog).__name__)
        if not self.fillers:
            return False
        return self.fillers.pop(0)(dialog) is not False


@pytest.fixture(name="script")
def script_fixture(monkeypatch) -> Script:
    s = Script()
    monkeypatch.setattr(aid_common, "run_dialog", s.run_dialog)

    def ask(parent, title, text):
        s.questions.append(text)
        return s.answers.pop(0) if s.answers else False

    monkeypatch.setattr(aid_common, "ask_yes_no", ask)
    monkeypatch.setattr(aid_common, "tell_error", lambda p, t, text: s.errors.append(text))
    monkeypatch.setattr(aid_common, "tell_info", lambda p, t, text: s.infos.append(text))
    monkeypatch.setattr(aid_common, "open_path", lambda path: s.opened.append(path) or True)
    monkeypatch.setattr(aid_common, "ask_save_path", lambda p, t, suggested, f: s.save_paths.pop(0))
    monkeypatch.setattr(aid_common, "ask_open_paths", lambda p, t: s.open_paths.pop(0))
    return s
