"""Dates that cannot be true (issue 14, defect 1): one rule in core, used by the person dialog's
service and the roster's reading, so that a stored one never breaks the roster model or 首页."""

from __future__ import annotations

import datetime as _dt

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.person_dates import date_problems
from lao_gan_bu_desktop.core.roster_filter import DATE_ISSUES, RosterFilter
from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.storage.database import db
from tests.import_helpers import make_id

TODAY = _dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("values", "key", "words"),
    [
        ({"birth_date": _dt.date(2031, 1, 1)}, "birth_date", "晚于今天"),
        ({"birth_date": _dt.date(1879, 12, 31)}, "birth_date", "早于1880年"),
        ({"birth_date": _dt.date(1905, 11, 28)}, "birth_date", "超过120岁"),
        (
            {"birth_date": _dt.date(1950, 1, 1), "retirement_date": _dt.date(1949, 1, 1)},
            "retirement_date",
            "离退休时间1949-01-01早于出生日期",
        ),
        (
            {"birth_date": _dt.date(1950, 1, 1), "party_join_date": _dt.date(1940, 7, 1)},
            "party_join_date",
            "入党时间",
        ),
        ({"death_date": _dt.date(2027, 1, 1)}, "death_date", "晚于今天"),
        ({"birth_date": "2031-13-45"}, "birth_date", "不是日期"),
    ],
)
def test_the_rule_names_each_impossible_date(values, key, words) -> None:
    problems = date_problems(values, TODAY)
    assert key in problems and words in problems[key]


def test_possible_dates_pass() -> None:
    assert not date_problems(
        {
            "birth_date": _dt.date(1906, 11, 30),  # 119 today
            "retirement_date": _dt.date(1966, 12, 1),
            "work_start_date": _dt.date(1925, 1, 1),
            "death_date": TODAY,
        },
        TODAY,
    )
    # Over 120 by today, but died at 100: a record of the past, not a mistake.
    assert not date_problems(
        {"birth_date": _dt.date(1890, 1, 1), "death_date": _dt.date(1990, 1, 1)}, TODAY
    )


def test_the_person_dialog_service_refuses_impossible_dates(ctx) -> None:
    with clock.frozen(TODAY):
        with pytest.raises(roster.PersonValidationError) as caught:
            roster.create_person(
                {"name": "王五", "birth_date": "2031-01-01", "retirement_date": "1949-05"}
            )
        assert "晚于今天" in caught.value.errors["birth_date"]
        with pytest.raises(roster.PersonValidationError) as caught:
            roster.create_person({"name": "王五", "id_number": make_id(_dt.date(2031, 1, 1))})
        assert "晚于今天" in caught.value.errors["id_number"]
        pid = roster.create_person({"name": "王五", "birth_date": "1950-03-01"})
        with pytest.raises(roster.PersonValidationError) as caught:
            roster.update_person(pid, {"retirement_date": "1949-01-01"})
        assert "早于出生日期1950-03-01" in caught.value.errors["retirement_date"]


def test_a_stored_impossible_date_is_flagged_not_fatal(ctx, qapp) -> None:
    from lao_gan_bu_desktop.ui.roster.model import DATE_ISSUE_MARK, RosterModel, column_index

    with clock.frozen(TODAY):
        good = roster.create_person({"name": "张三", "birth_date": "1940-01-01"})
        bad = roster.create_person({"name": "王五", "birth_date": "1950-01-01"})
        db.execute_sql("UPDATE person SET birth_date = '2031-01-01' WHERE id = ?", (bad,))
        late = roster.create_person({"name": "赵六", "birth_date": "1950-01-01"})
        db.execute_sql("UPDATE person SET retirement_date = '1949-01-01' WHERE id = ?", (late,))
        rows = {p["id"]: p for p in roster.list_persons()}
        assert rows[bad]["age"] is None and rows[bad]["age_bracket"] == ""
        assert "晚于今天" in rows[bad]["date_issue"]
        assert rows[good]["age"] == 86 and rows[good]["date_issue"] == ""
        stats = compute_stats(TODAY)
        assert stats["age_unknown"] == 1 and stats["by_age_bracket"]["80岁及以上"] == 1
        only = roster.list_persons(RosterFilter(age_bracket=DATE_ISSUES, statuses=()), day=TODAY)
        assert sorted(p["id"] for p in only) == [bad, late]
        assert all(p["date_issue"] for p in only)
        model = RosterModel(lambda: TODAY)
        model.reload()
        row = model.row_of(bad)
        index = model.index(row, column_index("age"))
        assert model.data(index) == DATE_ISSUE_MARK
        assert "晚于今天" in model.data(index, 3)  # ToolTipRole
