"""Writing the audit log: who changed which record when, and each field old → new."""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from typing import Any

from ..storage.models import AuditLog
from .settings import operator_name


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(
    action: str,
    table: str,
    record_id: int | None,
    summary: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> AuditLog:
    """Write one audit row for the current operator."""
    payload = {k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()}
    return AuditLog.create(
        operator=operator_name(),
        action=action,
        table=table,
        record_id=record_id,
        summary=summary,
        changes=json.dumps(payload, ensure_ascii=False),
    )


def history(table: str, record_id: int) -> list[dict[str, Any]]:
    """The audit rows of one record, oldest first, as plain dicts."""
    rows = (
        AuditLog.select()
        .where((AuditLog.table == table) & (AuditLog.record_id == record_id))
        .order_by(AuditLog.id)
    )
    return [
        {
            "at": r.at,
            "operator": r.operator,
            "action": r.action,
            "summary": r.summary,
            "changes": json.loads(r.changes),
        }
        for r in rows
    ]
