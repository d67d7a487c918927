"""Where an address or a place lies (district, street) and how a person is weighed as a
suggestion: a hobby counts more than a specialty, a street more than a district, 活跃 adds,
重点 is never suggested, and someone with neither interest nor nearness is not suggested."""

from __future__ import annotations

from lao_gan_bu_desktop.core.activity_rules import Area, area_of, interest_words, weigh


def test_area_of_addresses_and_places() -> None:
    assert area_of("郑州市高新区科学大道88号院5号楼3单元") == Area("高新区", "科学大道")
    assert area_of("郑州市金水区文化路 12 号") == Area("金水区", "文化路")
    assert area_of("高新区科学大道职工文化活动中心") == Area("高新区", "科学大道")
    assert area_of("高新区职工之家") == Area("高新区", "")
    assert area_of("河南省开封市龙亭区中山路北段5号") == Area("龙亭区", "中山路")
    assert area_of("郑州市高新区西三环38号院") == Area("高新区", "西三环")
    assert area_of("登封市嵩山") == Area("", "")
    assert area_of("") == Area()


def test_interest_words_from_topic_or_name() -> None:
    assert interest_words("书法、绘画") == ["书法", "绘画"]
    assert interest_words("", "太极拳养生班", ("书法", "太极")) == ["太极"]
    assert interest_words("", "参观成就展", ("书法",)) == []


def _weigh(**kw):
    base = {
        "words": ["书法"],
        "hobbies": "",
        "specialties": "",
        "tier": "活跃",
        "home": Area("金水区", "文化路"),
        "target": Area("高新区", "科学大道"),
    }
    return weigh(**(base | kw))


def test_weighing_orders_interest_tier_and_nearness() -> None:
    hobby = _weigh(hobbies="书法、摄影")
    specialty = _weigh(specialties="书法教学")
    street = _weigh(home=Area("高新区", "科学大道"))
    district = _weigh(home=Area("高新区", "长椿路"))
    both = _weigh(hobbies="书法", home=Area("高新区", "科学大道"))
    assert both.score > hobby.score > specialty.score > street.score > district.score
    assert hobby.reason == "爱好书法；活跃"
    assert both.reason == "爱好书法；住在科学大道；活跃"
    assert district.reason == "住在高新区；活跃"
    cared = _weigh(hobbies="书法", tier="关照")
    assert cared.score < hobby.score and "关照对象" in cared.reason
    assert _weigh(hobbies="书法", tier="重点") is None
    assert _weigh(hobbies="钓鱼") is None  # neither the interest nor nearby
