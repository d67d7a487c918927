"""Tests of core.normalize: names, phones, postcodes, yes/no cells and free text."""

import pytest

from lao_gan_bu_desktop.core.errors import PersonNameError, PhoneFormatError, RuleError
from lao_gan_bu_desktop.core.normalize import (
    normalize_bool,
    normalize_name,
    normalize_phone,
    normalize_postcode,
    normalize_text,
    to_halfwidth,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("０３７１－６７８８", "0371-6788"),
        ("张\u3000三", "张 三"),
        ("", ""),
    ],
)
def test_to_halfwidth(text: str, expected: str) -> None:
    assert to_halfwidth(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张三"),
        (" 张三 ", "张三"),
        ("张　三", "张三"),
        ("张 三", "张三"),
        ("\u3000张\t三\n", "张三"),
        ("阿凡提·买买提", "阿凡提·买买提"),
        ("阿凡提•买买提", "阿凡提·买买提"),
        ("阿凡提．买买提", "阿凡提·买买提"),
        ("阿凡提・买买提", "阿凡提·买买提"),
        ("阿凡提 · 买买提", "阿凡提·买买提"),
        ("Ｔｏｍ", "Tom"),
    ],
)
def test_normalize_name(value: object, expected: str) -> None:
    assert normalize_name(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "姓名不能为空"),
        ("　", "姓名不能为空"),
        (None, "姓名不能为空"),
        ("张三2", "姓名“张三2”中含有数字，请核对后重新填写"),
        ("张三２", "姓名“张三２”中含有数字，请核对后重新填写"),
        (123, "姓名“123”中含有数字，请核对后重新填写"),
    ],
)
def test_normalize_name_errors(value: object, message: str) -> None:
    with pytest.raises(PersonNameError) as info:
        normalize_name(value)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13803711234", "13803711234"),
        ("+86 13803711234", "13803711234"),
        ("+8613803711234", "13803711234"),
        ("0086 13803711234", "13803711234"),
        ("86-13803711234", "13803711234"),
        ("138-0371-1234", "13803711234"),
        ("138 0371 1234", "13803711234"),
        ("13803711234.0", "13803711234"),
        (13803711234.0, "13803711234"),
        (13803711234, "13803711234"),
        ("１３８０３７１１２３４", "13803711234"),
        ("0371-67881234", "0371-67881234"),
        ("0371-6788 1234", "0371-67881234"),
        ("0371－67881234", "0371-67881234"),
        ("0371 67881234", "0371-67881234"),
        ("(0371)67881234", "0371-67881234"),
        ("037167881234", "0371-67881234"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
        ("+86 371 67881234", "0371-67881234"),
        ("67881234", "67881234"),
        ("6788-1234", "67881234"),
        ("", ""),
        ("  ", ""),
        (None, ""),
    ],
)
def test_normalize_phone(value: object, expected: str) -> None:
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    ["123456", "12345", "abc", "138O3711234", "13803711234/13903711234", "1380371123456789", True],
)
def test_normalize_phone_errors(value: object) -> None:
    with pytest.raises(PhoneFormatError) as info:
        normalize_phone(value)
    assert str(value).strip() in info.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("450001", "450001"),
        (450001, "450001"),
        (450001.0, "450001"),
        ("450001.0", "450001"),
        ("４５０００１", "450001"),
        (10000, "010000"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_postcode(value: object, expected: str) -> None:
    assert normalize_postcode(value) == expected


@pytest.mark.parametrize("value", ["45000", "4500011", "abcdef", 1234567, 450001.5])
def test_normalize_postcode_errors(value: object) -> None:
    with pytest.raises(RuleError) as info:
        normalize_postcode(value)
    assert info.value.message.startswith("邮政编码应为6位数字")
    assert not isinstance(info.value, PhoneFormatError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[
            (v, True)
            for v in ["是", "有", "√", "1", "true", "TRUE", "Y", "y", "yes", "已加入", "Ｙ"]
        ],
        *[(v, False) for v in ["否", "无", "×", "0", "false", "N", "n", "no", "未加入", "没有"]],
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (1.0, True),
        (0.0, False),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_normalize_bool(value: object, expected: bool | None) -> None:
    assert normalize_bool(value) is expected


@pytest.mark.parametrize("value", ["也许", "2", 2, "?"])
def test_normalize_bool_errors(value: object) -> None:
    with pytest.raises(RuleError):
        normalize_bool(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  郑州市金水路1号  ", "郑州市金水路1号"),
        ("金水路１号", "金水路1号"),
        ("ＡＢＣ", "ABC"),
        ("书法，绘画", "书法，绘画"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        ("", ""),
    ],
)
def test_normalize_text(value: object, expected: str) -> None:
    assert normalize_text(value) == expected
