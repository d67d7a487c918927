"""What a clerk can type or paste into the dialogs, through the services every dialog calls:
control characters, zero-width and direction-override characters, 10 000 characters, dates no
calendar holds, amounts no Decimal rounds. Nothing of it is stored as it came, and every
refusal is Chinese that says what to do."""

from __future__ import annotations

import datetime as _dt

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.services import (
    activities,
    aid,
    notices,
    party,
    party_life,
    roster,
    subscriptions,
    teams,
    units,
    visits,
)
from lao_gan_bu_desktop.services.roster import PersonValidationError
from tests.conftest import FIXED_TODAY

HOSTILE = "书法\x00\x1b\u200b\u202e\u2066班\r\n"  # NUL, ESC, zero-width, RLO, isolate, CR LF
LONG = "长" * 10000
UNSEEN = ("\x00", "\x1b", "\u200b", "\u202e", "\u2066", "\r")


def _stored_texts(ctx) -> list[str]:
    """Every text value of every table, as the database holds it (SQLite or the server)."""
    from lao_gan_bu_desktop.storage.database import db

    found = []
    for table in db.obj.get_tables():
        for row in db.obj.execute_sql(f'SELECT * FROM "{table}"').fetchall():
            found.extend(v for v in row if isinstance(v, str))
    return found


def _branch(name: str = "测试党支部") -> int:
    for branch in party.list_branches():
        if branch["name"] == name:
            return branch["id"]
    return party.save_branch(None, name, "单建")


def _saves(value: str) -> dict[str, object]:
    """One save per dialog, each writing ``value`` into its one-line fields and notes."""
    day = FIXED_TODAY
    branch = _branch()
    kind = activities.ACTIVITY_KINDS[0]
    return {
        "activity": lambda: activities.save_activity(
            None,
            {"name": value, "kind": kind, "topic": value, "place": value, "dates": [day]},
        ),
        "team": lambda: teams.save_team(None, {"name": value, "area": value, "notes": value}),
        "branch": lambda: party.save_branch(None, value, "共建", partner=value, notes=value),
        "meeting": lambda: party_life.save_meeting(
            None, branch, day, party_life.MEETING_KINDS[0], value, [], place=value, note=value
        ),
        "publication": lambda: subscriptions.save_publication(
            None, value, subscriptions.KINDS[0], subscriptions.PROVISIONS[0], notes=value
        ),
        "notice": lambda: notices.create_notice(value, day, value),
        "unit": lambda: units.add_unit(value, leader=value, contact=value, notes=value),
    }


@pytest.fixture
def office(ctx):
    clock.set_today(FIXED_TODAY)
    roster.create_person({"name": "张三", "status": "在册"})
    return ctx


@pytest.mark.parametrize(
    "door", ["activity", "team", "branch", "meeting", "publication", "notice", "unit"]
)
def test_unseen_characters_never_reach_the_database(office, door: str) -> None:
    _saves(HOSTILE)[door]()
    texts = _stored_texts(office)
    assert any("书法班" in t for t in texts)
    for text in texts:
        assert not any(ch in text for ch in UNSEEN), repr(text)


@pytest.mark.parametrize("door", ["team", "branch", "publication", "unit"])
def test_a_zero_width_space_does_not_make_a_second_name_that_looks_the_same(
    office, door: str
) -> None:
    _saves("书法班")[door]()
    again = _saves("书法\u200b班 ")[door]
    with pytest.raises(RuleError, match=r"已有名为[“《]书法班[”》]"):
        again()


@pytest.mark.parametrize(
    "door", ["activity", "team", "branch", "meeting", "publication", "notice", "unit"]
)
def test_ten_thousand_characters_in_a_one_line_field_are_refused_in_words(
    office, door: str
) -> None:
    save = _saves(LONG)[door]
    before = len(_stored_texts(office))
    with pytest.raises(RuleError) as refused:
        save()
    assert "10000 个字" in refused.value.message
    assert "请" in refused.value.message  # says what to do
    assert len(_stored_texts(office)) == before


