"""单位: the units that report to the office.

The order of the units in every output: the zone's own order where the clerk has set one, then
by pinyin, so the 统计报表, the 通讯录, the 核对表 and the 慰问名单 list them alike.

Each unit with its 分管领导, 联络员 and phone; its people counted by kind, tier and hardship
(computed, never stored); its latest import (import batches record the sender unit by name);
its yearly 核对表 (sent, returned). Units are renamed or merged when the zone reorganises:
a rename or merge carries the people, the import batches, the saved column mappings, the party
branches, the check lists and the notices addressed to the unit along, with an audit row each.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from peewee import fn

from ..core import clock
from ..core.dates import check_year
from ..core.errors import RuleError
from ..core.normalize import clean_line, normalize_phone, normalize_text
from ..core.pinyin import sort_key
from ..core.tiers import SERVICE_TIERS
from ..core.vocab import HARDSHIP_KINDS, KIND_NOT_GIVEN, RETIREMENT_KINDS
from ..storage.database import db
from ..storage.import_models import ColumnMapping, ImportBatch, ImportBatchPerson
from ..storage.models import PartyBranch, Person, Unit
from ..storage.office_models import Notice
from ..storage.party_models import PartyBranchUnit
from ..storage.roster_queries import (
    set_unit_sort_orders,
    tier_expression,
    unit_names,
    unit_sort_orders,
)
from ..storage.unit_models import UnitCheckList
from . import audit

UnitKey = Callable[[str], tuple]
MAX_UNIT_NAME = 60


def unit_key() -> UnitKey:
    """A sort key for unit names: ordered units first (by their number), then the rest by
    pinyin; an empty or unknown name goes last."""
    orders = unit_sort_orders()

    def key(name: str) -> tuple:
        if not name or name.startswith("（"):
            return (2, 0, sort_key(name or ""))
        order = orders.get(name)
        if order is not None:
            return (0, order, sort_key(name))
        return (1, 0, sort_key(name))

    return key


def ordered_units(names: Iterable[str] | None = None) -> list[str]:
    """``names`` (default: every unit) in the zone's order."""
    key = unit_key()
    return sorted(unit_names() if names is None else names, key=key)


class UnitOrderError(Exception):
    """An order naming units that do not exist; ``message`` says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_unit_order(names: Sequence[str]) -> list[str]:
    """Put the units ``names`` first, in that order; the others follow by pinyin. An empty list
    clears the order. Returns the resulting order of all units."""
    known = set(unit_names())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnitOrderError(f"没有这些单位：{'、'.join(unknown)}。请检查单位名称后重试")
    chosen = list(dict.fromkeys(names))
    orders: dict[str, int | None] = dict.fromkeys(known)
    orders.update({name: i for i, name in enumerate(chosen, 1)})
    set_unit_sort_orders(orders)
    return ordered_units()


def move_unit(unit_id: int, step: int) -> list[str]:
    """Move one unit ``step`` places up (negative) or down in the zone's order; every unit then
    has its number. Returns the new order."""
    name = _unit(unit_id).name
    order = ordered_units()
    here = order.index(name)
    there = max(0, min(len(order) - 1, here + step))
    order.insert(there, order.pop(here))
    return set_unit_order(order)


# --- the units with their people, imports and check lists -----------------------------------


class UnitError(RuleError):
    """A unit's change breaks a rule (a name taken, a unit merged into itself …)."""


def _unit(unit_id: int) -> Unit:
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        raise UnitError("找不到这个单位（可能已被合并或删除），请刷新后重试。")
    return unit


def unit_id(name: str) -> int:
    """The id of the unit called ``name``; UnitError naming the units there are otherwise."""
    unit = Unit.get_or_none(Unit.name == normalize_text(name))
    if unit is None:
        raise UnitError(f"没有名为“{name}”的单位。请用 units 列出的单位名称。")
    return unit.id


def _counts(day: _dt.date) -> dict[int | None, dict[str, Counter]]:
    """{unit id: {"kind"|"tier"|"hardship": Counter}} of the people 在册, in one grouped query."""
    tier = tier_expression(day)
    columns = (Person.unit, Person.retirement_kind, tier, Person.hardship)
    query = (
        Person.select(*columns, fn.COUNT(Person.id))
        .where(Person.status == "在册")
        .group_by(*columns)
    )
    result: dict[int | None, dict[str, Counter]] = {}
    for unit, kind, tier_name, hardship, count in db.execute(query).fetchall():
        c = result.setdefault(unit, {"kind": Counter(), "tier": Counter(), "hardship": Counter()})
        c["kind"][kind or KIND_NOT_GIVEN] += count
        c["tier"][tier_name] += count
        c["hardship"][hardship] += count
    return result


