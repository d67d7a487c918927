"""Each visit rule's outcome on constructed people (plain records, no database)."""

from __future__ import annotations

import datetime as dt

from lao_gan_bu_desktop.core import lunar_calendar as lc
from lao_gan_bu_desktop.core.visit_rules import (
    CampaignRule,
    PersonRecord,
    RuleSettings,
    StayRecord,
    VisitRecord,
    birthdays_between,
    due_items,
    qualifies,
)

D = dt.date
TODAY = D(2026, 11, 29)
NO_CAMPAIGNS = RuleSettings(campaigns=(), monthly_enabled=False)


def person(pid: int = 1, **kw) -> PersonRecord:
    kw.setdefault("name", f"人员{pid}")
    return PersonRecord(id=pid, **kw)


def rules_of(items, pid=1):
    return [(i.day, i.rule) for i in items if i.person_id == pid]


def test_birthday_from_threshold_and_round_birthdays() -> None:
    people = [
        person(1, birth_date=D(1945, 12, 5)),  # 81 on 2026-12-05: 生日
        person(2, birth_date=D(1956, 12, 6)),  # 70: 整寿
        person(3, birth_date=D(1950, 12, 7)),  # 76: nothing
        person(4, birth_date=D(1926, 12, 8)),  # 100: 整寿
    ]
    items = due_items(people, [], [], NO_CAMPAIGNS, D(2026, 12, 1), D(2026, 12, 31), TODAY)
    assert [(i.person_id, i.day, i.rule, i.reason) for i in items] == [
        (1, D(2026, 12, 5), "生日", "81岁生日"),
        (2, D(2026, 12, 6), "整寿", "70岁整寿"),
        (4, D(2026, 12, 8), "整寿", "100岁整寿"),
    ]
    higher = RuleSettings(campaigns=(), monthly_enabled=False, birthday_min_age=85)
    items = due_items(people, [], [], higher, D(2026, 12, 1), D(2026, 12, 31), TODAY)
    assert 1 not in [i.person_id for i in items]


def test_lunar_birthday_uses_the_lunar_date() -> None:
    birth = lc.from_lunar(1946, 12, 30)  # born on 腊月三十
    p = person(1, birth_date=birth, lunar_birthday=True)
    found = birthdays_between(p, D(2026, 1, 1), D(2026, 12, 31))
    # Lunar 2025's 腊月 is short: 2026-02-16 (腊月廿九), age 79 by lunar years.
    assert found[0] == (D(2026, 2, 16), 79)
    items = due_items([p], [], [], NO_CAMPAIGNS, D(2027, 1, 1), D(2027, 12, 31), D(2027, 1, 1))
    assert [i.rule for i in items] == ["整寿"]
    assert "农历腊月廿九" in items[0].reason


def test_solar_29_february_in_a_common_year() -> None:
    p = person(1, birth_date=D(1944, 2, 29))
    assert birthdays_between(p, D(2027, 1, 1), D(2027, 12, 31)) == [(D(2027, 2, 28), 83)]


def test_birthday_covered_by_a_planned_visit_and_not_by_a_cancelled_one() -> None:
    p = person(1, birth_date=D(1940, 12, 10))
    planned = VisitRecord(7, (1,), "生日祝寿", "计划", D(2026, 12, 9))
    cancelled = VisitRecord(8, (1,), "生日祝寿", "取消", D(2026, 12, 9))
    wrong_kind = VisitRecord(9, (1,), "电话问候", "已完成", D(2026, 12, 9), D(2026, 12, 9))
    period = (D(2026, 12, 1), D(2026, 12, 31), TODAY)
    assert due_items([p], [planned], [], NO_CAMPAIGNS, *period) == []
    assert len(due_items([p], [cancelled, wrong_kind], [], NO_CAMPAIGNS, *period)) == 1