def test_ten_thousand_characters_in_notes_are_kept_whole(office) -> None:
    tid = teams.save_team(None, {"name": "书画队", "notes": LONG})
    assert teams.get_team(tid)["notes"] == LONG


def test_person_one_line_fields_and_relations_refuse_ten_thousand_characters(office) -> None:
    for key in ("address", "position", "unit", "party_branch", "journal"):
        with pytest.raises(PersonValidationError, match="10000 个字"):
            roster.create_person({"name": "李四", key: LONG})
    assert all(len(t) < 10000 for t in _stored_texts(office))
    pid = roster.create_person({"name": "李四", "notes": LONG, "address": " 科学大道\u202e01号 "})
    person = roster.get_person(pid)
    assert person["notes"] == LONG
    assert person["address"] == "科学大道01号"


def test_a_retirement_before_the_first_job_is_refused(office) -> None:
    with pytest.raises(PersonValidationError, match="离退休时间1980-01-01早于参加工作时间"):
        roster.create_person(
            {
                "name": "王五",
                "birth_date": _dt.date(1950, 1, 1),
                "work_start_date": _dt.date(1990, 1, 1),
                "retirement_date": _dt.date(1980, 1, 1),
            }
        )


@pytest.mark.parametrize("year", [1, 9999])
def test_dates_no_calendar_shows_are_refused_at_every_door(office, year: int) -> None:
    day = _dt.date(year, 1, 1)
    pid = roster.create_person({"name": "赵六", "status": "在册"})
    branch = _branch("日期党支部")
    kind = activities.ACTIVITY_KINDS[0]
    doors = {
        "visit planned": lambda: visits.create_visit(
            visits.VisitInput(person_ids=(pid,), kind="日常走访", planned_on=day)
        ),
        "visit follow-up": lambda: visits.create_visit(
            visits.VisitInput(
                person_ids=(pid,), kind="日常走访", planned_on=FIXED_TODAY, follow_up_on=day
            )
        ),
        "aid": lambda: aid.create_case(
            pid,
            year=2026,
            category="生活困难补助",
            reason="因病致困",
            amount_requested="500",
            on=day,
        ),
        "activity": lambda: activities.save_activity(
            None, {"name": "书法班", "kind": kind, "dates": [day]}
        ),
        "notice": lambda: notices.create_notice("通报", day, ""),
        "meeting": lambda: party_life.save_meeting(
            None, branch, day, party_life.MEETING_KINDS[0], "学习", []
        ),
    }
    for name, save in doors.items():
        if name == "meeting" and year == 9999:
            continue  # refused as a day after today already
        with pytest.raises(RuleError, match="年份不合理，应在1880至2100年之间") as refused:
            save()
        assert str(year).zfill(4) in refused.value.message, name
    vid = visits.create_visit(
        visits.VisitInput(person_ids=(pid,), kind="日常走访", planned_on=FIXED_TODAY)
    )
    for change in (
        lambda: visits.mark_done(vid, day),
        lambda: visits.reschedule(vid, day),
    ):
        with pytest.raises(RuleError, match="年份不合理"):
            change()
    assert visits.get_visit(vid)["planned_on"] == FIXED_TODAY
    case = aid.create_case(
        pid,
        year=2026,
        category="生活困难补助",
        reason="因病致困",
        amount_requested="500",
        on=FIXED_TODAY,
    )
    with pytest.raises(RuleError, match="年份不合理"):
        aid.correct(case, "改期限", on=FIXED_TODAY, next_step_due=day)
    with pytest.raises(RuleError, match="年份不合理"):
        aid.reject(case, "不符合条件", on=day)


@pytest.mark.parametrize("typed", ["1e30", "99999999999999999999999999999999", "-1e40"])
def test_an_aid_amount_beyond_what_decimal_keeps_is_refused_in_words(office, typed: str) -> None:
    pid = roster.create_person({"name": "钱七", "status": "在册"})
    with pytest.raises(RuleError, match="超过 100 万元"):
        aid.create_case(
            pid,
            year=2026,
            category="生活困难补助",
            reason="x",
            amount_requested=typed,
            on=FIXED_TODAY,
        )
