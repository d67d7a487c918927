"""Roster use cases: validate and save a person with contacts, mark status, delete, list.

Every create, change, status mark and deletion writes an audit row in the same transaction.
Input is a dict of glossary keys → raw values (what a clerk typed or a cell held); the core
normalisers turn them into stored values, and every problem comes back per field in Chinese.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..core.errors import RuleError
from ..core.idnumber import parse_id_number
from ..core.person_dates import date_problems
from ..core.pinyin import search_key
from ..storage.database import db
from ..storage.import_models import forget_persons_in_batches
from ..storage.models import Contact, PartyBranch, Person, Unit
from ..storage.person_references import dependent_counts
from ..storage.roster_queries import (
    RosterFilter,
    fetch_contacts,
    fetch_person_rows,
    query_person_ids,
)

# The roster's read queries, for the window (which reaches data through the services only)
from ..storage.roster_queries import branch_names as branch_names
from ..storage.roster_queries import count_persons as count_persons
from . import audit, conflicts
from .errors import ConflictError
from .units import ordered_units


def unit_names() -> list[str]:
    """Every unit's name in the zone's order (as every output lists them)."""
    return ordered_units()


# Keys that name another table; stored as foreign keys, handed around as names.
RELATION_KEYS = ("unit", "party_branch")
STORED_KEYS = tuple(f.key for f in core_fields.PERSON_FIELDS)


class PersonValidationError(Exception):
    """The person cannot be saved; ``errors`` maps a field key to its Chinese reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(
            "；".join(
                f"{core_fields.FIELD_BY_KEY[k].label}：{v}" if k in core_fields.FIELD_BY_KEY else v
                for k, v in errors.items()
            )
        )
        self.errors = errors


def today() -> _dt.date:
    return clock.today()


def find_by_id_number(id_number: str, exclude_id: int | None = None) -> tuple[int, str] | None:
    """(id, name) of the person holding ``id_number`` (other than ``exclude_id``), if any."""
    query = Person.select(Person.id, Person.name).where(Person.id_number == id_number)
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    row = query.tuples().first()
    return (row[0], row[1]) if row else None


def duplicate_id_message(holder: tuple[int, str]) -> str:
    return f"该身份证号已登记在“{holder[1]}”名下（编号 {holder[0]}），同一人不能重复登记"


