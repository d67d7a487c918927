"""bulk_insert_persons: rows laid out column by column give the same people as peewee would."""

from __future__ import annotations

import datetime as _dt

import pytest

from lao_gan_bu_desktop.storage import import_models as im
from lao_gan_bu_desktop.storage.database import db
from lao_gan_bu_desktop.storage.models import Person, Unit

NOW = _dt.datetime(2026, 11, 29, 9, 30)


def test_rows_with_different_fields_defaults_and_conversions(ctx) -> None:
    made: list[object] = []

    def unit_id(name: object) -> int | None:
        made.append(name)
        return Unit.get_or_create(name=name)[0].id if name else None

    rows = [
        {"name": "张三", "birth_date": _dt.date(1950, 3, 1), "unit": "财政局", "bedridden": True},
        {"name": "李四", "phone": "13803711234", "unit": "财政局", "address": None},
        {"gender": "女", "unit": "", "birth_date": _dt.date(1950, 3, 1)},
    ]
    with db.atomic():
        ids = im.bulk_insert_persons(
            rows,
            NOW,
            per_value={"unit": unit_id},
            derived={"search_key": ("name", lambda name: f"key:{name}")},
        )
    assert len(ids) == 3 and sorted(made, key=str) == ["", "财政局"]  # each distinct value once
    zhang, li, nameless = (Person.get_by_id(i) for i in ids)
    assert (zhang.birth_date, zhang.bedridden, zhang.unit.name) == (
        _dt.date(1950, 3, 1),
        True,
        "财政局",
    )
    assert zhang.search_key == "key:张三" and nameless.search_key == ""
    assert (li.phone, li.address, li.bedridden, li.birth_date) == ("13803711234", "", False, None)
    assert nameless.unit is None and nameless.gender == "女"
    assert zhang.status == "在册"  # the field's default where the row says nothing
    assert zhang.created_at == NOW and li.updated_at == NOW


def test_a_key_that_is_no_person_field_is_refused(ctx) -> None:
    with db.atomic(), pytest.raises(KeyError):
        im.bulk_insert_persons([{"name": "张三", "nickname": "老张"}], NOW)
    assert Person.select().count() == 0
