"""The demo zone gives the survey's figures exactly, and derived SQL agrees with core rules."""

from __future__ import annotations

import datetime as _dt

import pytest

from lao_gan_bu_desktop.core.ages import AGE_BRACKETS
from lao_gan_bu_desktop.core.idnumber import parse_id_number
from lao_gan_bu_desktop.core.tiers import SERVICE_TIERS
from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.storage.roster_queries import RosterFilter, query_person_ids
from tests.conftest import FIXED_TODAY

SURVEY = (
    "全区现有机关离退休干部153人，其中离休干部2人，退休干部151人。从年龄来看，60岁以下离退休干部36人，"
    "60至70岁83人，71至79岁21人，80岁及以上13人。从健康状况来看，生活不能自理3人，生活半自理4人。"
    "从党组织来看，离退休干部党支部17个，其中单建2个、与在职人员共建15个。"
    "从政治面貌来看，中共党员107人，民主党派成员2人。从居住情况来看，144人在郑州常住，"
)


def test_demo_zone_matches_the_survey(demo_ctx) -> None:
    s = compute_stats(FIXED_TODAY)
    assert s["total"] == 153
    assert s["by_kind"] == {"离休": 2, "退休": 151}
    assert s["by_age_bracket"] == {"60岁以下": 36, "60至70岁": 83, "71至79岁": 21, "80岁及以上": 13}
    assert s["not_self_caring"] == 3
    assert s["branches_by_kind"] == {"单建": 2, "共建": 15}
    assert s["party_members"] == 107
    assert s["democratic_party_members"] == 2
    assert s["by_residence"]["本市"] == 144
    assert s["by_residence"]["省外"] == 8
    assert s["paragraph"].startswith(SURVEY)
    assert sum(row["total"] for row in s["by_unit"]) == 153


@pytest.mark.parametrize(
    "day", [_dt.date(2024, 2, 29), _dt.date(2025, 3, 1), _dt.date(2026, 12, 31)]
)
def test_demo_holds_on_any_day(tmp_path, day) -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo

    context = open_app(tmp_path / "d", daily_backup=False)
    fill_demo(day)
    s = compute_stats(day)
    assert s["by_age_bracket"] == {"60岁以下": 36, "60至70岁": 83, "71至79岁": 21, "80岁及以上": 13}
    context.close()


def test_demo_people_are_valid(demo_ctx) -> None:
    persons = list_persons(day=FIXED_TODAY)
    assert len({p["id_number"] for p in persons}) == 153
    for p in persons:
        info = parse_id_number(p["id_number"])
        assert info.birth_date == p["birth_date"] and info.gender == p["gender"]
        assert len(p["postcode"]) == 6 and p["address"]
        assert p["phone"].isdigit() and len(p["phone"]) == 11


def test_sql_filters_agree_with_core_rules(demo_ctx) -> None:
    persons = {p["id"]: p for p in list_persons(day=FIXED_TODAY)}
    for bracket in AGE_BRACKETS:
        ids = set(query_person_ids(RosterFilter(age_bracket=bracket), today=FIXED_TODAY))
        assert ids == {i for i, p in persons.items() if p["age_bracket"] == bracket}
    for tier in SERVICE_TIERS:
        ids = set(query_person_ids(RosterFilter(service_tier=tier), today=FIXED_TODAY))
        assert ids == {i for i, p in persons.items() if p["service_tier"] == tier}, tier


def test_search_by_pinyin_initials_id_tail_and_phone(demo_ctx) -> None:
    persons = list_persons(day=FIXED_TODAY)
    someone = persons[10]
    initials = someone["search_key"].split()[-1]
    by_initials = query_person_ids(RosterFilter(text=initials), today=FIXED_TODAY)
    assert someone["id"] in by_initials
    by_tail = query_person_ids(RosterFilter(text=someone["id_number"][-6:]), today=FIXED_TODAY)
    assert by_tail == [someone["id"]]
    by_phone = query_person_ids(RosterFilter(text=someone["phone"][:7]), today=FIXED_TODAY)
    assert someone["id"] in by_phone
    by_name = query_person_ids(RosterFilter(text=someone["name"]), today=FIXED_TODAY)
    assert someone["id"] in by_name


def test_grouped_stats_agree_with_person_rows(demo_ctx) -> None:
    from collections import Counter

    from lao_gan_bu_desktop.services import roster

    first = list_persons(day=FIXED_TODAY)[0]
    roster.update_person(first["id"], {"birth_date": None, "id_number": ""})
    persons = [p for p in list_persons(day=FIXED_TODAY) if p["status"] == "在册"]
    s = compute_stats(FIXED_TODAY)
    assert s["age_unknown"] == 1
    tiers = Counter(p["service_tier"] for p in persons)
    assert s["by_service_tier"] == {t: tiers.get(t, 0) for t in SERVICE_TIERS}
    brackets = Counter(p["age_bracket"] for p in persons if p["age_bracket"])
    assert s["by_age_bracket"] == {b: brackets.get(b, 0) for b in AGE_BRACKETS}
    units = Counter(p["unit"] for p in persons)
    assert {row["unit"]: row["total"] for row in s["by_unit"]} == dict(units)


def test_party_counts_agree_with_each_persons_status(demo_ctx) -> None:
    """Statuses written in other ways (synonyms, spaces, unknown text) count as each person's."""
    from lao_gan_bu_desktop.core.vocab import is_democratic_party_member, is_party_member
    from lao_gan_bu_desktop.storage.models import Person

    ids = [p.id for p in Person.select(Person.id).order_by(Person.id)]
    for n, text in enumerate(("党员", " 中共党员 ", "预备党员", "民盟", "无党派", "群众", "？")):
        Person.update(political_status=text).where(Person.id.in_(ids[n::7])).execute()
    statuses = [
        p.political_status
        for p in Person.select(Person.political_status).where(Person.status == "在册")
    ]
    s = compute_stats(FIXED_TODAY)
    assert s["party_members"] == sum(map(is_party_member, statuses))
    assert s["democratic_party_members"] == sum(map(is_democratic_party_member, statuses))
    assert s["party_members"] > 0 and s["democratic_party_members"] > 0
    party_by_unit = sum(row["party_members"] for row in s["by_unit"])
    assert party_by_unit == s["party_members"]
