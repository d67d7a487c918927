"""Service tiers (分类研判): which level of care the office gives a person.

* 重点: 不能自理, bedridden, hardship 特困 or 重病, or an open aid case — medical care and aid
  first.
* 关照: aged 80 or over, 半自理, health 较差 or 长期患病 (a long illness needs home visits just
  like poor health, so it is counted here too) — offline service and home visits.
* 活跃: everyone else — online study, cultural and sports activities.

An unknown age (no birth date) does not by itself make a person 关照.
"""

from __future__ import annotations

SERVICE_TIERS: tuple[str, ...] = ("活跃", "关照", "重点")

_FOCUS_HARDSHIPS = ("特困", "重病")
_CARE_HEALTH = ("较差", "长期患病")


def service_tier(
    *,
    age: int | None,
    self_care: str,
    health_status: str,
    bedridden: bool,
    hardship: str,
    open_aid_case: bool = False,
) -> str:
    """The tier (活跃, 关照 or 重点) for the given canonical field values."""
    if self_care == "不能自理" or bedridden or hardship in _FOCUS_HARDSHIPS or open_aid_case:
        return "重点"
    if (age is not None and age >= 80) or self_care == "半自理" or health_status in _CARE_HEALTH:
        return "关照"
    return "活跃"


_HARDSHIP_WORDS = {"特困": "生活特困", "重病": "重病"}
_HEALTH_WORDS = {"较差": "身体较差", "长期患病": "长期患病"}


def tier_reason(
    *,
    age: int | None,
    self_care: str,
    health_status: str,
    bedridden: bool,
    hardship: str,
    open_aid_case: bool = False,
) -> str:
    """Why a person is in their tier, in the words a visit team understands ("重病", "年满 80
    岁", "生活不能自理"); empty for 活跃."""
    if self_care == "不能自理":
        return "生活不能自理"
    if bedridden:
        return "长期卧床"
    if hardship in _FOCUS_HARDSHIPS:
        return _HARDSHIP_WORDS[hardship]
    if open_aid_case:
        return "正在申请困难帮扶"
    if age is not None and age >= 80:
        return "年满 80 岁"
    if self_care == "半自理":
        return "生活半自理"
    if health_status in _CARE_HEALTH:
        return _HEALTH_WORDS[health_status]
    return ""
