"""Pinyin keys for finding and sorting people by name ("zhangsan", "zs" and "张三" all find 张三).

Uses pypinyin's default readings, except for the first character(s) of a name when they are a
surname with a special reading (单 shan, 曾 zeng, 解 xie, 仇 qiu, 朴 piao, 区 ou, 查 zha,
翟 zhai …). pypinyin and its dictionaries (large: a few tenths of a second to load and again
to free at exit) are loaded on the first name read, not when this module is imported: most
commands never read one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from .normalize import to_halfwidth

# Compound surnames (all of two characters) first, then single characters; readings without tones.
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


@cache
def _pypinyin() -> tuple[Callable[[str], list[str]], dict[int, Any], dict[str, Any]]:
    """(toneless readings of a text, pypinyin's characters, its phrases), loaded once."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    def readings(text: str) -> list[str]:
        return lazy_pinyin(text, style=Style.NORMAL)

    return readings, pinyin_dict, phrases_dict


@cache
def _char_reading(ch: str) -> str | None:
    """pypinyin's toneless reading of one character on its own; None for anything it does not
    know as a character (letters, digits, rare characters)."""
    readings, characters, _phrases = _pypinyin()
    if ord(ch) not in characters:
        return None
    return readings(ch)[0]


def _has_phrase(text: str) -> bool:
    phrases = _pypinyin()[2]
    n = len(text)
    return any(text[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))


def _readings(text: str) -> list[str]:
    """pypinyin's readings of ``text``. pypinyin reads a run that is no phrase of its dictionary
    character by character, so a name without such a phrase is read from a per-character
    cache (the same result, many times faster in an import); any other goes through pypinyin
    whole, so its phrases still decide."""
    if not _has_phrase(text):
        singles = [_char_reading(ch) for ch in text]
        if all(singles):
            return singles  # type: ignore[return-value]
    return _pypinyin()[0](text)


_PLAIN_NAME = re.compile("[\u4e00-\u9fff]+")  # only CJK ideographs: nothing to clean first


def _read(name: str) -> list[str]:
    if _PLAIN_NAME.fullmatch(name):
        text = name
    else:
        text = "".join(ch for ch in name if ch.isalnum()).lower()
    if not text:
        return []
    compound = _COMPOUND_SURNAMES.get(text[:2])
    if compound is not None:
        return [*compound, *_readings(text[2:])]
    first = _SURNAMES.get(text[0])
    if first is not None:
        return [first, *_readings(text[1:])]
    return [s.lower() for s in _readings(text)]


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
