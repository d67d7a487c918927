"""CLI commands of the visit calendar: ``due``, ``visits``, ``campaign``, ``ledger``, ``health``.

Registered through ``cli.FEATURE_MODULES``; each handler is ``(args, ctx) -> int``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from ..core import clock
from ..core.dates import parse_date
from ..core.errors import DateFormatError
from ..services.app import AppContext
from .common import CliError, print_json


def _day(text: str) -> _dt.date:
    try:
        return parse_date(text)
    except DateFormatError as exc:
        raise CliError(exc.message) from None


def _period(args: argparse.Namespace) -> tuple[_dt.date, _dt.date]:
    start, end = _day(args.start), _day(args.end)
    if end < start:
        raise CliError("--to 的日期早于 --from，请重新输入日期范围。")
    return start, end


def _cmd_due(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.visits import due_list

    start, end = _period(args)
    day = _day(args.today) if args.today else None
    items = due_list(start, end, day=day)
    if args.json:
        print_json(
            [
                {
                    "person_id": i.person_id,
                    "name": i.name,
                    "day": i.day,
                    "rule": i.rule,
                    "reason": i.reason,
                    "kind": i.kind,
                    "overdue": i.overdue,
                    "visit_id": i.visit_id,
                }
                for i in items
            ]
        )
        return 0
    for i in items:
        mark = "【逾期】" if i.overdue else ""
        print(f"{i.day.isoformat()}\t{i.name}\t{i.rule}\t{mark}{i.reason}")
    print(f"共 {len(items)} 项应走访，其中逾期 {sum(i.overdue for i in items)} 项")
    return 0


def _cmd_visits(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.visits import list_visits

    start, end = _period(args)
    rows = list_visits(start, end)
    if args.json:
        print_json(rows)
        return 0
    for v in rows:
        amount = f"{v['amount']}元" if v["amount"] else ""
        print(
            "\t".join(
                str(x)
                for x in (
                    v["id"],
                    v["day"].isoformat() if v["day"] else "",
                    v["persons"],
                    v["kind"],
                    v["status"],
                    v["visitors"],
                    v["gift"],
                    amount,
                )
            )
        )
    print(f"共 {len(rows)} 条走访记录")
    return 0


def _cmd_campaign(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.campaigns import campaign_list, generate_campaign
    from ..services.visits_exports import export_campaign_list

    rows = campaign_list(args.festival, args.year)
    if args.plan:
        created = generate_campaign(args.festival, args.year, gift=args.gift or "")
        print(f"已生成{args.year}年{args.festival}慰问计划：新增 {created} 条计划走访")
    if args.out:
        path, count = export_campaign_list(
            args.festival, args.year, Path(args.out), gift_text=args.gift or ""
        )
        print(f"已导出慰问名单 {count} 人：{path}")
    if not args.plan and not args.out:
        for r in rows:
            print(f"{r['name']}\t{r['unit']}\t{r['reason']}")
        print(f"共 {len(rows)} 人")
    return 0


def _cmd_ledger(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.visits_exports import export_ledger

    start, end = _period(args)
    path, count = export_ledger(start, end, Path(args.out))
    print(f"已导出走访台账 {count} 条：{path}")
    return 0


def _cmd_health(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.health import health_check_counts, without_health_check

    year = args.year or clock.today().year
    missing = without_health_check(year)
    counts = health_check_counts(year)
    if args.json:
        print_json({"year": year, **counts, "missing_persons": missing})
        return 0
    for p in missing:
        print(f"{p['name']}\t{p['unit']}\t{p['phone']}")
    print(
        f"{year}年：在册 {counts['total']} 人，已体检 {counts['checked']} 人，未体检 {counts['missing']} 人"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the visit commands to the CLI."""
    p = sub.add_parser("due", help="应走访清单（人员、日期、规则、原因）")
    p.add_argument("--from", dest="start", required=True, help="开始日期，如 2026-12-01")
    p.add_argument("--to", dest="end", required=True, help="结束日期，如 2026-12-31")
    p.add_argument("--today", help="按哪一天判断逾期（默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_due)
    p = sub.add_parser("visits", help="列出一段时间内的走访记录")
    p.add_argument("--from", dest="start", required=True, help="开始日期")
    p.add_argument("--to", dest="end", required=True, help="结束日期")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_visits)
    p = sub.add_parser("campaign", help="节日慰问：名单、生成慰问计划、导出慰问名单")
    p.add_argument("festival", choices=("春节", "七一", "中秋节", "重阳节"), help="节日")
    p.add_argument("year", type=int, help="年份")
    p.add_argument("--plan", action="store_true", help="生成慰问计划（每人一条计划走访）")
    p.add_argument("--out", help="导出慰问名单（xlsx 文件或文件夹）")
    p.add_argument("--gift", help="慰问品/慰问金说明")
    p.set_defaults(handler=_cmd_campaign)
    p = sub.add_parser("ledger", help="导出走访台账")
    p.add_argument("--from", dest="start", required=True, help="开始日期")
    p.add_argument("--to", dest="end", required=True, help="结束日期")
    p.add_argument("--out", required=True, help="xlsx 文件或文件夹")
    p.set_defaults(handler=_cmd_ledger)
    p = sub.add_parser("health", help="本年度未体检人员与体检人数")
    p.add_argument("--year", type=int, help="年份（默认今年）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_health)
