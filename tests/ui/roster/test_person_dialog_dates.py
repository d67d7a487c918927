"""The person dialog refuses dates that cannot be true (issue 14, defect 1), beside each field,
through the same rule as the import (core.person_dates via services.roster)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.storage.models import Person
from tests.ui.roster.test_person_dialog import open_new


def test_impossible_dates_are_shown_beside_their_fields(window, qtbot) -> None:
    dialog = open_new(window, qtbot)
    dialog.editors["name"].line.setText("钱未来")
    dialog.editors["birth_date"].line.setText("2031-01-01")
    dialog.editors["retirement_date"].line.setText("2020-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "晚于今天" in dialog.editors["birth_date"].error()
    assert dialog.isVisible() and not Person.select().where(Person.name == "钱未来").exists()

    dialog.editors["birth_date"].line.setText("1950-03-01")
    dialog.editors["retirement_date"].line.setText("1949-10")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "早于出生日期1950-03-01" in dialog.editors["retirement_date"].error()
    assert dialog.editors["birth_date"].error() == ""

    dialog.editors["retirement_date"].line.setText("2010-03")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert Person.select().where(Person.name == "钱未来").exists()
