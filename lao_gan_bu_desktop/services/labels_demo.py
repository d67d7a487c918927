"""Demo data for labels and envelopes: the office's sender address, so envelopes look complete."""

from __future__ import annotations

import datetime as _dt
import random

from .settings import set_setting

SENDER_KEY = "labels.sender"


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
