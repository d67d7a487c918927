"""The 导入记录 tab: lists batches, undoes one (warning first when edited since)."""

from __future__ import annotations

import os
from pathlib import Path

from lao_gan_bu_desktop.services import import_apply
from lao_gan_bu_desktop.services.roster import update_person
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.importing.history import ImportHistoryTab
from tests.import_helpers import ZHANG, write_xlsx


def test_history_lists_and_undoes(qtbot, ctx, tmp_path: Path) -> None:
    tab = ImportHistoryTab()
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0 and not tab.empty.isHidden()
    path = write_xlsx(tmp_path / "科技局.xlsx", {"名单": [["姓名", "身份证号码"], ["张三", ZHANG]]})
    import_apply.import_file(path, "科技局", ctx.data_dir)
    tab.refresh()
    assert tab.table.rowCount() == 1
    assert [tab.table.item(0, c).text() for c in (2, 3, 5, 8)] == [
        "科技局.xlsx",
        "科技局",
        "1",
        "有效",
    ]
    update_person(Person.get().id, {"phone": "13800000000"})
    tab.table.selectRow(0)
    assert tab.undo_button.isEnabled()
    questions: list[str] = []
    tab.confirm = lambda title, text: questions.append(text) or len(questions) == 1
    assert not tab.undo_selected()  # the second question (edited since) answered no
    assert "张三在本次导入之后又被修改过" in questions[1]
    assert Person.select().count() == 1
    tab.confirm = lambda title, text: True
    tab.table.selectRow(0)
    assert tab.undo_selected()
    assert Person.select().count() == 0
    assert tab.table.item(0, 8).text().startswith("已于")
    tab.table.selectRow(0)
    assert not tab.undo_button.isEnabled()
    if os.environ.get("IMPORT_SHOTS"):
        tab.resize(900, 300)
        tab.grab().save(str(Path(os.environ["IMPORT_SHOTS"]) / "history.png"))
