"""Command-line face of 操作员 and 操作日志: ``operators list/add/remove/set-password/
clear-password`` and ``audit [--operator N] [--since D] [--until D] [--json] [--out FILE.xlsx]``.

Who writes is said once for every command with the global ``--operator`` (or the environment,
see cli/__init__). A password never appears on the command line: ``set-password NAME
--password-stdin`` reads it from standard input, as the global ``--password-stdin`` reads the
acting operator's. The rules are the window's (设置 → 操作员): once passwords exist the acting
operator must give theirs, and changing or clearing the password of an operator who has one
needs that operator's current password (the acting operator's own counts when it is the same
person). Standard input then holds, one a line and in this order: the acting operator's password
(global ``--password-stdin``), NAME's current password (when NAME has one and is someone else),
the new password.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from ..core.dates import parse_date
from ..core.errors import RuleError
from ..services import audit, operators
from ..services.app import AppContext
from .common import CliError, print_json


def _cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    rows = operators.list_operators()
    if args.json:
        print_json([{"name": o.name, "has_password": o.has_password} for o in rows])
        return 0
    for o in rows:
        print(f"{o.name}\t{'已设密码' if o.has_password else '无密码'}")
    if not rows:
        print(
            "还没有操作员名单（窗口中：工具 → 设置 → 操作员；命令行：lao-gan-bu operators add 姓名）。"
        )
    return 0


def _cmd_add(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        info = operators.add_operator(args.name)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已添加操作员：{info.name}（密码可在 工具 → 设置 → 操作员 中设置）")
    return 0


def _cmd_remove(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        if operators.has_password(args.name):
            raise CliError(
                f"{args.name} 已设密码，删除时要输入其密码：请在窗口的 工具 → 设置 → 操作员 中删除。"
            )
        operators.remove_operator(args.name)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已删除操作员：{args.name}（其操作日志保留）")
    return 0


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliError(f"标准输入中没有{what}（每个密码一行）。没有修改任何数据。")
    return line.rstrip("\r\n")


def _current_password(args: argparse.Namespace, name: str) -> str:
    """NAME's current password, as the window asks for it: the acting operator's own when they
    are the same person, else the next line of standard input."""
    from ..services.settings import session_operator

    if not operators.has_password(name):
        return ""
    acting = getattr(args, "acting_password", None)
    if session_operator() == operators.stored_name(name) and acting is not None:
        return acting
    if not args.new_password_stdin:
        raise CliError(
            f"{name} 已设密码，修改或清除要先输入其现在的密码：加 --password-stdin，"
            "从标准输入给出其现在的密码（一行）。没有修改任何数据。"
        )
    return _stdin_line(f" {name} 现在的密码")


def _password_result(args: argparse.Namespace, name: str, action: str) -> int:
    has = operators.has_password(name)
    if args.json:
        print_json({"name": operators.stored_name(name), "has_password": has, "action": action})
    else:
        print(f"已{action}操作员 {operators.stored_name(name)} 的密码（已记入操作日志）。")
    return 0


def _cmd_set_password(args: argparse.Namespace, ctx: AppContext) -> int:
    if not args.new_password_stdin:
        raise CliError(
            "新密码不能写在命令行上：请加 --password-stdin，从标准输入给出新密码（一行）。"
            "没有修改任何数据。"
        )
    try:
        had = operators.has_password(args.name)
        old = _current_password(args, args.name)
        new = _stdin_line("新密码")
        if not new:
            raise CliError(
                "新密码是空的。要去掉密码请用 operators clear-password。没有修改任何数据。"
            )
        operators.set_password(args.name, old, new)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    return _password_result(args, args.name, "修改" if had else "设置")


def _cmd_clear_password(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        if not operators.has_password(args.name):
            raise CliError(f"{operators.stored_name(args.name)} 没有设置密码，无需清除。")
        old = _current_password(args, args.name)
        operators.set_password(args.name, old, "")
    except RuleError as exc:
        raise CliError(exc.message) from exc
    return _password_result(args, args.name, "清除")


def _day(text: str | None, label: str) -> _dt.date | None:
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date(text)  # 2026年11月1日, 2026.11.1 …
    except RuleError as exc:
        raise CliError(f"{label}“{text}”不是日期，请写成 2026-11-29。") from exc


def _cmd_audit(args: argparse.Namespace, ctx: AppContext) -> int:
    flt = audit.AuditFilter(
        person=args.person or "",
        operator=args.by_operator or "",
        action=args.action or "",
        table=args.table or "",
        since=_day(args.since, "--since"),
        until=_day(args.until, "--until"),
    )
    entries = audit.search(flt, limit=args.limit)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".xlsx":
            raise CliError(f"导出文件应以 .xlsx 结尾：{out}")
        count = audit.export_log(entries, out, flt=flt)
        print(f"已导出操作日志 {count} 条：{out}")
        return 0
    if args.json:
        print_json(entries)
        return 0
    for e in reversed(entries):
        at = e["at"].strftime("%Y-%m-%d %H:%M") if hasattr(e["at"], "strftime") else e["at"]
        print(
            f"{at}\t{e['operator'] or '（未登记）'}\t{e['action']}\t{e['table_title']}\t{e['summary']}"
        )
    print(f"共 {len(entries)} 条（{audit.filter_words(flt)}）")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``operators`` and ``audit`` commands."""
    p = subparsers.add_parser("operators", help="操作员名单：列出、添加、删除、设置密码")
    sub = p.add_subparsers(dest="operators_command", metavar="操作", required=True)
    q = sub.add_parser("list", help="列出操作员")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(handler=_cmd_list)
    q = sub.add_parser("add", help="添加操作员（密码在窗口中设置）")
    q.add_argument("name", help="姓名")
    q.set_defaults(handler=_cmd_add)
    q = sub.add_parser("remove", help="删除操作员（其操作日志保留）")
    q.add_argument("name", help="姓名")
    q.set_defaults(handler=_cmd_remove)
    q = sub.add_parser(
        "set-password",
        help="设置或修改操作员的密码（密码从标准输入读取，不写在命令行上）",
        description="标准输入每行一个密码，依次为：当前操作员的密码（用了全局 --password-stdin 时）、"
        "该操作员现在的密码（已有密码且不是当前操作员本人时）、新密码。",
    )
    q.add_argument("name", help="姓名")
    q.add_argument(
        "--password-stdin",
        dest="new_password_stdin",
        action="store_true",
        help="从标准输入读取新密码（必需）",
    )
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(handler=_cmd_set_password)
    q = sub.add_parser(
        "clear-password",
        help="清除操作员的密码",
        description="该操作员已设密码且不是当前操作员本人时，要用 --password-stdin 从标准输入"
        "给出其现在的密码。",
    )
    q.add_argument("name", help="姓名")
    q.add_argument(
        "--password-stdin",
        dest="new_password_stdin",
        action="store_true",
        help="从标准输入读取该操作员现在的密码",
    )
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(handler=_cmd_clear_password)
    p = subparsers.add_parser("audit", help="操作日志：谁在何时改了什么")
    p.add_argument("--operator", dest="by_operator", help="只看这位操作员的记录")
    p.add_argument("--person", help="只看涉及这个人（姓名或其一部分）的记录")
    p.add_argument("--action", help="只看这种操作：新增、修改、删除、导入……")
    p.add_argument("--table", help="只看这类记录：person、visit、aid_case……")
    p.add_argument("--since", help="起始日期，如 2026-11-01")
    p.add_argument("--until", help="截止日期（含当天）")
    p.add_argument("--limit", type=int, default=audit.SEARCH_LIMIT, help="最多显示的条数")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--out", help="导出为 Excel 文件（.xlsx）")
    p.set_defaults(handler=_cmd_audit)
