"""Command-line face of 党组织: ``party [--json]`` — the branches (name, kind, partner,
secretary, members, units) and the transfers of organisation relations under way."""

from __future__ import annotations

import argparse

from ..services import party
from ..services.app import AppContext
from .common import print_json


def _cmd_party(args: argparse.Namespace, ctx: AppContext) -> int:
    overview = party.party_overview()
    if args.json:
        print_json(overview)
        return 0
    branches = overview["branches"]
    if not branches:
        print("还没有党支部。在窗口的“党组织”页新建，或导入花名册时填写“所在党支部”。")
    for b in branches:
        partner = f"（与{b['partner']}共建）" if b["partner"] else ""
        print(
            f"{b['name']}\t{b['kind']}{partner}\t书记：{b['secretary'] or '未定'}\t"
            f"党员 {b['members']} 人\t{'、'.join(b['units'])}"
        )
    if branches:
        kinds = {}
        for b in branches:
            kinds[b["kind"]] = kinds.get(b["kind"], 0) + 1
        print(
            f"共 {len(branches)} 个党支部（"
            + "，".join(f"{k} {n}" for k, n in kinds.items())
            + f"），党员 {sum(b['members'] for b in branches)} 人"
        )
    transfers = overview["transfers_under_way"]
    print()
    print(f"办理中的组织关系转接：{len(transfers)} 件")
    for t in transfers:
        print(
            f"  {t['transfer_date']}\t{t['person']}\t{t['direction']}\t{t['from_org']} → "
            f"{t['to_org']}\t介绍信 {t['letter_number'] or '（无编号）'}"
        )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``party`` command."""
    p = subparsers.add_parser("party", help="党组织：党支部、书记、党员人数和办理中的组织关系转接")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_party)
