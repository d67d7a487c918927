"""The command-line face of the services: the same functions the window calls.

Every command prints Chinese text (or JSON with glossary keys when ``--json`` is given); an error
a person can cause prints a Chinese message on stderr and exits non-zero, with no traceback
(tracebacks go to the log file in the data folder).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from peewee import DatabaseError

from ..core.errors import RuleError
from ..core.version import program_version
from ..services.app import AppContext, open_app
from ..services.errors import (
    DatabaseDamagedError,
    StorageError,
    disk_full_message,
    file_problem_message,
    problem_message,
)
from .common import CliError, print_json

log = logging.getLogger(__name__)

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
OPERATOR_ENV = "LAO_GAN_BU_OPERATOR"
PASSWORD_ENV = "LAO_GAN_BU_PASSWORD"

# Feature modules that add their own sub-commands: each has ``register(subparsers)``.
FEATURE_MODULES: tuple[str, ...] = (
    "visits",
    "aid",
    "importing",
    "exporting",
    "labels",
    "subscriptions",
    "notices",
    "operators",
    "party",
    "units",
    "activities",
)


Handler = Callable[[argparse.Namespace, AppContext], int]


def _cmd_demo(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.demo import fill_demo

    try:
        count = fill_demo()
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    print(f"已生成演示数据：{count} 名离退休干部，数据文件夹：{ctx.data_dir}")
    return 0


def _cmd_stats(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.stats import compute_stats

    stats = compute_stats()
    if args.json:
        print_json(stats)
        return 0
    print(stats["paragraph"])
    print()
    print(f"在册人数：{stats['total']}")
    for title, key in (
        ("离退休类别", "by_kind"),
        ("年龄段", "by_age_bracket"),
        ("自理能力", "by_self_care"),
        ("居住地", "by_residence"),
        ("服务分类", "by_service_tier"),
        ("党支部", "branches_by_kind"),
    ):
        parts = "，".join(f"{k} {v}" for k, v in stats[key].items())
        print(f"{title}：{parts}")
    print(f"中共党员：{stats['party_members']}，民主党派成员：{stats['democratic_party_members']}")
    print("各单位：")
    for row in stats["by_unit"]:
        print(f"  {row['unit']}：{row['total']} 人（离休 {row['离休']}，退休 {row['退休']}）")
    return 0


def _cmd_persons(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.roster import list_persons

    persons = list_persons()
    if args.json:
        for p in persons:
            p.pop("search_key", None)
        print_json(persons)
        return 0
    for p in persons:
        print(
            "\t".join(
                str(x or "")
                for x in (
                    p["id"],
                    p["name"],
                    p["gender"],
                    p["age"],
                    p["unit"],
                    p["retirement_kind"],
                    p["status"],
                    p["phone"],
                    f"日期有误：{p['date_issue']}" if p.get("date_issue") else "",
                )
            ).rstrip("\t")
        )
    flagged = sum(1 for p in persons if p.get("date_issue"))
    print(f"共 {len(persons)} 人" + (f"，其中 {flagged} 人日期有误，请核对" if flagged else ""))
    return 0


def _cmd_backup(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.backups import make_backup

    if args.to:
        from ..services.backup_media import export_backup

        copy = export_backup(ctx.data_dir, Path(args.to))
        print(f"已备份并复制到：{copy}（已读回核对）")
        return 0
    info = make_backup(ctx.data_dir, "手动")
    print(f"已备份到：{info.path}")
    return 0


def _cmd_list_backups(args: argparse.Namespace, data_dir: Path) -> int:
    """``list-backups FOLDER``: the backups on a stick (or in any folder), newest first."""
    from ..services.backup_media import find_backups, size_text

    found = find_backups(Path(args.folder))
    if args.json:
        print_json(
            [
                {
                    "path": str(b.path),
                    "made_at": b.made_at.isoformat(timespec="minutes"),
                    "people": b.people,
                    "size": b.size,
                    "problem": b.problem,
                }
                for b in found
            ]
        )
        return 0
    if not found:
        print(f"{args.folder} 中没有找到本程序的备份。")
        return 0
    for b in found:
        people = f"{b.people} 人" if b.people is not None else "服务器备份" if b.on_server else ""
        state = f"（{b.problem}）" if b.problem else ""
        print(f"{b.made_at:%Y-%m-%d %H:%M}  {people:>8}  {size_text(b.size):>8}  {b.path}{state}")
    return 0


def _restore_damaged(args: argparse.Namespace, data_dir: Path) -> int:
    """``restore`` when the data file cannot be opened: it is set aside and replaced."""
    from ..services.backups import restore_damaged

    aside = restore_damaged(data_dir, Path(args.file))
    print(f"数据文件无法打开，已从 {args.file} 恢复。损坏的文件另存在：{aside}")
    return 0


def _cmd_restore(args: argparse.Namespace, ctx: AppContext) -> int:
    from ..services.backups import restore_backup

    source = Path(args.file)
    if source.exists() and not source.resolve().is_relative_to(Path(ctx.data_dir).resolve()):
        # From a stick or another folder: copied into this data folder's backups first (a
        # stick may be slow, write-protected or pulled out), restored from that copy.
        from ..services.backup_media import restore_from_media

        safety = restore_from_media(ctx, source)
    else:
        safety = restore_backup(ctx, source)
    print(f"已从 {args.file} 恢复。恢复前的数据已另存为备份：{safety.path}")
    return 0


def _cmd_migrate_to(args: argparse.Namespace, data_dir: Path) -> int:
    """Runs without opening the data folder: its SQLite file is only read (a copy of it)."""
    from ..services.migrate_to import migrate_to_server, safe_url

    print(f"正在把 {data_dir} 中的数据复制到数据库服务器……")
    results = migrate_to_server(data_dir, args.url, progress=print)
    print("各表行数（本机 → 服务器）：")
    for table, here, there in results:
        print(f"  {table}：{here} → {there}")
    total = sum(here for _t, here, _there in results)
    print(
        f"复制完成：{len(results)} 张表，共 {total} 行，行数全部一致。本机的数据文件夹未作改动。\n"
        f"以后各台电脑用 --database-url {safe_url(args.url)} 打开，"
        "或在 设置 中填写数据库服务器地址。"
    )
    return 0


_ARGPARSE_WORDS = (
    ("unrecognized arguments:", "无法识别的参数："),
    ("the following arguments are required:", "缺少必需的参数："),
    ("invalid choice:", "无效的选项："),
    ("choose from", "可选"),
    ("expected one argument", "需要一个值"),
    ("invalid int value:", "不是整数："),
    ("not allowed with argument", "不能与此参数同时使用："),
    ("argument ", "参数 "),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese (headings, -h, "usage:", error prefix)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER_ERROR, f"错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="lao-gan-bu",
        description="老干部工作台：离退休干部花名册、走访慰问、帮扶与报表。不带命令时打开窗口。",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"老干部工作台 {program_version()}",
        help="显示版本号",
    )
    parser.add_argument("--data-dir", type=Path, help="数据文件夹（默认为用户数据目录）")
    parser.add_argument(
        "--database-url",
        metavar="postgresql://…",
        help="使用 PostgreSQL 数据库服务器上的数据（多台电脑共用）；"
        "默认用数据文件夹中的数据文件。也可用环境变量 LAO_GAN_BU_DATABASE_URL 或 设置 指定",
    )
    parser.add_argument(
        "--demo", action="store_true", help="使用单独的演示数据文件夹（首次自动生成）"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="打开窗口，首次绘制后立即退出（自检用，此时尚未打开数据库）",
    )
    parser.add_argument(
        "--operator",
        help=f"谁在操作（记入操作日志；也可用环境变量 {OPERATOR_ENV}）",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"从标准输入读取操作员的密码（也可用环境变量 {PASSWORD_ENV}）",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="命令", title="命令", parser_class=ChineseArgumentParser
    )
    p = sub.add_parser("demo", help="在空的数据文件夹中生成演示数据")
    p.set_defaults(handler=_cmd_demo)
    p = sub.add_parser("stats", help="统计数据与调研报告开头段落")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_stats)
    p = sub.add_parser("persons", help="列出全部人员")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_persons)
    p = sub.add_parser("backup", help="立即备份数据（--to 再复制一份到U盘等位置）")
    p.add_argument(
        "--to", metavar="文件夹", help="把这次备份复制到该文件夹（如U盘），复制后读回核对"
    )
    p.set_defaults(handler=_cmd_backup)
    p = sub.add_parser("list-backups", help="列出某个文件夹（如U盘）中的备份：时间、人数、大小")
    p.add_argument("folder", metavar="文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_list_backups, without_folder=True)
    p = sub.add_parser("restore", help="从备份恢复（恢复前自动备份当前数据）")
    p.add_argument(
        "file", help="备份文件夹或 .sqlite3 文件（数据文件夹以外的，如U盘上的，先复制过来再恢复）"
    )
    p.set_defaults(handler=_cmd_restore)
    p = sub.add_parser(
        "migrate-to",
        help="把本机数据文件夹中的全部数据复制到一个空的 PostgreSQL 数据库（本机数据不变）",
    )
    p.add_argument("url", help="目标数据库，例如 postgresql://laoganbu@192.168.1.10/laoganbu")
    p.set_defaults(handler=_cmd_migrate_to, without_folder=True)
    for name in FEATURE_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


# Commands that change the data file or the data folder. They take the folder's lock (the one
# the window holds) and refuse while another program holds it or when the folder is read-only;
# every other command only reads and works alongside an open window.
WRITING_COMMANDS = frozenset({"demo", "backup", "restore", "import", "undo-import"})


def command_writes(args: argparse.Namespace) -> bool:
    """True when the parsed command line ``args`` changes the data."""
    command = args.command
    if command in WRITING_COMMANDS:
        return not (command == "import" and getattr(args, "dry_run", False))
    if command == "campaign":
        return bool(getattr(args, "plan", False))
    if command == "label-offset":
        return getattr(args, "dx", None) is not None or getattr(args, "dy", None) is not None
    if command == "subscriptions":
        return bool(getattr(args, "roll_forward", False))
    if command == "aid":
        return args.aid_command == "budget" and getattr(args, "set", None) is not None
    if command == "operators":
        return args.operators_command in ("add", "remove", "set-password", "clear-password")
    return False


def sign_in_operator(args: argparse.Namespace, writes: bool) -> None:
    """Say who works for this command (``--operator``, else the environment), with the
    password from the environment or stdin when that operator has one. A writing command is
    refused (OperatorError) when operators have passwords and nobody is named; a reading one
    signs in only when a name is given."""
    from ..services import operators

    name = (getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV, "")).strip()
    if args.command == "backup":
        writes = False  # a copy of the data changes nothing and writes no log row
    if not writes and not name:
        return
    password = os.environ.get(PASSWORD_ENV)
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
    operators.sign_in_for_command(name, password)
    args.acting_password = password  # operators set-password: the signed-in one's own counts


READ_ONLY_REFUSAL = (
    "数据文件夹不能写入（只读），这个命令需要修改数据，没有执行：{folder}\n"
    "请检查文件夹的权限或磁盘的写保护后重试；查看、查询和导出的命令仍然可以使用。"
)


def run_command(args: argparse.Namespace, data_dir: Path) -> int:
    """Run one sub-command against ``data_dir``; Chinese errors on stderr, non-zero exit."""
    from ..services.folder_lock import LOCKED_MESSAGE, FolderLock

    root = logging.getLogger()
    if not root.handlers:  # until the log file is open: never Python's traceback on the console
        root.addHandler(logging.NullHandler())
    ctx: AppContext | None = None
    writes = command_writes(args)
    lock: FolderLock | None = None
    try:
        if getattr(args, "without_folder", False):
            return int(args.handler(args, Path(data_dir)) or 0)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        lock = FolderLock.acquire(data_dir)
        if lock is None and writes:
            sys.stderr.write(f"错误：{LOCKED_MESSAGE.format(folder=data_dir)}\n")
            return EXIT_USER_ERROR
        try:
            ctx = open_app(
                data_dir,
                daily_backup=args.command not in ("restore",) and lock is not None,
                exclusive=lock is not None,
                database_url=getattr(args, "database_url", None),
            )
        except DatabaseDamagedError:
            if args.command != "restore":
                raise
            return _restore_damaged(args, data_dir)
        for notice in ctx.notices:
            sys.stderr.write(f"注意：{notice}\n")
        if ctx.read_only and writes:
            reason = ctx.read_only_reason or READ_ONLY_REFUSAL.format(folder=data_dir)
            sys.stderr.write(f"错误：{reason}\n")
            return EXIT_USER_ERROR
        sign_in_operator(args, writes)
        return int(args.handler(args, ctx) or 0)
    except DatabaseDamagedError as exc:
        from ..services.backups import BACKUP_DIRNAME

        sys.stderr.write(
            f"错误：{exc.message}\n用备份恢复：lao-gan-bu restore "
            f"{data_dir / BACKUP_DIRNAME}{os.sep}<备份文件夹>\n"
        )
        return EXIT_USER_ERROR
    except (CliError, RuleError, StorageError) as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return EXIT_USER_ERROR
    except (DatabaseError, sqlite3.Error) as exc:
        message = problem_message(exc)
        if message is None:
            log.exception("命令 %s 出错", args.command)
            sys.stderr.write("错误：读写数据文件出错，详情见数据文件夹中的日志。数据未改动。\n")
            return EXIT_INTERNAL_ERROR
        sys.stderr.write(f"错误：{message}\n")
        return EXIT_USER_ERROR
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            written = exc.filename2 or exc.filename  # a copy names its source first
            folder = Path(written).parent if written else Path(data_dir)
            sys.stderr.write(f"错误：{disk_full_message(folder)}\n")
            return EXIT_USER_ERROR
        sys.stderr.write(f"错误：{file_problem_message(exc)}\n")
        return EXIT_USER_ERROR
    except Exception as exc:
        log.exception("命令 %s 出错", args.command)
        sys.stderr.write(
            f"错误：程序内部出错（{type(exc).__name__}），详情见数据文件夹中的日志。\n"
        )
        return EXIT_INTERNAL_ERROR
    finally:
        if ctx is not None:
            ctx.close()
        if lock is not None:
            lock.release()
