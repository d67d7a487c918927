"""Reading a pasted 放假通知 or a list of dates, and entered years taking precedence over
chinese-calendar (which ends with 2026)."""

from __future__ import annotations

import datetime as dt

from lao_gan_bu_desktop.core.holidays import Arrangement, parse_arrangement
from lao_gan_bu_desktop.core.lunar_calendar import (
    is_known_workday_shift,
    library_knows,
    official_days_off,
    years_without_arrangement,
)

D = dt.date

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def test_the_pasted_notice_gives_the_same_days_as_chinese_calendar() -> None:
    found = parse_arrangement(NOTICE_2026, 2026)
    assert found.problems == []
    library = official_days_off(D(2026, 1, 1), D(2026, 12, 31))
    assert found.days_off == library
    assert found.days_off[D(2026, 2, 15)] == "春节"
    assert found.work_days == {
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    }
    assert all(is_known_workday_shift(d) for d in found.work_days)


def test_a_plain_list_of_dates_and_ranges() -> None:
    found = parse_arrangement(
        "2027-01-01 元旦\n2027/10/1至2027/10/07 国庆节\n2027-09-26 上班\n１２月３１日", 2027
    )
    assert found.problems == []
    assert found.days_off[D(2027, 1, 1)] == "元旦"
    assert [d for d in found.days_off if d.month == 10] == [D(2027, 10, d) for d in range(1, 8)]
    assert found.days_off[D(2027, 12, 31)] == "假日"  # full-width digits, no holiday named
    assert found.work_days == {D(2027, 9, 26)}


def test_what_cannot_be_read_is_said() -> None:
    assert parse_arrangement("明年再说", 2027).problems[0].startswith("没有识别出日期")
    found = parse_arrangement("2027-02-30 春节\n5日放假", 2027)
    assert "“2027-02-30”不是有效日期" in found.problems
    assert "“5日”没有写月份" in found.problems


def test_an_arrangement_refuses_other_years_and_a_day_both_off_and_working() -> None:
    wrong = Arrangement(2027, {D(2026, 12, 31): "元旦", D(2027, 1, 1): "元旦"}, {D(2027, 1, 1)})
    problems = wrong.problems()
    assert "2026-12-31 不在 2027 年" in problems[0]
    assert "2027-01-01 既是放假又是上班" in problems[1]
    assert Arrangement.from_json(2027, wrong.to_json()) == wrong


def test_entered_years_take_precedence_and_unknown_years_are_named() -> None:
    assert library_knows(2026) and not library_knows(2027)
    start, end = D(2026, 12, 28), D(2027, 1, 10)
    assert official_days_off(start, end) == {}
    assert years_without_arrangement(start, end) == [2027]
    entered = {
        2027: Arrangement(2027, {D(2027, 1, 1): "元旦"}, {D(2027, 1, 9)}),
        2026: Arrangement(2026, {D(2026, 12, 31): "试"}),
    }
    assert official_days_off(start, end, entered) == {
        D(2026, 12, 31): "试",  # the entered 2026 replaces chinese-calendar's
        D(2027, 1, 1): "元旦",
    }
    assert is_known_workday_shift(D(2027, 1, 9), entered)
    assert not is_known_workday_shift(D(2027, 1, 10), entered)
    assert years_without_arrangement(start, end, entered) == []
    # the entered 2026 has no 国庆节: entered means the whole year
    assert official_days_off(D(2026, 10, 1), D(2026, 10, 1), entered) == {}
