"""The headers that units really write, mapped to the glossary keys of person fields.

A header exactly equal to a :data:`core.fields.PERSON_FIELDS` label maps with no work (the export
issue's 单位核对表 and the blank import template write those labels). Otherwise the header is
cleaned (spaces, full-width characters, "*", "（必填）", "(yyyy-mm-dd)" hints) and looked up in
:data:`SYNONYMS`. :data:`IGNORED` headers (序号 …) are columns that are never imported.
"""

from __future__ import annotations

import re

from ..core.fields import PERSON_FIELDS
from ..core.normalize import to_halfwidth

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "人员姓名", "干部姓名", "老干部姓名", "离退休干部姓名", "职工姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": (
        "公民身份号码",
        "身份证号码",
        "身份证号",
        "身份证",
        "证件号码",
        "身份证件号码",
        "公民身份证号码",
        "公民身份证号",
        "身份号码",
        "证件号",
        "原身份证号",
        "原身份证号码",
        "旧身份证号",
        "旧身份证号码",
        "新身份证号",
        "新身份证号码",
        "15位身份证号",
        "18位身份证号",
        "15位身份证号码",
        "18位身份证号码",
    ),
    "birth_date": ("出生年月", "出生日期", "出生年月日", "生日", "出生时间", "出生年月(日)"),
    "retirement_kind": (
        "离退休类别",
        "离/退休",
        "离退休",
        "人员类别",
        "离退休类型",
        "离休/退休",
        "离休或退休",
        "离退",
        "类别",
        "离(退)休",
        "离退休情况",
        "离退类别",
        "人员类型",
        "离退休性质",
    ),
    "retirement_date": (
        "离退休时间",
        "退休时间",
        "离休时间",
        "离退休日期",
        "退休日期",
        "离退休年月",
        "退休年月",
        "离休日期",
    ),
    "work_start_date": ("参加工作时间", "参加工作年月", "参加工作日期", "工作时间"),
    "unit": (
        "原工作单位",
        "原单位",
        "工作单位",
        "单位",
        "所在单位",
        "退休单位",
        "单位名称",
        "退休前工作单位",
        "退休前单位",
        "离退休前工作单位",
        "离退休前单位",
        "原工作单位名称",
    ),
    "position": ("原职务", "职务", "退休前职务", "原任职务", "离退休前职务"),
    "rank_level": ("职级", "级别", "待遇级别", "职级待遇", "享受待遇", "享受待遇级别"),
    "political_status": ("政治面貌", "党派", "政治身份"),
    "party_join_date": ("入党时间", "入党日期", "入党年月"),
    "party_branch": (
        "所在党支部",
        "党支部",
        "所在支部",
        "支部",
        "党组织",
        "所在党组织",
        "所在党支部名称",
    ),
    "residence_area": ("居住地", "居住地区", "居住区域", "居住地类别"),
    "address": (
        "现住址",
        "家庭住址",
        "现居住地址",
        "居住地址",
        "住址",
        "家庭地址",
        "通讯地址",
        "现住地址",
        "联系地址",
        "详细地址",
        "现居住地",
        "家庭详细住址",
    ),
    "postcode": ("邮政编码", "邮编"),
    "phone": (
        "手机",
        "手机号码",
        "手机号",
        "联系电话",
        "电话",
        "移动电话",
        "联系方式",
        "本人电话",
        "本人手机",
        "电话号码",
    ),
    "landline": ("固定电话", "座机", "家庭电话", "住宅电话", "宅电", "固话", "座机号码"),
    "in_wechat_group": ("已加入微信群", "是否加入微信群", "微信群", "是否入群", "是否在微信群"),
    "living_arrangement": ("居住情况", "居住状况", "居住方式"),
    "health_status": ("健康状况", "身体状况", "健康情况", "身体情况"),
    "self_care": ("自理能力", "生活自理能力", "是否自理", "自理情况", "生活能否自理"),
    "bedridden": ("长期卧床", "是否长期卧床", "是否卧床"),
    "hardship": ("困难类别", "困难情况", "困难类型", "困难程度"),
    "specialties": ("专业特长", "特长"),
    "hobbies": ("兴趣爱好", "爱好"),
    "needs": ("需求", "服务需求", "主要需求", "需求及建议"),
    "journal": ("订阅刊物", "刊物", "订阅杂志"),
    "newspaper": ("自选报纸", "报纸", "订阅报纸"),
    "status": ("状态", "人员状态"),
    "death_date": ("去世日期", "去世时间", "死亡日期", "逝世时间", "逝世日期"),
    "notes": ("备注", "其他", "其他情况"),
    "lunar_birthday": ("按农历过生日", "农历生日", "是否农历生日"),
}

