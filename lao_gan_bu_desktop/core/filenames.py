"""File names the program suggests: the subject, then the day ("高新区离退休干部花名册_2026-11-29.xlsx")."""

from __future__ import annotations

import datetime as _dt


def dated_filename(prefix: str, day: _dt.date, suffix: str = ".xlsx") -> str:
    """File names like "高新区离退休干部花名册_2026-11-29.xlsx"."""
    return f"{prefix}_{day.isoformat()}{suffix}"
