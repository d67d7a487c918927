"""党组织: the retirees' party branches (单建, or 共建 with a serving staff's branch), their
secretaries, members and the units they cover; 组织关系转接 (transfers of a member's organisation
relation in and out) and the figures the statistics take from them.

Members are people of the roster (``Person.party_branch``); a branch's members are those of its
people who are 在册. Only 中共党员 and 中共预备党员 can be put in a branch. Completing a transfer
in puts the person in the branch named; completing a transfer out takes them out of it.
Meetings, attendance and 送学上门 are in services/party_life.py.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from peewee import JOIN, fn

from ..core import clock
from ..core.dates import check_year
from ..core.errors import RuleError
from ..core.normalize import clean_line, clean_text
from ..core.party_rules import TRANSFER_DIRECTIONS, TRANSFER_STATUSES
from ..core.pinyin import sort_key
from ..core.vocab import BRANCH_KINDS, is_party_member
from ..storage.database import db
from ..storage.models import PartyBranch, Person, Unit
from ..storage.party_models import PartyBranchUnit, PartyTransfer
from . import audit
from .new_retirees import transfer_completed
from .units import ordered_units, unit_key


class PartyError(RuleError):
    """A branch, a membership or a transfer breaks a rule."""


def _branch(branch_id: int) -> PartyBranch:
    branch = PartyBranch.get_or_none(PartyBranch.id == branch_id)
    if branch is None:
        raise PartyError("找不到这个党支部，可能已被删除。请刷新后重试。")
    return branch


def _person(person_id: int) -> Person:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise PartyError("找不到这个人，可能已被删除。请刷新后重试。")
    return person


def _member_counts() -> Counter:
    """branch id → number of its 在册 members."""
    query = (
        Person.select(Person.party_branch, fn.COUNT(Person.id))
        .where(Person.party_branch.is_null(False) & (Person.status == "在册"))
        .group_by(Person.party_branch)
        .tuples()
    )
    return Counter(dict(query))


def _branch_units() -> dict[int, list[str]]:
    """branch id → names of the units it covers, in the zone's order."""
    key = unit_key()
    units: dict[int, list[str]] = {}
    query = PartyBranchUnit.select(PartyBranchUnit.branch, Unit.name).join(Unit).tuples()
    for branch_id, name in query:
        units.setdefault(branch_id, []).append(name)
    return {b: sorted(names, key=key) for b, names in units.items()}


def _branch_order(kind: str, units: Sequence[str], name: str, key) -> tuple:
    kind_index = BRANCH_KINDS.index(kind) if kind in BRANCH_KINDS else len(BRANCH_KINDS)
    return (kind_index, key(units[0]) if units else (3,), sort_key(name))


def list_branches() -> list[dict[str, Any]]:
    """Every branch (单建 first, then by the zone's order of the units covered) with its kind,
    partner, secretary, member count and units."""
    counts = _member_counts()
    units = _branch_units()
    secretary = Person.alias()
    query = (
        PartyBranch.select(
            PartyBranch.id,
            PartyBranch.name,
            PartyBranch.kind,
            PartyBranch.partner,
            PartyBranch.secretary,
            secretary.name,
            PartyBranch.notes,
        )
        .join(secretary, JOIN.LEFT_OUTER, on=(PartyBranch.secretary == secretary.id))
        .tuples()
    )
    rows = [
        {
            "id": bid,
            "name": name,
            "kind": kind,
            "partner": partner,
            "secretary_id": secretary_id,
            "secretary": secretary_name or "",
            "members": counts.get(bid, 0),
            "units": units.get(bid, []),
            "units_text": "、".join(units.get(bid, [])),
            "notes": notes,
        }
        for bid, name, kind, partner, secretary_id, secretary_name, notes in query
    ]
    key = unit_key()
    rows.sort(key=lambda r: _branch_order(r["kind"], r["units"], r["name"], key))
    return rows


def unit_choices() -> list[str]:
    """Every unit a branch may cover, in the zone's order."""
    return ordered_units()


def branch_choices() -> list[tuple[int, str]]:
    """(id, name) of every branch, in the order of :func:`list_branches`."""
    return [(r["id"], r["name"]) for r in list_branches()]


