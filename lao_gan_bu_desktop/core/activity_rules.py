"""Rules of 活动 and 服务团队 that need no database: the kinds of activity, where an address or a
place lies (district and street, for "lives nearby"), and how a person is weighed as a
suggestion for an activity or a team (interest, tier, nearness), with the reason in words.

The survey asks the office to gather people "根据离退休党员的意愿、爱好、居住地": a suggestion
needs a matching hobby or specialty, or to live nearby; 活跃 people come first, 关照 people are
suggested with a word of care, 重点 people (bedridden, very ill, in hardship) never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIVITY_KINDS: tuple[str, ...] = ("老年大学课程", "参观游览", "走访企业", "纪念活动", "文体活动")
COURSE_KIND = "老年大学课程"
TEAM_ROLES: tuple[str, ...] = ("队长", "队员")
LEADER_ROLE = "队长"

_SPLIT = re.compile(r"[,，、;；/\s]+")
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{1,5}?(?:新区|区|县))")
_STREET = re.compile(r"([\u4e00-\u9fff0-9]{1,6}?(?:大道|大街|路|街|巷|环|胡同))")

INTEREST_POINTS = 4  # a matching hobby
SPECIALTY_POINTS = 3
ACTIVE_POINTS = 3
STREET_POINTS = 2
DISTRICT_POINTS = 1


@dataclass(frozen=True)
class Area:
    """Where an address or a place lies: district (高新区) and street (科学大道), '' if unknown."""

    district: str = ""
    street: str = ""


def area_of(text: str) -> Area:
    """The district and street named in an address or a place ("郑州市高新区科学大道 12 号院",
    "高新区职工文化活动中心", "科学大道一带"). The city before the district is skipped."""
    text = (text or "").replace(" ", "")
    after_city = text.split("市", 1)[1] if "市" in text[:8] else text
    district = ""
    match = _DISTRICT.match(after_city)
    rest = after_city
    if match:
        district = match.group(1)
        rest = after_city[match.end() :]
    street_match = _STREET.search(rest)
    street = street_match.group(1) if street_match else ""
    return Area(district, street)


def interest_words(topic: str, name: str = "", known: tuple[str, ...] = ()) -> list[str]:
    """The interests an activity serves: the words of ``topic`` ("书法、绘画"), or else the known
    hobby words found in its ``name`` ("太极拳养生班" → 太极)."""
    words = [w for w in _SPLIT.split(topic or "") if w]
    if not words:
        words = [w for w in known if w and w in (name or "")]
    return list(dict.fromkeys(words))


@dataclass(frozen=True)
class Suggestion:
    """How well a person fits, and why in words (爱好书法；活跃；同住科学大道)."""

    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


def weigh(
    *,
    words: list[str],
    hobbies: str,
    specialties: str,
    tier: str,
    home: Area,
    target: Area,
) -> Suggestion | None:
    """A person as a suggestion (None: not one). Needs a matching interest or to live near the
    place; 重点 people are never suggested."""
    if tier == "重点":
        return None
    reasons: list[str] = []
    score = 0
    hobby_tags = [t for t in _SPLIT.split(hobbies or "") if t]
    liked = [w for w in words if any(w in t or t in w for t in hobby_tags)]
    if liked:
        score += INTEREST_POINTS
        reasons.append("爱好" + "、".join(liked))
    skilled = [w for w in words if w and w in (specialties or "")]
    if skilled:
        score += SPECIALTY_POINTS
        reasons.append("特长" + (specialties or "").strip())
    near = 0
    if target.street and home.street == target.street:
        near = STREET_POINTS
        reasons.append(f"住在{target.street}")
    elif target.district and home.district == target.district:
        near = DISTRICT_POINTS
        reasons.append(f"住在{target.district}")
    if score == 0 and near == 0:
        return None
    score += near
    if tier == "活跃":
        score += ACTIVE_POINTS
        reasons.append("活跃")
    elif tier == "关照":
        reasons.append("关照对象，请留意身体")
    return Suggestion(score, tuple(reasons))
