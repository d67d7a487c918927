"""Demo data for labels and envelopes: the office's sender address, so envelopes look complete,
and a few couples who are both on the roster and live at one address, so that 按户合并 (one label
per household) can be seen on the demo."""

from __future__ import annotations

import datetime as _dt
import random

from ..core.ages import age_on
from ..storage.database import db
from ..storage.models import Contact, Person
from .settings import set_setting

SENDER_KEY = "labels.sender"
DEMO_COUPLES = 5


def demo_sender(rng: random.Random, today: _dt.date) -> None:
    """The demo office as sender (寄件单位) on envelopes and labels."""
    set_setting(
        SENDER_KEY,
        {
            "name": "郑州高新区党群工作部干部管理科",
            "address": "郑州市高新区科学大道100号管委会大楼",
            "postcode": "450001",
        },
    )


def demo_couples(rng: random.Random, today: _dt.date) -> list[tuple[int, int]]:
    """Make :data:`DEMO_COUPLES` pairs of a man and a woman of about the same age, both living
    in the city, husband and wife at the husband's address. Only addresses and the 配偶 contact
    change, so every figure of the survey stays as it was; ``rng`` is not drawn from, so the
    demo steps after this one get the same data as before. Returns the (husband, wife) ids."""
    people = list(
        Person.select()
        .where((Person.residence_area == "本市") & (Person.status == "在册"))
        .order_by(Person.id)
    )
    men = [p for p in people if p.gender == "男"]
    women = [p for p in people if p.gender == "女"]
    couples: list[tuple[int, int]] = []
    taken: set[int] = set()
    with db.atomic():
        for man in men:
            if len(couples) >= DEMO_COUPLES:
                break
            man_age = age_on(man.birth_date, today)
            wife = next(
                (
                    w
                    for w in women
                    if w.id not in taken and abs(age_on(w.birth_date, today) - man_age) <= 6
                ),
                None,
            )
            if wife is None:
                continue
            taken.add(wife.id)
            Person.update(address=man.address, postcode=man.postcode).where(
                Person.id == wife.id
            ).execute()
            for one, other in ((man, wife), (wife, man)):
                Contact.update(name=other.name).where(
                    (Contact.person == one.id) & (Contact.relation == "配偶")
                ).execute()
            couples.append((man.id, wife.id))
    return couples
