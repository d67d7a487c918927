"""Controlled vocabularies of the glossary (政治面貌, 职级, 居住地 …) and their common synonyms.

Each vocabulary is a tuple in the order the office uses (and the standards give). Unit
spreadsheets write the same value in many ways ("党员", "正处", "能自理"); :func:`normalize_choice`
turns them into the canonical value or raises VocabularyError naming the field and the choices.
"""

from __future__ import annotations

import math
import re

from .errors import VocabularyError
from .normalize import to_halfwidth

GENDERS: tuple[str, ...] = ("男", "女")
RETIREMENT_KINDS: tuple[str, ...] = ("离休", "退休")
# How a person without a 离退休类别 is counted and found (an import leaves 退职 blank).
KIND_NOT_GIVEN = "未填类别"
RANK_LEVELS: tuple[str, ...] = ("省部级", "厅局级", "县处级", "乡科级", "科员及以下", "其他")
PARTY_MEMBER_STATUSES: tuple[str, ...] = ("中共党员", "中共预备党员")
DEMOCRATIC_PARTY_STATUSES: tuple[str, ...] = (
    "民革会员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
)
POLITICAL_STATUSES: tuple[str, ...] = (
    *PARTY_MEMBER_STATUSES,
    "共青团员",
    *DEMOCRATIC_PARTY_STATUSES,
    "无党派人士",
    "群众",
)
RESIDENCE_AREAS: tuple[str, ...] = ("本市", "省内其他市", "省外", "境外")
LIVING_ARRANGEMENTS: tuple[str, ...] = ("与配偶同住", "与子女同住", "独居", "养老机构", "其他")
HEALTH_STATUSES: tuple[str, ...] = ("良好", "一般", "较差", "长期患病")
SELF_CARE_LEVELS: tuple[str, ...] = ("自理", "半自理", "不能自理")
HARDSHIP_KINDS: tuple[str, ...] = ("无", "低保", "特困", "重病")
PERSON_STATUSES: tuple[str, ...] = ("在册", "已故", "迁出")
BRANCH_KINDS: tuple[str, ...] = ("单建", "共建")
# GB 3304 order.
ETHNICITIES: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)
HOBBY_TAGS: tuple[str, ...] = (
    "书法",
    "绘画",
    "太极",
    "茶艺",
    "摄影",
    "音乐",
    "棋牌",
    "钓鱼",
    "舞蹈",
    "园艺",
    "旅游",
    "读书",
    "健身",
    "戏曲",
)
VISIT_KINDS: tuple[str, ...] = (
    "节日慰问",
    "生日祝寿",
    "生病住院",
    "家庭变故",
    "去世吊唁",
    "日常走访",
    "上门服务",
    "电话问候",
)
AID_CATEGORIES: tuple[str, ...] = ("生活困难补助", "医疗救助", "临时救助")

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "gender": GENDERS,
    "ethnicity": ETHNICITIES,
    "retirement_kind": RETIREMENT_KINDS,
    "rank_level": RANK_LEVELS,
    "political_status": POLITICAL_STATUSES,
    "residence_area": RESIDENCE_AREAS,
    "living_arrangement": LIVING_ARRANGEMENTS,
    "health_status": HEALTH_STATUSES,
    "self_care": SELF_CARE_LEVELS,
    "hardship": HARDSHIP_KINDS,
    "status": PERSON_STATUSES,
}

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "retirement_kind": "离退休类别",
    "retirement_date": "离退休时间",
    "work_start_date": "参加工作时间",
    "unit": "原工作单位",
    "position": "原职务",
    "rank_level": "职级",
    "political_status": "政治面貌",
    "party_join_date": "入党时间",
    "party_branch": "所在党支部",
    "residence_area": "居住地",
    "address": "现住址",
    "postcode": "邮政编码",
    "phone": "手机",
    "landline": "固定电话",
    "in_wechat_group": "已加入微信群",
    "living_arrangement": "居住情况",
    "health_status": "健康状况",
    "self_care": "自理能力",
    "bedridden": "长期卧床",
    "hardship": "困难类别",
    "specialties": "专业特长",
    "hobbies": "兴趣爱好",
    "needs": "需求",
    "journal": "订阅刊物",
    "newspaper": "自选报纸",
    "status": "状态",
    "death_date": "去世日期",
    "notes": "备注",
    "lunar_birthday": "农历生日",
}


def _synonyms(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: canonical for canonical, aliases in pairs.items() for alias in aliases}


