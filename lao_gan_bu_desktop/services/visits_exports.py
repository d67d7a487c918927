"""Visit exports: the 慰问名单 of a campaign (with 签收) and the 走访台账 of a period."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..core import clock
from ..core.filenames import dated_filename
from ..core.lunar_calendar import festival_on
from ..files.visits_xlsx import (
    period_text,
    write_campaign_list,
    write_health_missing,
    write_ledger,
)
from . import audit
from .campaigns import campaign_list
from .settings import get_setting
from .visits import VisitError, list_visits, load_rule_settings

OVERDUE = "逾期"


def _target(path: Path, prefix: str, day: _dt.date) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / dated_filename(prefix, day)
    if path.suffix.lower() != ".xlsx":
        raise VisitError(f"导出文件应为 .xlsx 格式，请修改文件名：{path.name}")
    return path


def export_campaign_list(
    festival: str, year: int, path: Path, *, gift_text: str = "", day: _dt.date | None = None
) -> tuple[Path, int]:
    """Write the 慰问名单 of a campaign; ``path`` may be a folder. Returns (file, rows)."""
    day = day or clock.today()
    zone = get_setting("zone_name")
    rows = campaign_list(festival, year)
    if not rows:
        raise VisitError(
            f"{year}年{festival}慰问名单为空：没有符合慰问条件的人员，请检查走访规则。"
        )
    rule = load_rule_settings().campaign(festival)
    when = festival_on(festival, year)
    target = _target(path, f"{zone}{year}年{festival}慰问名单", day)
    count = write_campaign_list(
        target,
        title=f"{zone}{year}年{festival}走访慰问名单",
        subtitle=(
            f"{festival}：{when.year}年{when.month}月{when.day}日　慰问对象：{rule.describe() if rule else ''}"
            f"　共 {len(rows)} 人　制表日期：{day.isoformat()}"
        ),
        rows=rows,
        gift_text=gift_text,
    )
    audit.record("导出", "visit", None, f"导出{year}年{festival}慰问名单 {count} 人：{target.name}")
    return target, count


def export_ledger(
    start: _dt.date, end: _dt.date, path: Path, *, day: _dt.date | None = None
) -> tuple[Path, int]:
    """Write the 走访台账 of every visit (not cancelled) in the period. Returns (file, rows)."""
    if end < start:
        raise VisitError("结束日期早于开始日期，请重新选择日期范围。")
    day = day or clock.today()
    zone = get_setting("zone_name")
    rows = list_visits(start, end, statuses=("计划", "已完成"))
    today = clock.today()
    for row in rows:  # a plan whose day has passed is 逾期, as the calendar and 首页 show it
        if row["status"] == "计划" and row.get("planned_on") and row["planned_on"] < today:
            row["status"] = OVERDUE
    target = _target(path, f"{zone}走访台账", day)
    done = sum(1 for r in rows if r["status"] == "已完成")
    overdue = sum(1 for r in rows if r["status"] == OVERDUE)
    count = write_ledger(
        target,
        title=f"{zone}离退休干部走访慰问台账",
        subtitle=(
            f"{period_text(start, end)}　已完成 {done} 次，"
            f"计划 {len(rows) - done - overdue} 次，逾期未走访 {overdue} 次"
            f"　制表日期：{day.isoformat()}"
        ),
        rows=rows,
    )
    audit.record("导出", "visit", None, f"导出走访台账 {count} 条：{target.name}")
    return target, count


def export_health_missing(
    year: int, path: Path, *, day: _dt.date | None = None
) -> tuple[Path, int]:
    """Write the list of people on the roster without a health check in ``year``."""
    from .health import health_check_counts, without_health_check

    day = day or clock.today()
    zone = get_setting("zone_name")
    rows = without_health_check(year)
    counts = health_check_counts(year)
    target = _target(path, f"{zone}{year}年未体检人员名单", day)
    count = write_health_missing(
        target,
        title=f"{zone}{year}年度未体检离退休干部名单",
        subtitle=(
            f"在册 {counts['total']} 人，已体检 {counts['checked']} 人，未体检 {counts['missing']} 人"
            f"　制表日期：{day.isoformat()}"
        ),
        rows=rows,
    )
    audit.record("导出", "health_check", None, f"导出{year}年未体检人员 {count} 人：{target.name}")
    return target, count
