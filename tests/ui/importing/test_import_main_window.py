"""The import wizard reached from the main window: 文件 → 导入… (Ctrl+I) and files dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.importing import common as ic
from tests.import_helpers import ZHANG, write_xlsx


def _settle(qtbot, wizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy, timeout=30000)


def test_menu_action_opens_the_wizard(window, qtbot) -> None:
    actions = {a.text(): a for a in window.menu("文件").actions()}
    action = actions["导入…"]
    assert action.shortcut().toString() == "Ctrl+I"
    assert "下载空白导入模板…" in actions
    action.trigger()
    tab = window.tabs["imports"]
    assert tab.wizard is not None and tab.wizard.isVisible()
    assert tab.wizard.currentId() == ic.PAGE_FILES
    tab.wizard.reject()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # QDragEnterEvent's constructor
def test_dropped_file_is_imported_and_the_window_follows(window, qtbot, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "科技局.xlsx", {"名单": [["姓名", "身份证号码"], ["新来的", ZHANG]]}
    )
    before = Person.select().count()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    wizard = window.tabs["imports"].wizard
    assert wizard is not None and wizard.isVisible()
    assert [p for p, _u in wizard.files_page.entries()] == [path]
    assert wizard.files_page.entries()[0][1] == "科技局"  # guessed from the file name
    for _ in range(3):
        wizard.next()
        _settle(qtbot, wizard)
    with qtbot.waitSignal(wizard.imported, timeout=30000):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ic.PAGE_DONE, timeout=30000)
    assert Person.select().count() == before + 1
    history = window.show_tab("imports")
    assert history.table.rowCount() == 1
    assert history.table.item(0, 2).text() == "科技局.xlsx"
    wizard.accept()
