"""Settings kept in the database as JSON: zone and city names, operator, rule parameters.

Real data starts with no place names: the first-start dialog (services.office_setup) asks for
them, and the demo zone sets its own 郑州 高新区.
"""

from __future__ import annotations

import json
from typing import Any

from ..storage.models import Setting

DEFAULTS: dict[str, Any] = {
    "zone_name": "",
    "city_name": "",
    "office_name": "",
}


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value of ``key``, else ``default``, else the built-in default."""
    row = Setting.get_or_none(Setting.key == key)
    if row is not None:
        return json.loads(row.value)
    if default is not None:
        return default
    return DEFAULTS.get(key)


def set_setting(key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) under ``key``."""
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()


def operator_name() -> str:
    """Who is working: the operator name from the settings, else ``""`` (never the computer's
    login name: "Administrator" is nobody's name on a form)."""
    name = get_setting("operator")
    return str(name).strip() if name else ""
