"""The demo zone's 单位 work: every unit's 核对表 of last year sent and returned, this year's sent
six weeks ago and returned by all but three units. The units' 分管领导, 联络员 and phones come with
the units themselves (``services/demo.UNITS``). Nobody is added to the roster; it draws no
random numbers, so the other demo steps are unchanged."""

from __future__ import annotations

import datetime as _dt
import random

from ..storage.models import Unit
from ..storage.unit_models import UnitCheckList
from .units import ordered_units

NOT_RETURNED = ("城市管理局", "应急管理局", "双桥办事处")  # this year's lists still out


def add_demo_check_lists(rng: random.Random, today: _dt.date) -> None:
    """Last year's lists all back; this year's sent to every unit, back from all but
    :data:`NOT_RETURNED` (a few days to four weeks after sending, never after today)."""
    del rng  # deterministic by the units' order, so the steps after this one draw as before
    sent = max(_dt.date(today.year, 1, 1), today - _dt.timedelta(days=42))
    last_sent = _dt.date(today.year - 1, 11, 1)
    ids = dict(Unit.select(Unit.name, Unit.id).tuples())
    rows = []
    for n, name in enumerate(ordered_units()):
        back = min(today, sent + _dt.timedelta(days=5 + 3 * n % 24))
        rows.append((ids[name], today.year - 1, last_sent, last_sent + _dt.timedelta(days=10 + n)))
        rows.append((ids[name], today.year, sent, None if name in NOT_RETURNED else back))
    fields = (UnitCheckList.unit, UnitCheckList.year, UnitCheckList.sent_on)
    UnitCheckList.insert_many(
        [(*r, "") for r in rows], fields=(*fields, UnitCheckList.returned_on, UnitCheckList.note)
    ).execute()
