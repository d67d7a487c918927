"""core.phones: a phone value is 手机 or 固定电话 by its form, and a cell with both is split."""

from __future__ import annotations

import pytest

from lao_gan_bu_desktop.core.phones import LANDLINE, MOBILE, classify_phone, sort_phones


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("13803711234", MOBILE),
        ("138 0371 1234", MOBILE),
        ("+86 138-0371-1234", MOBILE),
        (13803711234.0, MOBILE),
        ("0371-67891234", LANDLINE),
        ("（0371）67891234".replace("（", "(").replace("）", ")"), LANDLINE),
        ("0371 67891234", LANDLINE),
        ("67891234", LANDLINE),
        ("12345678901", LANDLINE),  # 1 then 2: not a mobile prefix, so a plain number
        ("", ""),
        ("无", ""),
        ("1380371", LANDLINE),  # seven digits: a local number
    ],
)
def test_classify(value, kind) -> None:
    assert classify_phone(value) == kind


def test_a_cell_with_both_is_split() -> None:
    split = sort_phones("13803711234 / 0371-67891234")
    assert split.mobile == "13803711234"
    assert split.landline == "0371-67891234"
    assert split.unknown == ()


def test_space_separated_numbers_but_not_an_area_code() -> None:
    assert sort_phones("13803711234 67891234").landlines == ("67891234",)
    assert sort_phones("0371 67891234").landlines == ("0371-67891234",)
    assert sort_phones("0371 67891234").mobiles == ()


def test_landline_in_the_mobile_column_and_extras() -> None:
    split = sort_phones("0371-67891234", "13803711234、13903712345")
    assert split.mobile == "13803711234"
    assert split.landline == "0371-67891234"
    assert split.extra == ("13903712345",)


def test_pieces_not_understood_are_kept() -> None:
    split = sort_phones("打社区电话")
    assert split.unknown == ("打社区电话",)
    assert split.mobiles == () and split.landlines == ()
