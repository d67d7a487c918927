"""The demo zone's 单位 work: every unit's 核对表 of last year sent and returned, this year's sent
six weeks ago and returned by all but three units. The units' 分管领导, 联络员 and phones come with
the units themselves (``services/demo.UNITS``). Nobody is added to the roster; it draws no
random numbers, so the other demo steps are unchanged."""

from __future__ import annotations

import datetime as _dt
import random

from ..storage.models import Unit
from .units import ordered_units, set_check_list

NOT_RETURNED = ("城市管理局", "应急管理局", "双桥办事处")  # this year's lists still out


def add_demo_check_lists(rng: random.Random, today: _dt.date) -> None:
    """Last year's lists all back; this year's sent to every unit, back from all but
    :data:`NOT_RETURNED` (a few days to four weeks after sending, never after today)."""
    del rng  # deterministic by the units' order, so the steps after this one draw as before
    start = _dt.date(today.year, 1, 1)
    sent = max(start, today - _dt.timedelta(days=42))
    ids = dict(Unit.select(Unit.name, Unit.id).tuples())
    for n, name in enumerate(ordered_units()):
        last_sent = _dt.date(today.year - 1, 11, 1)
        set_check_list(
            ids[name],
            today.year - 1,
            sent_on=last_sent,
            returned_on=last_sent + _dt.timedelta(days=10 + n),
            today=today,
        )
        back = (
            None if name in NOT_RETURNED else min(today, sent + _dt.timedelta(days=5 + 3 * n % 24))
        )
        set_check_list(ids[name], today.year, sent_on=sent, returned_on=back, today=today)
