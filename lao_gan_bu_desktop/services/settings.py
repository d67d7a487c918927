"""Settings kept in the database as JSON: zone and city names, operator, rule parameters.

Real data starts with no place names: the first-start dialog (services.office_setup) asks for
them, and the demo zone sets its own 郑州 高新区.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from ..storage.models import Setting

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "zone_name": "",
    "city_name": "",
    "office_name": "",
}


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value of ``key``, else ``default``, else the built-in default."""
    row = Setting.get_or_none(Setting.key == key)
    if row is not None:
        try:
            return json.loads(row.value)
        except (TypeError, ValueError):
            # Edited by hand in a database browser, or cut short: the default serves (the
            # clerk sets it again) rather than every feature reading it failing.
            log.warning("设置 %s 的值不是有效的 JSON，改用默认值", key)
    if default is not None:
        return default
    return DEFAULTS.get(key)


def set_setting(key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) under ``key``."""
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()


# Who signed in for this process (the window's 操作员 question, the command line's --operator);
# None until then. Kept per process, never in the database: two PCs have two clerks working.
_session_operator: str | None = None


def set_session_operator(name: str | None) -> None:
    """The operator working in this process (None: nobody signed in, the settings name counts)."""
    global _session_operator
    _session_operator = name.strip() if name else None


def session_operator() -> str | None:
    """The operator signed in for this process, None when nobody did."""
    return _session_operator


def operator_name() -> str:
    """Who is working: the operator signed in for this process, else the operator name from the
    settings, else ``""`` (never the computer's login name: "Administrator" is nobody's name on
    a form)."""
    if _session_operator:
        return _session_operator
    name = get_setting("operator")
    return str(name).strip() if name else ""
