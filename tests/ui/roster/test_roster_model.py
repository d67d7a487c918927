"""The roster model: Qt's model rules, lazy pages, SQL sorting and filtering."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.ui.roster.model import (
    PAGE_SIZE,
    PERSON_ID_ROLE,
    RosterModel,
    column_index,
    rows_as_tsv,
)
from tests.conftest import FIXED_TODAY


def make_model(flt: RosterFilter = RosterFilter()) -> RosterModel:  # noqa: B008
    model = RosterModel(lambda: FIXED_TODAY)
    model.set_filter(flt)
    return model


def test_model_passes_qtmodeltester(demo_ctx, qtmodeltester) -> None:
    model = make_model()
    qtmodeltester.check(model)
    model.set_filter(RosterFilter(text="wang"))
    model.sort(column_index("age"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_rows_are_fetched_lazily_in_pages(demo_ctx) -> None:
    model = make_model()
    assert model.rowCount() == 153
    assert model.cached_count() == 0
    name = model.data(model.index(0, column_index("name")))
    assert name
    assert model.cached_count() == PAGE_SIZE
    model.data(model.index(152, 0))
    assert model.cached_count() == PAGE_SIZE + 153 - (152 - 152 % PAGE_SIZE)
    model.reload()
    assert model.cached_count() == 0


def test_sorting_re_queries_in_sql(demo_ctx) -> None:
    model = make_model()
    age = column_index("age")
    model.sort(age, Qt.SortOrder.DescendingOrder)
    ages = [model.row_dict(r)["age"] for r in range(model.rowCount())]
    assert ages == sorted(ages, reverse=True)
    assert ages[0] == 95
    model.sort(age, Qt.SortOrder.AscendingOrder)
    assert model.row_dict(0)["age"] == min(ages)


def test_filters_and_roles(demo_ctx) -> None:
    model = make_model(RosterFilter(retirement_kind="离休"))
    assert model.rowCount() == 2
    index = model.index(0, column_index("retirement_kind"))
    assert model.data(index) == "离休"
    assert model.data(index, PERSON_ID_ROLE) == model.person_id(0)
    assert model.headerData(column_index("id_number"), Qt.Orientation.Horizontal) == "公民身份号码"


def test_rows_as_tab_separated_text(demo_ctx) -> None:
    model = make_model(RosterFilter(retirement_kind="离休"))
    text = rows_as_tsv(model, [0, 1], [column_index("name"), column_index("age")])
    lines = text.strip().split("\r\n")
    assert lines[0] == "姓名\t年龄"
    assert len(lines) == 3
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_phone_column_shows_a_landline_when_there_is_no_mobile(ctx) -> None:
    """Someone with only a 固定电话 does not look as if they had no phone (the tester's report):
    the 电话 column (key "phone", kept for saved layouts) shows 手机, 固定电话 or both."""
    from lao_gan_bu_desktop.services import roster

    roster.create_person({"name": "甲座机", "landline": "0371-63921234"})
    roster.create_person({"name": "乙手机", "phone": "13912345678"})
    roster.create_person({"name": "丙两个", "phone": "13812345678", "landline": "0371-67881234"})
    roster.create_person({"name": "丁没有"})
    model = make_model()
    phone = column_index("phone")
    assert model.headerData(phone, Qt.Orientation.Horizontal) == "电话"
    shown = {
        model.data(model.index(r, column_index("name"))): model.data(model.index(r, phone))
        for r in range(model.rowCount())
    }
    assert shown == {
        "甲座机": "0371-63921234",
        "乙手机": "13912345678",
        "丙两个": "13812345678 / 0371-67881234",
        "丁没有": "",
    }
    tsv = rows_as_tsv(model, range(model.rowCount()), [column_index("name"), phone])
    assert "甲座机\t0371-63921234" in tsv
    # sorting by the column puts the landline-only person among those with a phone
    model.sort(phone, Qt.SortOrder.AscendingOrder)
    order = [model.data(model.index(r, column_index("name"))) for r in range(model.rowCount())]
    assert order[-1] == "丁没有" or order[0] == "丁没有"
    assert order.index("甲座机") < order.index("丙两个")
