"""Tests of core.ages and core.tiers: birthdays, 29 February, brackets and service tiers."""

from datetime import date

import pytest

from lao_gan_bu_desktop.core.ages import AGE_BRACKETS, age_bracket, age_on
from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.core.tiers import SERVICE_TIERS, service_tier


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1945, 3, 12), date(2025, 3, 11), 79),
        (date(1945, 3, 12), date(2025, 3, 12), 80),
        (date(1945, 3, 12), date(2025, 3, 13), 80),
        (date(1945, 12, 31), date(2025, 1, 1), 79),
        (date(1944, 2, 29), date(2025, 2, 28), 80),
        (date(1944, 2, 29), date(2025, 3, 1), 81),
        (date(1944, 2, 29), date(2024, 2, 28), 79),
        (date(1944, 2, 29), date(2024, 2, 29), 80),
        (date(1944, 2, 29), date(1944, 2, 29), 0),
    ],
)
def test_age_on(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_age_on_before_birth() -> None:
    with pytest.raises(RuleError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@pytest.mark.parametrize(
    ("age", "bracket"),
    [
        (0, "60岁以下"),
        (59, "60岁以下"),
        (60, "60至70岁"),
        (70, "60至70岁"),
        (71, "71至79岁"),
        (79, "71至79岁"),
        (80, "80岁及以上"),
        (105, "80岁及以上"),
    ],
)
def test_age_bracket(age: int, bracket: str) -> None:
    assert age_bracket(age) == bracket
    assert bracket in AGE_BRACKETS


BASE = {
    "age": 65,
    "self_care": "自理",
    "health_status": "良好",
    "bedridden": False,
    "hardship": "无",
}


@pytest.mark.parametrize(
    ("changes", "tier"),
    [
        ({}, "活跃"),
        ({"age": None}, "活跃"),
        ({"age": 79}, "活跃"),
        ({"health_status": "一般"}, "活跃"),
        ({"hardship": "低保"}, "活跃"),
        ({"self_care": ""}, "活跃"),
        ({"age": 80}, "关照"),
        ({"self_care": "半自理"}, "关照"),
        ({"health_status": "较差"}, "关照"),
        ({"health_status": "长期患病"}, "关照"),
        ({"self_care": "不能自理"}, "重点"),
        ({"bedridden": True}, "重点"),
        ({"hardship": "特困"}, "重点"),
        ({"hardship": "重病"}, "重点"),
        ({"open_aid_case": True}, "重点"),
        ({"age": 95, "self_care": "不能自理"}, "重点"),
    ],
)
def test_service_tier(changes: dict, tier: str) -> None:
    assert service_tier(**{**BASE, **changes}) == tier
    assert tier in SERVICE_TIERS