def test_festival_campaign_groups() -> None:
    spring = lc.festival_on("春节", 2027)
    li_xiu = person(1, birth_date=D(1930, 1, 1), retirement_kind="离休")
    old = person(2, birth_date=D(1945, 1, 1))  # 82: tier 关照
    poor = person(3, birth_date=D(1970, 1, 1), hardship="特困")
    young = person(4, birth_date=D(1962, 1, 1))
    party_old = person(5, birth_date=D(1945, 3, 1), political_status="中共党员")
    party_long = person(
        6, birth_date=D(1955, 3, 1), political_status="中共党员", party_join_date=D(1975, 6, 1)
    )
    non_party_old = person(7, birth_date=D(1940, 3, 1), political_status="群众")
    people = [li_xiu, old, poor, young, party_old, party_long, non_party_old]
    s = RuleSettings(birthday_enabled=False, monthly_enabled=False)
    items = due_items(people, [], [], s, D(2027, 1, 1), D(2027, 12, 31), D(2027, 1, 1))
    by_festival: dict[str, set[int]] = {}
    for i in items:
        by_festival.setdefault(i.occasion, set()).add(i.person_id)
    assert by_festival["春节2027"] == {1, 2, 3, 5, 7}
    assert by_festival["七一2027"] == {5, 6}  # 81 years old; 52 years in the party
    assert by_festival["重阳节2027"] == {1, 2, 5, 7}
    assert by_festival["中秋节2027"] == {1, 3}
    first = next(i for i in items if i.occasion == "春节2027" and i.person_id == 1)
    assert first.day == spring and first.reason == "春节慰问：离休干部"
    assert first.kind == "节日慰问"


def test_campaign_rule_switched_off_and_changed() -> None:
    rule = CampaignRule("重阳节", min_age=90)
    assert not qualifies(rule, person(1, birth_date=D(1940, 1, 1)), D(2027, 10, 8))
    assert qualifies(rule, person(1, birth_date=D(1930, 1, 1)), D(2027, 10, 8))
    off = RuleSettings(
        campaigns=(CampaignRule("春节", enabled=False, min_age=0),),
        birthday_enabled=False,
        monthly_enabled=False,
    )
    assert (
        due_items(
            [person(1, birth_date=D(1930, 1, 1))],
            [],
            [],
            off,
            D(2027, 1, 1),
            D(2027, 3, 1),
            D(2027, 1, 1),
        )
        == []
    )


def test_settings_round_trip_through_json() -> None:
    import json

    s = RuleSettings(
        birthday_min_age=85,
        round_birthdays=(90, 100),
        campaigns=(CampaignRule("春节", tiers=("重点",)),),
    )
    again = RuleSettings.from_dict(json.loads(json.dumps(s.to_dict())))
    assert again == s
    assert RuleSettings.from_dict(None) == RuleSettings()
    assert RuleSettings().campaign("七一").describe() == "党员中年满80岁或党龄满50年"


def test_hospital_stay_visit_and_follow_up() -> None:
    p = person(1, birth_date=D(1950, 5, 5))
    stay = StayRecord(1, 1, D(2026, 11, 20), D(2026, 11, 26), "省人民医院")
    items = due_items([p], [], [stay], NO_CAMPAIGNS, D(2026, 11, 1), D(2026, 12, 31), TODAY)
    assert [(i.day, i.rule, i.overdue) for i in items] == [
        (D(2026, 11, 23), "住院探望", True),  # 3 days after admission, passed unmet
        (D(2026, 12, 3), "出院回访", False),
    ]
    assert items[0].reason == "11月20日住院（省人民医院），3日内探望"
    visited = VisitRecord(3, (1,), "生病住院", "已完成", D(2026, 11, 21), D(2026, 11, 21))
    late = VisitRecord(4, (1,), "生病住院", "已完成", D(2026, 11, 25), D(2026, 11, 25))
    assert [
        i.rule
        for i in due_items(
            [p], [visited], [stay], NO_CAMPAIGNS, D(2026, 11, 1), D(2026, 12, 31), TODAY
        )
    ] == ["出院回访"]
    assert [
        i.rule
        for i in due_items(
            [p], [late], [stay], NO_CAMPAIGNS, D(2026, 11, 1), D(2026, 12, 31), TODAY
        )
    ] == ["住院探望", "出院回访"]