def branch_members(branch_id: int) -> list[dict[str, Any]]:
    """The branch's 在册 members by name: id, name, unit, political status, 入党时间, phone,
    whether secretary."""
    branch = _branch(branch_id)
    query = (
        Person.select(
            Person.id,
            Person.name,
            Unit.name,
            Person.political_status,
            Person.party_join_date,
            Person.phone,
            Person.birth_date,
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where((Person.party_branch == branch.id) & (Person.status == "在册"))
        .order_by(Person.search_key, Person.name)
        .tuples()
    )
    return [
        {
            "id": pid,
            "name": name,
            "unit": unit or "",
            "political_status": political,
            "party_join_date": joined,
            "phone": phone,
            "birth_date": born,
            "secretary": pid == branch.secretary_id,
        }
        for pid, name, unit, political, joined, phone, born in query
    ]


def party_candidates() -> list[dict[str, Any]]:
    """Everyone 在册 who may be put in a branch (中共党员, 中共预备党员), by name, with their
    present branch: id, name, unit, branch_id, branch."""
    query = (
        Person.select(
            Person.id,
            Person.name,
            Unit.name,
            Person.political_status,
            PartyBranch.id,
            PartyBranch.name,
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .switch(Person)
        .join(PartyBranch, JOIN.LEFT_OUTER, on=(Person.party_branch == PartyBranch.id))
        .where(Person.status == "在册")
        .order_by(Person.search_key, Person.name)
        .tuples()
    )
    return [
        {"id": pid, "name": name, "unit": unit or "", "branch_id": bid, "branch": bname or ""}
        for pid, name, unit, political, bid, bname in query
        if is_party_member(political) or bid is not None
    ]


def _unit_ids(unit_names: Sequence[str]) -> list[int]:
    names = list(dict.fromkeys(n.strip() for n in unit_names if n and n.strip()))
    found = dict(Unit.select(Unit.name, Unit.id).where(Unit.name.in_(names)).tuples())
    unknown = [n for n in names if n not in found]
    if unknown:
        raise PartyError(f"没有这些单位：{'、'.join(unknown)}。请从单位列表中选择。")
    return [found[n] for n in names]


def save_branch(
    branch_id: int | None,
    name: str,
    kind: str,
    *,
    partner: str = "",
    secretary_id: int | None = None,
    units: Sequence[str] = (),
    notes: str = "",
) -> int:
    """Create (``branch_id`` None) or change a branch; ``units`` are the names of the units it
    covers. The secretary must be one of its members. Returns the branch id."""
    name = clean_line(name, "党支部名称")
    if not name:
        raise PartyError("请填写党支部名称，如：经济发展局离退休干部党支部。")
    if kind not in BRANCH_KINDS:
        raise PartyError(f"组建方式“{kind}”不对，请选 {'、'.join(BRANCH_KINDS)}。")
    partner = clean_line(partner, "共建单位党组织") if kind == "共建" else ""
    same_name = PartyBranch.get_or_none(PartyBranch.name == name)
    if same_name is not None and same_name.id != branch_id:
        raise PartyError(f"已有名为“{name}”的党支部，请换一个名称。")
    unit_ids = _unit_ids(units)
    branch = _branch(branch_id) if branch_id is not None else None
    if secretary_id is not None:
        secretary = _person(secretary_id)
        if branch is None or secretary.party_branch_id != branch.id:
            raise PartyError(
                f"{secretary.name}不是本支部党员，书记须从本支部党员中选。"
                "请先把他（她）编入本支部，再选为书记。"
            )
    values = {
        "name": name,
        "kind": kind,
        "partner": partner,
        "secretary": secretary_id,
        "notes": clean_text(notes),
        "unit": unit_ids[0] if unit_ids else None,
    }
    with db.atomic():
        if branch is None:
            branch = PartyBranch.create(**values)
            audit.record("新增", "party_branch", branch.id, f"新建党支部 {name}（{kind}）")
        else:
            before = {
                "name": branch.name,
                "kind": branch.kind,
                "partner": branch.partner,
                "secretary": branch.secretary_id,
                "notes": branch.notes,
                "unit": branch.unit_id,
            }
            changes = {k: (before[k], v) for k, v in values.items() if before[k] != v}
            PartyBranch.update(values).where(PartyBranch.id == branch.id).execute()
            old_units = [
                u
                for (u,) in PartyBranchUnit.select(PartyBranchUnit.unit)
                .where(PartyBranchUnit.branch == branch.id)
                .tuples()
            ]
            if sorted(old_units) != sorted(unit_ids):
                changes["units"] = (old_units, unit_ids)
            if changes:
                audit.record("修改", "party_branch", branch.id, f"修改党支部 {name}", changes)
        PartyBranchUnit.delete().where(PartyBranchUnit.branch == branch.id).execute()
        if unit_ids:
            PartyBranchUnit.insert_many(
                [{"branch": branch.id, "unit": u} for u in unit_ids]
            ).execute()
    return branch.id


def delete_branch(branch_id: int) -> None:
    """Delete a branch that has no members left (its meetings and attendance go with it)."""
    branch = _branch(branch_id)
    members = Person.select().where(Person.party_branch == branch.id).count()
    if members:
        raise PartyError(
            f"{branch.name}还有 {members} 名党员（含已故、迁出的），不能删除。"
            "请先把他们转到其他支部或移出本支部。"
        )
    with db.atomic():
        branch.delete_instance(recursive=True)
        audit.record("删除", "party_branch", branch_id, f"删除党支部 {branch.name}")


def add_members(branch_id: int, person_ids: Sequence[int]) -> int:
    """Put these people in the branch (moving them from another one); only 中共党员 and
    预备党员. Returns how many changed branch."""
    branch = _branch(branch_id)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise PartyError("请先选中要编入本支部的党员。")
    people = list(Person.select().where(Person.id.in_(ids)))
    refused = [p.name for p in people if not is_party_member(p.political_status)]
    if refused:
        raise PartyError(
            f"{'、'.join(refused[:5])}{'等' if len(refused) > 5 else ''}的政治面貌不是中共党员或预备党员，"
            "不能编入党支部。如填错了，请先在人员信息中改正政治面貌。"
        )
    moving = [p for p in people if p.party_branch_id != branch.id]
    with db.atomic():
        for p in moving:
            old = p.party_branch_id
            Person.update(party_branch=branch.id, updated_at=clock.now()).where(
                Person.id == p.id
            ).execute()
            if old is not None:
                PartyBranch.update(secretary=None).where(
                    (PartyBranch.id == old) & (PartyBranch.secretary == p.id)
                ).execute()
            audit.record(
                "修改",
                "person",
                p.id,
                f"{p.name} 编入党支部 {branch.name}",
                {"party_branch": (old, branch.id)},
            )
    return len(moving)


def remove_members(branch_id: int, person_ids: Sequence[int]) -> int:
    """Take these people out of the branch (no branch afterwards); returns how many."""
    branch = _branch(branch_id)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise PartyError("请先选中要移出本支部的党员。")
    people = list(Person.select().where(Person.id.in_(ids) & (Person.party_branch == branch.id)))
    with db.atomic():
        for p in people:
            _leave_branch(p, branch, f"{p.name} 移出党支部 {branch.name}")
    return len(people)


def _leave_branch(person: Person, branch: PartyBranch, summary: str) -> None:
    Person.update(party_branch=None, updated_at=clock.now()).where(Person.id == person.id).execute()
    if branch.secretary_id == person.id:
        PartyBranch.update(secretary=None).where(PartyBranch.id == branch.id).execute()
        branch.secretary = None
    audit.record("修改", "person", person.id, summary, {"party_branch": (branch.id, None)})


# 组织关系转接 -------------------------------------------------------------------------


def _transfer(transfer_id: int) -> PartyTransfer:
    transfer = PartyTransfer.get_or_none(PartyTransfer.id == transfer_id)
    if transfer is None:
        raise PartyError("找不到这条转接记录，可能已被删除。请刷新后重试。")
    return transfer


def list_transfers(status: str | None = None) -> list[dict[str, Any]]:
    """Transfers (only those with ``status`` when given), newest first: person, direction, date,
    from, to, letter number, status, our branch, completed_on, note."""
    query = (
        PartyTransfer.select(
            PartyTransfer.id,
            PartyTransfer.person,
            Person.name,
            Unit.name,
            PartyTransfer.direction,
            PartyTransfer.transfer_date,
            PartyTransfer.from_org,
            PartyTransfer.to_org,
            PartyTransfer.letter_number,
            PartyTransfer.status,
            PartyTransfer.branch,
            PartyBranch.name,
            PartyTransfer.completed_on,
            PartyTransfer.note,
        )
        .join(Person)
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .switch(PartyTransfer)
        .join(PartyBranch, JOIN.LEFT_OUTER, on=(PartyTransfer.branch == PartyBranch.id))
        .order_by(PartyTransfer.transfer_date.desc(), PartyTransfer.id.desc())
    )
    if status is not None:
        query = query.where(PartyTransfer.status == status)
    keys = (
        "id",
        "person_id",
        "name",
        "unit",
        "direction",
        "transfer_date",
        "from_org",
        "to_org",
        "letter_number",
        "status",
        "branch_id",
        "branch",
        "completed_on",
        "note",
    )
    rows = [dict(zip(keys, row, strict=True)) for row in query.tuples()]
    for row in rows:
        row["unit"] = row["unit"] or ""
        row["branch"] = row["branch"] or ""
    return rows


def transfers_under_way() -> list[dict[str, Any]]:
    """The transfers still 办理中, newest first."""
    return list_transfers("办理中")


def create_transfer(
    person_id: int,
    direction: str,
    transfer_date: _dt.date,
    *,
    from_org: str = "",
    to_org: str = "",
    letter_number: str = "",
    branch_id: int | None = None,
    note: str = "",
    today: _dt.date | None = None,
) -> int:
    """Record a transfer under way (办理中). 转入 names our branch the person joins (``to_org``
    defaults to it); 转出 leaves the person's present branch (``from_org`` defaults to it)."""
    today = today or clock.today()
    person = _person(person_id)
    if direction not in TRANSFER_DIRECTIONS:
        raise PartyError(f"转接方向“{direction}”不对，请选 {'、'.join(TRANSFER_DIRECTIONS)}。")
    if not isinstance(transfer_date, _dt.date):
        raise PartyError("请填写介绍信开具（转接）日期。")
    check_year(transfer_date, "转接日期")
    if transfer_date > today:
        raise PartyError(f"转接日期 {transfer_date} 晚于今天，请填介绍信实际开具的日期。")
    if not is_party_member(person.political_status) and person.party_branch_id is None:
        raise PartyError(
            f"{person.name}的政治面貌是“{person.political_status or '未填'}”，只有中共党员、"
            "预备党员才有组织关系可转接。如填错了，请先在人员信息中改正政治面貌。"
        )
    open_one = (
        PartyTransfer.select()
        .where((PartyTransfer.person == person.id) & (PartyTransfer.status == "办理中"))
        .first()
    )
    if open_one is not None:
        raise PartyError(
            f"{person.name}已有一条办理中的{open_one.direction}记录（{open_one.transfer_date}），"
            "请先办完或删除那一条。"
        )
    from_org, to_org = clean_line(from_org, "转出单位"), clean_line(to_org, "转往单位")
    letter_number = clean_line(letter_number, "介绍信编号")
    if direction == "转入":
        if branch_id is None:
            raise PartyError("转入须选择接收的党支部。")
        branch = _branch(branch_id)
        if person.party_branch_id == branch.id:
            raise PartyError(f"{person.name}已在{branch.name}，不需要转入。")
        to_org = to_org or branch.name
        if not from_org:
            raise PartyError("请填写转出单位（原党组织），如：郑州市金水区某某社区党委。")
    else:
        if branch_id is None:
            branch_id = person.party_branch_id
        if branch_id is None:
            raise PartyError(f"{person.name}不在任何党支部，请先选择从哪个支部转出。")
        branch = _branch(branch_id)
        from_org = from_org or branch.name
        if not to_org:
            raise PartyError("请填写转往单位（接收的党组织），如：某某街道某某社区党委。")
    with db.atomic():
        transfer = PartyTransfer.create(
            person=person.id,
            direction=direction,
            transfer_date=transfer_date,
            from_org=from_org,
            to_org=to_org,
            letter_number=letter_number,
            status="办理中",
            branch=branch.id,
            note=clean_text(note),
        )
        audit.record(
            "新增",
            "party_transfer",
            transfer.id,
            f"{person.name} 组织关系{direction}（{from_org} → {to_org}），办理中",
        )
    return transfer.id


def complete_transfer(
    transfer_id: int, completed_on: _dt.date | None = None, *, today: _dt.date | None = None
) -> None:
    """Mark a transfer 已完成: 转入 puts the person in our branch (and does their 离退休办理
    step 接转组织关系 when it is open), 转出 takes them out of it."""
    today = today or clock.today()
    completed_on = completed_on or today
    transfer = _transfer(transfer_id)
    if transfer.status == "已完成":
        raise PartyError("这条转接已经办结，不需要再办。")
    if completed_on > today:
        raise PartyError(f"办结日期 {completed_on} 晚于今天，请填实际办结的日期。")
    if completed_on < transfer.transfer_date:
        raise PartyError(
            f"办结日期 {completed_on} 早于转接日期 {transfer.transfer_date}，请检查后重填。"
        )
    person = _person(transfer.person_id)
    branch = transfer.branch
    with db.atomic():
        PartyTransfer.update(status="已完成", completed_on=completed_on).where(
            PartyTransfer.id == transfer.id
        ).execute()
        if transfer.direction == "转入":
            if branch is not None and person.party_branch_id != branch.id:
                Person.update(party_branch=branch.id, updated_at=clock.now()).where(
                    Person.id == person.id
                ).execute()
            transfer_completed(person.id, completed_on)  # 离退休办理's 接转组织关系 follows
        elif transfer.direction == "转出" and person.party_branch_id is not None:
            left = branch if branch is not None and branch.id == person.party_branch_id else None
            _leave_branch(
                person, left or person.party_branch, f"{person.name} 组织关系转出，移出党支部"
            )
        audit.record(
            "修改",
            "party_transfer",
            transfer.id,
            f"{person.name} 组织关系{transfer.direction}办结（{completed_on}）",
            {"status": ("办理中", "已完成")},
        )


def delete_transfer(transfer_id: int) -> None:
    """Delete a transfer entered by mistake (a completed one's branch change stays)."""
    transfer = _transfer(transfer_id)
    with db.atomic():
        transfer.delete_instance()
        audit.record(
            "删除",
            "party_transfer",
            transfer_id,
            f"删除组织关系{transfer.direction}记录（{transfer.from_org} → {transfer.to_org}）",
        )


def transfer_statuses() -> tuple[str, ...]:
    return TRANSFER_STATUSES


# Figures for the statistics ----------------------------------------------------------


def branch_figures() -> dict[str, Any]:
    """The figures ``stats`` takes from the party data: branches by kind, 在册 members in
    branches, and per branch its kind, secretary, units and members."""
    branches = list_branches()
    by_kind = dict.fromkeys(BRANCH_KINDS, 0)
    for b in branches:
        by_kind[b["kind"]] = by_kind.get(b["kind"], 0) + 1
    return {
        "branches_by_kind": by_kind,
        "members_in_branches": sum(b["members"] for b in branches),
        "by_branch": [
            {
                "branch": b["name"],
                "kind": b["kind"],
                "partner": b["partner"],
                "secretary": b["secretary"],
                "units": b["units_text"],
                "members": b["members"],
            }
            for b in branches
        ],
    }


def party_overview(day: _dt.date | None = None) -> dict[str, Any]:
    """What ``lao-gan-bu party`` prints: the branches and the transfers under way."""
    branches = list_branches()
    return {
        "branches": [
            {
                "name": b["name"],
                "kind": b["kind"],
                "partner": b["partner"],
                "secretary": b["secretary"],
                "members": b["members"],
                "units": b["units"],
            }
            for b in branches
        ],
        "transfers_under_way": [
            {
                "person": t["name"],
                "direction": t["direction"],
                "transfer_date": t["transfer_date"],
                "from_org": t["from_org"],
                "to_org": t["to_org"],
                "letter_number": t["letter_number"],
                "status": t["status"],
                "branch": t["branch"],
            }
            for t in transfers_under_way()
        ],
    }
