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
