"""Tests of core.vocab: vocabularies, every synonym, errors naming the field."""

import pytest

from lao_gan_bu_desktop.core.errors import VocabularyError
from lao_gan_bu_desktop.core.vocab import (
    DEMOCRATIC_PARTY_STATUSES,
    ETHNICITIES,
    FIELD_LABELS,
    POLITICAL_STATUSES,
    VOCABULARIES,
    is_democratic_party_member,
    is_party_member,
    normalize_choice,
)

SYNONYMS = [
    ("gender", "男性", "男"),
    ("gender", "M", "男"),
    ("gender", "F", "女"),
    ("gender", "女性", "女"),
    ("gender", "1", "男"),
    ("gender", 2.0, "女"),
    ("retirement_kind", "离", "离休"),
    ("retirement_kind", "退", "退休"),
    ("political_status", "中国共产党员", "中共党员"),
    ("gender", " 男 ", "男"),
    ("ethnicity", "汉", "汉族"),
    ("ethnicity", "回", "回族"),
    ("ethnicity", "蒙古", "蒙古族"),
    ("ethnicity", "蒙族", "蒙古族"),
    ("ethnicity", "维族", "维吾尔族"),
    ("political_status", "党员", "中共党员"),
    ("political_status", "中共", "中共党员"),
    ("political_status", "共产党员", "中共党员"),
    ("political_status", "中共 党员", "中共党员"),
    ("political_status", "预备党员", "中共预备党员"),
    ("political_status", "团员", "共青团员"),
    ("political_status", "九三", "九三学社社员"),
    ("political_status", "九三社员", "九三学社社员"),
    ("political_status", "九三学社", "九三学社社员"),
    ("political_status", "民革", "民革会员"),
    ("political_status", "民盟", "民盟盟员"),
    ("political_status", "民建", "民建会员"),
    ("political_status", "民进", "民进会员"),
    ("political_status", "农工党", "农工党党员"),
    ("political_status", "致公党", "致公党党员"),
    ("political_status", "台盟", "台盟盟员"),
    ("political_status", "无党派", "无党派人士"),
    ("political_status", "群众", "群众"),
    ("political_status", "无", "群众"),
    ("retirement_kind", "离休干部", "离休"),
    ("retirement_kind", "退休干部", "退休"),
    ("retirement_kind", "退休人员", "退休"),
    ("rank_level", "正厅", "厅局级"),
    ("rank_level", "副厅", "厅局级"),
    ("rank_level", "厅级", "厅局级"),
    ("rank_level", "正处", "县处级"),
    ("rank_level", "副处", "县处级"),
    ("rank_level", "处级", "县处级"),
    ("rank_level", "县级", "县处级"),
    ("rank_level", "正科", "乡科级"),
    ("rank_level", "副科", "乡科级"),
    ("rank_level", "科级", "乡科级"),
    ("rank_level", "科员", "科员及以下"),
    ("rank_level", "办事员", "科员及以下"),
    ("rank_level", "省级", "省部级"),
    ("rank_level", "部级", "省部级"),
    ("residence_area", "市内", "本市"),
    ("residence_area", "本地", "本市"),
    ("residence_area", "本区", "本市"),
    ("residence_area", "市区", "本市"),
    ("residence_area", "外省", "省外"),
    ("residence_area", "国外", "境外"),
    ("residence_area", "海外", "境外"),
    ("self_care", "能自理", "自理"),
    ("self_care", "完全自理", "自理"),
    ("self_care", "部分自理", "半自理"),
    ("self_care", "失能", "不能自理"),
    ("self_care", "完全不能自理", "不能自理"),
    ("health_status", "好", "良好"),
    ("health_status", "健康", "良好"),
    ("health_status", "差", "较差"),
    ("health_status", "慢性病", "长期患病"),
    ("health_status", "长期病", "长期患病"),
    ("status", "去世", "已故"),
    ("status", "死亡", "已故"),
    ("status", "故", "已故"),
    ("status", "调出", "迁出"),
    ("status", "转出", "迁出"),
    ("status", "在世", "在册"),
    ("status", "正常", "在册"),
    ("hardship", "低保户", "低保"),
    ("living_arrangement", "养老院", "养老机构"),
]


@pytest.mark.parametrize(("key", "value", "expected"), SYNONYMS)
def test_synonyms(key: str, value: str, expected: str) -> None:
    assert normalize_choice(key, value) == expected


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in VOCABULARIES.items() for value in values]
)
def test_canonical_values_are_kept(key: str, value: str) -> None:
    assert normalize_choice(key, value) == value


@pytest.mark.parametrize("key", sorted(VOCABULARIES))
@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_empty_gives_empty(key: str, value: object) -> None:
    assert normalize_choice(key, value) == ""


@pytest.mark.parametrize(
    ("key", "value", "start"),
    [
        ("political_status", "党外", "“党外”不是有效的政治面貌，可选：中共党员、中共预备党员"),
        ("gender", "X", "“X”不是有效的性别，可选：男、女"),
        ("gender", "3", "“3”不是有效的性别"),  # 1 and 2 are the codes of GB/T 2261.1
        ("rank_level", "局长", "“局长”不是有效的职级"),
        ("self_care", "还行", "“还行”不是有效的自理能力"),
    ],
)
def test_unknown_values(key: str, value: str, start: str) -> None:
    with pytest.raises(VocabularyError) as info:
        normalize_choice(key, value)
    assert info.value.message.startswith(start)


def test_vocabulary_sizes() -> None:
    assert len(ETHNICITIES) == 56 == len(set(ETHNICITIES))
    assert ETHNICITIES[0] == "汉族"
    assert len(POLITICAL_STATUSES) == 13
    assert len(DEMOCRATIC_PARTY_STATUSES) == 8
    assert set(VOCABULARIES) <= set(FIELD_LABELS)
    assert FIELD_LABELS["death_date"] == "去世日期"
    assert FIELD_LABELS["lunar_birthday"] == "农历生日"


@pytest.mark.parametrize(
    ("status", "party", "democratic"),
    [
        ("中共党员", True, False),
        ("中共预备党员", True, False),
        ("党员", True, False),
        ("九三学社社员", False, True),
        ("民革会员", False, True),
        ("群众", False, False),
        ("共青团员", False, False),
        ("", False, False),
        ("乱写", False, False),
    ],
)
def test_membership(status: str, party: bool, democratic: bool) -> None:
    assert is_party_member(status) is party
    assert is_democratic_party_member(status) is democratic
