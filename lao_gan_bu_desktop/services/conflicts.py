"""Two clerks, one record: saving against the version a clerk loaded, and seeing others' changes.

A person, an aid case and a visit carry a row ``version``. A save names the version the clerk
loaded; the update is ``… WHERE id = ? AND version = ?`` and adds one. When no row matches,
someone else saved in between: the save raises :class:`~.errors.ConflictError`, which says who
and when (the record's last audit row) and which fields differ, and nothing is written. Saving
again against ``current_version`` overwrites on purpose.

:func:`change_marker` is the cheap question the window asks every few seconds to notice
changes made by another program or PC (plain SQL on the audit table: the same on SQLite and on
a database server).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from peewee import fn

from ..core import clock
from ..storage.models import AuditLog
from .errors import ConflictError, FieldDifference

EMPTY = "（空）"
SOMEONE = "另一位操作员"


def last_change(table: str, record_id: int) -> tuple[str, _dt.datetime | None]:
    """(operator, time) of the newest audit row of one record; ("", None) when it has none."""
    row = (
        AuditLog.select(AuditLog.operator, AuditLog.at)
        .where((AuditLog.table == table) & (AuditLog.record_id == record_id))
        .order_by(AuditLog.id.desc())
        .first()
    )
    if row is None:
        return "", None
    return row.operator or "", row.at


def when_text(at: _dt.datetime | None) -> str:
    """14:32 today, 12月5日 14:32 this year, else 2025年12月5日 14:32."""
    if at is None:
        return "刚才"
    today = clock.today()
    if at.date() == today:
        return f"{at:%H:%M}"
    if at.year == today.year:
        return f"{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


def who_when(operator: str, at: _dt.datetime | None) -> str:
    """“王丽 在 14:32”: the clerk who changed the record and when."""
    return f"{operator or SOMEONE} 在 {when_text(at)}"


def display(value: Any) -> str:
    """A stored or typed value as the clerk reads it in the differences table."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or EMPTY
    return str(value)


def differences(
    mine: Mapping[str, Any], stored: Mapping[str, Any], labels: Mapping[str, str]
) -> tuple[FieldDifference, ...]:
    """The fields of ``mine`` whose text differs from the stored one, in ``mine``'s order."""
    result = []
    for key, value in mine.items():
        a, b = display(value), display(stored.get(key))
        if a != b:
            result.append(FieldDifference(key, labels.get(key, key), a, b))
    return tuple(result)


def conflict(
    table: str,
    record_id: int,
    what: str,
    *,
    mine: Mapping[str, Any],
    stored: Mapping[str, Any],
    labels: Mapping[str, str],
    current_version: int,
) -> ConflictError:
    """The error for a save over a change the clerk did not see. ``what`` names the record in
    the clerk's words (e.g. “张三的信息”)."""
    operator, at = last_change(table, record_id)
    message = (
        f"{who_when(operator, at)} 修改了{what}（在你打开之后），你的修改没有保存。"
        "请重新载入最新的内容后再修改。"
    )
    return ConflictError(
        message,
        table=table,
        record_id=record_id,
        record_name=what,
        operator=operator,
        at=at,
        differences=differences(mine, stored, labels),
        current_version=current_version,
    )


def gone(table: str, record_id: int, what: str) -> ConflictError:
    """The error for a save to a record someone deleted after the clerk opened it."""
    operator, at = last_change(table, record_id)
    return ConflictError(
        f"{who_when(operator, at)} 删除了{what}，你的修改无法保存。请关闭后刷新列表。",
        table=table,
        record_id=record_id,
        record_name=what,
        operator=operator,
        at=at,
        deleted=True,
    )


RECENT_IDS = 1000  # a transaction still open holds one of the last few ids, never an old one


def change_marker() -> tuple[int, int]:
    """A cheap marker that changes whenever anyone, anywhere, saves a change: every change
    writes an audit row in its transaction. The highest id, and how many rows hold one of the
    last ids, since on a database server a transaction holding a lower id may commit after a
    higher one (counting only the recent ids keeps it quick on a long log)."""
    highest = int(AuditLog.select(fn.MAX(AuditLog.id)).scalar() or 0)
    recent = AuditLog.select().where(AuditLog.id > highest - RECENT_IDS).count()
    return highest, recent
