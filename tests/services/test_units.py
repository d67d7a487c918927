"""单位 on a real data folder: each unit's people counted by kind, tier and hardship (only those
在册), its latest import from a real workbook, this year's 核对表 and the list of units that owe
it; renaming carries imports and saved mappings along and refuses a taken name with a word about
合并; merging moves people, import batches, saved mappings, party branches and check lists to
the survivor, so that undoing an older import puts people back into the survivor; and the
outputs that list units follow the zone's order."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.idnumber import check_digit
from lao_gan_bu_desktop.services import (
    audit,
    health,
    import_apply,
    import_undo,
    notices,
    roster,
    subscriptions,
    units,
)
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.storage.backup import list_backups
from lao_gan_bu_desktop.storage.import_models import ColumnMapping, ImportBatch
from lao_gan_bu_desktop.storage.models import AuditLog, PartyBranch, Person, Unit
from lao_gan_bu_desktop.storage.party_models import PartyBranchUnit
from lao_gan_bu_desktop.storage.unit_models import UnitCheckList

D = _dt.date
TODAY = D(2026, 11, 29)


def _id(birth: str, serial: str) -> str:
    first = f"410105{birth}{serial}"
    return first + check_digit(first)


@pytest.fixture
def zone(ctx):
    """科技局 (two 在册, one 已故), 财政局 (one 特困), 管委会 (no one yet), on 2026-11-29."""
    clock.set_today(TODAY)
    set_setting("zone_name", "高新区")
    ids = {
        "wang": roster.create_person(
            {
                "name": "王建国",
                "id_number": _id("19440105", "001"),
                "retirement_kind": "离休",
                "unit": "科技局",
                "bedridden": True,
            }
        ),
        "li": roster.create_person(
            {"name": "李秀英", "id_number": _id("19620301", "002"), "unit": "科技局"}
        ),
        "gone": roster.create_person(
            {"name": "钱志强", "birth_date": "1940-01-01", "unit": "科技局", "status": "已故"}
        ),
        "zhao": roster.create_person(
            {
                "name": "赵德明",
                "id_number": _id("19500601", "013"),
                "unit": "财政局",
                "hardship": "特困",
                "phone": "13800000001",
            }
        ),
    }
    units.add_unit("管委会", leader="陈志强", contact="赵敏", phone="0371 6788 1234")
    return ids


def _unit(name: str) -> dict:
    return next(u for u in units.list_units() if u["name"] == name)


def _import(tmp_path: Path, ctx, unit: str, rows: list[list[str]]) -> int:
    """Import a real workbook from ``unit`` (no unit column: everyone gets ``unit``)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号码", "联系电话"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / f"{unit}离退休干部名单.xlsx"
    book.save(path)
    summary = import_apply.import_file(path, unit, ctx.data_dir)
    assert summary["ok"], summary
    return summary["batch_id"]


def test_counts_by_kind_tier_and_hardship_only_on_the_roster(zone) -> None:
    tech = _unit("科技局")
    assert tech["persons"] == 2  # 钱志强 (已故) is not counted
    assert tech["by_kind"] == {"离休": 1, "退休": 1}
    assert tech["by_tier"] == {"活跃": 1, "关照": 0, "重点": 1}  # 王建国 is bedridden
    finance = _unit("财政局")
    assert finance["persons"] == 1 and finance["hardship"] == 1
    assert finance["by_hardship"]["特困"] == 1 and finance["by_tier"]["重点"] == 1
    office = _unit("管委会")
    assert office["persons"] == 0 and office["leader"] == "陈志强"
    assert office["phone"] == "0371-67881234"  # the phone in its canonical form
    # the zone's order: pinyin until the clerk sets one, then the clerk's
    assert [u["name"] for u in units.list_units()] == ["财政局", "管委会", "科技局"]
    units.set_unit_order(["科技局"])
    assert [(u["order"], u["name"]) for u in units.list_units()] == [
        (1, "科技局"),
        (2, "财政局"),
        (3, "管委会"),
    ]
    units.move_unit(units.unit_id("管委会"), -2)
    assert units.ordered_units() == ["管委会", "科技局", "财政局"]


def test_last_import_is_the_latest_batch_not_undone(zone, ctx, tmp_path: Path) -> None:
    assert _unit("科技局")["last_import"] is None
    first = _import(tmp_path, ctx, "科技局", [["孔建国", _id("19550101", "011"), "13900000001"]])
    assert _unit("科技局")["last_import"]["id"] == first
    assert _unit("科技局")["last_import"]["file_name"] == "科技局离退休干部名单.xlsx"
    assert _unit("科技局")["persons"] == 3
    second = _import(tmp_path, ctx, "科技局", [["孔建国", _id("19550101", "011"), "13900000002"]])
    assert _unit("科技局")["last_import"]["id"] == second
    import_undo.undo_import(second, ctx.data_dir, force=True)
    assert _unit("科技局")["last_import"]["id"] == first
    assert _unit("财政局")["last_import"] is None