# Columns holding a part of the address, from the largest area down (省 / 市 / 区 / 街道 / 社区):
# the import writes them, in this order, before the 详细地址 column's text.
ADDRESS_PARTS: tuple[tuple[str, ...], ...] = (
    ("省", "省份", "所在省", "省(自治区、直辖市)", "省(区、市)", "省(市)"),
    ("市", "地市", "城市", "所在市", "市(州)", "市(地)", "地(市)", "市(地、州)"),
    (
        "区",
        "县",
        "区县",
        "县区",
        "区(县)",
        "县(区)",
        "县(市、区)",
        "区(县、市)",
        "所在区",
        "所在区县",
    ),
    ("街道", "乡镇", "街道(乡镇)", "乡镇(街道)", "街道办事处", "所在街道", "乡(镇、街道)"),
    ("社区", "村", "社区(村)", "村(社区)", "所在社区", "居委会", "社区(居委会)"),
)

IGNORED: tuple[str, ...] = ("序号", "编号", "顺序号", "no", "no.", "序", "行号")

# Label of every field exactly as core.fields writes it.
LABELS: dict[str, str] = {spec.label: spec.key for spec in PERSON_FIELDS}

_HINTS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：\u3000]+")


def clean_header(text: object) -> str:
    """A header cell as text without spaces, line breaks, "*" marks and bracketed hints."""
    if text is None:
        return ""
    raw = to_halfwidth(str(text)).strip()
    return _NOISE.sub("", raw)


# Words naming another person than the retiree: their phone, address or ID number (配偶身份证号)
# is not the retiree's.
_SOMEONE_ELSE = (
    "家属",
    "子女",
    "配偶",
    "紧急",
    "联系人",
    "亲属",
    "监护人",
    "老伴",
    "儿子",
    "女儿",
    "爱人",
    "妻子",
    "丈夫",
)

_LOOKUP: dict[str, str] = {}
for _key, _aliases in SYNONYMS.items():
    for _alias in _aliases:
        _LOOKUP.setdefault(clean_header(_alias).lower(), _key)


def names_someone_else(header: object) -> bool:
    """True for a header or group heading about another person than the retiree ("配偶情况",
    "家属联系电话", "子女身份证号")."""
    without_hints = _HINTS.sub("", clean_header(header).lower())
    return any(word in without_hints for word in _SOMEONE_ELSE)


def guess_field(header: object) -> str | None:
    """The glossary key a header stands for, or None (unknown or an ignored column)."""
    if header is None:
        return None
    text = str(header).strip()
    if text in LABELS:
        return LABELS[text]
    cleaned = clean_header(text).lower()
    if not cleaned:
        return None
    if cleaned in _LOOKUP:
        return _LOOKUP[cleaned]
    without_hints = _HINTS.sub("", cleaned)
    if any(word in without_hints for word in _SOMEONE_ELSE):
        return None  # "家属联系电话", "子女/手机": another person's number, not this one's
    if without_hints in _LOOKUP:
        return _LOOKUP[without_hints]
    # "身份证号码(18位)" handled above; a trailing "（必填）" too. Try the last word after a slash
    # for two-level headers joined as "联系方式/手机".
    if "/" in without_hints:
        last = without_hints.rsplit("/", 1)[-1]
        if last in _LOOKUP:
            return _LOOKUP[last]
    return None


def is_ignored(header: object) -> bool:
    """True for 序号-like columns that are never imported."""
    return _HINTS.sub("", clean_header(header).lower()) in IGNORED


_PARTS: dict[str, int] = {
    clean_header(alias).lower(): rank for rank, names in enumerate(ADDRESS_PARTS) for alias in names
}


def address_part(header: object) -> int | None:
    """The rank of an address-part column (0 省, 1 市, 2 区/县, 3 街道/乡镇, 4 社区/村), or None."""
    cleaned = clean_header(header).lower()
    rank = _PARTS.get(cleaned)
    return rank if rank is not None or not cleaned else _PARTS.get(_HINTS.sub("", cleaned))
