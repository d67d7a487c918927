"""Command-line face of hardship aid (帮扶): ``aid list``, ``aid summary``, ``aid budget``,
``aid stats``, ``aid due`` and ``aid pdf``. The same service functions the 帮扶 tab calls."""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from ..core import clock
from ..core.aid_rules import format_yuan
from ..services import aid, aid_budget, aid_papers
from ..services.app import AppContext
from .common import CliError, print_json


def _today(args: argparse.Namespace) -> _dt.date:
    if getattr(args, "today", None):
        try:
            return _dt.date.fromisoformat(args.today)
        except ValueError as exc:
            raise CliError(f"日期“{args.today}”格式不对，请写成 2026-11-29。") from exc
    return clock.today()


def _cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    rows = aid.list_cases(
        aid.AidFilter(year=args.year, status=args.status or "", category=args.category or ""),
        today=_today(args),
    )
    if args.json:
        print_json({"cases": rows, "totals": aid.totals(rows)})
        return 0
    for r in rows:
        print(
            "\t".join(
                str(x)
                for x in (
                    r["id"],
                    r["year"],
                    r["name"],
                    r["unit"],
                    r["category"],
                    r["status"],
                    f"申请 {format_yuan(r['amount_requested'])}",
                    f"审批 {format_yuan(r['amount_approved']) or '—'}",
                    f"已发 {format_yuan(r['paid'])}",
                    f"下一步 {r['next_step']} {r['next_step_due'] or ''}".strip()
                    if r["next_step"]
                    else "",
                )
            )
        )
    t = aid.totals(rows)
    print(
        f"共 {t['cases']} 件；申请 {format_yuan(t['amount_requested'])}，"
        f"审批 {format_yuan(t['amount_approved'])}，已发放 {format_yuan(t['paid'])}"
    )
    return 0


def _cmd_summary(args: argparse.Namespace, ctx: AppContext) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"汇总表要保存为 .xlsx 文件，请把文件名改为以 .xlsx 结尾：{out}")
    count = aid_papers.export_summary(args.year, out, day=_today(args))
    print(f"已导出 {args.year} 年帮扶汇总表（{count} 件）：{out}")
    return 0


def _cmd_budget(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.set is not None:
        aid_budget.set_budget(args.year, args.set)
    s = aid_budget.budget_summary(args.year)
    if args.json:
        print_json(s)
        return 0
    if s["budget"] is None:
        print(
            f"{args.year}年尚未设置帮扶经费（用 --set 金额 设置）。已审批 {format_yuan(s['approved'])}"
        )
        return 0
    print(
        f"{args.year}年帮扶经费 {format_yuan(s['budget'])}：已审批 {format_yuan(s['approved'])}，"
        f"已发放 {format_yuan(s['paid'])}，剩余 {format_yuan(s['remaining'])}"
    )
    return 0


def _cmd_stats(args: argparse.Namespace, ctx: AppContext) -> int:
    rows = aid.aid_statistics(args.year)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r['year']}年 {r['category']}：{r['cases']} 件（驳回 {r['rejected']}），"
            f"申请 {format_yuan(r['amount_requested'])}，审批 {format_yuan(r['amount_approved'])}，"
            f"发放 {format_yuan(r['paid'])}"
        )
    if not rows:
        print("没有帮扶案例。")
    return 0


def _cmd_due(args: argparse.Namespace, ctx: AppContext) -> int:
    items = aid.due_steps(_today(args), within_days=args.days)
    if args.json:
        print_json(items)
        return 0
    for item in items:
        print(item["text"])
    if not items:
        print("近期没有到期的帮扶步骤。")
    return 0


def _cmd_pdf(args: argparse.Namespace, ctx: AppContext) -> int:
    out = aid_papers.export_application_pdf(args.case_id, Path(args.out), day=_today(args))
    print(f"已生成帮扶申请表：{out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``aid`` and its sub-commands to the main parser."""
    parser = subparsers.add_parser("aid", help="特困帮扶：案例列表、汇总表、经费、统计")
    sub = parser.add_subparsers(dest="aid_command", metavar="帮扶命令", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--today", help="按哪一天计算（默认今天，格式 2026-11-29）")

    p = sub.add_parser("list", help="列出帮扶案例")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--status", help="步骤（申请、审批、驳回……或“办理中”）")
    p.add_argument("--category", help="类别（生活困难补助、医疗救助、临时救助）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    common(p)
    p.set_defaults(handler=_cmd_list)
    p = sub.add_parser("summary", help="导出某年的《特殊困难离退休干部帮扶汇总表》")
    p.add_argument("--year", type=int, required=True, help="年度")
    p.add_argument("out", help="保存为（.xlsx）")
    common(p)
    p.set_defaults(handler=_cmd_summary)
    p = sub.add_parser("budget", help="查看或设置某年帮扶经费")
    p.add_argument("--year", type=int, required=True, help="年度")
    p.add_argument("--set", help="设置全年经费（元）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_budget)
    p = sub.add_parser("stats", help="按年度和类别统计件数与金额")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_stats)
    p = sub.add_parser("due", help="近期到期的帮扶步骤（首页提醒）")
    p.add_argument("--days", type=int, default=7, help="提前几天提醒（默认 7）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    common(p)
    p.set_defaults(handler=_cmd_due)
    p = sub.add_parser("pdf", help="生成一个案例的《离退休干部特殊困难帮扶申请表》PDF")
    p.add_argument("case_id", type=int, help="案例编号")
    p.add_argument("out", help="保存为（.pdf）")
    common(p)
    p.set_defaults(handler=_cmd_pdf)
