"""Normalisation of the loose values found in unit spreadsheets: names, phones, postcodes, yes/no
cells and free text.

Spreadsheets from units mix full-width and half-width characters, store phone numbers as floats
(``13803711234.0``) and write yes/no in a dozen ways. The functions here turn such a cell into the
one canonical form or raise a typed :class:`~lao_gan_bu_desktop.core.errors.RuleError` whose
message tells the clerk what to fix.
"""

from __future__ import annotations

import math
import re

from .errors import PersonNameError, PhoneFormatError, RuleError

_FULLWIDTH_OFFSET = 0xFEE0
_IDEOGRAPHIC_SPACE = "\u3000"

# Characters that stand for the middle dot of minority and foreign names (阿凡提·买买提).
_MIDDLE_DOTS = "•．・･‧∙⋅."
_MIDDLE_DOT = "·"

# Zero-width characters, and the control characters no stored text may hold (tab and line
# break are kept): C0 and C1 controls, DEL, lone surrogates and the two non-characters U+FFFE
# and U+FFFF. They arrive pasted from web pages and old systems, and one of them in an address
# would make every xlsx export fail (XML cannot hold them). The direction overrides and
# isolates (U+202A–U+202E, U+2066–U+2069) go too: one pasted into a name shows the rest of it
# backwards ("书法\u202e班01" reads "书法10班") in every list, export and label.
_CONTROL_CODES = [
    *range(0x00, 0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    *range(0xD800, 0xE000),
    0xFFFE,
    0xFFFF,
]
_CONTROL = dict.fromkeys(_CONTROL_CODES)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff")) | _CONTROL
_CONTROL_RE = re.compile(
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069"
    "\\ud800-\\udfff\\ufffe\\uffff]"
)


def remove_control_characters(text: str) -> str:
    """``text`` without control characters (tab and line break kept; a carriage return becomes
    a line break). Every door by which text enters the program passes it through here (or
    through :func:`normalize_text`, which does the same)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_RE.search(text) is None:
        return text
    return text.translate(_CONTROL)


# The marks spreadsheets and exports put around a number kept as text: a leading apostrophe
# (Excel's text prefix, typed or exported), ="…" (csv exports of web systems), a leading tab.
_TEXT_MARKS = re.compile(r"""^\s*(?:=\s*"(.*)"|['‘’`](.*))\s*$""", re.DOTALL)


def strip_text_marks(text: str) -> str:
    """``text`` without the marks that keep a number as text ("'4101…", '="4101…"')."""
    found = _TEXT_MARKS.match(text)
    if found is None:
        return text
    return found.group(1) if found.group(1) is not None else found.group(2)


# What clerks type where they have nothing to give ("无", "不详", "/", "——").
PLACEHOLDERS = frozenset(
    [
        "无",
        "没有",
        "暂无",
        "不详",
        "未知",
        "不清楚",
        "空",
        "待补",
        "待查",
        "未填",
        "无号码",
        "无电话",
        "无手机",
        "/",
        "／",
        "\\",
        "-",
        "--",
        "—",
        "——",
        "－",
        "－－",
        "…",
        "……",
    ]
)


def is_placeholder(text: str) -> bool:
    """True for a cell that only says there is nothing ("无", "不详", "/", "——")."""
    return re.sub(r"\s+", "", text) in PLACEHOLDERS


# Invisible in free text too, and never part of what it says (the joiners stay: emoji need them).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def clean_text(value: object) -> str:
    """Free text typed or pasted by the clerk: control characters and zero-width spaces removed,
    stripped."""
    return (
        remove_control_characters("" if value is None else str(value)).translate(_INVISIBLE).strip()
    )


# The longest one-line text (a name, a title, a place): well inside the 255 characters a
# VARCHAR column holds on the database server, and far more than any real one needs.
MAX_LINE_LENGTH = 200


def clean_line(value: object, label: str, *, limit: int = MAX_LINE_LENGTH) -> str:
    """One line typed or pasted by the clerk (a name, a title, a place): control and zero-width
    characters removed, every run of white space (line breaks too) made one space, stripped.
    A zero-width space must not make "书法\u200b班" a second 书法班 beside the first.
    Longer than ``limit`` characters: RuleError naming ``label``."""
    text = remove_control_characters("" if value is None else str(value)).translate(_ZERO_WIDTH)
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > limit:
        raise RuleError(
            f"{label}有 {len(text)} 个字，超过了 {limit} 个字的上限。"
            "请改短一些，较长的说明请写在备注或正文里。"
        )
    return text


_HALFWIDTH = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[ord(_IDEOGRAPHIC_SPACE)] = ord(" ")
_HALFWIDTH_ALNUM = {
    code: code - _FULLWIDTH_OFFSET
    for code in range(0xFF01, 0xFF5F)
    if chr(code - _FULLWIDTH_OFFSET).isalnum()
}
_HALFWIDTH_ALNUM[ord(_IDEOGRAPHIC_SPACE)] = ord(" ")
_WHITESPACE = re.compile(r"\s+")
_REPEATED_DOTS = re.compile("·{2,}")


def to_halfwidth(text: str) -> str:
    """Turn full-width ASCII characters (Ａ１，－) into half-width ones and the ideographic space
    into an ordinary space. Other characters are kept."""
    return text.translate(_HALFWIDTH)


def _halfwidth_alnum(text: str) -> str:
    """Half-width only for full-width letters, digits and spaces; Chinese punctuation such as
    "，" and "（" in free text is left alone."""
    return text.translate(_HALFWIDTH_ALNUM)


def _whole_float_text(value: float) -> str | None:
    """``"13803711234"`` for ``13803711234.0``; ``None`` for a non-whole or non-finite float."""
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return None


def _cell_text(value: object) -> str:
    """The text of a cell: ``""`` for None, whole floats without ".0", others via ``str``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        whole = _whole_float_text(value)
        return whole if whole is not None else repr(value)
    return str(value)


def normalize_text(value: object) -> str:
    """Free text of a cell, stripped; full-width letters and digits made half-width (Chinese
    punctuation is kept); a whole float is written without ".0"; ``None`` gives ``""``."""
    text = _cell_text(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _halfwidth_alnum(text.translate(_ZERO_WIDTH)).strip()


# A name of plain CJK ideographs only is already in canonical form (the common case, checked
# first so that an import of 100 000 names does not run the full cleaning on each).
_PLAIN_NAME = re.compile("[\u4e00-\u9fff]{1,30}")
MAX_NAME_LENGTH = 50  # the longest transliterated minority names are about 20 characters


def normalize_name(value: object) -> str:
    """A person's name without any whitespace ("张　三" → "张三"), half-width, with the middle
    dot of minority names unified to "·". Raises PersonNameError for an empty name or digits."""
    if value.__class__ is str and _PLAIN_NAME.fullmatch(value):  # type: ignore[arg-type]
        return value  # type: ignore[return-value]
    return _clean_name(value)


def _clean_name(value: object) -> str:
    if value is None:
        raise PersonNameError("姓名不能为空")
    raw = _cell_text(value)
    text = raw.translate(_ZERO_WIDTH)
    for dot in _MIDDLE_DOTS:
        if dot != ".":
            text = text.replace(dot, _MIDDLE_DOT)
    text = to_halfwidth(text).replace(".", _MIDDLE_DOT)
    text = _WHITESPACE.sub("", text)
    text = _REPEATED_DOTS.sub(_MIDDLE_DOT, text).strip(_MIDDLE_DOT)
    if not text:
        raise PersonNameError("姓名不能为空")
    if len(text) > MAX_NAME_LENGTH:
        raise PersonNameError(
            f"姓名有{len(text)}个字，超过了{MAX_NAME_LENGTH}个字的上限，"
            "请核对是否把其他内容填进了姓名栏"
        )
    if any(ch.isdigit() for ch in text):
        raise PersonNameError(f"姓名“{raw.strip()}”中含有数字，请核对后重新填写")
    if any(not ch.isprintable() for ch in text):
        raise PersonNameError(f"姓名“{raw.strip()}”中含有无法显示的字符，请重新填写")
    return text


_PHONE_ALLOWED = re.compile(r"^\+?[\d\s\-()]+$")
_DASHES = "－‐‑‒–—―−"
_MOBILE = re.compile(r"^1\d{10}$")
_PLAIN_MOBILE = re.compile("1[0-9]{10}")  # already canonical: the common case, checked first


def _landline(digits: str) -> str:
    """``"0371-67881234"`` for ``"037167881234"``: 3-digit area codes are 010 and 02X, the rest
    have 4 digits; the local number has 7 or 8 digits."""
    area_len = 3 if digits.startswith(("010", "02")) else 4
    area, local = digits[:area_len], digits[area_len:]
    if 7 <= len(local) <= 8:
        return f"{area}-{local}"
    return digits


def normalize_phone(value: object) -> str:
    """A phone number in canonical form, or ``""`` for an empty cell.

    Mobiles become 11 digits (a +86 / 0086 / 86- prefix is dropped, separators removed);
    landlines with an area code keep one hyphen after the area code ("0371-67881234");
    other numbers of 7 to 12 digits (local numbers, 400 numbers) keep their digits only.
    Floats from spreadsheets (13803711234.0) are read as their whole number.
    Raises PhoneFormatError for letters, too few or too many digits.
    """
    if value.__class__ is str and _PLAIN_MOBILE.fullmatch(value):  # type: ignore[arg-type]
        return value  # type: ignore[return-value]
    return _clean_phone(value)


# "手机：13912345678", "电话 0371-67881234", "Tel: …": a label typed before the number.
_PHONE_LABEL = re.compile(
    r"^\s*(?:本人|家庭|联系|办公|住宅)?(?:手机号码|手机号|手机|移动电话|电话号码|固定电话|电话|座机|固话|宅电|"
    r"tel|mobile|phone)\s*[:：]?\s*",
    re.IGNORECASE,
)


def strip_phone_label(text: str) -> str:
    """The number without a label typed before it ("手机：139…" → "139…")."""
    return _PHONE_LABEL.sub("", text, count=1)


# A landline whose area code was typed after the local number: "63921235（0371）" (brackets, as
# area codes are written, so unambiguous), "63921235-0371" or "63921235 0371" (read the same
# way: an area code always starts with 0, an extension hardly ever; the import says so). The
# local number has 7 or 8 digits and never starts with 0 or 1; area codes are 010, 02X, 0XXX.
_AREA = r"0(?:10|2\d|[3-9]\d\d)"
_LOCAL = r"[2-9](?:[ -]?\d){6,7}"
_AREA_AFTER = re.compile(rf"({_LOCAL})\s*(?:\(\s*({_AREA})\s*\)|(?:-\s*|\s+)({_AREA}))")
# Digits in brackets after a local number that are no area code ("63921235（371）"): refused.
_BRACKETS_AFTER = re.compile(rf"({_LOCAL})\s*\(\s*(\d+)\s*\)")


def _phone_text(text: str) -> str:
    """A phone cell's text as the rules read it: half-width, without the marks that keep a
    number as text or a label before it, every dash a hyphen."""
    text = strip_phone_label(strip_text_marks(to_halfwidth(text.translate(_ZERO_WIDTH))))
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text.strip()


def area_code_after_number(text: str) -> bool:
    """True when ``text`` is a landline with its area code typed after the number without
    brackets ("63921235-0371"): :func:`normalize_phone` reads it as "0371-63921235", which the
    clerk should be told about (a "-0371" could, rarely, be an extension)."""
    found = _AREA_AFTER.fullmatch(_phone_text(text))
    return found is not None and found.group(2) is None


def _clean_phone(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise PhoneFormatError(f"电话号码“{value}”无法识别，请填写手机号或带区号的固定电话")
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        whole = _whole_float_text(value)
        if whole is None or value < 0:
            raise PhoneFormatError(
                f"电话号码“{value}”无法识别，请填写手机号或带区号的固定电话，并将该列设为文本"
            )
        text = whole
    else:
        text = str(value)
    raw = text.strip()
    text = _phone_text(text)
    if not text:
        return ""
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".", 1)[0]
    if not _PHONE_ALLOWED.fullmatch(text):
        raise PhoneFormatError(
            f"电话号码“{raw}”中含有无效字符，只能填写数字和连字符；"
            "多个号码请分别填在手机和固定电话两栏"
        )
    if ")" in text or "-" in text or " " in text:
        after = _AREA_AFTER.fullmatch(text)
        if after is not None:
            local = re.sub(r"\D", "", after.group(1))
            return f"{after.group(2) or after.group(3)}-{local}"
        odd = _BRACKETS_AFTER.fullmatch(text)
        if odd is not None:
            local = re.sub(r"\D", "", odd.group(1))
            raise PhoneFormatError(
                f"电话号码“{raw}”括号里的“{odd.group(2)}”不是区号（区号以0开头，如0371），"
                f"请写成“区号-号码”，如“0371-{local}”；分机号请写在备注里"
            )
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+86") or digits.startswith("0086")
    if text.startswith("+") and not text.startswith("+86"):
        raise PhoneFormatError(f"电话号码“{raw}”不是国内号码，请在备注中填写境外电话")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif text.startswith("+86") or (
        digits.startswith("86") and _MOBILE.fullmatch(digits[2:]) is not None
    ):
        digits = digits[2:]
    if international and not _MOBILE.fullmatch(digits) and not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) < 7:
        raise PhoneFormatError(f"电话号码“{raw}”位数太少，请填写手机号或带区号的固定电话")
    if len(digits) > 12:
        raise PhoneFormatError(
            f"电话号码“{raw}”位数太多，请核对；多个号码请分别填在手机和固定电话两栏"
        )
    if _MOBILE.fullmatch(digits):
        return digits
    if digits.startswith("0"):
        return _landline(digits)
    return digits


def normalize_postcode(value: object) -> str:
    """Six digits or ``""``. A number from a spreadsheet (450001.0) is accepted; a number of five
    digits is taken as a postcode whose leading 0 was lost (10000 → "010000")."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return ""
        whole = _whole_float_text(float(value)) if isinstance(value, float) else str(value)
        if whole is not None and whole.isdigit() and len(whole) in (5, 6):
            return whole.zfill(6)
        raise RuleError(f"邮政编码应为6位数字，当前为“{value}”")
    text = re.sub(r"\s+", "", to_halfwidth(str(value)))
    if re.fullmatch(r"\d{6}\.0+", text):
        text = text.split(".", 1)[0]
    if not text:
        return ""
    if re.fullmatch(r"\d{6}", text):
        return text
    raise RuleError(f"邮政编码应为6位数字，当前为“{str(value).strip()}”")


_TRUE_WORDS = frozenset(
    [
        "是",
        "有",
        "√",
        "✓",
        "✔",
        "☑",
        "1",
        "true",
        "t",
        "y",
        "yes",
        "对",
        "是的",
        "已",
        "已加入",
        "加入",
        "已入群",
        "在群",
        "已进群",
        "已在群",
        "卧床",
        "长期卧床",
    ]
)
_FALSE_WORDS = frozenset(
    [
        "否",
        "无",
        "×",
        "✗",
        "✘",
        "☐",
        "0",
        "false",
        "f",
        "n",
        "no",
        "x",
        "不",
        "不是",
        "没有",
        "未",
        "未加入",
        "不在群",
        "未入群",
        "未进群",
        "非",
    ]
)


def normalize_bool(value: object) -> bool | None:
    """是/否 cells: 是, 有, √, 1, true, Y, 已加入 … → True; 否, 无, ×, 0, false, N, 未加入 … →
    False; an empty cell → None. Anything else raises RuleError."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if value == 1:
            return True
        if value == 0:
            return False
        raise RuleError(f"“{value}”不是有效的是/否值，请填写“是”或“否”")
    text = re.sub(r"\s+", "", to_halfwidth(str(value))).lower()
    if not text:
        return None
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise RuleError(f"“{str(value).strip()}”不是有效的是/否值，请填写“是”或“否”")