def test_check_lists_and_the_units_that_owe_this_year(zone) -> None:
    tech, finance, office = (units.unit_id(n) for n in ("科技局", "财政局", "管委会"))
    # nobody sent anything yet: the units with people owe it, 管委会 (no one) does not
    assert [u["name"] for u in units.not_returned()] == ["财政局", "科技局"]
    assert units.mark_check_lists([tech, finance, office], 2026, sent=True, day=D(2026, 10, 8)) == 3
    assert [u["name"] for u in units.not_returned()] == ["财政局", "管委会", "科技局"]
    assert units.mark_check_lists([tech], 2026, sent=False, day=D(2026, 10, 20)) == 1
    # marking again keeps the first date
    assert units.mark_check_lists([tech], 2026, sent=False, day=D(2026, 11, 1)) == 0
    assert [u["name"] for u in units.not_returned()] == ["财政局", "管委会"]
    row = _unit("科技局")
    assert (row["check_sent_on"], row["check_returned_on"]) == (D(2026, 10, 8), D(2026, 10, 20))
    assert units.check_list_text(row) == "10-08 寄出 / 10-20 收回"
    assert units.check_list_text(_unit("财政局")) == "10-08 寄出 / 未收回"
    # last year's lists do not count for this year, but show as the latest when none is sent
    units.set_check_list(finance, 2025, sent_on=D(2025, 11, 1), returned_on=D(2025, 11, 9))
    assert [u["name"] for u in units.not_returned()] == ["财政局", "管委会"]
    assert [u["name"] for u in units.not_returned(2025)] == ["科技局"]
    assert _unit("财政局")["last_returned_on"] == D(2025, 11, 9)
    with pytest.raises(units.UnitError, match="晚于今天"):
        units.set_check_list(finance, 2026, sent_on=D(2026, 10, 8), returned_on=D(2026, 12, 1))
    with pytest.raises(units.UnitError, match="早于寄出日期"):
        units.set_check_list(finance, 2026, sent_on=D(2026, 10, 8), returned_on=D(2026, 10, 1))
    history = audit.history("unit_check_list", UnitCheckList.get(unit=tech, year=2026).id)
    assert [h["changes"].get("收回") for h in history] == [None, [None, "2026-10-20"]]


def test_the_year_is_the_clock_year(zone) -> None:
    finance = units.unit_id("财政局")
    units.set_check_list(finance, 2026, sent_on=D(2026, 10, 8), returned_on=D(2026, 11, 2))
    assert "财政局" not in [u["name"] for u in units.not_returned()]
    with clock.frozen(D(2027, 1, 4)):
        assert "财政局" in [u["name"] for u in units.not_returned()]
        assert _unit("财政局")["check_year"] == 2027


def test_rename_carries_imports_mappings_and_notices(zone, ctx, tmp_path: Path) -> None:
    batch = _import(tmp_path, ctx, "科技局", [["孔建国", _id("19550101", "011"), "13900000001"]])
    assert ColumnMapping.select().where(ColumnMapping.unit_name == "科技局").count() == 1
    notice_id = notices.create_notice("通报", TODAY, "内容", "单位", "科技局")
    tech = units.unit_id("科技局")
    assert units.rename_unit(tech, " 科技创新局 ") == "科技创新局"
    assert Unit.get_by_id(tech).name == "科技创新局"
    assert ImportBatch.get_by_id(batch).unit_name == "科技创新局"
    assert [m.unit_name for m in ColumnMapping.select()] == ["科技创新局"]
    assert notices.get_notice(notice_id)["audience_value"] == "科技创新局"
    assert _unit("科技创新局")["persons"] == 3
    assert _unit("科技创新局")["last_import"]["id"] == batch
    row = AuditLog.select().where(AuditLog.table == "unit", AuditLog.action == "更名").get()
    assert json.loads(row.changes) == {"单位": ["科技局", "科技创新局"]}
    assert "1 次导入" in row.summary and "1 个列对应" in row.summary
    # onto a name another unit has: refused, pointing to 合并; nothing changed
    with pytest.raises(units.UnitError) as refused:
        units.rename_unit(tech, "财政局")
    assert "已有名为“财政局”的单位" in refused.value.message
    assert "合并" in refused.value.message
    assert Unit.get_by_id(tech).name == "科技创新局"
    with pytest.raises(units.UnitError, match="不能为空"):
        units.rename_unit(tech, "  ")


