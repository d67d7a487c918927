"""The due list (应走访清单): which visits the rules ask for in a period, and why.

Pure functions over plain records (:class:`PersonRecord`, :class:`VisitRecord`,
:class:`StayRecord`) and :class:`RuleSettings`; the services read those from the database.
Each :class:`DueItem` says who, on which day, which rule and why. An item is left out when a
visit that is not cancelled (planned or done) of an accepted kind falls in its window — a
planned visit covers the item, and if it is not done by its date it turns up as 逾期 instead.

The rules (all configurable in :class:`RuleSettings`):

* 生日: a birthday of a person aged ≥ ``birthday_min_age`` (80) on that birthday, and every
  round birthday (70, 80, 90, 100), by the solar or the lunar calendar as the record says
  (see ``core.lunar_calendar`` for the 30th and leap months; a solar 29 February falls on
  28 February in other years). Window: 14 days before to 7 days after.
* 节日慰问: for 春节, 中秋节, 重阳节 and 七一 each, a group rule (:class:`CampaignRule`): a person
  qualifies on any one of its conditions. Defaults — 春节: 离休, tier 关照/重点, hardship
  特困/重病; 七一: party members aged ≥ 80 or with ≥ 50 years in the party; 重阳: aged ≥ 80;
  中秋: 离休, tier 重点 or hardship 特困/重病 (the people most in need; a smaller group than
  春节 because 中秋 visits are usually the unit's own). Window: 30 days before to 7 after.
* 住院: a hospital stay asks for a visit within 3 days of admission (the item's day is the last
  day allowed) and a follow-up within 7 days of discharge.
* 去世: a death asks for a condolence visit within 7 days.
* 每月走访: a bedridden person or one who is 不能自理 needs at least one visit (not a phone call)
  in every calendar month; the item's day is the last day of the month.
* 逾期: a visit planned and not done by its date is overdue and stays on the list whatever the
  period, until it is done, rescheduled or cancelled. A rule item whose window has passed
  unmet within ``overdue_lookback_days`` before the period is kept too, marked overdue.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .lunar_calendar import festival_on, lunar_birthday_in, to_lunar
from .tiers import service_tier, tier_reason
from .vocab import VISIT_KINDS

VISIT_STATUSES: tuple[str, ...] = ("计划", "已完成", "取消")
PLANNED, DONE, CANCELLED = VISIT_STATUSES
CAMPAIGN_FESTIVALS: tuple[str, ...] = ("春节", "七一", "中秋节", "重阳节")
PARTY_MEMBER_STATUSES = ("中共党员", "中共预备党员")

RULE_BIRTHDAY = "生日"
RULE_ROUND_BIRTHDAY = "整寿"
RULE_FESTIVAL = "节日慰问"
RULE_HOSPITAL = "住院探望"
RULE_FOLLOW_UP = "出院回访"
RULE_DEATH = "去世吊唁"
RULE_MONTHLY = "每月走访"
RULE_OVERDUE = "逾期未走访"
RULE_FOLLOW_UP_DATE = "约定回访"
RULES: tuple[str, ...] = (
    RULE_BIRTHDAY,
    RULE_ROUND_BIRTHDAY,
    RULE_FESTIVAL,
    RULE_HOSPITAL,
    RULE_FOLLOW_UP,
    RULE_DEATH,
    RULE_MONTHLY,
    RULE_OVERDUE,
    RULE_FOLLOW_UP_DATE,
)

# Which visit kinds meet which rule.
ACCEPTED_KINDS: dict[str, tuple[str, ...]] = {
    RULE_BIRTHDAY: ("生日祝寿",),
    RULE_ROUND_BIRTHDAY: ("生日祝寿",),
    RULE_FESTIVAL: ("节日慰问",),
    RULE_HOSPITAL: ("生病住院",),
    RULE_FOLLOW_UP: ("生病住院", "日常走访", "上门服务", "家庭变故"),
    RULE_DEATH: ("去世吊唁",),
    RULE_MONTHLY: tuple(k for k in VISIT_KINDS if k != "电话问候"),
    RULE_FOLLOW_UP_DATE: tuple(k for k in VISIT_KINDS if k != "电话问候"),
}
# The kind of visit a due item becomes.
KIND_FOR_RULE: dict[str, str] = {
    RULE_BIRTHDAY: "生日祝寿",
    RULE_ROUND_BIRTHDAY: "生日祝寿",
    RULE_FESTIVAL: "节日慰问",
    RULE_HOSPITAL: "生病住院",
    RULE_FOLLOW_UP: "生病住院",
    RULE_DEATH: "去世吊唁",
    RULE_MONTHLY: "上门服务",
    RULE_FOLLOW_UP_DATE: "日常走访",
}


@dataclass(frozen=True)
class CampaignRule:
    """Who a festival campaign visits: anyone meeting one of the conditions set.

    With ``party_members_only`` only 中共党员/预备党员 qualify, and then by the other conditions
    (age, party years) — or all of them when no other condition is set.
    """

    festival: str
    enabled: bool = True
    retirement_kinds: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    hardships: tuple[str, ...] = ()
    min_age: int | None = None
    party_members_only: bool = False
    min_party_years: int | None = None

    def describe(self) -> str:
        """The rule in words, for the settings dialog and the 慰问名单 subtitle."""
        parts: list[str] = []
        if self.retirement_kinds:
            parts.append("、".join(self.retirement_kinds) + "干部")
        if self.tiers:
            parts.append("服务分类为" + "、".join(self.tiers))
        if self.hardships:
            parts.append("困难类别为" + "、".join(self.hardships))
        if self.min_age is not None:
            parts.append(f"年满{self.min_age}岁")
        if self.min_party_years is not None:
            parts.append(f"党龄满{self.min_party_years}年")
        text = "或".join(parts) if parts else "全部人员"
        if self.party_members_only:
            text = "党员中" + text
        return text


DEFAULT_CAMPAIGNS: tuple[CampaignRule, ...] = (
    CampaignRule(
        "春节", retirement_kinds=("离休",), tiers=("关照", "重点"), hardships=("特困", "重病")
    ),
    CampaignRule("七一", party_members_only=True, min_age=80, min_party_years=50),
    CampaignRule("中秋节", retirement_kinds=("离休",), tiers=("重点",), hardships=("特困", "重病")),
    CampaignRule("重阳节", min_age=80),
)


@dataclass(frozen=True)
class RuleSettings:
    """Everything a clerk can change in the rules dialog."""

    birthday_enabled: bool = True
    birthday_min_age: int = 80
    round_birthdays: tuple[int, ...] = (70, 80, 90, 100)
    campaigns: tuple[CampaignRule, ...] = DEFAULT_CAMPAIGNS
    hospital_enabled: bool = True
    hospital_visit_days: int = 3
    follow_up_days: int = 7
    death_enabled: bool = True
    death_visit_days: int = 7
    monthly_enabled: bool = True
    overdue_lookback_days: int = 30

    def campaign(self, festival: str) -> CampaignRule | None:
        for rule in self.campaigns:
            if rule.festival == festival:
                return rule
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["round_birthdays"] = list(self.round_birthdays)
        data["campaigns"] = [
            {
                **asdict(c),
                **{k: list(getattr(c, k)) for k in ("retirement_kinds", "tiers", "hardships")},
            }
            for c in self.campaigns
        ]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from stored JSON; unknown keys are ignored, missing ones take defaults."""
        if not data:
            return cls()
        known = {f for f in cls.__dataclass_fields__ if f in data}
        values: dict[str, Any] = {k: data[k] for k in known}
        if "round_birthdays" in values:
            values["round_birthdays"] = tuple(int(x) for x in values["round_birthdays"])
        if "campaigns" in values:
            campaigns = []
            for raw in values["campaigns"]:
                fields = {k: raw[k] for k in CampaignRule.__dataclass_fields__ if k in raw}
                for key in ("retirement_kinds", "tiers", "hardships"):
                    if key in fields:
                        fields[key] = tuple(fields[key])
                campaigns.append(CampaignRule(**fields))
            values["campaigns"] = tuple(campaigns)
        return replace(cls(), **values)