_SYNONYMS: dict[str, dict[str, str]] = {
    "gender": _synonyms(
        {
            # 1 and 2 are the codes of GB/T 2261.1, used by personnel systems' exports.
            "男": ("男性", "男士", "M", "m", "male", "Male", "1"),
            "女": ("女性", "女士", "F", "f", "female", "Female", "2"),
        }
    ),
    "ethnicity": {
        **{name[:-1]: name for name in ETHNICITIES},
        "蒙族": "蒙古族",
        "维族": "维吾尔族",
        "汉民": "汉族",
    },
    "retirement_kind": _synonyms(
        {
            "离休": ("离休干部", "离休人员", "离"),
            "退休": ("退休干部", "退休人员", "退休职工", "退"),
        }
    ),
    "rank_level": _synonyms(
        {
            "省部级": ("省级", "部级", "正部级", "副部级", "正省级", "副省级", "省部"),
            "厅局级": (
                "正厅",
                "副厅",
                "厅级",
                "正厅级",
                "副厅级",
                "局级",
                "正局级",
                "副局级",
                "地厅级",
                "厅局",
            ),
            "县处级": (
                "正处",
                "副处",
                "处级",
                "县级",
                "正处级",
                "副处级",
                "正县级",
                "副县级",
                "县处",
            ),
            "乡科级": ("正科", "副科", "科级", "正科级", "副科级", "乡级", "乡科"),
            "科员及以下": ("科员", "办事员", "科员级", "一般干部"),
        }
    ),
    "political_status": _synonyms(
        {
            "中共党员": (
                "党员",
                "中共",
                "共产党员",
                "中国共产党党员",
                "中国共产党员",
                "共产党",
                "中共正式党员",
                "正式党员",
            ),
            "中共预备党员": ("预备党员",),
            "共青团员": ("团员", "共青团"),
            "民革会员": ("民革", "民革党员"),
            "民盟盟员": ("民盟", "民盟会员"),
            "民建会员": ("民建",),
            "民进会员": ("民进",),
            "农工党党员": ("农工党", "农工", "农工民主党"),
            "致公党党员": ("致公党", "致公"),
            "九三学社社员": ("九三", "九三社员", "九三学社"),
            "台盟盟员": ("台盟",),
            "无党派人士": ("无党派",),
            "群众": ("无", "普通群众"),
        }
    ),
    "residence_area": _synonyms(
        {
            "本市": ("市内", "本地", "本区", "市区", "本县"),
            "省内其他市": ("省内", "省内外市", "省内其他城市"),
            "省外": ("外省", "省外居住"),
            "境外": ("国外", "海外", "国外居住"),
        }
    ),
    "living_arrangement": _synonyms(
        {
            "与配偶同住": ("与老伴同住", "和配偶同住", "和老伴同住", "夫妻同住"),
            "与子女同住": ("和子女同住", "随子女居住"),
            "独居": ("独自居住", "一人居住", "空巢独居"),
            "养老机构": ("养老院", "敬老院", "福利院", "老年公寓"),
        }
    ),
    "health_status": _synonyms(
        {
            "良好": ("好", "健康", "较好", "很好"),
            "较差": ("差", "不好"),
            "长期患病": ("慢性病", "长期病", "患病", "长期病患"),
        }
    ),
    "self_care": _synonyms(
        {
            "自理": ("能自理", "完全自理", "生活自理"),
            "半自理": ("部分自理", "半失能"),
            "不能自理": ("失能", "完全不能自理", "生活不能自理"),
        }
    ),
    "hardship": _synonyms(
        {
            "无": ("没有", "否"),
            "低保": ("低保户",),
            "特困": ("特困户", "特困人员", "特困供养"),
            "重病": ("大病", "重大疾病"),
        }
    ),
    "status": _synonyms(
        {
            "在册": ("在世", "正常"),
            "已故": ("去世", "死亡", "故", "已去世", "病故", "逝世"),
            "迁出": ("调出", "转出", "已迁出"),
        }
    ),
}


def _choice_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
    return re.sub(r"\s+", "", to_halfwidth(str(value)))


def normalize_choice(key: str, value: object) -> str:
    """The canonical value of vocabulary ``key`` (a person-field key of :data:`VOCABULARIES`).

    Empty gives ``""``; exact values and known synonyms give the canonical value; anything else
    raises VocabularyError naming the field in Chinese and listing the choices. An unknown
    ``key`` is a programming error and raises KeyError.
    """
    choices = VOCABULARIES[key]
    text = _choice_text(value)
    if not text:
        return ""
    if text in choices:
        return text
    canonical = _SYNONYMS.get(key, {}).get(text)
    if canonical is not None:
        return canonical
    label = FIELD_LABELS.get(key, key)
    raise VocabularyError(f"“{str(value).strip()}”不是有效的{label}，可选：{'、'.join(choices)}")


def _canonical_status(political_status: str) -> str:
    try:
        return normalize_choice("political_status", political_status)
    except VocabularyError:
        return ""


def is_party_member(political_status: str) -> bool:
    """True for 中共党员 and 中共预备党员 (synonyms such as "党员" are understood)."""
    return _canonical_status(political_status) in PARTY_MEMBER_STATUSES


def is_democratic_party_member(political_status: str) -> bool:
    """True for a member of one of the eight democratic parties (民革 … 台盟)."""
    return _canonical_status(political_status) in DEMOCRATIC_PARTY_STATUSES
