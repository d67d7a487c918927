"""How stored values read in the window: dates as 1955-03-12, booleans as 是/否, None as blank."""

from __future__ import annotations

import datetime as _dt
from typing import Any


def display_text(value: Any) -> str:
    """The text shown in a table cell or copied to the clipboard for a stored value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def tsv_cell(text: str) -> str:
    """A cell for tab-separated text: tabs and line breaks become spaces."""
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
