"""The demo zone's 一刊一报, 情况通报 and 离退休办理: publications named from the zone's settings,
this year's and next year's subscriptions, one notice half worked through, one new retiree with
an incomplete checklist. Nobody is added to the roster, so the survey's figures stay as they are.
It draws from its own random numbers so the other demo steps are unchanged.
"""

from __future__ import annotations

import datetime as _dt
import random

from ..storage.models import Person
from ..storage.office_models import NoticeRecipient
from . import new_retirees, notices, subscriptions
from .settings import get_setting

SEED = 2020_0820
NOTICE_TITLE = "关于管理体制与人事薪酬制度改革进展情况的通报"
NOTICE_BODY = (
    "各位老领导、老同志：\n"
    "现将{zone}管理体制与人事薪酬制度改革的进展情况通报如下，欢迎提出意见建议。\n"
    "一、机构设置已按方案调整到位；\n二、人员转隶工作基本完成；\n"
    "三、薪酬制度改革方案正在征求意见，离退休人员待遇不受影响。"
)


def gift_paper_name(zone_name: str) -> str:
    """The zone's gift paper: 高新区 → 《高新时报》."""
    short = zone_name[:-1] if len(zone_name) > 2 and zone_name.endswith("区") else zone_name
    return f"{short}时报"


def add_demo_subscriptions(rng: random.Random, today: _dt.date) -> None:
    """《老年春秋》 for all, the papers the roster names to choose from, the zone's gift paper;
    this year rolled from the roster and next year rolled forward with a few changed minds."""
    zone = get_setting("zone_name") or ""
    subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
    if zone:
        subscriptions.save_publication(None, gift_paper_name(zone), "报纸", "赠阅")
    papers = sorted(
        {p for (p,) in Person.select(Person.newspaper).distinct().tuples() if p and p.strip()}
    )
    paper_ids = [subscriptions.save_publication(None, p, "报纸", "自选") for p in papers]
    subscriptions.roll_forward(today.year, backup=False)
    subscriptions.roll_forward(today.year + 1, backup=False)
    table = subscriptions.year_table(today.year + 1)
    for person in rng.sample(table["persons"], 6):  # changed their mind about the paper
        keep = [pid for pid in person["choices"] if pid not in paper_ids]
        subscriptions.set_choices(person["id"], today.year + 1, [*keep, rng.choice(paper_ids)])


def add_demo_notice(rng: random.Random, today: _dt.date) -> None:
    """One notice to everyone, three weeks ago: the WeChat group confirmed, calls mostly made,
    the letters not yet posted."""
    issued = today - _dt.timedelta(days=21)
    zone = get_setting("zone_name") or "本区"
    notice_id = notices.create_notice(
        NOTICE_TITLE, issued, NOTICE_BODY.format(zone=zone), "全部", ""
    )
    for r in notices.get_notice(notice_id)["recipients"]:
        if r["channel"] == "微信群":
            day = issued + _dt.timedelta(days=rng.randint(0, 2))
            confirmed = rng.random() < 0.85
        elif r["channel"] == "电话" and rng.random() < 0.7:
            day, confirmed = issued + _dt.timedelta(days=rng.randint(1, 6)), True
        else:
            continue
        NoticeRecipient.update(reached_on=day, confirmed=confirmed).where(
            NoticeRecipient.id == r["id"]
        ).execute()


def add_demo_new_retiree(rng: random.Random, today: _dt.date) -> None:
    """The most recently retired person, half-way through the checklist."""
    person = (
        Person.select()
        .where((Person.retirement_kind == "退休") & Person.retirement_date.is_null(False))
        .order_by(Person.retirement_date.desc(), Person.id)
        .first()
    )
    if person is None:
        return
    new_retirees.start_checklist(person.id)
    day = max(person.retirement_date, today - _dt.timedelta(days=60))
    for step in new_retirees.STEPS[:4]:
        day = min(day + _dt.timedelta(days=rng.randint(3, 10)), today)
        new_retirees.set_step(person.id, step, day, today=today)


def add_demo_office_work(rng: random.Random, today: _dt.date) -> None:
    """The demo step: subscriptions, a notice and a new retiree (its own random numbers)."""
    own = random.Random(SEED)
    add_demo_subscriptions(own, today)
    add_demo_notice(own, today)
    add_demo_new_retiree(own, today)