def test_merge_moves_people_imports_mappings_branches_and_check_lists(
    zone, ctx, tmp_path: Path
) -> None:
    tech, office = units.unit_id("科技局"), units.unit_id("管委会")
    # 赵德明 of 财政局 comes in 科技局's file: the import moves him, remembering 财政局
    batch = _import(
        tmp_path,
        ctx,
        "科技局",
        [
            ["孔建国", _id("19550101", "011"), "13900000001"],
            ["赵德明", _id("19500601", "013"), "13800000009"],
        ],
    )
    assert Person.get_by_id(zone["zhao"]).unit.name == "科技局"
    branch = PartyBranch.create(name="科技局党支部", kind="共建", unit=tech)
    # a branch covering both units, and one covering only the merged one (党组织's links)
    both = PartyBranch.create(name="联合党支部", kind="单建")
    PartyBranchUnit.create(branch=both, unit=tech)
    PartyBranchUnit.create(branch=both, unit=office)
    PartyBranchUnit.create(branch=branch, unit=tech)
    units.set_check_list(tech, 2026, sent_on=D(2026, 10, 8), returned_on=D(2026, 10, 20))
    units.set_check_list(tech, 2025, sent_on=D(2025, 10, 8), returned_on=None)
    units.set_check_list(office, 2026, sent_on=D(2026, 10, 9), returned_on=None)
    before = units.merge_counts(tech)
    assert before == {
        "persons": 5,
        "on_roster": 4,
        "import_batches": 1,
        "mappings": 1,
        "branches": 1,
        "check_lists": 2,
    }
    backups = [b.reason for b in list_backups(ctx.data_dir)]

    moved = units.merge_units(tech, office)

    assert moved == before
    assert not Unit.select().where(Unit.name == "科技局").exists()
    assert {p.unit_id for p in Person.select()} == {office}  # 财政局's one came in the file
    assert Person.select().where(Person.unit == office).count() == 5
    assert ImportBatch.get_by_id(batch).unit_name == "管委会"
    assert [m.unit_name for m in ColumnMapping.select()] == ["管委会"]
    assert PartyBranch.get_by_id(branch.id).unit_id == office
    links = sorted((link.branch_id, link.unit_id) for link in PartyBranchUnit.select())
    assert links == sorted([(both.id, office), (branch.id, office)])  # moved, none lost
    merged = _unit("管委会")
    assert merged["persons"] == 4 and merged["last_import"]["id"] == batch
    # the survivor's own 2026 dates stay, its empty return is filled; 2025 moved over
    assert (merged["check_sent_on"], merged["check_returned_on"]) == (
        D(2026, 10, 9),
        D(2026, 10, 20),
    )
    assert UnitCheckList.select().where(UnitCheckList.unit == office).count() == 2
    # audit: the merge itself and each person moved
    row = AuditLog.select().where(AuditLog.table == "unit", AuditLog.action == "合并").get()
    assert "科技局 并入 管委会" in row.summary and "5 人" in row.summary
    moved_rows = AuditLog.select().where(
        (AuditLog.table == "person") & AuditLog.summary.contains("单位合并")
    )
    assert {r.record_id for r in moved_rows} == {
        p.id for p in Person.select().where(Person.unit == office)
    }
    assert [b.reason for b in list_backups(ctx.data_dir)].count("合并单位前") == 1  # before
    assert "合并单位前" not in backups

    # the batch remembers 赵德明 came from 科技局's file moving out of 财政局; merging
    # 财政局 into 管委会 too, undoing the batch puts him back in 管委会, not a revived 财政局
    units.merge_units(units.unit_id("财政局"), office)
    import_undo.undo_import(batch, ctx.data_dir, force=True)
    assert Person.get_by_id(zone["zhao"]).unit_id == office
    assert Person.get_by_id(zone["zhao"]).phone == "13800000001"
    assert [u.name for u in Unit.select()] == ["管委会"]


