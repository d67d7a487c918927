"""The audit log: writing who changed which record when (each field old → new), and reading it
back for 工具 → 操作日志 and ``lao-gan-bu audit`` (filters, field names in Chinese, export)."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core import clock
from ..core.fields import PERSON_FIELDS
from ..storage.models import AuditLog, Person
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


# ------------------------------------------------------------------ the log as 操作日志 shows it

TABLE_TITLES: dict[str, str] = {
    "person": "人员",
    "visit": "走访",
    "hospital_stay": "住院",
    "health_check": "体检",
    "aid_case": "帮扶案例",
    "aid_payment": "帮扶发放",
    "aid_attachment": "帮扶附件",
    "aid_budget": "帮扶预算",
    "import_batch": "导入",
    "database": "数据文件",
    "setting": "设置",
    "operator": "操作员",
    "publication": "刊物",
    "subscription": "订阅",
    "notice": "情况通报",
    "notice_recipient": "通报送达",
    "retiree_step": "离退休办理",
    "label_template": "标签模板",
    "audit_log": "操作日志",
    "activity": "活动",
    "activity_attendance": "活动出勤",
    "activity_signup": "活动报名",
    "party_branch": "党支部",
    "party_meeting": "组织生活",
    "party_transfer": "组织关系转接",
    "service_team": "服务团队",
    "study_delivery": "送学上门",
    "team_member": "服务团队成员",
    "unit": "单位",
    "unit_check_list": "单位核对表",
}

FIELD_TITLES_EXTRA: dict[str, str] = {
    "status": "状态",
    "password": "密码",
    "operator": "操作员",
    "idle_lock_minutes": "无操作锁定（分钟）",
    "zone_name": "区（县）名称",
    "city_name": "所在城市",
    "office_name": "科室名称",
    "sender": "寄件信息",
    "clerks": "科室工作人员",
    "publications": "订阅刊物",
    "planned_on": "计划日期",
    "done_on": "完成日期",
    "kind": "类别",
    "visitors": "走访人员",
    "amount": "金额",
    "amount_approved": "审批金额",
    "note": "备注",
    "notes": "备注",
}

SEARCH_LIMIT = 5000


def table_title(table: str) -> str:
    """The Chinese name of an audited table ("person" → 人员)."""
    return TABLE_TITLES.get(table, table)


def field_title(key: str) -> str:
    """The Chinese name of a changed field, as the person dialog labels it where known."""
    for spec in PERSON_FIELDS:
        if spec.key == key:
            return spec.label
    return FIELD_TITLES_EXTRA.get(key, key)


@dataclass(frozen=True)
class AuditFilter:
    """What 操作日志 shows: all rows matching every given part (empty parts match all)."""

    person: str = ""  # a name (or part): that person's rows, and rows whose summary names it
    operator: str = ""
    action: str = ""
    table: str = ""
    since: _dt.date | None = None
    until: _dt.date | None = None


def _entry(row: AuditLog, person_names: dict[int, str]) -> dict[str, Any]:
    try:
        changes = json.loads(row.changes or "{}")
    except ValueError:
        changes = {}
    person = person_names.get(row.record_id or 0, "") if row.table == "person" else ""
    return {
        "id": row.id,
        "at": row.at,
        "operator": row.operator,
        "action": row.action,
        "table": row.table,
        "table_title": table_title(row.table),
        "record_id": row.record_id,
        "person": person,
        "summary": row.summary,
        "changes": changes,
    }


def search(flt: AuditFilter = AuditFilter(), limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """The log rows matching ``flt``, newest first, at most ``limit`` (plain dicts)."""
    query = AuditLog.select()
    if flt.operator:
        query = query.where(AuditLog.operator == flt.operator)
    if flt.action:
        query = query.where(AuditLog.action == flt.action)
    if flt.table:
        query = query.where(AuditLog.table == flt.table)
    if flt.since is not None:
        query = query.where(AuditLog.at >= _dt.datetime.combine(flt.since, _dt.time()))
    if flt.until is not None:
        end = _dt.datetime.combine(flt.until + _dt.timedelta(days=1), _dt.time())
        query = query.where(AuditLog.at < end)
    text = flt.person.strip()
    if text:
        ids = [p.id for p in Person.select(Person.id).where(Person.name.contains(text))]
        match = AuditLog.summary.contains(text)
        if ids:
            match |= (AuditLog.table == "person") & (AuditLog.record_id.in_(ids))
        query = query.where(match)
    rows = list(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit))
    person_ids = {r.record_id for r in rows if r.table == "person" and r.record_id}
    names = {
        p.id: p.name
        for p in Person.select(Person.id, Person.name).where(Person.id.in_(list(person_ids)))
    }
    return [_entry(r, names) for r in rows]


def entry(entry_id: int) -> dict[str, Any] | None:
    """One log row by its id, as :func:`search` gives it."""
    row = AuditLog.get_or_none(AuditLog.id == entry_id)
    if row is None:
        return None
    names = {}
    if row.table == "person" and row.record_id:
        person = Person.get_or_none(Person.id == row.record_id)
        if person is not None:
            names[person.id] = person.name
    return _entry(row, names)


def person_exists(person_id: int) -> bool:
    """True when the person a log row is about is still on the roster (not deleted)."""
    return Person.select().where(Person.id == person_id).exists()


def choices() -> dict[str, list[str]]:
    """The operators, actions and tables found in the log (for the filters), each sorted."""

    def distinct(field: Any) -> list[str]:
        return sorted(v for (v,) in AuditLog.select(field).distinct().tuples() if v is not None)

    return {
        "operator": distinct(AuditLog.operator),
        "action": distinct(AuditLog.action),
        "table": distinct(AuditLog.table),
    }


def changes_text(changes: dict[str, Any]) -> str:
    """The field changes of a row as lines "字段：旧 → 新"."""
    lines = []
    for key, pair in changes.items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if shown_value(old) == shown_value(new):
            continue  # nothing a person would see changed (an empty note stored as "")
        lines.append(f"{field_title(key)}：{shown_value(old)} → {shown_value(new)}")
    return "\n".join(lines)


def shown_value(value: Any) -> str:
    """One old or new value of a change in words ("（空）" for nothing)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dict):
        return "，".join(f"{field_title(str(k))} {v}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def filter_words(flt: AuditFilter) -> str:
    """The filter in words, for the export's subtitle."""
    parts = []
    if flt.person.strip():
        parts.append(f"人员含“{flt.person.strip()}”")
    if flt.operator:
        parts.append(f"操作员 {flt.operator}")
    if flt.action:
        parts.append(f"操作 {flt.action}")
    if flt.table:
        parts.append(f"类别 {table_title(flt.table)}")
    if flt.since or flt.until:
        since = flt.since.isoformat() if flt.since else "最早"
        until = flt.until.isoformat() if flt.until else "今天"
        parts.append(f"日期 {since} 至 {until}")
    return "；".join(parts) or "全部记录"


def export_log(entries: list[dict[str, Any]], path: Path, *, flt: AuditFilter) -> int:
    """Write ``entries`` (the rows the viewer shows, in its order) to an xlsx at ``path`` in the
    house style; returns the number of rows. The export itself is logged too."""
    from ..files.audit_xlsx import write_audit_log

    rows = [
        {
            "at": e["at"].strftime("%Y-%m-%d %H:%M:%S")
            if isinstance(e["at"], _dt.datetime)
            else str(e["at"]),
            "operator": e["operator"] or "（未登记）",
            "action": e["action"],
            "table": e["table_title"],
            "person": e["person"],
            "summary": e["summary"],
            "changes": changes_text(e["changes"]),
        }
        for e in entries
    ]
    subtitle = f"{filter_words(flt)}；共 {len(rows)} 条；导出日期 {clock.today().isoformat()}"
    count = write_audit_log(Path(path), title="操作日志", subtitle=subtitle, rows=rows)
    record("导出", "audit_log", None, f"导出操作日志 {count} 条：{Path(path).name}")
    return count
