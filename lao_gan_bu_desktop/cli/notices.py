"""Command-line face of 情况通报: ``notices [--id N] [--json]`` — the notices with how many were
reached and confirmed, or one notice with its recipients."""

from __future__ import annotations

import argparse

from ..core.errors import RuleError
from ..services import notices
from ..services.app import AppContext
from .common import CliError, print_json


def _cmd_notices(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.id is not None:
        try:
            notice = notices.get_notice(args.id)
        except RuleError as exc:
            raise CliError(exc.message) from exc
        if args.json:
            print_json(notice)
            return 0
        print(f"{notice['issued_on']}\t{notice['title']}\t{notice['audience_text']}")
        for r in notice["recipients"]:
            reached = r["reached_on"].isoformat() if r["reached_on"] else "未通知"
            confirmed = "已确认" if r["confirmed"] else ""
            print(f"{r['name']}\t{r['unit']}\t{r['channel']}\t{reached}\t{confirmed}")
        return 0
    rows = notices.list_notices()
    if args.json:
        print_json(rows)
        return 0
    for n in rows:
        print(
            f"{n['id']}\t{n['issued_on']}\t{n['title']}\t{n['audience']}\t"
            f"共 {n['recipients']} 人，已通知 {n['reached']}，已确认 {n['confirmed']}，"
            f"邮寄 {n['by_post']}"
        )
    if not rows:
        print("还没有情况通报。")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``notices`` command."""
    p = subparsers.add_parser("notices", help="情况通报：列表及送达、确认情况")
    p.add_argument("--id", type=int, help="只看这份通报及其名单")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_notices)
