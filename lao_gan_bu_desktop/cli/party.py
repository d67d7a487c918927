"""Command-line face of 党组织: ``party [--json]`` — the branches (name, kind, partner,
secretary, members, units) and the transfers of organisation relations under way;
``party export-branches [--out FILE]`` and ``party export-attendance BRANCH [--year Y]
[--out FILE]``, the workbooks for leaders."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core import clock
from ..core.errors import RuleError
from ..services import party, party_exports
from ..services.app import AppContext
from .common import CliError, print_json


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


def _out(args: argparse.Namespace, suggested: str) -> Path:
    path = Path(args.out) if args.out else Path.cwd() / suggested
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def _cmd_export_branches(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        path = _out(args, party_exports.branches_filename())
        count = party_exports.export_branches(path)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已导出党支部一览（{count} 个党支部）：{path}")
    return 0


def _cmd_export_attendance(args: argparse.Namespace, ctx: AppContext) -> int:
    year = args.year or clock.today().year
    try:
        branch_id = party_exports.branch_id_by_name(args.branch)
        path = _out(args, party_exports.attendance_filename(branch_id, year))
        count = party_exports.export_attendance(path, branch_id, year)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已导出{args.branch}{year}年组织生活出勤表（{count} 人）：{path}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``party`` command and its ``export-branches`` and ``export-attendance``."""
    p = subparsers.add_parser("party", help="党组织：党支部、书记、党员人数和办理中的组织关系转接")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_party)
    actions = p.add_subparsers(dest="party_action", metavar="{export-branches,export-attendance}")
    b = actions.add_parser("export-branches", help="导出党支部一览（xlsx，供领导查阅、打印）")
    b.add_argument("--out", metavar="FILE", help="保存到（默认当前文件夹，带日期的文件名）")
    b.set_defaults(handler=_cmd_export_branches)
    a = actions.add_parser(
        "export-attendance",
        help="导出一个支部一年的组织生活出勤表和连续未参加名单（xlsx）",
    )
    a.add_argument("branch", metavar="BRANCH", help="党支部名称")
    a.add_argument("--year", type=int, help="年度（默认今年）")
    a.add_argument("--out", metavar="FILE", help="保存到（默认当前文件夹，带日期的文件名）")
    a.set_defaults(handler=_cmd_export_attendance)
