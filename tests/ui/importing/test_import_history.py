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
    told: list[str] = []
    tab.tell = lambda title, text: told.append(text)
    tab.confirm = lambda title, text: questions.append(text) and False
    assert not tab.undo_selected()  # one question, answered no
    assert questions == [
        "确定要撤销第 1 批导入（科技局.xlsx）吗？\n· 删除本次导入新增的 1 人。\n"
        "  其中张三在导入之后又被修改过，这些修改随人员一并删除。\n撤销前会自动备份当前数据。"
    ]
    assert Person.select().count() == 1 and told == []
    tab.confirm = lambda title, text: True
    tab.table.selectRow(0)
    assert tab.undo_selected()
    assert Person.select().count() == 0
    assert told == [
        "第 1 批导入已撤销：删除 1 人，恢复 0 人，保留 0 人。\n撤销前的数据已自动备份。"
    ]
    assert tab.table.item(0, 8).text().startswith("已于")
    tab.table.selectRow(0)
    assert not tab.undo_button.isEnabled()
    if os.environ.get("IMPORT_SHOTS"):
        tab.resize(900, 300)
        tab.grab().save(str(Path(os.environ["IMPORT_SHOTS"]) / "history.png"))


def test_undo_after_a_roll_forward_says_who_is_kept(qtbot, ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services import subscriptions
    from tests.import_helpers import LI

    tab = ImportHistoryTab()
    qtbot.addWidget(tab)
    rows = [["姓名", "身份证号码"], ["张三", ZHANG], ["李四", LI]]
    import_apply.import_file(
        write_xlsx(tmp_path / "a.xlsx", {"名单": rows}), "科技局", ctx.data_dir
    )
    subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
    subscriptions.roll_forward(2026)  # a row for everyone: keeps nobody
    zhang = Person.get(Person.name == "张三").id
    update_person(zhang, {}, contacts=[{"name": "张小三", "relation": "儿子"}])
    tab.refresh()
    tab.table.selectRow(0)
    questions: list[str] = []
    told: list[str] = []
    tab.confirm = lambda title, text: questions.append(text) or True
    tab.tell = lambda title, text: told.append(text)
    assert tab.undo_selected()
    assert "1 人因已有家属联系人等后续记录，撤销时不删除：张三" in questions[0]
    assert "恢复到导入前" not in questions[0] and "命令行" not in questions[0]
    assert told[0].startswith("第 1 批导入已撤销：删除 1 人，恢复 0 人，保留 1 人。")
    assert "1 人因已有家属联系人等后续记录未删除：张三。" in told[0]
    assert [p.name for p in Person.select()] == ["张三"]