@dataclass(slots=True)  # not frozen: tens of thousands are built per due list
class PersonRecord:
    """What the rules need to know of a person."""

    id: int
    name: str
    birth_date: _dt.date | None = None
    lunar_birthday: bool = False
    retirement_kind: str = "退休"
    political_status: str = ""
    party_join_date: _dt.date | None = None
    self_care: str = "自理"
    bedridden: bool = False
    hardship: str = "无"
    health_status: str = ""
    status: str = "在册"
    death_date: _dt.date | None = None
    open_aid_case: bool = False  # an open 帮扶 case makes the tier 重点 (core.tiers)


@dataclass(slots=True)  # not frozen: tens of thousands are built per due list
class VisitRecord:
    """A visit as the rules see it: its people, kind, status and dates."""

    id: int
    person_ids: tuple[int, ...]
    kind: str
    status: str
    planned_on: _dt.date | None
    done_on: _dt.date | None = None
    follow_up_on: _dt.date | None = None

    @property
    def day(self) -> _dt.date | None:
        """The day that counts: when it was done, else when it is planned."""
        return self.done_on or self.planned_on


@dataclass(frozen=True)
class StayRecord:
    """A hospital stay."""

    id: int
    person_id: int
    admitted_on: _dt.date
    discharged_on: _dt.date | None = None
    hospital: str = ""


