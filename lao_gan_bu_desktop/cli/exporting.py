"""The ``export`` command: roster, report, unit-check and directory files from the command line.

``lao-gan-bu [--data-dir DIR] export roster|report|unit-check|directory OUT [--unit NAME]...
[--columns KEY,KEY,...] [--full-id]``; unit-check writes one file per unit into the folder OUT.
(The order of the units in these files is set with ``units --order``, in ``cli/units.py``.)
"""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from ..core import clock
from ..services.app import AppContext
from .common import CliError, print_json

EXPORT_KINDS = ("roster", "report", "unit-check", "directory")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` sub-command."""
    p = subparsers.add_parser(
        "export",
        help="导出花名册、统计报表、单位核对表或通讯录",
        description=(
            "roster 花名册（身份证号默认隐去中间位）；report 统计报表（含图表与调研段落）；"
            "unit-check 单位核对表（OUT 为文件夹，每个单位一个文件）；"
            "directory 通讯录（OUT 以 .pdf 结尾时生成 PDF）。"
        ),
    )
    p.add_argument("kind", choices=EXPORT_KINDS, help="导出什么")
    p.add_argument("out", type=Path, help="保存的文件（或文件夹：自动按日期命名）")
    p.add_argument(
        "--unit", action="append", default=[], metavar="NAME", help="只导出该单位（可重复）"
    )
    p.add_argument("--columns", help="列，用逗号分隔，如 name,unit,phone（也可用中文列名）")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认隐去中间位）")
    p.add_argument("--no-phones", action="store_true", help="不导出电话")
    p.add_argument("--one-workbook", action="store_true", help="单位核对表合成一个工作簿")
    p.add_argument("--date", help="统计日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(handler=_cmd_export)


def _target(out: Path, kind: str, day: _dt.date) -> Path:
    from ..services.exporting import default_filename

    if out.is_dir():
        return out / default_filename(kind, day)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise CliError(f"“{out.name}”不是 .xlsx 或 .pdf 文件名；请写出文件名，或给一个已有的文件夹")
    if out.suffix.lower() == ".pdf" and kind != "directory":
        raise CliError("只有通讯录可以导出为 PDF，其他请用 .xlsx")
    return out


def _cmd_export(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..core.roster_filter import RosterFilter
    from ..services import exporting
    from ..services.export_columns import PresetError, parse_column_keys

    try:
        day = _dt.date.fromisoformat(args.date) if args.date else clock.today()
    except ValueError as exc:
        raise CliError(f"日期“{args.date}”格式不对，请写成 2026-11-29") from exc
    if args.columns and args.kind != "roster":
        raise CliError("--columns 只用于花名册（roster）；其他表格的列是固定的")
    if args.full_id and args.kind != "roster":
        raise CliError(
            "--full-id 只用于花名册（roster）；单位核对表总是含完整身份证号，通讯录不含身份证号"
        )
    if args.unit and args.kind == "report":
        raise CliError("统计报表总是统计全部在册人员，不能用 --unit；要单位名单请用 roster --unit")
    if args.one_workbook and args.kind != "unit-check":
        raise CliError("--one-workbook 只用于单位核对表（unit-check）")
    flt = RosterFilter(units=tuple(args.unit))
    try:
        keys = parse_column_keys(args.columns) if args.columns else None
        if args.kind == "roster":
            result = exporting.export_roster(
                _target(args.out, "roster", day),
                flt=flt,
                keys=keys,
                full_id=args.full_id,
                with_phones=not args.no_phones,
                day=day,
            )
        elif args.kind == "report":
            result = exporting.export_report(_target(args.out, "report", day), day=day)
        elif args.kind == "unit-check":
            result = exporting.export_unit_check(
                args.out, units=args.unit or None, one_workbook=args.one_workbook, day=day
            )
        else:
            result = exporting.export_directory(
                _target(args.out, "directory", day),
                flt=flt,
                with_phones=not args.no_phones,
                day=day,
            )
    except (exporting.ExportError, PresetError) as exc:
        raise CliError(exc.message) from exc
    if args.json:
        print_json({"kind": result.kind, "count": result.count, "paths": result.paths})
        return 0
    print(result.summary)
    for path in result.paths:
        print(f"  {path}")
    return 0
