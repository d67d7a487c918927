"""一刊一报: the publications the office orders and every cadre's choices, year by year.

Each year every cadre gets the 统一订阅 journal (《老年春秋》), one newspaper of their own choice
(自选) and the zone's gift paper (赠阅). Publication names are data the clerk edits. A new year
is rolled forward from the last one in one step; the first year ever starts from the roster's
订阅刊物 / 订阅报纸 fields. The order list per publication goes to a house-style workbook and
the subscribers of a publication to the address labels (``subscriber_ids``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from peewee import JOIN, fn

from ..core import clock
from ..core.errors import RuleError
from ..core.normalize import clean_line, clean_text
from ..core.phones import contact_phone
from ..files.subscription_xlsx import write_order_list
from ..storage.database import db
from ..storage.models import Person, Unit
from ..storage.office_models import Publication, Subscription
from . import audit
from .backups import backup_before_bulk_change
from .settings import get_setting
from .units import unit_key

KINDS: tuple[str, ...] = ("刊物", "报纸")
PROVISIONS: tuple[str, ...] = ("统一订阅", "自选", "赠阅")
MIN_YEAR, MAX_YEAR = 2000, 2100


class SubscriptionError(RuleError):
    """A publication or a choice breaks a rule of 一刊一报."""


def _check_year(year: int) -> int:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise SubscriptionError(f"年度 {year} 不对，请填 {MIN_YEAR}–{MAX_YEAR} 之间的年份。")
    return int(year)


# --- publications --------------------------------------------------------------------------


def _publication_dict(p: Publication) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "provision": p.provision,
        "sort_order": p.sort_order,
        "active": bool(p.active),
        "notes": p.notes,
    }


def list_publications(*, active_only: bool = False) -> list[dict[str, Any]]:
    """The publications: 统一订阅 first, then 赠阅, then the papers to choose, by their order."""
    query = Publication.select()
    if active_only:
        query = query.where(Publication.active == True)  # noqa: E712 - peewee condition
    rows = [_publication_dict(p) for p in query]
    order = {"统一订阅": 0, "赠阅": 1, "自选": 2}
    rows.sort(key=lambda r: (order.get(r["provision"], 3), r["sort_order"], r["name"]))
    return rows


def save_publication(
    publication_id: int | None,
    name: str,
    kind: str,
    provision: str,
    *,
    active: bool = True,
    notes: str = "",
    sort_order: int | None = None,
) -> int:
    """Add (``publication_id`` None) or change a publication; returns its id."""
    name = clean_line(name, "刊物名称").strip("《》").strip()
    notes = clean_text(notes)
    if not name:
        raise SubscriptionError("刊物名称不能为空，请填写，如：老年春秋。")
    if kind not in KINDS:
        raise SubscriptionError(f"类别“{kind}”不对，请选 {'、'.join(KINDS)}。")
    if provision not in PROVISIONS:
        raise SubscriptionError(f"订阅方式“{provision}”不对，请选 {'、'.join(PROVISIONS)}。")
    clash = Publication.get_or_none(Publication.name == name)
    if clash is not None and clash.id != publication_id:
        raise SubscriptionError(f"已有名为《{name}》的刊物，请换一个名称或直接修改那一种。")
    with db.atomic():
        if publication_id is None:
            last = Publication.select(fn.MAX(Publication.sort_order)).scalar() or 0
            pub = Publication.create(
                name=name,
                kind=kind,
                provision=provision,
                active=active,
                notes=notes,
                sort_order=last + 1 if sort_order is None else sort_order,
            )
            audit.record("新增", "publication", pub.id, f"新增刊物《{name}》（{provision}）")
            return pub.id
        pub = Publication.get_or_none(Publication.id == publication_id)
        if pub is None:
            raise SubscriptionError("找不到这种刊物，可能已被删除。请刷新后重试。")
        old = _publication_dict(pub)
        pub.name, pub.kind, pub.provision, pub.active, pub.notes = (
            name,
            kind,
            provision,
            active,
            notes,
        )
        if sort_order is not None:
            pub.sort_order = sort_order
        pub.save()
        new = _publication_dict(pub)
        changes = {k: (old[k], new[k]) for k in new if old[k] != new[k]}
        audit.record("修改", "publication", pub.id, f"修改刊物《{name}》", changes)
        return pub.id


def delete_publication(publication_id: int) -> None:
    """Delete a publication nobody has ever had; one with subscriptions is only stopped."""
    pub = Publication.get_or_none(Publication.id == publication_id)
    if pub is None:
        raise SubscriptionError("找不到这种刊物，可能已被删除。请刷新后重试。")
    used = Subscription.select().where(Subscription.publication == pub).count()
    if used:
        raise SubscriptionError(
            f"《{pub.name}》已有 {used} 条订阅记录，不能删除；不再订阅时请取消勾选“在订”。"
        )
    with db.atomic():
        pub.delete_instance()
        audit.record("删除", "publication", publication_id, f"删除刊物《{pub.name}》")


# --- the year's choices --------------------------------------------------------------------


def years() -> list[int]:
    """The years that have subscriptions, newest first."""
    query = Subscription.select(Subscription.year).distinct().order_by(Subscription.year.desc())
    return [r[0] for r in query.tuples()]


def _current_persons() -> list[Person]:
    return list(
        Person.select(
            Person.id,
            Person.name,
            Person.unit,
            Person.address,
            Person.postcode,
            Person.phone,
            Person.landline,
            Person.journal,
            Person.newspaper,
            Person.search_key,
        )
        .where(Person.status == "在册")
        .order_by(Person.search_key, Person.name)
    )


def year_table(year: int) -> dict[str, Any]:
    """Everyone 在册 with their choices in ``year``.

    ``publications`` (the columns) and ``persons``: dicts with id, name, unit, address,
    ``choices`` {publication id: copies} and ``newspaper`` (the 自选 one's name, or "");
    ``counts`` {publication id: copies}; ``missing_choice``: how many have no 自选 paper.
    """
    year = _check_year(year)
    publications = list_publications()
    by_id = {p["id"]: p for p in publications}
    units = dict(Unit.select(Unit.id, Unit.name).tuples())
    choices: dict[int, dict[int, int]] = {}
    for pid, pub_id, copies in (
        Subscription.select(Subscription.person, Subscription.publication, Subscription.copies)
        .where(Subscription.year == year)
        .tuples()
    ):
        choices.setdefault(pid, {})[pub_id] = copies
    persons = []
    for p in _current_persons():
        mine = choices.get(p.id, {})
        chosen = [by_id[i]["name"] for i in mine if by_id[i]["provision"] == "自选"]
        persons.append(
            {
                "id": p.id,
                "name": p.name,
                "unit": units.get(p.unit_id, ""),
                "address": p.address,
                "postcode": p.postcode,
                "phone": contact_phone(p.phone, p.landline),
                "choices": mine,
                "newspaper": "、".join(chosen),
            }
        )
    counts = {p["id"]: 0 for p in publications}
    for person in persons:
        for pub_id, copies in person["choices"].items():
            counts[pub_id] = counts.get(pub_id, 0) + copies
    any_choice = any(p["provision"] == "自选" for p in publications)
    missing = sum(1 for p in persons if any_choice and not p["newspaper"])
    return {
        "year": year,
        "publications": publications,
        "persons": persons,
        "counts": counts,
        "missing_choice": missing,
    }


def person_choices(person_id: int, year: int) -> dict[int, int]:
    """{publication id: copies} of one person in one year."""
    query = Subscription.select(Subscription.publication, Subscription.copies).where(
        (Subscription.person == person_id) & (Subscription.year == _check_year(year))
    )
    return dict(query.tuples())


def set_choices(person_id: int, year: int, publication_ids: Iterable[int]) -> None:
    """Make ``publication_ids`` (one copy each) the person's subscriptions in ``year``.

    At most one 自选 paper: the survey's rule is one newspaper of their own choice.
    """
    year = _check_year(year)
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise SubscriptionError("找不到这个人，可能已被删除。请刷新后重试。")
    wanted = list(dict.fromkeys(publication_ids))
    pubs = {p.id: p for p in Publication.select().where(Publication.id.in_(wanted))}
    if len(pubs) != len(wanted):
        raise SubscriptionError("选中的刊物中有的已被删除，请刷新后重新选择。")
    own = [p.name for p in pubs.values() if p.provision == "自选"]
    if len(own) > 1:
        raise SubscriptionError(
            f"每人每年自选一份报纸，现在选了 {len(own)} 份（{'、'.join(own)}），请只留一份。"
        )
    before = person_choices(person_id, year)
    with db.atomic():
        Subscription.delete().where(
            (Subscription.person == person_id)
            & (Subscription.year == year)
            & Subscription.publication.not_in(wanted)
        ).execute()
        for pub_id in wanted:
            if pub_id not in before:
                Subscription.create(person=person_id, year=year, publication=pub_id, copies=1)
        names = "、".join(f"《{pubs[i].name}》" for i in wanted) or "（不订）"
        old = "、".join(str(i) for i in sorted(before))
        audit.record(
            "修改",
            "subscription",
            person_id,
            f"{person.name} {year} 年订阅：{names}",
            {"publications": (old, "、".join(str(i) for i in sorted(wanted)))},
        )


def _defaults_for(person: Person, publications: list[dict[str, Any]]) -> list[int]:
    """The first year's choices of a person: every 统一订阅 and 赠阅 publication, and the 自选
    paper the roster's 订阅报纸 (or 订阅刊物) names, when it is one of the publications."""
    ids = [p["id"] for p in publications if p["provision"] in ("统一订阅", "赠阅")]
    own = {p["name"]: p["id"] for p in publications if p["provision"] == "自选"}
    for text in (person.newspaper, person.journal):
        name = (text or "").strip().strip("《》")
        if name in own:
            ids.append(own[name])
            break
    return ids


def roll_forward(year: int, *, backup: bool = True) -> dict[str, Any]:
    """Fill ``year`` in one step from the last year before it that has subscriptions.

    Everyone 在册 keeps last year's publications that are still 在订 and gets every 统一订阅 and
    赠阅 one; those new on the roster (or every one, in the first year) start from the roster's
    订阅报纸. Refused when ``year`` already has subscriptions. Returns from_year, persons, rows.
    The data folder is backed up first (``backup`` False only while the demo zone is built).
    """
    year = _check_year(year)
    if Subscription.select().where(Subscription.year == year).exists():
        raise SubscriptionError(f"{year} 年已有订阅记录，不能再结转。要修改请在表中逐人调整。")
    publications = list_publications(active_only=True)
    if not publications:
        raise SubscriptionError("还没有在订的刊物。请先在“刊物设置”中添加《老年春秋》等刊物。")
    active = {p["id"] for p in publications}
    every = [p["id"] for p in publications if p["provision"] in ("统一订阅", "赠阅")]
    from_year = (
        Subscription.select(fn.MAX(Subscription.year)).where(Subscription.year < year).scalar()
    )
    last: dict[int, list[tuple[int, int]]] = {}
    if from_year is not None:
        for pid, pub_id, copies in (
            Subscription.select(Subscription.person, Subscription.publication, Subscription.copies)
            .where(Subscription.year == from_year)
            .tuples()
        ):
            last.setdefault(pid, []).append((pub_id, copies))
    persons = _current_persons()
    if backup:
        backup_before_bulk_change(f"{year}年订阅结转前")
    rows: list[dict[str, Any]] = []
    now = clock.now()
    for person in persons:
        if person.id in last:
            mine = {pub: copies for pub, copies in last[person.id] if pub in active}
            for pub in every:
                mine.setdefault(pub, 1)
        else:
            mine = dict.fromkeys(_defaults_for(person, publications), 1)
        rows.extend(
            {"person": person.id, "year": year, "publication": pub, "copies": c, "created_at": now}
            for pub, c in mine.items()
        )
    with db.atomic():
        for begin in range(0, len(rows), 200):
            Subscription.insert_many(rows[begin : begin + 200]).execute()
        source = f"由 {from_year} 年结转" if from_year is not None else "按花名册首次生成"
        audit.record(
            "结转",
            "subscription",
            None,
            f"{year} 年一刊一报订阅{source}：{len(persons)} 人，{len(rows)} 份",
        )
    return {"year": year, "from_year": from_year, "persons": len(persons), "rows": len(rows)}


# --- outputs -------------------------------------------------------------------------------


def order_rows(year: int) -> dict[int, list[dict[str, Any]]]:
    """{publication id: rows (name, unit, address, postcode, phone, copies)} of ``year``,
    by unit (the zone's order) then name, only people 在册."""
    year = _check_year(year)
    query = (
        Subscription.select(
            Subscription.publication,
            Subscription.copies,
            Person.id,
            Person.name,
            Unit.name,
            Person.address,
            Person.postcode,
            Person.phone,
            Person.landline,
        )
        .join(Person)
        .join(Unit, join_type=JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where((Subscription.year == year) & (Person.status == "在册"))
        .order_by(Person.search_key, Person.name)
        .tuples()
    )
    # the zone's order of units (services.units), people without a unit last, names in pinyin
    order = unit_key()
    rows = sorted(query, key=lambda r: (not r[4], order(r[4] or "")))
    result: dict[int, list[dict[str, Any]]] = {}
    for pub_id, copies, pid, name, unit, address, postcode, phone, landline in rows:
        result.setdefault(pub_id, []).append(
            {
                "person_id": pid,
                "name": name,
                "unit": unit or "",
                "address": address,
                "postcode": postcode,
                "phone": contact_phone(phone, landline),
                "copies": copies,
            }
        )
    return result


def summary(year: int) -> list[dict[str, Any]]:
    """Per publication of ``year``: id, name, kind, provision, persons, copies."""
    rows = order_rows(year)
    return [
        {
            **p,
            "persons": len(rows.get(p["id"], [])),
            "copies": sum(r["copies"] for r in rows.get(p["id"], [])),
        }
        for p in list_publications()
        if p["active"] or rows.get(p["id"])
    ]


def check_order_list(year: int, path: Path) -> None:
    """Refuse, before any writing, an order list that cannot be made: not .xlsx, or a year
    without subscriptions."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise SubscriptionError(f"订阅清单要保存为 .xlsx 文件，“{path.name}”不是。请改文件名。")
    if not Subscription.select().where(Subscription.year == _check_year(year)).exists():
        raise SubscriptionError(f"{year} 年还没有订阅记录。请先结转或逐人填写。")


def export_order_list(year: int, path: Path, *, day: _dt.date | None = None) -> Path:
    """Write the order list of ``year`` (汇总 and a sheet per publication) to ``path``."""
    path = Path(path)
    check_order_list(year, path)
    rows = order_rows(year)
    pubs = [p for p in list_publications() if p["active"] or rows.get(p["id"])]
    write_order_list(
        path,
        year,
        pubs,
        rows,
        zone_name=get_setting("zone_name") or "",
        day=day or clock.today(),
    )
    audit.record("导出", "subscription", None, f"导出 {year} 年一刊一报订阅清单：{path.name}")
    return path


def publication_by_name(name: str) -> dict[str, Any]:
    """The publication called ``name`` (with or without 《》); a Chinese error listing them."""
    name = (name or "").strip().strip("《》")
    for p in list_publications():
        if p["name"] == name:
            return p
    known = "、".join(p["name"] for p in list_publications()) or "（还没有刊物）"
    raise SubscriptionError(f"没有名为《{name}》的刊物。已有：{known}。")


def subscriber_ids(publication_id: int, year: int) -> list[int]:
    """Everyone 在册 on ``publication_id`` in ``year``, by name (for labels and envelopes)."""
    return [r["person_id"] for r in order_rows(year).get(publication_id, [])]
