"""The fast paths for values already in canonical form give exactly what the full cleaning gives.

An import checks names, mobiles and ID numbers a hundred thousand at a time, so each normaliser
first recognises the plain common case; these properties pin that shortcut to the slow path.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lao_gan_bu_desktop.core import idnumber, normalize
from lao_gan_bu_desktop.core.errors import IdNumberError

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.text(CJK, min_size=1, max_size=30))
def test_plain_names_read_as_the_full_cleaning_reads_them(name: str) -> None:
    assert normalize.normalize_name(name) == normalize._clean_name(name)


@given(st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_plain_mobiles_read_as_the_full_cleaning_reads_them(phone: str) -> None:
    assert normalize.normalize_phone(phone) == normalize._clean_phone(phone)


def _slow(text: str) -> idnumber.IdNumber | str:
    try:
        return idnumber._parse_slow(text)
    except IdNumberError as exc:
        return exc.message


def _fast(text: str) -> idnumber.IdNumber | str:
    try:
        return idnumber.parse_id_number(text)
    except IdNumberError as exc:
        return exc.message


@given(
    st.dates(),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from("0123456789X"),
)
def test_canonical_id_numbers_read_as_the_full_check_reads_them(
    birth, area: str, serial: str, last: str
) -> None:
    text = f"{area}{birth:%Y%m%d}{serial}{last}"
    assert _fast(text) == _slow(text)


@given(st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True))
def test_any_eighteen_characters_read_as_the_full_check_reads_them(text: str) -> None:
    assert _fast(text) == _slow(text)


def test_a_valid_number_takes_the_fast_path() -> None:
    first17 = "41010519491001123"
    number = first17 + idnumber.check_digit(first17)
    assert idnumber._parse_canonical(number) == idnumber._parse_slow(number)
    assert idnumber._parse_canonical(first17 + "0" if number[-1] != "0" else first17 + "1") is None
