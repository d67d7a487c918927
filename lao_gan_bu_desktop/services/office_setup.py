"""What the outputs need to know about the office: zone and city names (titles such as
"××区离退休干部花名册"), the office's name, the sender on envelopes and labels, and the clerks.

Asked once by the first-start dialog and changed later in 工具 → 设置; all of it is kept in the
settings table (the sender under the labels' own key), so it travels with backups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.normalize import clean_text
from . import audit
from .labels_demo import SENDER_KEY
from .settings import get_setting, operator_name, set_setting

CLERKS_KEY = "clerks"
_SEPARATORS = re.compile(r"[、，,；;\n]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


class SetupError(ValueError):
    """A field that cannot be kept; the message says which and what to write."""

    @property
    def message(self) -> str:
        return str(self)


@dataclass
class OfficeSetup:
    """The office's details as the dialogs edit them."""

    zone_name: str = ""
    city_name: str = ""
    office_name: str = ""
    sender_name: str = ""
    sender_address: str = ""
    sender_postcode: str = ""
    clerks: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = []
        if not self.zone_name.strip():
            found.append("请填写区（县）名称，如 ××区：花名册和报表的标题要用")
        postcode = self.sender_postcode.strip()
        if postcode and not (len(postcode) == 6 and postcode.isdigit()):
            found.append(f"邮政编码“{postcode}”应是 6 位数字")
        return found


def compose_sender(city: str, zone: str, office: str) -> str:
    """The sender's name (寄件单位) from the city, the zone and the office, each part once: a
    part already inside a later one is left out (郑州市 + 金水区 + 中共金水区委老干部局 →
    中共郑州市金水区委老干部局, the city going after a leading 中共 as such names are written)."""
    city, zone, office = city.strip(), zone.strip(), office.strip()
    if zone and (zone in office):
        zone = ""
    if city and (city in office or city in zone):
        city = ""
    if office.startswith("中共") and (city or zone):
        return "中共" + city + zone + office[2:]
    return city + zone + office


def split_clerks(text: str) -> list[str]:
    """Names separated by 、，, ; or line breaks, each once, in order. Between Chinese names a
    space separates too ("赵敏 钱多多"), except inside a padded two-character name ("王　丽" is
    王丽); "Wang Li" stays one name."""
    names: list[str] = []
    for piece in _SEPARATORS.split(text.strip()):
        piece = piece.strip()
        if not _CJK.search(piece):
            names.append(" ".join(piece.split()))
            continue
        words = piece.split()
        while words:
            word = words.pop(0)
            if len(word) == 1 and words and len(words[0]) == 1:
                word += words.pop(0)  # 王　丽
            names.append(word)
    return list(dict.fromkeys(n for n in names if n))


def current_setup() -> OfficeSetup:
    """The stored details (empty strings where nothing is stored)."""
    sender = get_setting(SENDER_KEY, {}) or {}
    zone, city, office = (
        str(get_setting(k) or "") for k in ("zone_name", "city_name", "office_name")
    )
    return OfficeSetup(
        zone,
        city,
        office,
        str(sender.get("name", f"{city}{zone}{office}")),
        str(sender.get("address", "")),
        str(sender.get("postcode", "")),
        [str(n) for n in get_setting(CLERKS_KEY, []) or []],
    )


def default_visitor() -> str:
    """The name to prefill in 走访人员 of a new visit: the operator at work, else the first of
    the office's clerks (科室工作人员, entered at setup), else ""."""
    name = operator_name()
    if name:
        return name
    clerks = current_setup().clerks
    return clerks[0] if clerks else ""


def save_setup(
    setup: OfficeSetup, *, operator: str | None = None, summary: str = "修改设置"
) -> list[str]:
    """Store ``setup`` and, when given, the operator's name (SetupError when a field is wrong);
    returns the names of the changed fields, audited as one change."""
    problems = setup.problems()
    if problems:
        raise SetupError("；".join(problems))
    before = current_setup()
    changes: dict[str, tuple[object, object]] = {}
    for key in ("zone_name", "city_name", "office_name"):
        old, new = getattr(before, key), clean_text(getattr(setup, key))
        if old != new:
            set_setting(key, new)
            changes[key] = (old, new)
    sender = {
        "name": clean_text(setup.sender_name),
        "address": clean_text(setup.sender_address),
        "postcode": clean_text(setup.sender_postcode),
    }
    old_sender = {
        "name": before.sender_name,
        "address": before.sender_address,
        "postcode": before.sender_postcode,
    }
    if sender != old_sender or get_setting(SENDER_KEY) is None:
        set_setting(SENDER_KEY, sender)
        changes["sender"] = (old_sender, sender)
    clerks = [clean_text(c) for c in setup.clerks if clean_text(c)]
    if clerks != before.clerks:
        set_setting(CLERKS_KEY, clerks)
        changes[CLERKS_KEY] = (before.clerks, clerks)
        if clerks and not get_setting("operator"):
            set_setting("operator", clerks[0])
    if operator is not None:
        old_operator = str(get_setting("operator", "") or "")
        if old_operator != clean_text(operator):
            set_setting("operator", clean_text(operator))
            changes["operator"] = (old_operator, clean_text(operator))
    if changes:
        audit.record("修改", "setting", None, f"{summary}：" + "、".join(changes), changes)
    return list(changes)