def test_merge_keeps_the_survivors_mapping_and_fills_its_blanks(zone, ctx, tmp_path) -> None:
    _import(tmp_path, ctx, "科技局", [["孔建国", _id("19550101", "011"), "13900000001"]])
    _import(tmp_path, ctx, "财政局", [["孔建国", _id("19550101", "011"), "13900000001"]])
    ColumnMapping.update(mapping='["name", "id_number", null]').where(
        ColumnMapping.unit_name == "财政局"
    ).execute()
    tech, finance = units.unit_id("科技局"), units.unit_id("财政局")
    units.update_unit(tech, leader="胡光明", contact="朱琳", phone="13912345678")
    units.merge_units(tech, finance)
    assert [(m.unit_name, m.mapping) for m in ColumnMapping.select()] == [
        ("财政局", '["name", "id_number", null]')
    ]
    survivor = Unit.get_by_id(finance)
    assert (survivor.leader, survivor.contact, survivor.phone) == ("胡光明", "朱琳", "13912345678")
    with pytest.raises(units.UnitError, match="并入它自己"):
        units.merge_units(finance, finance)
    with pytest.raises(units.UnitError, match="找不到这个单位"):
        units.merge_units(tech, finance)


def test_update_and_add_refuse_in_chinese(zone) -> None:
    office = units.unit_id("管委会")
    changes = units.update_unit(office, leader="陈志强", contact="李娜", phone="", notes="")
    assert changes == {"联络员": ("赵敏", "李娜"), "电话": ("0371-67881234", "")}
    assert units.update_unit(office, leader="陈志强", contact="李娜", phone="") == {}
    with pytest.raises(units.UnitError, match="已有名为“管委会”"):
        units.add_unit("管委会")
    with pytest.raises(Exception, match="电话"):
        units.update_unit(office, leader="", contact="", phone="abc")
    with pytest.raises(units.UnitError, match="没有名为“规划局”"):
        units.unit_id("规划局")


def test_outputs_list_units_in_the_zones_order(zone) -> None:
    units.set_unit_order(["科技局", "财政局"])
    # 一刊一报's order list
    subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
    subscriptions.roll_forward(2026, backup=False)
    pub = subscriptions.list_publications()[0]["id"]
    assert [r["unit"] for r in subscriptions.order_rows(2026)[pub]] == [
        "科技局",
        "科技局",
        "财政局",
    ]
    # 未体检 list and the units a notice can go to
    assert [r["unit"] for r in health.without_health_check(2026)] == ["科技局", "科技局", "财政局"]
    assert notices.audience_choices()["单位"] == ["科技局", "财政局", "管委会"]
    assert roster.unit_names() == ["科技局", "财政局", "管委会"]


def test_delete_an_empty_unit_backs_up_logs_and_can_be_undone(zone, ctx) -> None:
    office = units.unit_id("管委会")
    units.set_unit_order(["科技局", "管委会"])
    units.set_check_list(office, 2026, sent_on=D(2026, 10, 9), returned_on=None, note="电话催")
    assert units.delete_refusal(office) is None

    before = units.delete_unit(office)

    assert not Unit.select().where(Unit.name == "管委会").exists()
    assert UnitCheckList.select().count() == 0
    assert [b.reason for b in list_backups(ctx.data_dir)].count("删除单位前") == 1
    row = AuditLog.select().where(AuditLog.table == "unit", AuditLog.action == "删除").get()
    assert row.summary == "删除单位：管委会" and row.record_id == office

    again = units.restore_unit(before)

    restored = _unit("管委会")
    assert restored["id"] == again and restored["leader"] == "陈志强"
    assert restored["phone"] == "0371-67881234" and restored["order"] == 2
    assert restored["check_sent_on"] == D(2026, 10, 9)
    with pytest.raises(units.UnitError, match="已有名为“管委会”的单位"):
        units.restore_unit(before)


def test_delete_refuses_a_unit_with_people_branches_or_imports(zone, ctx, tmp_path) -> None:
    tech = units.unit_id("科技局")
    with pytest.raises(units.UnitError) as refused:
        units.delete_unit(tech)
    # 钱志强 (已故) counts too: deleting would leave him without a unit
    assert "还有 3 人" in refused.value.message and "合并" in refused.value.message
    assert Unit.select().where(Unit.id == tech).exists()

    office = units.unit_id("管委会")
    branch = PartyBranch.create(name="联合党支部", kind="单建")
    PartyBranchUnit.create(branch=branch, unit=office)
    assert "1 个党支部覆盖它" in units.delete_refusal(office)
    PartyBranchUnit.delete().execute()
    assert units.delete_refusal(office) is None

    # an import from 管委会 whose people all came from 科技局 names it without people in it
    batch = ImportBatch.create(file_name="管委会.xlsx", file_hash="x", unit_name="管委会")
    with pytest.raises(units.UnitError, match="1 次导入记录写着它"):
        units.delete_unit(office)
    batch.delete_instance()
    ColumnMapping.create(unit_name="管委会", signature="姓名|电话", mapping="[]")
    assert "1 个导入列对应写着它" in units.delete_refusal(office)
    assert "删除单位前" not in [b.reason for b in list_backups(ctx.data_dir)]