@dataclass(slots=True)  # not frozen: tens of thousands are built per due list
class DueItem:
    """One visit the rules ask for: who, by which day, which rule, why."""

    person_id: int
    name: str
    day: _dt.date
    rule: str
    reason: str
    window_start: _dt.date | None = None
    overdue: bool = False
    visit_id: int | None = None  # for 逾期 items: the visit that was not done
    occasion: str = ""  # e.g. "春节2027", so that a campaign is planned once

    @property
    def kind(self) -> str:
        """The visit kind this item becomes when planned."""
        return KIND_FOR_RULE.get(self.rule, "日常走访")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind
        return data


@dataclass
class _Coverage:
    """Visit days by person and accepted kind, for the "already visited" check."""

    by_person: dict[int, list[tuple[_dt.date, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def covered(self, person_id: int, rule: str, start: _dt.date, end: _dt.date) -> bool:
        kinds = ACCEPTED_KINDS.get(rule, VISIT_KINDS)
        return any(start <= d <= end and k in kinds for d, k in self.by_person.get(person_id, ()))


def _coverage(visits: Iterable[VisitRecord]) -> _Coverage:
    cov = _Coverage()
    for v in visits:
        if v.status == CANCELLED or v.day is None:
            continue
        for pid in v.person_ids:
            cov.by_person[pid].append((v.day, v.kind))
    return cov


def _solar_birthday(birth: _dt.date, year: int) -> _dt.date:
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return _dt.date(year, 2, 28)


def birthdays_between(
    person: PersonRecord, start: _dt.date, end: _dt.date
) -> list[tuple[_dt.date, int]]:
    """(day, age reached) of each birthday of ``person`` in ``start`` … ``end``."""
    birth = person.birth_date
    if birth is None:
        return []
    found: list[tuple[_dt.date, int]] = []
    if person.lunar_birthday:
        try:
            lunar = to_lunar(birth)
        except ValueError:  # outside the lunar table (before 1870): no lunar birthday to keep
            return []
        for lunar_year in range(start.year - 1, end.year + 1):
            if lunar_year <= lunar.year:
                continue
            day = lunar_birthday_in(lunar, lunar_year)
            if start <= day <= end:
                found.append((day, lunar_year - lunar.year))
        return found
    for year in range(start.year, end.year + 1):
        if year <= birth.year:
            continue
        day = _solar_birthday(birth, year)
        if start <= day <= end:
            found.append((day, year - birth.year))
    return found


def is_party_member(person: PersonRecord) -> bool:
    return person.political_status in PARTY_MEMBER_STATUSES


def _years(since: _dt.date | None, day: _dt.date) -> int | None:
    """Whole years from ``since`` to ``day`` (None when unknown or in the future)."""
    if since is None or since > day:
        return None
    return day.year - since.year - ((day.month, day.day) < (since.month, since.day))


def match_reason(rule: CampaignRule, person: PersonRecord, day: _dt.date) -> str | None:
    """Why ``person`` belongs to the group of campaign ``rule`` on ``day``; None if not.

    The conditions are tried cheapest first and the first one met gives the reason, in the
    words of the 慰问名单 a visit team reads: "离休干部", "重病", "年满 80 岁", "党龄满 50 年".
    """
    if rule.party_members_only and person.political_status not in PARTY_MEMBER_STATUSES:
        return None
    has_condition = False
    if rule.retirement_kinds:
        has_condition = True
        if person.retirement_kind in rule.retirement_kinds:
            return f"{person.retirement_kind}干部"
    if rule.hardships:
        has_condition = True
        if person.hardship in rule.hardships:
            return {"特困": "生活特困"}.get(person.hardship, person.hardship)
    age = _years(person.birth_date, day)
    if rule.min_age is not None:
        has_condition = True
        if age is not None and age >= rule.min_age:
            return f"年满 {rule.min_age} 岁"
    if rule.min_party_years is not None:
        has_condition = True
        years = _years(person.party_join_date, day)
        if years is not None and years >= rule.min_party_years:
            return f"党龄满 {rule.min_party_years} 年"
    if rule.tiers:
        has_condition = True
        facts = {
            "age": age,
            "self_care": person.self_care,
            "health_status": person.health_status,
            "bedridden": person.bedridden,
            "hardship": person.hardship,
            "open_aid_case": person.open_aid_case,
        }
        tier = service_tier(**facts)
        if tier in rule.tiers:
            return tier_reason(**facts) or f"服务分类：{tier}"
    return None if has_condition else rule.describe()


def qualifies(rule: CampaignRule, person: PersonRecord, day: _dt.date) -> bool:
    """Whether ``person`` belongs to the group of campaign ``rule`` on ``day``."""
    return match_reason(rule, person, day) is not None


def campaign_members(
    rule: CampaignRule, persons: Iterable[PersonRecord], day: _dt.date
) -> list[tuple[PersonRecord, str]]:
    """The people of a campaign on festival ``day`` (living and on the roster), with the reason."""
    found: list[tuple[PersonRecord, str]] = []
    for p in persons:
        if p.status != "在册":
            continue
        why = match_reason(rule, p, day)
        if why is not None:
            found.append((p, why))
    return found


def _month_ends(start: _dt.date, end: _dt.date) -> list[tuple[_dt.date, _dt.date]]:
    months: list[tuple[_dt.date, _dt.date]] = []
    first = start.replace(day=1)
    while first <= end:
        nxt = _dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        months.append((first, nxt - _dt.timedelta(days=1)))
        first = nxt
    return months


def _md(day: _dt.date) -> str:
    return f"{day.month}月{day.day}日"


def lookback_start(start: _dt.date, today: _dt.date, settings: RuleSettings) -> _dt.date:
    """The first day whose rule items the due list for ``start`` … shows (overdue ones too)."""
    return min(start, today - _dt.timedelta(days=settings.overdue_lookback_days))


@dataclass(frozen=True)
class PersonScope:
    """The people that can have an item in a short period — more than needed, never fewer —
    so that a due list of a few weeks need not read a whole city's roster.

    Of the people on the roster (在册): everyone when ``everyone_living`` (a festival falls in
    the period), else those whose solar birthday ("MM-DD") lies in one of ``birthday_ranges``
    (every birthday when None), everyone with a lunar birthday, and the bedridden and those who
    are 不能自理. Of the deceased: those who died on or after ``died_from``. The people of the
    visits and hospital stays read for the period are added by the caller.
    """

    everyone_living: bool
    birthday_ranges: tuple[tuple[str, str], ...] | None
    died_from: _dt.date


def _month_day(day: _dt.date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def festivals_between(
    settings: RuleSettings, start: _dt.date, end: _dt.date
) -> list[tuple[CampaignRule, int, _dt.date]]:
    """(rule, year, day) of each enabled festival campaign whose festival falls in ``start`` …
    ``end``."""
    found = []
    for rule in settings.campaigns:
        if not rule.enabled:
            continue
        for year in range(start.year, end.year + 1):
            try:
                day = festival_on(rule.festival, year)
            except ValueError:
                continue
            if start <= day <= end:
                found.append((rule, year, day))
    return found


def person_scope(
    settings: RuleSettings, start: _dt.date, end: _dt.date, today: _dt.date
) -> PersonScope:
    """Who :func:`due_items` can name for ``start`` … ``end`` as seen on ``today``."""
    look_from = lookback_start(start, today, settings)
    festival = bool(festivals_between(settings, look_from, end))
    ranges: tuple[tuple[str, str], ...] | None
    if (end - look_from).days >= 365:
        ranges = None
    elif look_from.year == end.year:
        ranges = ((_month_day(look_from), _month_day(end)),)
    else:
        ranges = ((_month_day(look_from), "12-31"), ("01-01", _month_day(end)))
    if ranges is not None and any(a <= "02-28" <= b and not a <= "02-29" <= b for a, b in ranges):
        ranges += (("02-29", "02-29"),)  # a 29 February birthday falls on the 28th in other years
    died_from = look_from - _dt.timedelta(days=settings.death_visit_days)
    return PersonScope(festival, ranges, died_from)


def due_items(
    persons: Sequence[PersonRecord],
    visits: Sequence[VisitRecord],
    stays: Sequence[StayRecord],
    settings: RuleSettings,
    start: _dt.date,
    end: _dt.date,
    today: _dt.date,
) -> list[DueItem]:
    """Every visit the rules ask for in ``start`` … ``end`` as seen on ``today``, by day.

    Rule items whose window closed unmet before ``today`` are marked overdue; those from up to
    ``overdue_lookback_days`` before ``start`` are included too. Planned visits not done by their
    date before ``today`` are always included (rule 逾期未走访).
    """
    cov = _coverage(visits)
    look_from = lookback_start(start, today, settings)
    items: list[DueItem] = []

    def add(
        person: PersonRecord,
        day: _dt.date,
        rule: str,
        reason: str,
        w0: _dt.date,
        w1: _dt.date,
        occasion: str = "",
    ) -> None:
        late = w1 < today
        if day < start and not (late or w1 >= start):
            return
        if day < look_from or day > end:
            return
        if cov.covered(person.id, rule, w0, w1):
            return
        items.append(DueItem(person.id, person.name, day, rule, reason, w0, late, None, occasion))

    living = [p for p in persons if p.status == "在册"]
    by_id = {p.id: p for p in persons}
    # Birthdays.
    if settings.birthday_enabled:
        rounds = set(settings.round_birthdays)
        for p in living:
            for day, age in birthdays_between(p, look_from, end):
                if age in rounds:
                    rule, reason = RULE_ROUND_BIRTHDAY, f"{age}岁整寿"
                elif age >= settings.birthday_min_age:
                    rule, reason = RULE_BIRTHDAY, f"{age}岁生日"
                else:
                    continue
                if p.lunar_birthday:
                    reason += f"（农历{to_lunar(day).month_text}{to_lunar(day).day_text}）"
                add(p, day, rule, reason, day - _dt.timedelta(days=14), day + _dt.timedelta(days=7))
    # Festival campaigns.
    for rule, year, day in festivals_between(settings, look_from, end):
        occasion = f"{rule.festival}{year}"
        w0, w1 = day - _dt.timedelta(days=30), day + _dt.timedelta(days=7)
        for p, why in campaign_members(rule, living, day):
            add(p, day, RULE_FESTIVAL, f"{rule.festival}慰问：{why}", w0, w1, occasion)
    # Hospital stays.
    if settings.hospital_enabled:
        for s in stays:
            p = by_id.get(s.person_id)
            if p is None or p.status == "迁出":
                continue
            where = f"（{s.hospital}）" if s.hospital else ""
            if p.status == "在册" or (p.death_date and p.death_date > s.admitted_on):
                last = s.admitted_on + _dt.timedelta(days=settings.hospital_visit_days)
                add(
                    p,
                    last,
                    RULE_HOSPITAL,
                    f"{_md(s.admitted_on)}住院{where}，{settings.hospital_visit_days}日内探望",
                    s.admitted_on,
                    last,
                )
            if s.discharged_on and p.status == "在册":
                last = s.discharged_on + _dt.timedelta(days=settings.follow_up_days)
                add(
                    p,
                    last,
                    RULE_FOLLOW_UP,
                    f"{_md(s.discharged_on)}出院{where}，{settings.follow_up_days}日内回访",
                    s.discharged_on,
                    last,
                )
    # Deaths.
    if settings.death_enabled:
        for p in persons:
            if p.status == "已故" and p.death_date:
                last = p.death_date + _dt.timedelta(days=settings.death_visit_days)
                add(
                    p,
                    last,
                    RULE_DEATH,
                    f"{_md(p.death_date)}去世，{settings.death_visit_days}日内吊唁慰问家属",
                    p.death_date,
                    last,
                )
    # Monthly visits for the bedridden and those who cannot care for themselves.
    if settings.monthly_enabled:
        needy = [p for p in living if p.bedridden or p.self_care == "不能自理"]
        for first, last in _month_ends(look_from, end):
            for p in needy:
                why = "长期卧床" if p.bedridden else "不能自理"
                add(
                    p,
                    last,
                    RULE_MONTHLY,
                    f"{why}，每月至少走访一次（{first.month}月）",
                    first,
                    last,
                )
    # Follow-up dates written on done visits.
    for v in visits:
        if v.status == DONE and v.follow_up_on:
            for pid in v.person_ids:
                p = by_id.get(pid)
                if p is None or p.status != "在册":
                    continue
                w0 = (v.done_on or v.follow_up_on) + _dt.timedelta(days=1)
                add(
                    p,
                    v.follow_up_on,
                    RULE_FOLLOW_UP_DATE,
                    f"{_md(v.done_on or v.follow_up_on)}走访时约定回访",
                    w0,
                    v.follow_up_on,
                )
    # Planned visits not done by their date: overdue, whatever the period.
    for v in visits:
        if v.status == PLANNED and v.planned_on and v.planned_on < today and v.planned_on <= end:
            for pid in v.person_ids:
                p = by_id.get(pid)
                name = p.name if p else ""
                items.append(
                    DueItem(
                        pid,
                        name,
                        v.planned_on,
                        RULE_OVERDUE,
                        f"计划于{_md(v.planned_on)}的{v.kind}尚未完成",
                        v.planned_on,
                        True,
                        v.id,
                    )
                )
    items.sort(key=lambda i: (i.day, RULES.index(i.rule), i.person_id))
    return items