def test_still_in_hospital_has_no_follow_up() -> None:
    stay = StayRecord(1, 1, D(2026, 11, 28))
    items = due_items([person(1)], [], [stay], NO_CAMPAIGNS, D(2026, 11, 29), D(2026, 12, 5), TODAY)
    assert [(i.day, i.rule, i.overdue) for i in items] == [(D(2026, 12, 1), "住院探望", False)]


def test_death_asks_for_a_condolence_visit_and_nothing_else() -> None:
    p = person(1, birth_date=D(1930, 12, 5), status="已故", death_date=D(2026, 11, 27))
    s = RuleSettings(monthly_enabled=True)
    items = due_items([p], [], [], s, D(2026, 11, 1), D(2026, 12, 31), TODAY)
    assert [(i.day, i.rule) for i in items] == [(D(2026, 12, 4), "去世吊唁")]
    done = VisitRecord(1, (1,), "去世吊唁", "已完成", D(2026, 11, 28), D(2026, 11, 28))
    assert due_items([p], [done], [], s, D(2026, 11, 1), D(2026, 12, 31), TODAY) == []


def test_bedridden_and_not_self_caring_monthly() -> None:
    bed = person(1, bedridden=True)
    unable = person(2, self_care="不能自理")
    fine = person(3)
    s = RuleSettings(campaigns=(), birthday_enabled=False)
    visit = VisitRecord(1, (2,), "上门服务", "已完成", D(2027, 1, 10), D(2027, 1, 10))
    phone = VisitRecord(2, (1,), "电话问候", "已完成", D(2027, 1, 10), D(2027, 1, 10))
    items = due_items(
        [bed, unable, fine], [visit, phone], [], s, D(2027, 1, 1), D(2027, 2, 28), D(2027, 1, 1)
    )
    # December's visits were missed: overdue, they stay on January's list.
    assert [(i.person_id, i.day) for i in items] == [
        (1, D(2026, 12, 31)),
        (2, D(2026, 12, 31)),
        (1, D(2027, 1, 31)),
        (1, D(2027, 2, 28)),
        (2, D(2027, 2, 28)),
    ]
    assert items[0].overdue and not items[2].overdue
    assert items[2].reason == "长期卧床，每月至少走访一次（1月）"


def test_planned_not_done_is_overdue_and_stays() -> None:
    p = person(1)
    plan = VisitRecord(5, (1,), "日常走访", "计划", D(2026, 10, 3))
    # A period that starts long after the planned day still shows it.
    items = due_items([p], [plan], [], NO_CAMPAIGNS, D(2026, 12, 1), D(2026, 12, 7), TODAY)
    assert [(i.day, i.rule, i.overdue, i.visit_id) for i in items] == [
        (D(2026, 10, 3), "逾期未走访", True, 5)
    ]
    done = VisitRecord(5, (1,), "日常走访", "已完成", D(2026, 10, 3), D(2026, 10, 9))
    assert due_items([p], [done], [], NO_CAMPAIGNS, D(2026, 12, 1), D(2026, 12, 7), TODAY) == []
    future = VisitRecord(6, (1,), "日常走访", "计划", D(2026, 12, 3))
    assert due_items([p], [future], [], NO_CAMPAIGNS, D(2026, 12, 1), D(2026, 12, 7), TODAY) == []


def test_follow_up_date_on_a_done_visit() -> None:
    p = person(1)
    v = VisitRecord(1, (1,), "日常走访", "已完成", D(2026, 11, 2), D(2026, 11, 2), D(2026, 12, 2))
    items = due_items([p], [v], [], NO_CAMPAIGNS, D(2026, 12, 1), D(2026, 12, 7), TODAY)
    assert [(i.day, i.rule) for i in items] == [(D(2026, 12, 2), "约定回访")]


def test_moved_away_people_are_left_out() -> None:
    p = person(1, birth_date=D(1940, 12, 10), status="迁出")
    assert due_items([p], [], [], RuleSettings(), D(2026, 12, 1), D(2026, 12, 31), TODAY) == []


def test_lunar_birthday_outside_the_table_is_skipped_not_an_error() -> None:
    p = person(1, birth_date=D(1850, 3, 1), lunar_birthday=True)
    assert birthdays_between(p, D(2026, 1, 1), D(2026, 12, 31)) == []
