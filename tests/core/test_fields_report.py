"""Tests of core.fields (the person field list and normalize_field) and core.report_text."""

import re
from datetime import date

import pytest

from lao_gan_bu_desktop.core.errors import (
    DateFormatError,
    IdNumberError,
    PersonNameError,
    PhoneFormatError,
    RuleError,
    VocabularyError,
)
from lao_gan_bu_desktop.core.fields import FIELD_BY_KEY, PERSON_FIELDS, normalize_field
from lao_gan_bu_desktop.core.report_text import survey_paragraph
from lao_gan_bu_desktop.core.vocab import FIELD_LABELS, VOCABULARIES

GLOSSARY_ORDER = [
    "name",
    "gender",
    "ethnicity",
    "id_number",
    "birth_date",
    "retirement_kind",
    "retirement_date",
    "work_start_date",
    "unit",
    "position",
    "rank_level",
    "political_status",
    "party_join_date",
    "party_branch",
    "residence_area",
    "address",
    "postcode",
    "phone",
    "landline",
    "in_wechat_group",
    "living_arrangement",
    "health_status",
    "self_care",
    "bedridden",
    "hardship",
    "specialties",
    "hobbies",
    "needs",
    "journal",
    "newspaper",
    "status",
    "death_date",
    "notes",
    "lunar_birthday",
]


def test_person_fields_in_glossary_order() -> None:
    assert [spec.key for spec in PERSON_FIELDS] == GLOSSARY_ORDER
    assert set(FIELD_BY_KEY) == set(GLOSSARY_ORDER)
    assert FIELD_BY_KEY["lunar_birthday"].kind == "bool"
    assert FIELD_BY_KEY["lunar_birthday"].label == "按农历过生日"
    assert FIELD_BY_KEY["id_number"].label == "公民身份号码"
    for spec in PERSON_FIELDS:
        if spec.key != "lunar_birthday":
            assert spec.label == FIELD_LABELS[spec.key]
        if spec.kind == "choice":
            assert spec.choices == VOCABULARIES[spec.key]
        else:
            assert spec.choices == ()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("name", "张　三", "张三"),
        ("gender", "男性", "男"),
        ("ethnicity", "汉", "汉族"),
        ("id_number", "340524800101001", "34052419800101001X"),
        ("id_number", "", ""),
        ("id_number", None, ""),
        ("birth_date", "1955.3", date(1955, 3, 1)),
        ("birth_date", "", None),
        ("retirement_date", "2015年3月", date(2015, 3, 1)),
        ("political_status", "党员", "中共党员"),
        ("postcode", 450001.0, "450001"),
        ("phone", 13803711234.0, "13803711234"),
        ("landline", "0371－67881234", "0371-67881234"),
        ("in_wechat_group", "已加入", True),
        ("bedridden", "", None),
        ("lunar_birthday", "是", True),
        ("hobbies", "书法,绘画，太极、书法;茶艺  摄影", "书法、绘画、太极、茶艺、摄影"),
        ("hobbies", None, ""),
        ("notes", 12.0, "12"),
        ("unit", "  市财政局 ", "市财政局"),
    ],
)
def test_normalize_field(key: str, value: object, expected: object) -> None:
    assert normalize_field(key, value) == expected


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("name", "", PersonNameError),
        ("id_number", "110105194912310029", IdNumberError),
        ("birth_date", "1955-02-31", DateFormatError),
        ("phone", "abc", PhoneFormatError),
        ("political_status", "党外", VocabularyError),
        ("postcode", "4500", RuleError),
        ("bedridden", "也许", RuleError),
    ],
)
def test_normalize_field_errors(key: str, value: object, error: type[RuleError]) -> None:
    with pytest.raises(error):
        normalize_field(key, value)


