"""Command-line face of 单位: the units in the zone's order with their people, last import and
this year's 核对表; the order itself; renaming, merging and marking check lists.

``units [--json] [--not-returned] [--year Y]``, ``units --order A,B,… | --pinyin``,
``units rename OLD NEW``, ``units merge FROM INTO [--yes]``, ``units delete NAME [--json]``,
``units check-list sent|returned NAME… [--date D] [--year Y]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from ..core import clock
from ..core.errors import RuleError
from ..services import units
from ..services.app import AppContext
from .common import CliError, print_json

JSON_KEYS = (
    "name",
    "order",
    "分管领导",
    "联络员",
    "phone",
    "persons",
    "last_import",
    "check_list_returned",
)


def unit_json(unit: dict[str, Any]) -> dict[str, Any]:
    """One unit in the ``units --json`` contract: exactly :data:`JSON_KEYS`."""
    last = unit["last_import"]
    return {
        "name": unit["name"],
        "order": unit["order"],
        "分管领导": unit["leader"],
        "联络员": unit["contact"],
        "phone": unit["phone"],
        "persons": unit["persons"],
        "last_import": last["imported_at"] if last else None,
        "check_list_returned": unit["check_returned_on"],
    }


def _day(text: str | None) -> _dt.date:
    if not text:
        return clock.today()
    try:
        return _dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"日期“{text}”格式不对，请写成 2026-11-29") from exc


def _ids(names: list[str]) -> list[int]:
    try:
        return [units.unit_id(n) for n in names]
    except RuleError as exc:
        raise CliError(exc.message) from exc


def _cmd_units(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        if args.pinyin:
            units.set_unit_order([])
        elif args.order:
            names = [n.strip() for n in args.order.replace("，", ",").split(",") if n.strip()]
            units.set_unit_order(names)
    except units.UnitOrderError as exc:
        raise CliError(exc.message) from exc
    year = args.year or clock.today().year
    rows = units.not_returned(year) if args.not_returned else units.list_units(year=year)
    if args.json:
        print_json([unit_json(u) for u in rows])
        return 0
    for u in rows:
        last = u["last_import"]
        print(
            "\t".join(
                (
                    str(u["order"]),
                    u["name"],
                    u["leader"],
                    u["contact"],
                    u["phone"],
                    f"{u['persons']} 人",
                    f"最近导入 {last['imported_at']:%Y-%m-%d}" if last else "未导入过",
                    f"{year}年核对表 {units.check_list_text(u)}",
                )
            )
        )
    if args.not_returned:
        print(f"{year}年未收回核对表的单位：{len(rows)} 个")
    return 0


def _cmd_rename(args: argparse.Namespace, ctx: AppContext) -> int:
    [uid] = _ids([args.old])
    try:
        new = units.rename_unit(uid, args.new)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已将“{args.old}”改名为“{new}”。")
    return 0


def _cmd_merge(args: argparse.Namespace, ctx: AppContext) -> int:
    source, target = _ids([args.source, args.target])
    if source == target:
        raise CliError("不能把单位并入它自己，请写两个不同的单位。")
    counts = units.merge_counts(source)
    if not args.yes:
        print(
            f"将把“{args.source}”并入“{args.target}”，移过 {units.merge_summary(counts)}，"
            f"然后删除“{args.source}”。确认无误请加 --yes 再运行一次。"
        )
        return 0
    try:
        moved = units.merge_units(source, target)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    print(f"已把“{args.source}”并入“{args.target}”：移过 {units.merge_summary(moved)}。")
    return 0


def _cmd_delete(args: argparse.Namespace, ctx: AppContext) -> int:
    [uid] = _ids([args.name])
    try:
        before = units.delete_unit(uid)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    if args.json:
        print_json({"deleted": before["name"], "check_lists": len(before["check_lists"])})
    else:
        print(f"已删除单位“{before['name']}”（删除前已自动备份）。")
    return 0


def _cmd_check_list(args: argparse.Namespace, ctx: AppContext) -> int:
    ids = _ids(args.names)
    day = _day(args.date)
    year = args.year or day.year
    try:
        marked = units.mark_check_lists(ids, year, sent=args.what == "sent", day=day)
    except RuleError as exc:
        raise CliError(exc.message) from exc
    word = "寄出" if args.what == "sent" else "收回"
    print(f"{year}年核对表：{marked} 个单位登记为 {day} {word}（已登记过的不变）。")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``units`` command and its ``rename``, ``merge``, ``delete`` and ``check-list``
    actions."""
    p = subparsers.add_parser(
        "units",
        help="单位：顺序、分管领导、联络员、人数、最近导入、核对表；更名与合并",
        description=(
            "列出各单位（按本区的单位顺序，报表、通讯录、核对表、慰问名单都按这个顺序），"
            "或设置顺序、更名、合并、登记核对表寄出和收回。"
        ),
    )
    p.add_argument("--order", metavar="单位,单位,…", help="排在前面的单位，按这个顺序；其余按拼音")
    p.add_argument("--pinyin", action="store_true", help="取消自定顺序，全部按拼音")
    p.add_argument("--year", type=int, help="核对表的年度（默认今年）")
    p.add_argument("--not-returned", action="store_true", help="只列出未收回核对表的单位")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_units)
    actions = p.add_subparsers(dest="units_action", metavar="{rename,merge,delete,check-list}")
    r = actions.add_parser("rename", help="单位更名（人员、导入记录、列对应随之更名）")
    r.add_argument("old", help="现在的名称")
    r.add_argument("new", help="新名称（不能是已有单位的名称；那是合并）")
    r.set_defaults(handler=_cmd_rename)
    m = actions.add_parser("merge", help="把一个单位并入另一个（人员、导入记录、列对应、党支部）")
    m.add_argument("source", metavar="FROM", help="被合并、随后删除的单位")
    m.add_argument("target", metavar="INTO", help="合并后保留的单位")
    m.add_argument("--yes", action="store_true", help="确认合并（不加时只显示将移过多少）")
    m.set_defaults(handler=_cmd_merge)
    d = actions.add_parser(
        "delete",
        help="删除没有人员、没有党支部覆盖、没有导入记录的单位（删除前自动备份）",
        description="删除一个空单位。还有人员的单位不能删除，请用 merge 把它并入另一个单位。",
    )
    d.add_argument("name", metavar="NAME", help="要删除的单位")
    d.add_argument("--json", action="store_true", help="以 JSON 输出")
    d.set_defaults(handler=_cmd_delete)
    c = actions.add_parser("check-list", help="登记核对表寄出或收回")
    c.add_argument("what", choices=("sent", "returned"), help="sent 寄出，returned 收回")
    c.add_argument("names", nargs="+", metavar="NAME", help="单位名称（可写多个）")
    c.add_argument("--date", help="日期 YYYY-MM-DD（默认今天）")
    c.add_argument("--year", type=int, help="核对表的年度（默认为日期所在年）")
    c.set_defaults(handler=_cmd_check_list)
