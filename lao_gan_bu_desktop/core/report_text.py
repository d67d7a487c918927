"""Text of the reports: the survey paragraph (基本情况) of the annual report on retired cadres.

The wording follows the survey report the office sends upward, for example:
"全区现有机关离退休干部153人，其中离休干部2人，退休干部151人。从年龄来看，60至70岁离退休干部83人，
71至79岁21人，80岁及以上13人，生活不能自理人数3人。…"
Parts whose count is zero are left out; the 60岁以下 bracket is not mentioned (the survey does not).
"""

from __future__ import annotations

from collections.abc import Mapping

_MENTIONED_BRACKETS = ("60至70岁", "71至79岁", "80岁及以上")


def _scope(zone_name: str) -> str:
    name = zone_name.strip()
    if name.endswith("县"):
        return "全县"
    if name.endswith("市"):
        return "全市"
    return "全区"


def _count(mapping: object, key: str) -> int:
    if isinstance(mapping, Mapping):
        return int(mapping.get(key, 0) or 0)
    return 0


def survey_paragraph(stats: dict, zone_name: str, city_name: str) -> str:
    """The survey paragraph for ``stats`` (keys: total, by_kind, by_age_bracket, not_self_caring,
    branches_by_kind, party_members, democratic_party_members, by_residence)."""
    sentences: list[str] = []

    first = f"{_scope(zone_name)}现有机关离退休干部{int(stats.get('total', 0) or 0)}人"
    kinds = [
        f"{label}干部{n}人"
        for label in ("离休", "退休")
        if (n := _count(stats.get("by_kind"), label)) > 0
    ]
    if kinds:
        first += "，其中" + "，".join(kinds)
    sentences.append(first + "。")

    ages: list[str] = []
    for bracket in _MENTIONED_BRACKETS:
        n = _count(stats.get("by_age_bracket"), bracket)
        if n > 0:
            ages.append(f"{bracket}离退休干部{n}人" if not ages else f"{bracket}{n}人")
    not_self_caring = int(stats.get("not_self_caring", 0) or 0)
    if not_self_caring > 0:
        ages.append(f"生活不能自理人数{not_self_caring}人")
    if ages:
        sentences.append("从年龄来看，" + "，".join(ages) + "。")

    single = _count(stats.get("branches_by_kind"), "单建")
    shared = _count(stats.get("branches_by_kind"), "共建")
    branch_parts = []
    if single > 0:
        branch_parts.append(f"单建{single}个")
    if shared > 0:
        branch_parts.append(f"与在职人员共建{shared}个")
    political: list[str] = []
    if branch_parts:
        political.append("离退休干部党支部" + "、".join(branch_parts))
    members = []
    party = int(stats.get("party_members", 0) or 0)
    democratic = int(stats.get("democratic_party_members", 0) or 0)
    if party > 0:
        members.append(f"离退休党员{party}个")
    if democratic > 0:
        members.append(f"民主党派党员{democratic}个")
    if members:
        political.append("，".join(members))
    if political:
        sentences.append("从政治面貌来看，" + "；".join(political) + "。")

    city = city_name.strip() or "本市"
    residence_parts = []
    by_residence = stats.get("by_residence")
    if (n := _count(by_residence, "本市")) > 0:
        residence_parts.append(f"{n}人在{city}常住")
    for area in ("省内其他市", "省外", "境外"):
        if (n := _count(by_residence, area)) > 0:
            residence_parts.append(f"{n}人在{area}居住")
    if residence_parts:
        sentences.append("从居住情况来看，" + "，".join(residence_parts) + "。")

    return "".join(sentences)