def normalize_person(
    data: Mapping[str, Any],
    *,
    exclude_id: int | None = None,
    stored: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Normalise raw field values. Returns (values, errors, warnings).

    Birth date and gender come from the ID number; when the input disagrees, the ID's win and a
    warning says so. Dates that cannot be true are errors (core.person_dates), checked together
    with the ``stored`` values of the person being changed.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for key, raw in data.items():
        if key not in core_fields.FIELD_BY_KEY:
            continue
        try:
            values[key] = core_fields.normalize_field(key, raw)
        except RuleError as exc:
            errors[key] = exc.message
    if "name" in data and not errors.get("name") and not values.get("name"):
        errors["name"] = "姓名不能为空"
    id_number = values.get("id_number")
    if id_number:
        info = parse_id_number(id_number)
        if values.get("birth_date") and values["birth_date"] != info.birth_date:
            warnings.append(
                f"出生日期 {values['birth_date']} 与身份证号不符，已按身份证号改为 {info.birth_date}"
            )
        if values.get("gender") and values["gender"] != info.gender:
            warnings.append(
                f"性别“{values['gender']}”与身份证号不符，已按身份证号改为“{info.gender}”"
            )
        values["birth_date"] = info.birth_date
        values["gender"] = info.gender
        holder = find_by_id_number(info.number, exclude_id)
        if holder:
            errors["id_number"] = duplicate_id_message(holder)
    elif "id_number" in values:
        values["id_number"] = None
    if values.get("status") == "已故" and not values.get("death_date") and "death_date" in data:
        errors["death_date"] = "标记为已故时请填写去世日期"
    _check_dates(values, stored, errors)
    return values, errors, warnings


def _check_dates(
    values: dict[str, Any], stored: Mapping[str, Any] | None, errors: dict[str, str]
) -> None:
    """Add the dates that cannot be true to ``errors``, under the field that was given (a
    birth date taken from the ID number under the ID number)."""
    merged = {**(stored or {}), **values}
    for key, reason in date_problems(merged, clock.today()).items():
        given = key in values or (key != "birth_date" and "birth_date" in values)
        if not given:
            continue
        if key == "birth_date" and values.get("id_number"):
            key = "id_number"
        errors.setdefault(key, reason)


def _unit_id(name: str) -> int | None:
    if not name:
        return None
    unit, _ = Unit.get_or_create(name=name)
    return unit.id


def _branch_id(name: str) -> int | None:
    if not name:
        return None
    branch, _ = PartyBranch.get_or_create(name=name, defaults={"kind": "共建"})
    return branch.id


def _to_columns(values: Mapping[str, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for key, value in values.items():
        if key == "unit":
            columns["unit"] = _unit_id(value)
        elif key == "party_branch":
            columns["party_branch"] = _branch_id(value)
        elif key in Person._meta.fields:
            field = Person._meta.fields[key]
            if value is None and not field.null:
                value = False if key in ("bedridden", "in_wechat_group", "lunar_birthday") else ""
            columns[key] = value
    if "name" in values:
        columns["search_key"] = search_key(values["name"])
    return columns


def get_person(person_id: int, *, day: _dt.date | None = None) -> dict[str, Any]:
    """One person as a dict of glossary keys plus derived keys and ``contacts``."""
    rows = fetch_person_rows([person_id], day or today())
    if person_id not in rows:
        raise KeyError(person_id)
    person = rows[person_id]
    person["contacts"] = fetch_contacts(person_id)
    return person


def _comparable(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in (*STORED_KEYS, *RELATION_KEYS)}


def _save_contacts(person_id: int, contacts: Iterable[Mapping[str, Any]]) -> None:
    Contact.delete().where(Contact.person == person_id).execute()
    for c in contacts:
        name = core_fields.normalize_text(c.get("name"))
        if not name and not c.get("phone"):
            continue
        Contact.create(
            person=person_id,
            name=name,
            relation=core_fields.normalize_text(c.get("relation")),
            phone=core_fields.normalize_field("phone", c.get("phone")) if c.get("phone") else "",
            is_emergency=bool(c.get("is_emergency")),
            notes=core_fields.normalize_text(c.get("notes")),
        )


def _contacts_summary(contacts: Iterable[Mapping[str, Any]]) -> list[str]:
    return [
        f"{c.get('relation') or ''}{c.get('name') or ''}{c.get('phone') or ''}"
        f"{'（紧急）' if c.get('is_emergency') else ''}"
        for c in contacts
    ]


def validate_contacts(contacts: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for i, c in enumerate(contacts, 1):
        if c.get("phone"):
            try:
                core_fields.normalize_field("phone", c.get("phone"))
            except RuleError as exc:
                errors["contacts"] = f"第{i}位联系人：{exc.message}"
    return errors


def person_errors(
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] = (),
    *,
    exclude_id: int | None = None,
) -> dict[str, str]:
    """Every problem that would keep ``data`` from being saved (field → reason), all at once."""
    _values, errors, _ = normalize_person(data, exclude_id=exclude_id)
    errors.update(validate_contacts(contacts))
    if "name" in data and not str(data.get("name") or "").strip():
        errors.setdefault("name", "姓名不能为空")
    return errors


def create_person(data: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]] = ()) -> int:
    """Validate and add a person (with contacts); returns the new id."""
    with db.atomic():
        values, errors, _ = normalize_person(data)
        errors.update(validate_contacts(contacts))
        if "name" not in values:
            errors.setdefault("name", "姓名不能为空")
        if errors:
            raise PersonValidationError(errors)
        now = clock.now()
        person = Person.create(**_to_columns(values), created_at=now, updated_at=now)
        _save_contacts(person.id, contacts)
        changes = {k: (None, v) for k, v in values.items() if v not in (None, "", False)}
        if contacts:
            changes["contacts"] = (None, _contacts_summary(contacts))
        audit.record("新增", "person", person.id, f"新增 {values['name']}", changes)
        return person.id


def update_person(
    person_id: int,
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] | None = None,
    *,
    expected_version: int | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Validate and apply changed fields (and contacts when given); returns field → (old, new).

    ``expected_version`` is the version the clerk loaded (``get_person(...)["version"]``): when
    someone else saved the person since, ConflictError says who, when and what differs, and
    nothing is written. None saves over whatever is stored (the program's own bulk paths).
    """
    with db.atomic():
        try:
            before = get_person(person_id)
        except KeyError:
            if expected_version is None:
                raise
            raise conflicts.gone("person", person_id, "这个人员") from None
        values, errors, _ = normalize_person(data, exclude_id=person_id, stored=before)
        if contacts is not None:
            errors.update(validate_contacts(contacts))
        if errors:
            raise PersonValidationError(errors)
        old = _comparable(before)
        changes = {k: (old.get(k), v) for k, v in values.items() if old.get(k) != v}
        new_contacts = None
        if contacts is not None:
            old_summary = _contacts_summary(before["contacts"])
            new_summary = _contacts_summary(contacts)
            if old_summary != new_summary:
                changes["contacts"] = (old_summary, new_summary)
                new_contacts = contacts
        if not changes:
            return {}  # nothing of the clerk's differs from what is stored: nothing to lose
        stored_version = int(before.get("version") or 0)
        if expected_version is not None and expected_version != stored_version:
            raise _person_conflict(person_id, before, values, contacts, stored_version)
        columns = _to_columns({k: v for k, v in values.items() if k in changes})
        columns["updated_at"] = clock.now()
        columns["version"] = Person.version + 1
        written = (
            Person.update(**columns)
            .where((Person.id == person_id) & (Person.version == stored_version))
            .execute()
        )
        if not written:  # saved by another connection between our read and our write
            raise _person_conflict(
                person_id, get_person(person_id), values, contacts, stored_version + 1
            )
        if new_contacts is not None:
            _save_contacts(person_id, new_contacts)
        fields = "、".join(dict.fromkeys(audit.field_title(k) for k in changes))
        audit.record("修改", "person", person_id, f"修改 {before['name']}：{fields}", changes)
        return changes


CONTACTS_LABEL = "家属与紧急联系人"


def _person_conflict(
    person_id: int,
    stored: Mapping[str, Any],
    values: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] | None,
    version: int,
) -> ConflictError:
    mine: dict[str, Any] = dict(values)
    stored_values: dict[str, Any] = _comparable(stored)
    if contacts is not None:
        mine["contacts"] = _contacts_summary(contacts)
        stored_values["contacts"] = _contacts_summary(stored["contacts"])
    labels = {k: spec.label for k, spec in core_fields.FIELD_BY_KEY.items()}
    labels["contacts"] = CONTACTS_LABEL
    return conflicts.conflict(
        "person",
        person_id,
        f"{stored['name']}的信息",
        mine=mine,
        stored=stored_values,
        labels=labels,
        current_version=int(stored.get("version") or version),
    )


@dataclass(frozen=True)
class StatusChange:
    """What a bulk status mark did: how many people ``changed``, and the people it left alone
    because someone else changed (or deleted) them after the clerk's list was loaded, each
    named with who and when (“张三（王丽 在 14:32 修改）”)."""

    changed: int
    skipped: tuple[str, ...] = ()
    skipped_ids: tuple[int, ...] = ()


def set_status(person_ids: Iterable[int], status: str, death_date: _dt.date | None = None) -> int:
    """Mark people 在册 / 已故 (with date) / 迁出; they stay on record. Returns how many changed."""
    return _mark_status(list(person_ids), status, death_date, None).changed


def set_status_checked(
    versions: Mapping[int, int], status: str, death_date: _dt.date | None = None
) -> StatusChange:
    """:func:`set_status` against the versions the clerk's list showed (person id → version):
    a person someone else changed or deleted since is left alone and named in ``skipped``;
    the others are marked."""
    return _mark_status(list(versions), status, death_date, versions)


def _mark_status(
    person_ids: list[int],
    status: str,
    death_date: _dt.date | None,
    versions: Mapping[int, int] | None,
) -> StatusChange:
    if status not in ("在册", "已故", "迁出"):
        raise PersonValidationError({"status": f"“{status}”不是有效的状态"})
    if status == "已故" and death_date is None:
        raise PersonValidationError({"death_date": "标记为已故时请填写去世日期"})
    if len(person_ids) > 1:
        from .backups import backup_before_bulk_change

        backup_before_bulk_change(f"批量标记{status}前")
    changed = 0
    skipped: list[str] = []
    skipped_ids: list[int] = []
    with db.atomic():
        for pid in person_ids:
            person = Person.get_or_none(Person.id == pid)
            if person is None:
                if versions is None:
                    raise Person.DoesNotExist(f"person {pid}")
                operator, at = conflicts.last_change("person", pid)
                skipped.append(f"一位已被删除的人员（{conflicts.who_when(operator, at)} 删除）")
                skipped_ids.append(pid)
                continue
            if versions is not None and person.version != versions[pid]:
                operator, at = conflicts.last_change("person", pid)
                skipped.append(f"{person.name}（{conflicts.who_when(operator, at)} 修改）")
                skipped_ids.append(pid)
                continue
            new_death = death_date if status == "已故" else None
            if person.status == status and person.death_date == new_death:
                continue
            changes = {"status": (person.status, status)}
            if person.death_date != new_death:
                changes["death_date"] = (person.death_date, new_death)
            written = (
                Person.update(
                    status=status,
                    death_date=new_death,
                    updated_at=clock.now(),
                    version=Person.version + 1,
                )
                .where((Person.id == pid) & (Person.version == person.version))
                .execute()
            )
            if not written:  # saved by another connection between our read and our write
                operator, at = conflicts.last_change("person", pid)
                skipped.append(f"{person.name}（{conflicts.who_when(operator, at)} 修改）")
                skipped_ids.append(pid)
                continue
            audit.record("标记状态", "person", pid, f"{person.name} 标记为{status}", changes)
            changed += 1
    return StatusChange(changed, tuple(skipped), tuple(skipped_ids))


# What a person's deletion takes with it, in the clerk's words (tables not named here are
# counted as 其他记录).
_RECORD_NAMES = {
    "contact": "家属和紧急联系人 {n} 人",
    "visit_person": "在 {n} 条走访记录中的名字（走访记录本身保留）",
    "hospital_stay": "住院记录 {n} 条",
    "health_check": "体检记录 {n} 条",
    "aid_case": "帮扶案例 {n} 个（连同其审批和发放记录）",
    "subscription": "订阅记录 {n} 条",
    "notice_recipient": "情况通报送达记录 {n} 条",
    "retiree_step": "离退休办理步骤 {n} 条",
    "party_transfer": "组织关系转接记录 {n} 条",
    "party_attendance": "组织生活出勤记录 {n} 条",
    "study_delivery": "送学上门记录 {n} 条",
    "party_branch": "党支部书记一职 {n} 个（支部保留，书记空缺）",
    "activity_signup": "活动报名 {n} 条",
    "activity_attendance": "活动出勤 {n} 条",
    "team_member": "服务团队成员身份 {n} 个",
}


def deletion_consequences(person_ids: Sequence[int]) -> list[str]:
    """The records deleting these people would delete with them, e.g. ["体检记录 3 条"]."""
    counts = dependent_counts(person_ids)
    named = [_RECORD_NAMES[t].format(n=counts.pop(t)) for t in _RECORD_NAMES if t in counts]
    if counts:
        named.append(f"其他记录 {sum(counts.values())} 条")
    return named


def delete_person(person_id: int) -> None:
    """Delete a person for good (the explicit, confirmed action); the audit row keeps the data."""
    with db.atomic():
        before = get_person(person_id)
        changes = {
            k: (v, None) for k, v in _comparable(before).items() if v not in (None, "", False)
        }
        if before["contacts"]:
            changes["contacts"] = (_contacts_summary(before["contacts"]), None)
        Person.delete_by_id(person_id)
        forget_persons_in_batches([person_id])
        audit.record("删除", "person", person_id, f"永久删除 {before['name']}", changes)


def delete_persons(person_ids: Sequence[int]) -> int:
    """Delete people for good, all or none, after a backup of the data folder ("删除人员前"),
    since their visits and aid cases go with them; the attachment files of those aid cases are
    removed too, as the backup holds them. Returns how many were deleted."""
    from . import aid_attachments
    from .backups import backup_before_bulk_change

    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return 0
    cases = aid_attachments.case_ids_of_persons(ids)
    backup_before_bulk_change("删除人员前")
    with db.atomic():
        for pid in ids:
            delete_person(pid)
    aid_attachments.remove_case_attachments(cases)
    return len(ids)


def list_persons(
    flt: RosterFilter | None = None, *, day: _dt.date | None = None, order_by: str = "name"
) -> list[dict[str, Any]]:
    """Every person matching ``flt`` (default: everyone, any status) as dicts, sorted."""
    day = day or today()
    flt = flt or RosterFilter(statuses=())
    ids = query_person_ids(flt, today=day, order_by=order_by)
    rows = fetch_person_rows(ids, day)
    return [rows[i] for i in ids]
