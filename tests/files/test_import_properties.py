"""Random cells and random bytes give only typed errors, never a crash."""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.core.fields import PERSON_FIELDS, normalize_field
from lao_gan_bu_desktop.files.header_detect import data_rows, detect_header
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.sniff import SpreadsheetError

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.dates(min_value=_dt.date(1, 1, 1)),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(value=cells, index=st.integers(min_value=0, max_value=len(PERSON_FIELDS) - 1))
def test_normalisers_raise_only_rule_errors(value: object, index: int) -> None:
    key = PERSON_FIELDS[index].key
    try:
        normalize_field(key, value)
    except RuleError as exc:
        assert exc.message


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(cells, max_size=8), max_size=12))
def test_header_detection_never_crashes(rows: list[list[object]]) -> None:
    layout = detect_header(rows)
    assert len(layout.guesses) == len(layout.headers)
    list(data_rows(rows, layout))


PREFIXES = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><table>", b"<?xml "]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_readers_raise_only_spreadsheet_errors(prefix: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "随机.xls"
        path.write_bytes(prefix + body)
        try:
            book = open_workbook(path)
            for sheet in book.sheets:
                list(book.rows(sheet.name))
            book.close()
        except SpreadsheetError as exc:
            assert exc.message


@settings(max_examples=200, deadline=None)
@given(cells_row=st.lists(cells, min_size=len(PERSON_FIELDS), max_size=len(PERSON_FIELDS)))
def test_row_checks_give_issues_never_crashes(cells_row: list[object]) -> None:
    from lao_gan_bu_desktop.services.import_rows import Column, check_rows

    columns = [Column(i, spec.key, spec.label) for i, spec in enumerate(PERSON_FIELDS)]
    headers = {spec.key: spec.label for spec in PERSON_FIELDS}
    planned = check_rows([(7, cells_row)], columns, "科技局")
    if not planned:
        return
    (row,) = planned
    assert row.action in ("new", "invalid")
    for issue in row.errors + row.warnings:
        assert issue.row == 7 and issue.column in headers.values() and issue.reason
    if row.action == "new":
        assert row.values["name"] and row.values["unit"] == "科技局"
