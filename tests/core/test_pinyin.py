"""Tests of core.pinyin: search keys, surname readings, matching and sorting."""

import pytest

from lao_gan_bu_desktop.core.pinyin import matches, search_key, sort_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("张三", "zhangsan zs"),
        ("单雄信", "shanxiongxin sxx"),
        ("曾国藩", "zengguofan zgf"),
        ("解缙", "xiejin xj"),
        ("仇英", "qiuying qy"),
        ("朴正", "piaozheng pz"),
        ("区伟", "ouwei ow"),
        ("查良镛", "zhaliangyong zly"),
        ("翟志刚", "zhaizhigang zzg"),
        ("尉迟恭", "yuchigong ycg"),
        ("阿凡提·买买提", "afantimaimaiti aftmmt"),
        ("", ""),
    ],
)
def test_search_key(name: str, key: str) -> None:
    assert search_key(name) == key


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        ("zhangsan", "张三", True),
        ("ZhangSan", "张三", True),
        ("zs", "张三", True),
        ("张三", "张三", True),
        ("张", "张三", True),
        ("san", "张三", True),
        ("zhang san", "张三", True),
        ("", "张三", True),
        ("ls", "张三", False),
        ("李", "张三", False),
        ("q", "张三", False),
        ("zhangsi", "张三", False),
        ("shan", "单雄信", True),
        ("sxx", "单雄信", True),
        ("dan", "单雄信", False),
    ],
)
def test_matches(query: str, name: str, found: bool) -> None:
    assert matches(query, name, search_key(name)) is found


def test_sort_key_orders_by_pinyin() -> None:
    names = ["张三", "李明", "连杰", "安平", "单雄信"]
    assert sorted(names, key=sort_key) == ["安平", "李明", "连杰", "单雄信", "张三"]
    assert sort_key("张三") == "zhang san"


def test_fast_single_reading_path_agrees_with_pypinyin() -> None:
    """The per-character cache must give exactly what pypinyin gives for the whole name."""
    from pypinyin import Style, lazy_pinyin

    from lao_gan_bu_desktop.core.pinyin import _read
    from lao_gan_bu_desktop.services.demo import FEMALE_GIVEN, MALE_GIVEN, SURNAMES

    names = [s + MALE_GIVEN[i : i + 2] for s in SURNAMES for i in range(0, len(MALE_GIVEN), 2)]
    names += [s + FEMALE_GIVEN[i] for s in SURNAMES for i in range(len(FEMALE_GIVEN))]
    names += ["张长青", "李乐乐", "王重阳", "赵行", "刘Anna", "陈2号"]
    special = {
        "单",
        "曾",
        "解",
        "仇",
        "朴",
        "区",
        "查",
        "翟",
        "盖",
        "缪",
        "乐",
        "覃",
        "尉",
        "种",
        "重",
        "秘",
        "褚",
        "冼",
        "祭",
        "员",
        "那",
        "华",
        "任",
        "石",
        "卜",
        "宓",
        "隗",
        "句",
        "阚",
        "眭",
        "折",
        "柏",
        "藏",
        "过",
        "能",
        "燕",
        "沈",
        "纪",
        "繁",
    }
    for name in names:
        if name[0] in special:
            continue
        expected = [s.lower() for s in lazy_pinyin(name.lower(), style=Style.NORMAL)]
        assert _read(name) == expected, name
