"""Text of the reports: the survey paragraph (基本情况) of the annual report on retired cadres.

The order and tone follow the survey report the office sends upward ("全区现有机关离退休干部153人，
其中离休干部2人，退休干部151人。从年龄来看，…"), written as an official would sign it: people are
counted in 人 (never 个), democratic-party members are 成员, the age sentence names every bracket
so that its counts add up to the total, 生活不能自理 stands with health, the branches stand under
党组织. Parts whose count is zero are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

AGE_BRACKETS = ("60岁以下", "60至70岁", "71至79岁", "80岁及以上")


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


def _ages(stats: dict) -> str:
    parts: list[str] = []
    for bracket in AGE_BRACKETS:
        n = _count(stats.get("by_age_bracket"), bracket)
        if n > 0:
            parts.append(f"{bracket}离退休干部{n}人" if not parts else f"{bracket}{n}人")
    unknown = int(stats.get("age_unknown", 0) or 0)
    if unknown > 0:
        parts.append(f"出生日期不详{unknown}人")
    return "从年龄来看，" + "，".join(parts) + "。" if parts else ""


def _health(stats: dict) -> str:
    parts = []
    not_self_caring = int(stats.get("not_self_caring", 0) or 0)
    if not_self_caring > 0:
        parts.append(f"生活不能自理{not_self_caring}人")
    half = _count(stats.get("by_self_care"), "半自理")
    if half > 0:
        parts.append(f"生活半自理{half}人")
    return "从健康状况来看，" + "，".join(parts) + "。" if parts else ""


def _branches(stats: dict) -> str:
    single = _count(stats.get("branches_by_kind"), "单建")
    shared = _count(stats.get("branches_by_kind"), "共建")
    if single + shared <= 0:
        return ""
    kinds = []
    if single > 0:
        kinds.append(f"单建{single}个")
    if shared > 0:
        kinds.append(f"与在职人员共建{shared}个")
    text = f"从党组织来看，离退休干部党支部{single + shared}个"
    if single > 0 and shared > 0:
        text += "，其中" + "、".join(kinds)
    else:
        text += "，均为" + kinds[0].rstrip("0123456789个")
    return text + "。"


def _political(stats: dict) -> str:
    parts = []
    party = int(stats.get("party_members", 0) or 0)
    democratic = int(stats.get("democratic_party_members", 0) or 0)
    if party > 0:
        parts.append(f"中共党员{party}人")
    if democratic > 0:
        parts.append(f"民主党派成员{democratic}人")
    return "从政治面貌来看，" + "，".join(parts) + "。" if parts else ""


def _residence(stats: dict, city_name: str) -> str:
    city = city_name.strip() or "本市"
    parts = []
    by_residence = stats.get("by_residence")
    if (n := _count(by_residence, "本市")) > 0:
        parts.append(f"{n}人在{city}常住")
    for area in ("省内其他市", "省外", "境外"):
        if (n := _count(by_residence, area)) > 0:
            parts.append(f"{n}人在{area}居住")
    return "从居住情况来看，" + "，".join(parts) + "。" if parts else ""


def survey_paragraph(stats: dict, zone_name: str, city_name: str) -> str:
    """The survey paragraph for ``stats`` (keys: total, by_kind, by_age_bracket, age_unknown,
    not_self_caring, by_self_care, branches_by_kind, party_members, democratic_party_members,
    by_residence)."""
    first = f"{_scope(zone_name)}现有机关离退休干部{int(stats.get('total', 0) or 0)}人"
    kinds = [
        f"{label}干部{n}人"
        for label in ("离休", "退休")
        if (n := _count(stats.get("by_kind"), label)) > 0
    ]
    if kinds:
        first += "，其中" + "，".join(kinds)
    return "".join(
        (
            first + "。",
            _ages(stats),
            _health(stats),
            _branches(stats),
            _political(stats),
            _residence(stats, city_name),
        )
    )
