"""Undoing an import after the office's everyday work: rows made for everyone at once (a 结转's
subscriptions, a 情况通报's recipients) never keep a new person; a clerk's records (a visit, an
aid case, a family member) do, and the warning says so plainly."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import aid, import_undo, notices, subscriptions, visits
from lao_gan_bu_desktop.services.roster import create_person, list_persons, update_person
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.storage.office_models import NoticeRecipient, Subscription
from tests.conftest import FIXED_TODAY
from tests.import_helpers import make_id, write_xlsx
from tests.services.test_importing import run_import

NEW = ["王德明", "李秀英", "张建华", "刘淑芬", "陈国强", "杨桂兰", "赵文明"]
OLD_ID = make_id(_dt.date(1950, 1, 1), 90)


def _import(ctx, tmp_path: Path):
    create_person({"name": "周长林", "id_number": OLD_ID, "phone": "13800000001"})
    rows = [["姓名", "身份证号码", "手机"], ["周长林", OLD_ID, "13900000002"]]
    rows += [[name, make_id(_dt.date(1950, 2, 1 + i), 40 + i), None] for i, name in enumerate(NEW)]
    _, result = run_import(write_xlsx(tmp_path / "花名册.xlsx", {"名单": rows}), ctx)
    assert (result.imported, result.updated) == (7, 1)
    return result.batch_id


def _pid(name: str) -> int:
    return Person.get(Person.name == name).id


def _everyone_rows() -> None:
    """The 2026 一刊一报 结转 and one 情况通报: rows for every person, nobody's choice."""
    subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
    subscriptions.roll_forward(2026)
    notices.create_notice("关于活动室开放时间的通报", FIXED_TODAY, "每周二、四开放。")
    assert Subscription.select().count() == 8
    assert NoticeRecipient.select().count() == 8


def test_roll_forward_and_notice_rows_do_not_keep_new_people(ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    batch = _import(ctx, tmp_path)
    _everyone_rows()
    preview = import_undo.undo_preview(batch)
    assert preview.kept == [] and not preview.needs_confirmation
    assert import_undo.undo_import(batch, ctx.data_dir) == {"removed": 7, "restored": 1, "kept": 0}
    assert [p["name"] for p in list_persons()] == ["周长林"]
    assert Subscription.select().count() == NoticeRecipient.select().count() == 1


def test_clerk_records_keep_new_people_and_the_warning_says_so(ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    batch = _import(ctx, tmp_path)
    visits.create_visit(visits.VisitInput((_pid("李秀英"),), "日常走访", FIXED_TODAY))
    aid.create_case(
        _pid("张建华"),
        year=2026,
        category="医疗救助",
        reason="老伴住院，自付医疗费 2.3 万元。",
        amount_requested="3000",
        on=FIXED_TODAY,
    )
    update_person(_pid("王德明"), {}, contacts=[{"name": "王小明", "relation": "儿子"}])
    _everyone_rows()
    with pytest.raises(import_undo.UndoConflict) as info:
        import_undo.undo_import(batch, ctx.data_dir)
    preview = info.value.preview
    assert preview.kept == ["王德明", "李秀英", "张建华"]
    assert preview.removed == ["刘淑芬", "陈国强", "杨桂兰", "赵文明"]
    assert preview.edited == [] and preview.edited_new == []  # nobody is "restored" wrongly
    text = info.value.message
    assert (
        "3 人因已有走访、帮扶、家属联系人等后续记录，撤销时不删除：王德明、李秀英、张建华" in text
    )
    assert "命令行" not in text and "--force" not in text
    assert "恢复" not in text.split("王德明")[0]  # the new 王德明 is never said to be restored
    assert "删除本次导入新增的 4 人" in text
    assert import_undo.undo_import(batch, ctx.data_dir, force=True) == {
        "removed": 4,
        "restored": 1,
        "kept": 3,
    }
    assert sorted(p["name"] for p in list_persons()) == sorted(
        ["周长林", "王德明", "李秀英", "张建华"]
    )
    assert "后续记录未删除：王德明、李秀英、张建华" in preview.kept_text(done=True)


def test_a_new_person_edited_since_is_deleted_not_restored(ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    batch = _import(ctx, tmp_path)
    update_person(_pid("王德明"), {"phone": "13700000000"})
    update_person(_pid("周长林"), {"address": "文化路1号"})
    preview = import_undo.undo_preview(batch)
    assert preview.edited_new == ["王德明"] and preview.edited == ["周长林"]
    text = preview.warning_text()
    assert "其中王德明在导入之后又被修改过，这些修改随人员一并删除" in text
    assert "其中周长林在本次导入之后又被修改过，之后所做的修改将丢失" in text
    assert import_undo.undo_import(batch, ctx.data_dir, force=True)["removed"] == 7
