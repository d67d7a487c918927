"""Property tests: the normalisers return a value or raise RuleError, never another exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lao_gan_bu_desktop.core.dates import parse_date
from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.core.idnumber import parse_id_number
from lao_gan_bu_desktop.core.normalize import normalize_name, normalize_phone
from lao_gan_bu_desktop.core.vocab import VOCABULARIES, normalize_choice

CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="0123456789xX.-/年月日号 ０１２３４５６７８９ｘ　+E", max_size=25),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
FAST = settings(max_examples=150, deadline=None)


def _value_or_rule_error(function, value):
    try:
        return function(value)
    except RuleError as error:
        assert error.message
        return None


@FAST
@given(CELLS)
def test_parse_id_number_total(value: object) -> None:
    _value_or_rule_error(parse_id_number, value)


@FAST
@given(CELLS)
def test_parse_date_total(value: object) -> None:
    _value_or_rule_error(parse_date, value)


@FAST
@given(CELLS)
def test_normalize_phone_total(value: object) -> None:
    result = _value_or_rule_error(normalize_phone, value)
    assert result is None or isinstance(result, str)


@FAST
@given(CELLS)
def test_normalize_name_total(value: object) -> None:
    result = _value_or_rule_error(normalize_name, value)
    assert result is None or (result and not any(ch.isspace() for ch in result))


@FAST
@given(st.sampled_from(sorted(VOCABULARIES)), CELLS)
def test_normalize_choice_total(key: str, value: object) -> None:
    result = _value_or_rule_error(lambda v: normalize_choice(key, v), value)
    assert result in (None, "") or result in VOCABULARIES[key]
