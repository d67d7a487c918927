"""Command-line import: ``import FILE... --unit NAME`` and ``undo-import BATCH_ID``.

The same services as the wizard (:mod:`.services.importing`). With ``--json`` each file gives one
JSON object with the keys the issue lists; a file that cannot be read gives ``"ok": false`` with
the Chinese reason in ``"error"``, changes nothing, and makes the exit status non-zero.
``--all-sheets`` imports every roster sheet of a file (:mod:`.services.import_sheets`), one batch
per sheet; with ``--json`` each file then gives a JSON list of those objects, one per sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..services.app import AppContext
from .common import CliError, print_json

EXIT_FILE_ERROR = 2


ALL_SHEETS_WITH_SHEET = (
    "--all-sheets 与 --sheet 不能同时使用：--all-sheets 导入文件中全部名单工作表，"
    "--sheet 只导入指定的一张。请去掉其中一个后重新运行。"
)


def _cmd_import(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.import_apply import import_file

    if args.all_sheets:
        if args.sheet is not None:
            raise CliError(ALL_SHEETS_WITH_SHEET)
        return _import_all_sheets(args, ctx)
    status = 0
    for name in args.files:
        summary = import_file(
            Path(name), args.unit, ctx.data_dir, sheet=args.sheet, **_options(args)
        )
        if args.json:
            if not summary["ok"]:
                status = EXIT_FILE_ERROR
            print_json(summary)
            continue
        if not _print_summary(name, summary, args.dry_run):
            status = EXIT_FILE_ERROR
    return status


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The import's options as the command line gives them (the services' keyword arguments)."""
    return {
        "on_duplicate": args.on_duplicate,
        "dry_run": args.dry_run,
        "include_hidden": args.include_hidden,
    }


def _import_all_sheets(args: argparse.Namespace, ctx: AppContext) -> int:
    """``--all-sheets``: every roster sheet of each file, one batch per sheet, in sheet order;
    with ``--json`` one JSON list of per-sheet objects per file."""
    from ..services.import_sheets import import_all_sheets, sheet_failed

    status = 0
    for name in args.files:
        summaries = import_all_sheets(Path(name), args.unit, ctx.data_dir, **_options(args))
        failed = [s for s in summaries if sheet_failed(s, dry_run=args.dry_run)]
        if failed:
            status = EXIT_FILE_ERROR
        if args.json:
            print_json(summaries)
            continue
        if len(summaries) == 1 and not summaries[0]["sheet"]:  # no roster sheet found at all
            sys.stderr.write(f"错误：{name} 无法导入。{summaries[0]['error']}\n")
            continue
        sheets = "、".join(f"“{s['sheet']}”" for s in summaries)
        print(f"{name} 共有 {len(summaries)} 张名单工作表：{sheets}，逐张{_verb(args.dry_run)}。")
        for summary in summaries:
            _print_summary(name, summary, args.dry_run)
        if failed:
            names = "、".join(f"“{s['sheet']}”" for s in failed)
            sys.stderr.write(
                f"错误：{name} 的工作表{names}没有导入，原因见上；"
                "其余工作表已各自作为一个导入批次处理。改好后可用 --sheet 只导入没有导入的工作表。\n"
            )
    return status


def _verb(dry_run: bool) -> str:
    return "检查（未写入，--dry-run）" if dry_run else "导入，每张一个导入批次"


def _print_summary(name: str, summary: dict[str, Any], dry_run: bool) -> bool:
    """Print one sheet's result as text; False when it failed (nothing of it imported)."""
    if not summary["ok"]:
        where = f"（工作表“{summary['sheet']}”）" if summary["sheet"] else ""
        sys.stderr.write(f"错误：{name}{where} 无法导入。{summary['error']}\n")
        return False
    nothing = not dry_run and summary["batch_id"] is None and bool(summary["invalid"])
    verb = "检查完成（未写入，--dry-run）" if dry_run else ("没有导入" if nothing else "导入完成")
    print(
        f"{name}（工作表“{summary['sheet']}”）{verb}：读取 {summary['rows_read']} 行，"
        f"新增 {summary['imported']} 人，更新 {summary['updated']} 人，"
        f"无变化 {summary['unchanged']} 人，跳过 {summary['skipped']} 人，"
        f"有错误 {len({i['row'] for i in summary['invalid']})} 行，"
        f"文件内重复 {len(summary['duplicates_in_file'])} 行。"
    )
    for issue in summary["invalid"]:
        print(f"  错误  第 {issue['row']} 行{_column(issue)}：{issue['reason']}")
    for issue in summary["warnings"]:
        print(f"  提示  第 {issue['row']} 行{_column(issue)}：{issue['reason']}")
    if not dry_run and summary["batch_id"] is None:
        print("  每一行都有错误，没有导入，也没有备份；请按错误说明修改后重新导入。")
    if summary["batch_id"] is not None:
        print(
            f"导入批次编号 {summary['batch_id']}；"
            f"如需撤销：lao-gan-bu undo-import {summary['batch_id']}"
        )
    return not nothing


def _column(issue: dict[str, Any]) -> str:
    """ " [列名]", or nothing for a problem of the whole row."""
    return f" [{issue['column']}]" if issue["column"] else ""


def _cmd_undo(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.import_undo import ImportServiceError, UndoConflict, undo_import

    try:
        result = undo_import(args.batch_id, ctx.data_dir, force=args.force)
    except UndoConflict as exc:
        raise CliError(exc.message + "\n确认无误后请加 --force 再运行。") from exc
    except ImportServiceError as exc:
        raise CliError(exc.message) from exc
    kept = f"保留已有其他记录的 {result['kept']} 人，" if result["kept"] else ""
    print(
        f"已撤销导入批次 {args.batch_id}：删除新增的 {result['removed']} 人，"
        f"恢复 {result['restored']} 人的原有信息，{kept}撤销前的数据已自动备份。"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` and ``undo-import`` sub-commands."""
    p = subparsers.add_parser("import", help="导入各单位报来的人员表格（xlsx/xls/ods/csv 等）")
    p.add_argument("files", nargs="+", metavar="FILE", help="要导入的表格文件，可以有多个")
    p.add_argument("--unit", required=True, help="这些表格所属的单位名称")
    p.add_argument("--sheet", help="工作表名称（默认自动选择）")
    p.add_argument(
        "--all-sheets",
        action="store_true",
        help="导入文件中全部名单工作表（如“离休”“退休”各一张），每张一个导入批次；不能与 --sheet 同用",
    )
    p.add_argument(
        "--on-duplicate",
        choices=("update", "fill", "skip"),
        default="update",
        help="已在花名册中的人：update 新值替换旧值（默认），fill 只补空白，skip 跳过",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument(
        "--include-hidden",
        action="store_true",
        help="原表中被隐藏（或被筛选掉）的行也导入；默认不导入，列为有错误的行",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="每个文件输出一个 JSON 对象（--all-sheets 时每个文件一个 JSON 列表，每张工作表一个对象）",
    )
    p.set_defaults(handler=_cmd_import)
    p = subparsers.add_parser("undo-import", help="撤销一次导入（恢复导入前的人员信息）")
    p.add_argument("batch_id", type=int, metavar="BATCH_ID", help="导入批次编号")
    p.add_argument("--force", action="store_true", help="导入后又修改过的人也一并恢复")
    p.set_defaults(handler=_cmd_undo)
