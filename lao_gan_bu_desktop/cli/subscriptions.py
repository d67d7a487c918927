"""Command-line face of 一刊一报: ``subscriptions --year Y [--roll-forward] [--out FILE.xlsx]
[--json]`` — the year's copies per publication, rolling a year forward, the order list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import RuleError
from ..services import subscriptions
from ..services.app import AppContext
from .common import CliError, print_json


def _cmd_subscriptions(args: argparse.Namespace, ctx: AppContext) -> int:
    rolled: dict[str, Any] | None = None
    out: Path | None = None
    try:
        if args.roll_forward:
            rolled = subscriptions.roll_forward(args.year)
        if args.out:
            out = subscriptions.export_order_list(args.year, Path(args.out))
        table = subscriptions.year_table(args.year)
        per_publication = subscriptions.summary(args.year)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    names = {p["id"]: p["name"] for p in table["publications"]}
    if args.json:
        print_json(
            {
                "year": args.year,
                "publications": [
                    {k: p[k] for k in ("name", "kind", "provision", "active", "persons", "copies")}
                    for p in per_publication
                ],
                "persons": [
                    {
                        "id": p["id"],
                        "name": p["name"],
                        "unit": p["unit"],
                        "publications": [names[i] for i in p["choices"]],
                        "newspaper": p["newspaper"],
                    }
                    for p in table["persons"]
                ],
                "missing_choice": table["missing_choice"],
                "rolled_forward": rolled,
                "out": str(out) if out else None,
            }
        )
        return 0
    if rolled is not None:
        source = f"由 {rolled['from_year']} 年" if rolled["from_year"] else "按花名册"
        print(f"已{source}结转 {args.year} 年订阅：{rolled['persons']} 人，{rolled['rows']} 份。")
    if not per_publication:
        print("还没有刊物。请在窗口“日常工作 → 一刊一报 → 刊物设置…”中添加《老年春秋》等刊物。")
    elif not any(p["persons"] for p in per_publication):
        print(f"{args.year} 年还没有订阅记录。可用 --roll-forward 由上一年结转。")
    for p in per_publication:
        print(
            f"《{p['name']}》\t{p['kind']}\t{p['provision']}\t{p['persons']} 人\t{p['copies']} 份"
        )
    if table["missing_choice"]:
        print(f"{table['missing_choice']} 人还没有自选报纸。")
    if out is not None:
        print(f"已导出订阅清单：{out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``subscriptions`` command."""
    p = subparsers.add_parser("subscriptions", help="一刊一报：年度订阅、结转与订阅清单")
    p.add_argument("--year", type=int, required=True, help="订阅年度，如 2027")
    p.add_argument(
        "--roll-forward", action="store_true", help="由上一年结转本年度订阅（本年度须尚无记录）"
    )
    p.add_argument("--out", metavar="FILE.xlsx", help="导出订阅清单（每种刊物一张表，含投递地址）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_subscriptions)