def _last_imports() -> dict[str, dict[str, Any]]:
    """{unit name: its latest import batch not undone (id, file_name, imported_at)}."""
    last: dict[str, dict[str, Any]] = {}
    query = (
        ImportBatch.select(
            ImportBatch.id, ImportBatch.unit_name, ImportBatch.file_name, ImportBatch.imported_at
        )
        .where(ImportBatch.undone_at.is_null() & (ImportBatch.unit_name != ""))
        .order_by(ImportBatch.imported_at, ImportBatch.id)
        .tuples()
    )
    for batch_id, unit, file_name, at in query:
        last[unit] = {"id": batch_id, "file_name": file_name, "imported_at": at}
    return last


def _zeroed(keys: Sequence[str], counter: Counter | None) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for key, value in (counter or Counter()).items():
        counts[key] = counts.get(key, 0) + value
    return counts


def list_units(day: _dt.date | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Every unit in the zone's order: id, order (its place, from 1), name, leader, contact,
    phone, notes; its people 在册 (``persons``, ``by_kind``, ``by_tier``, ``by_hardship``,
    ``hardship`` = 特困); ``last_import`` (dict or None); the 核对表 of ``year`` (default this
    year: ``check_sent_on``, ``check_returned_on``) and the latest of any year
    (``last_sent_on``, ``last_returned_on``)."""
    day = day or clock.today()
    year = year or day.year
    counts = _counts(day)
    imports = _last_imports()
    this_year = {c.unit_id: c for c in UnitCheckList.select().where(UnitCheckList.year == year)}
    latest = {
        unit: (sent, returned)
        for unit, sent, returned in UnitCheckList.select(
            UnitCheckList.unit,
            fn.MAX(UnitCheckList.sent_on),
            fn.MAX(UnitCheckList.returned_on),
        )
        .group_by(UnitCheckList.unit)
        .tuples()
    }
    key = unit_key()
    units = sorted(Unit.select(), key=lambda u: key(u.name))
    rows = []
    for order, unit in enumerate(units, 1):
        c = counts.get(unit.id, {})
        check = this_year.get(unit.id)
        sent, returned = latest.get(unit.id, (None, None))
        by_hardship = _zeroed(HARDSHIP_KINDS, c.get("hardship"))
        rows.append(
            {
                "id": unit.id,
                "order": order,
                "sort_order": unit.sort_order,
                "name": unit.name,
                "leader": unit.leader,
                "contact": unit.contact,
                "phone": unit.phone,
                "notes": unit.notes,
                "persons": sum(c["kind"].values()) if c else 0,
                "by_kind": _zeroed(RETIREMENT_KINDS, c.get("kind")),
                "by_tier": _zeroed(SERVICE_TIERS, c.get("tier")),
                "by_hardship": by_hardship,
                "hardship": by_hardship.get("特困", 0),
                "last_import": imports.get(unit.name),
                "check_year": year,
                "check_sent_on": check.sent_on if check else None,
                "check_returned_on": check.returned_on if check else None,
                "check_note": check.note if check else "",
                "last_sent_on": _as_date(sent),
                "last_returned_on": _as_date(returned),
            }
        )
    return rows


def _as_date(value: object) -> _dt.date | None:
    """A MAX() over a date column comes back as text from SQLite."""
    if value is None or isinstance(value, _dt.date):
        return value  # type: ignore[return-value]
    return _dt.date.fromisoformat(str(value)[:10])


def not_returned(year: int | None = None, day: _dt.date | None = None) -> list[dict[str, Any]]:
    """The units that have not returned ``year``'s 核对表 (default this year), in the zone's
    order: those that have people on the roster or were sent one, without a returned date."""
    day = day or clock.today()
    year = year or day.year
    return [
        u
        for u in list_units(day, year)
        if u["check_returned_on"] is None and (u["persons"] or u["check_sent_on"] is not None)
    ]


def check_list_text(unit: dict[str, Any]) -> str:
    """“11-02 寄出 / 11-20 收回”, “11-02 寄出 / 未收回” or “未寄出” for the year's 核对表."""
    sent, returned = unit["check_sent_on"], unit["check_returned_on"]
    if sent is None and returned is None:
        return "未寄出"
    parts = [f"{sent:%m-%d} 寄出" if sent else "寄出日期未填"]
    parts.append(f"{returned:%m-%d} 收回" if returned else "未收回")
    return " / ".join(parts)


def _clean_name(name: str) -> str:
    text = normalize_text(name)
    if not text:
        raise UnitError("单位名称不能为空，请填写单位的全称。")
    if len(text) > MAX_UNIT_NAME:
        raise UnitError(
            f"单位名称有 {len(text)} 个字，太长了（最多 {MAX_UNIT_NAME} 个字），请填写全称。"
        )
    if text.startswith("（"):
        raise UnitError("单位名称不能以“（”开头（这种写法用于“未填单位”），请去掉括号。")
    return text


def _fields(leader: str, contact: str, phone: str, notes: str) -> dict[str, str]:
    return {
        "leader": clean_line(normalize_text(leader), "分管领导"),
        "contact": clean_line(normalize_text(contact), "联络员"),
        "phone": normalize_phone(phone) if normalize_text(phone) else "",
        "notes": normalize_text(notes),
    }


FIELD_TITLES = {
    "name": "单位",
    "leader": "分管领导",
    "contact": "联络员",
    "phone": "电话",
    "notes": "备注",
}


def add_unit(
    name: str, leader: str = "", contact: str = "", phone: str = "", notes: str = ""
) -> int:
    """A new unit; returns its id. Refuses a name already taken."""
    name = _clean_name(name)
    if Unit.select().where(Unit.name == name).exists():
        raise UnitError(f"已有名为“{name}”的单位，请直接修改它。")
    values = _fields(leader, contact, phone, notes)
    with db.atomic():
        unit = Unit.create(name=name, **values)
        audit.record(
            "新增",
            "unit",
            unit.id,
            f"新增单位：{name}",
            {FIELD_TITLES[k]: ("", v) for k, v in {"name": name, **values}.items() if v},
        )
    return unit.id


def update_unit(
    unit_id: int, *, leader: str, contact: str, phone: str, notes: str = ""
) -> dict[str, tuple[str, str]]:
    """Change a unit's 分管领导, 联络员, phone and notes; returns the changes made."""
    unit = _unit(unit_id)
    values = _fields(leader, contact, phone, notes)
    changes = {
        FIELD_TITLES[k]: (getattr(unit, k), v) for k, v in values.items() if getattr(unit, k) != v
    }
    if changes:
        with db.atomic():
            Unit.update(**values).where(Unit.id == unit_id).execute()
            audit.record("修改", "unit", unit_id, f"修改单位：{unit.name}", changes)
    return changes


def _rewrite_unit_names(old: str, new: str) -> int:
    """Where a unit is kept by name (import batches, saved mappings, the values an import
    batch changed, notices to the unit), ``old`` becomes ``new``; returns the batches."""
    batches = ImportBatch.update(unit_name=new).where(ImportBatch.unit_name == old).execute()
    Notice.update(audience_value=new).where(
        (Notice.audience == "单位") & (Notice.audience_value == old)
    ).execute()
    # An import batch remembers each changed person's values by name, so that undoing it
    # puts back this unit, not a new unit under the old name.
    needle = json.dumps(old, ensure_ascii=False)
    touched = ImportBatchPerson.select().where(
        ImportBatchPerson.before.contains(needle) | ImportBatchPerson.after.contains(needle)
    )
    for link in touched:
        changed = {}
        for column in ("before", "after"):
            text = getattr(link, column)
            values = json.loads(text) if text else None
            if isinstance(values, dict) and values.get("unit") == old:
                values["unit"] = new
                changed[column] = json.dumps(values, ensure_ascii=False)
        if changed:
            ImportBatchPerson.update(**changed).where(ImportBatchPerson.id == link.id).execute()
    return batches


def rename_unit(unit_id: int, new_name: str) -> str:
    """Rename a unit (its people, imports and saved mappings keep following it). Refuses a name
    another unit has: that is a merge. Returns the new name."""
    unit = _unit(unit_id)
    new = _clean_name(new_name)
    old = unit.name
    if new == old:
        return old
    other = Unit.get_or_none(Unit.name == new)
    if other is not None:
        raise UnitError(
            f"已有名为“{new}”的单位，不能把“{old}”改成这个名字。"
            f"如果“{old}”已并入“{new}”，请用“合并”把“{old}”并入“{new}”（人员、导入记录和列对应都会移过去）。"
        )
    with db.atomic():
        Unit.update(name=new).where(Unit.id == unit_id).execute()
        batches = _rewrite_unit_names(old, new)
        mappings = (
            ColumnMapping.update(unit_name=new).where(ColumnMapping.unit_name == old).execute()
        )
        persons = Person.select().where(Person.unit == unit_id).count()
        audit.record(
            "更名",
            "unit",
            unit_id,
            f"单位更名：{old} → {new}（{persons} 人、{batches} 次导入、{mappings} 个列对应随之更名）",
            {"单位": (old, new)},
        )
    return new


def merge_counts(source_id: int) -> dict[str, int]:
    """What merging the unit ``source_id`` into another would move: persons (all, any status),
    persons on the roster, import batches, saved column mappings, party branches, check lists."""
    source = _unit(source_id)
    return {
        "persons": Person.select().where(Person.unit == source_id).count(),
        "on_roster": Person.select()
        .where((Person.unit == source_id) & (Person.status == "在册"))
        .count(),
        "import_batches": ImportBatch.select().where(ImportBatch.unit_name == source.name).count(),
        "mappings": ColumnMapping.select().where(ColumnMapping.unit_name == source.name).count(),
        "branches": PartyBranch.select().where(PartyBranch.unit == source_id).count(),
        "check_lists": UnitCheckList.select().where(UnitCheckList.unit == source_id).count(),
    }


def merge_summary(counts: dict[str, int]) -> str:
    """“12 人（在册 11 人）、3 次导入、2 个列对应、1 个党支部、2 份核对表记录”."""
    parts = [f"{counts['persons']} 人（在册 {counts['on_roster']} 人）"]
    for key, word in (
        ("import_batches", "次导入"),
        ("mappings", "个列对应"),
        ("branches", "个党支部"),
        ("check_lists", "份核对表记录"),
    ):
        if counts.get(key):
            parts.append(f"{counts[key]} {word}")
    return "、".join(parts)


def _move_branch_links(source_id: int, target_id: int) -> None:
    """The branches covering the merged unit cover the survivor (once, when they did both)."""
    both = PartyBranchUnit.select(PartyBranchUnit.branch).where(PartyBranchUnit.unit == target_id)
    PartyBranchUnit.delete().where(
        (PartyBranchUnit.unit == source_id) & PartyBranchUnit.branch.in_(both)
    ).execute()
    PartyBranchUnit.update(unit=target_id).where(PartyBranchUnit.unit == source_id).execute()


def merge_units(source_id: int, target_id: int) -> dict[str, int]:
    """Merge the unit ``source_id`` into ``target_id`` (the survivor) after a backup: its
    people, import batches, saved column mappings (the survivor's own mapping wins for the same
    header layout), party branches and check lists move over, the survivor's empty 分管领导,
    联络员 and phone are filled from it, and the merged unit is removed. Every moved person gets
    an audit row. Returns :func:`merge_counts` of what moved."""
    source, target = _unit(source_id), _unit(target_id)
    if source.id == target.id:
        raise UnitError("不能把单位并入它自己，请选择另一个单位作为合并后的单位。")
    counts = merge_counts(source_id)
    from .backups import backup_before_bulk_change

    backup_before_bulk_change("合并单位前")
    now = clock.now()
    with db.atomic():
        moved = list(Person.select(Person.id, Person.name).where(Person.unit == source_id).tuples())
        Person.update(unit=target_id, updated_at=now, version=Person.version + 1).where(
            Person.unit == source_id
        ).execute()
        PartyBranch.update(unit=target_id).where(PartyBranch.unit == source_id).execute()
        _move_branch_links(source_id, target_id)
        taken = {
            s
            for (s,) in ColumnMapping.select(ColumnMapping.signature)
            .where(ColumnMapping.unit_name == target.name)
            .tuples()
        }
        dropped = (
            ColumnMapping.delete()
            .where((ColumnMapping.unit_name == source.name) & ColumnMapping.signature.in_(taken))
            .execute()
            if taken
            else 0
        )
        ColumnMapping.update(unit_name=target.name).where(
            ColumnMapping.unit_name == source.name
        ).execute()
        _rewrite_unit_names(source.name, target.name)
        _merge_check_lists(source_id, target_id)
        filled = {
            k: getattr(source, k)
            for k in ("leader", "contact", "phone", "notes")
            if not getattr(target, k) and getattr(source, k)
        }
        if target.sort_order is None and source.sort_order is not None:
            filled["sort_order"] = source.sort_order
        if filled:
            Unit.update(**filled).where(Unit.id == target_id).execute()
        Unit.delete().where(Unit.id == source_id).execute()
        summary = f"单位合并：{source.name} 并入 {target.name}，移过 {merge_summary(counts)}"
        if dropped:
            summary += f"；{dropped} 个列对应与“{target.name}”已有的相同，保留后者"
        audit.record(
            "合并",
            "unit",
            target_id,
            summary,
            {
                "单位": (source.name, target.name),
                **{FIELD_TITLES[k]: ("", v) for k, v in filled.items() if k in FIELD_TITLES},
            },
        )
        for pid, name in moved:
            audit.record(
                "修改",
                "person",
                pid,
                f"{name} 单位合并：{source.name} 并入 {target.name}",
                {"unit": (source.name, target.name)},
            )
    return counts


def delete_blockers(unit_id: int) -> dict[str, int]:
    """What keeps the unit ``unit_id`` from being deleted: its persons (any status), the party
    branches covering it, the import batches and saved column mappings naming it."""
    unit = _unit(unit_id)
    covering = PartyBranchUnit.select(PartyBranchUnit.branch).where(PartyBranchUnit.unit == unit_id)
    return {
        "persons": Person.select().where(Person.unit == unit_id).count(),
        "branches": PartyBranch.select()
        .where((PartyBranch.unit == unit_id) | PartyBranch.id.in_(covering))
        .count(),
        "import_batches": ImportBatch.select().where(ImportBatch.unit_name == unit.name).count(),
        "mappings": ColumnMapping.select().where(ColumnMapping.unit_name == unit.name).count(),
    }


def delete_refusal(unit_id: int) -> str | None:
    """Why the unit cannot be deleted, in words for the clerk; None when it can."""
    name = _unit(unit_id).name
    blockers = delete_blockers(unit_id)
    if blockers["persons"]:
        return (
            f"“{name}”还有 {blockers['persons']} 人（含已去世、已迁出的），不能删除。"
            f"请先用“合并”把“{name}”并入另一个单位：人员、导入记录和列对应都会移过去，"
            f"合并后“{name}”自动删除。"
        )
    reasons = []
    for key, word in (
        ("branches", "个党支部覆盖它"),
        ("import_batches", "次导入记录写着它"),
        ("mappings", "个导入列对应写着它"),
    ):
        if blockers[key]:
            reasons.append(f"{blockers[key]} {word}")
    if reasons:
        return (
            f"“{name}”还有" + "、".join(reasons) + "，不能删除。"
            f"请用“合并”把“{name}”并入另一个单位（这些都会移过去），"
            "或先在“党组织 → 支部”里取消覆盖。"
        )
    return None


def delete_unit(unit_id: int) -> dict[str, Any]:
    """Delete a unit nobody belongs to and nothing names (see :func:`delete_refusal`) after a
    backup (“删除单位前”); its 核对表 rows go with it. Returns what it was, for
    :func:`restore_unit` (the window's 撤销)."""
    unit = _unit(unit_id)
    refusal = delete_refusal(unit_id)
    if refusal:
        raise UnitError(refusal)
    from .backups import backup_before_bulk_change

    backup_before_bulk_change("删除单位前")
    before = {
        "id": unit.id,
        "name": unit.name,
        **{k: getattr(unit, k) for k in ("leader", "contact", "phone", "notes", "sort_order")},
        "check_lists": [
            {"year": c.year, "sent_on": c.sent_on, "returned_on": c.returned_on, "note": c.note}
            for c in UnitCheckList.select().where(UnitCheckList.unit == unit_id)
        ],
    }
    with db.atomic():
        UnitCheckList.delete().where(UnitCheckList.unit == unit_id).execute()
        Unit.delete().where(Unit.id == unit_id).execute()
        audit.record(
            "删除",
            "unit",
            unit_id,
            f"删除单位：{unit.name}",
            {FIELD_TITLES[k]: (before[k], "") for k in FIELD_TITLES if before[k]},
        )
    return before


def restore_unit(before: dict[str, Any]) -> int:
    """Undo :func:`delete_unit`: the unit again under its name, with its fields, place in the
    order and check lists; returns its (new) id. Refuses when the name was taken meanwhile."""
    name = before["name"]
    if Unit.select().where(Unit.name == name).exists():
        raise UnitError(f"已有名为“{name}”的单位，无需撤销删除。")
    with db.atomic():
        unit = Unit.create(
            name=name,
            **{k: before[k] for k in ("leader", "contact", "phone", "notes", "sort_order")},
        )
        for c in before.get("check_lists", []):
            UnitCheckList.create(unit=unit.id, **c)
        audit.record("新增", "unit", unit.id, f"撤销删除单位：{name}", {"单位": ("", name)})
    return unit.id


def _merge_check_lists(source_id: int, target_id: int) -> None:
    """The merged unit's check lists go to the survivor; for a year both have, the survivor's
    dates stay and only its empty ones are filled."""
    mine = {c.year: c for c in UnitCheckList.select().where(UnitCheckList.unit == target_id)}
    for row in UnitCheckList.select().where(UnitCheckList.unit == source_id):
        kept = mine.get(row.year)
        if kept is None:
            UnitCheckList.update(unit=target_id).where(UnitCheckList.id == row.id).execute()
            continue
        kept.sent_on = kept.sent_on or row.sent_on
        kept.returned_on = kept.returned_on or row.returned_on
        kept.note = "；".join(n for n in (kept.note, row.note) if n)
        kept.save()
        row.delete_instance()


# --- 核对表 ---------------------------------------------------------------------------------


def set_check_list(
    unit_id: int,
    year: int,
    *,
    sent_on: _dt.date | None,
    returned_on: _dt.date | None,
    note: str = "",
    today: _dt.date | None = None,
) -> None:
    """Record when ``year``'s 核对表 went to the unit and came back (None: not yet). A day after
    today or a return before the sending is refused."""
    unit = _unit(unit_id)
    today = today or clock.today()
    for day, word in ((sent_on, "寄出"), (returned_on, "收回")):
        check_year(day, f"{word}日期")
        if day is not None and day > today:
            raise UnitError(f"{unit.name}核对表的{word}日期 {day} 晚于今天，请填已经{word}的日期。")
    if sent_on and returned_on and returned_on < sent_on:
        raise UnitError(
            f"{unit.name}核对表的收回日期 {returned_on} 早于寄出日期 {sent_on}，请核对后重填。"
        )
    row = UnitCheckList.get_or_none((UnitCheckList.unit == unit_id) & (UnitCheckList.year == year))
    old = (row.sent_on, row.returned_on, row.note) if row else (None, None, "")
    new = (sent_on, returned_on, normalize_text(note))
    if old == new:
        return
    with db.atomic():
        if row is None:
            row = UnitCheckList.create(unit=unit_id, year=year)
        row.sent_on, row.returned_on, row.note = new
        row.save()
        changes = {
            title: (a, b)
            for title, a, b in zip(("寄出", "收回", "备注"), old, new, strict=True)
            if a != b
        }
        audit.record("修改", "unit_check_list", row.id, f"{unit.name}{year}年核对表", changes)


def mark_check_lists(
    unit_ids: Sequence[int], year: int, *, sent: bool, day: _dt.date | None = None
) -> int:
    """Mark ``year``'s 核对表 of these units sent (``sent``) or returned on ``day`` (default
    today). A unit already marked keeps its date. Returns how many were marked."""
    day = day or clock.today()
    marked = 0
    with db.atomic():
        for uid in unit_ids:
            row = UnitCheckList.get_or_none(
                (UnitCheckList.unit == uid) & (UnitCheckList.year == year)
            )
            sent_on = row.sent_on if row else None
            returned_on = row.returned_on if row else None
            if sent and sent_on is None:
                sent_on = day
            elif not sent and returned_on is None:
                returned_on = day
            else:
                continue
            set_check_list(
                uid, year, sent_on=sent_on, returned_on=returned_on, note=row.note if row else ""
            )
            marked += 1
    return marked