SURVEY_STATS = {
    "total": 153,
    "by_kind": {"离休": 2, "退休": 151},
    "by_age_bracket": {"60岁以下": 36, "60至70岁": 83, "71至79岁": 21, "80岁及以上": 13},
    "not_self_caring": 3,
    "branches_by_kind": {"单建": 2, "共建": 15},
    "party_members": 107,
    "democratic_party_members": 2,
    "by_residence": {"本市": 144, "省内其他市": 0, "省外": 8, "境外": 0},
}
SURVEY_TEXT = (
    "全区现有机关离退休干部153人，其中离休干部2人，退休干部151人。"
    "从年龄来看，60岁以下离退休干部36人，60至70岁83人，71至79岁21人，80岁及以上13人。"
    "从健康状况来看，生活不能自理3人。"
    "从党组织来看，离退休干部党支部17个，其中单建2个、与在职人员共建15个。"
    "从政治面貌来看，中共党员107人，民主党派成员2人。"
    "从居住情况来看，144人在郑州常住，8人在省外居住。"
)


def test_survey_paragraph_is_what_an_official_signs() -> None:
    """The survey's order and tone, without its slips: people in 人, 民主党派成员, every age
    bracket (adding up to the total), 不能自理 under health, branches under 党组织."""
    text = survey_paragraph(SURVEY_STATS, "郑州经济技术开发区", "郑州")
    assert text == SURVEY_TEXT
    assert "党员107个" not in text and "民主党派党员" not in text
    ages = text.split("从年龄来看，")[1].split("。")[0]
    assert sum(int(n) for n in re.findall(r"(\d+)人", ages)) == SURVEY_STATS["total"]
    assert "不能自理" not in ages and "党支部" not in text.split("从政治面貌来看")[1]
    order = ["现有", "从年龄来看", "从健康状况来看", "从党组织来看", "从政治面貌来看", "从居住"]
    assert [text.index(w) for w in order] == sorted(text.index(w) for w in order)


@pytest.mark.parametrize(
    ("zone", "scope"),
    [
        ("金水区", "全区"),
        ("中牟县", "全县"),
        ("新郑市", "全市"),
        ("航空港实验区", "全区"),
        ("高新技术开发区管委会", "全区"),
    ],
)
def test_survey_scope(zone: str, scope: str) -> None:
    assert survey_paragraph(SURVEY_STATS, zone, "郑州").startswith(scope + "现有")


def test_survey_paragraph_omits_zero_parts() -> None:
    stats = {
        "total": 10,
        "by_kind": {"离休": 0, "退休": 10},
        "by_age_bracket": {"60岁以下": 0, "60至70岁": 0, "71至79岁": 5, "80岁及以上": 3},
        "age_unknown": 2,
        "not_self_caring": 0,
        "by_self_care": {"自理": 9, "半自理": 1, "不能自理": 0},
        "branches_by_kind": {"单建": 0, "共建": 1},
        "party_members": 6,
        "democratic_party_members": 0,
        "by_residence": {"本市": 7, "省内其他市": 1, "省外": 0, "境外": 2},
    }
    assert survey_paragraph(stats, "中牟县", "郑州") == (
        "全县现有机关离退休干部10人，其中退休干部10人。"
        "从年龄来看，71至79岁离退休干部5人，80岁及以上3人，出生日期不详2人。"
        "从健康状况来看，生活半自理1人。"
        "从党组织来看，离退休干部党支部1个，均为与在职人员共建。"
        "从政治面貌来看，中共党员6人。"
        "从居住情况来看，7人在郑州常住，1人在省内其他市居住，2人在境外居住。"
    )


def test_survey_paragraph_empty_stats() -> None:
    assert survey_paragraph({"total": 0}, "金水区", "郑州") == "全区现有机关离退休干部0人。"


def test_column_letters_match_excel() -> None:
    from openpyxl.utils import get_column_letter

    from lao_gan_bu_desktop.core.column_letters import column_letter

    for n in (1, 2, 26, 27, 52, 53, 702, 703, 16384):
        assert column_letter(n) == get_column_letter(n)
