"""Pinyin keys for finding and sorting people by name ("zhangsan", "zs" and "张三" all find 张三).

Uses pypinyin's default readings, except for the first character(s) of a name when they are a
surname with a special reading (单 shan, 曾 zeng, 解 xie, 仇 qiu, 朴 piao, 区 ou, 查 zha,
翟 zhai …).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from .normalize import to_halfwidth

# Compound surnames first, then single characters; readings without tones.
_COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "皇甫": ("huang", "fu"),
}
_SURNAMES: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "翟": "zhai",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "覃": "qin",
    "尉": "wei",
    "种": "chong",
    "重": "chong",
    "秘": "bi",
    "褚": "chu",
    "冼": "xian",
    "祭": "zhai",
    "员": "yun",
    "那": "na",
    "华": "hua",
    "任": "ren",
    "石": "shi",
    "卜": "bu",
    "宓": "mi",
    "隗": "wei",
    "句": "gou",
    "阚": "kan",
    "眭": "sui",
    "折": "she",
    "柏": "bai",
    "藏": "zang",
    "过": "guo",
    "能": "nai",
    "燕": "yan",
    "沈": "shen",
    "纪": "ji",
    "繁": "po",
}


def _syllables(name: str) -> tuple[str, ...]:
    return _syllables_of(to_halfwidth(name))


@lru_cache(maxsize=65536)  # the same names come back again and again in an import
def _syllables_of(name: str) -> tuple[str, ...]:
    return tuple(_read(name))


def _read(name: str) -> list[str]:
    text = "".join(ch for ch in name if ch.isalnum()).lower()
    if not text:
        return []
    for surname, reading in _COMPOUND_SURNAMES.items():
        if text.startswith(surname):
            return [*reading, *lazy_pinyin(text[len(surname) :], style=Style.NORMAL)]
    first = _SURNAMES.get(text[0])
    if first is not None:
        return [first, *lazy_pinyin(text[1:], style=Style.NORMAL)]
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL)]


def search_key(name: str) -> str:
    """Full pinyin joined, a space, and the initials: "zhangsan zs" for 张三."""
    syllables = [s for s in _syllables(name) if s]
    if not syllables:
        return ""
    return "".join(syllables) + " " + "".join(s[0] for s in syllables)


def sort_key(name: str) -> str:
    """Pinyin syllables separated by spaces, so that 李明 (li ming) sorts before 连 (lian)."""
    return " ".join(s for s in _syllables(name) if s)


def matches(query: str, name: str, key: str) -> bool:
    """True when ``query`` (case-insensitive) is part of ``name``, part of the full pinyin, or
    the start of the initials in ``key`` (as made by :func:`search_key`). An empty query
    matches everything."""
    q = "".join(to_halfwidth(query).split()).lower()
    if not q:
        return True
    if q in "".join(to_halfwidth(name).split()).lower():
        return True
    full, _, initials = key.partition(" ")
    return q in full or initials.startswith(q)
