"""Command-line face of address labels and envelopes.

``labels OUT.pdf``, ``envelopes OUT.pdf``, ``label-test-page OUT.pdf``, ``label-templates`` and
``label-offset``: the same service functions the labels dialog calls.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import RuleError
from ..core.label_layout import ACTIONS, TITLES, LabelLayoutError
from ..core.roster_filter import RosterFilter
from ..services.app import AppContext
from .common import CliError, print_json

if TYPE_CHECKING:
    from ..services.labels import LabelRun


def _labels():
    """services.labels, loaded on first use: it pulls in reportlab, which the window does not
    need at start (this module is imported whenever the command line is parsed)."""
    from ..services import labels

    return labels


RESIDENCES = ("本市", "省内其他市", "省外", "境外")


def _filter(args: argparse.Namespace) -> RosterFilter:
    return RosterFilter(
        units=tuple(args.unit or ()),
        residence_area=args.residence or "",
        retirement_kind=args.kind or "",
    )


def _ids(args: argparse.Namespace) -> list[int] | None:
    if not args.ids:
        return None
    try:
        return [int(x) for x in args.ids.replace("，", ",").split(",") if x.strip()]
    except ValueError as exc:
        raise CliError(f"--ids 应是用逗号分隔的人员编号，如 3,15,27（{args.ids}）") from exc


def _suffix(text: str) -> tuple[str, str]:
    """ "同志收" / "同志 收" / "先生" / "收" → (title, action)."""
    text = (text or "").replace(" ", "")
    for title in (t for t in TITLES if t):
        if text.startswith(title):
            action = text[len(title) :]
            if action in ACTIONS:
                return title, action
    if text in ACTIONS:
        return "", text
    raise CliError(
        f"称谓“{text}”不可用：请写 同志、老师、先生、女士 之一，后面可加 收 或 启，如 --suffix 同志收"
    )


def offset_text(dx: float, dy: float) -> str:
    """ "向右 1.5 毫米，向上 0.5 毫米" (or 不偏移)."""
    parts = []
    if dx:
        parts.append(f"向{'右' if dx > 0 else '左'} {abs(dx):g} 毫米")
    if dy:
        parts.append(f"向{'下' if dy > 0 else '上'} {abs(dy):g} 毫米")
    return "，".join(parts) or "不偏移"


def _report(run: LabelRun, args: argparse.Namespace, what: str) -> int:
    if getattr(args, "json", False):
        print_json(
            {
                "path": run.path,
                "pages": run.pages,
                "labels": run.labels,
                "recipients": run.recipients,
                "persons": run.persons,
                "left_out": [
                    {"id": x.person_id, "name": x.name, "reason": x.reason} for x in run.left_out
                ],
                "no_postcode": run.no_postcode,
                "overflow": run.overflow_names,
                "missing_glyphs": run.missing_glyphs,
                "margin_warning": run.margin_warning,
            }
        )
        return 0
    print(f"已生成{what}：{run.path}")
    print(run.summary())
    return 0


def _cmd_labels(args: argparse.Namespace, ctx: AppContext) -> int:
    title, action = _suffix(args.suffix)
    options = _labels().LabelOptions(
        template_id=args.template,
        start=args.start,
        copies=args.copies,
        household=args.household,
        title=title,
        action=action,
        with_sender=args.sender,
        font=args.font,
        journal_only=args.journal == "",
        sort_by_postcode=args.sort_postcode,
        publication=args.journal or "",
        publication_year=args.year or 0,
    )
    try:
        run = _labels().make_labels(
            Path(args.out), options, flt=_filter(args), person_ids=_ids(args)
        )
    except RuleError as exc:  # LabelLayoutError, or an unknown publication
        raise CliError(exc.message) from exc
    return _report(run, args, "地址标签")


def _cmd_envelopes(args: argparse.Namespace, ctx: AppContext) -> int:
    title, action = _suffix(args.suffix)
    try:
        run = _labels().make_envelopes(
            Path(args.out),
            args.size.upper(),
            flt=_filter(args),
            person_ids=_ids(args),
            title=title,
            action=action,
            household=args.household,
            journal_only=args.journal == "",
            font=args.font,
            sort_by_postcode=args.sort_postcode,
            preprinted=args.preprinted,
            publication=args.journal or "",
            publication_year=args.year or 0,
        )
    except RuleError as exc:
        raise CliError(exc.message) from exc
    return _report(run, args, "信封（只印邮编数字和文字）" if args.preprinted else "信封")


def _cmd_test_page(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        _labels().make_test_page(Path(args.out), args.template)
    except LabelLayoutError as exc:
        raise CliError(exc.message) from exc
    dx, dy = _labels().get_offset()
    print(f"已生成测试页：{args.out}（打印机偏移：{offset_text(dx, dy)}）")
    return 0


def _cmd_templates(args: argparse.Namespace, ctx: AppContext) -> int:
    templates = _labels().list_templates()
    if args.json:
        print_json([{**t.to_dict(), "builtin": t.builtin} for t in templates])
        return 0
    for t in templates:
        kind = "内置" if t.builtin else "自定义"
        print(f"{t.id}\t{t.description}\t{kind}")
    return 0


def _cmd_offset(args: argparse.Namespace, ctx: AppContext) -> int:
    svc = _labels()
    try:
        if args.dx is not None or args.dy is not None:
            old = svc.get_offset()
            svc.set_offset(
                args.dx if args.dx is not None else old[0],
                args.dy if args.dy is not None else old[1],
            )
        if args.margin is not None:
            svc.set_printer_margin(args.margin)
        if args.envelope_dx is not None or args.envelope_dy is not None:
            old = svc.get_envelope_offset()
            svc.set_envelope_offset(
                args.envelope_dx if args.envelope_dx is not None else old[0],
                args.envelope_dy if args.envelope_dy is not None else old[1],
            )
    except LabelLayoutError as exc:
        raise CliError(exc.message) from exc
    dx, dy = svc.get_offset()
    print(f"打印机偏移：{offset_text(dx, dy)}（对所有标签纸生效）")
    print(f"打印机边距：{svc.get_printer_margin():g} 毫米（纸边这一圈内不印字）")
    ex, ey = svc.get_envelope_offset()
    print(f"已印格式信封的偏移：{offset_text(ex, ey)}")
    return 0


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unit", action="append", metavar="单位", help="只要这个单位的人（可多次）")
    p.add_argument("--residence", choices=RESIDENCES, help="居住地，如 省外")
    p.add_argument("--kind", choices=("离休", "退休"), help="离退休类别")
    p.add_argument(
        "--journal",
        nargs="?",
        const="",
        metavar="刊物",
        help="只要订阅刊物的人；写刊物名（如 老年春秋）则只要一刊一报中订了它的人（年度见 --year）",
    )
    p.add_argument("--year", type=int, help="与 --journal 刊物名 同用：订阅年度（默认今年）")
    p.add_argument("--ids", metavar="编号", help="只要这些人员编号，逗号分隔")
    p.add_argument("--household", action="store_true", help="同一地址合为一份（张三 李四 同志 收）")
    p.add_argument(
        "--suffix", default="同志收", help="称谓与敬辞，如 同志收、先生启、老师（默认 同志收）"
    )
    p.add_argument("--sort-postcode", action="store_true", help="按邮政编码排序（方便邮局分拣）")
    p.add_argument("--font", metavar="字体", help="字体名称，如 宋体、黑体、楷体、微软雅黑")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the label and envelope commands."""
    p = subparsers.add_parser("labels", help="打印地址标签（PDF）")
    p.add_argument("out", metavar="OUT.pdf", help="输出的 PDF 文件")
    p.add_argument("--template", default="L7160", help="标签模板编号（见 label-templates）")
    p.add_argument("--start", type=int, default=1, help="从第一张纸的第几枚开始（用过的半张纸）")
    p.add_argument("--copies", type=int, default=1, help="每人几份")
    p.add_argument("--sender", action="store_true", help="在标签底部印寄件单位")
    _add_filters(p)
    p.set_defaults(handler=_cmd_labels)

    p = subparsers.add_parser("envelopes", help="打印信封（PDF，DL 或 C5）")
    p.add_argument("out", metavar="OUT.pdf", help="输出的 PDF 文件")
    p.add_argument("--size", default="DL", type=str.upper, choices=("DL", "C5"), help="信封尺寸")
    p.add_argument(
        "--preprinted",
        action="store_true",
        help="已印格式的信封：红色邮编框和贴邮票处已印好，只印邮编数字和文字（偏移见 label-offset）",
    )
    _add_filters(p)
    p.set_defaults(handler=_cmd_envelopes)

    p = subparsers.add_parser("label-test-page", help="打印标签测试页（只有标签边框）")
    p.add_argument("out", metavar="OUT.pdf", help="输出的 PDF 文件")
    p.add_argument("--template", default="L7160", help="标签模板编号")
    p.set_defaults(handler=_cmd_test_page)

    p = subparsers.add_parser("label-templates", help="列出标签模板")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_templates)

    p = subparsers.add_parser(
        "label-offset", help="查看或设置打印机偏移、打印机边距和已印格式信封的偏移（毫米）"
    )
    p.add_argument("--dx", type=float, help="向右偏移毫米数（负数向左）")
    p.add_argument("--dy", type=float, help="向下偏移毫米数（负数向上）")
    p.add_argument("--margin", type=float, help="打印机边距：纸边多少毫米内不印字（默认 4）")
    p.add_argument("--envelope-dx", type=float, help="已印格式信封：向右偏移毫米数（负数向左）")
    p.add_argument("--envelope-dy", type=float, help="已印格式信封：向下偏移毫米数（负数向上）")
    p.set_defaults(handler=_cmd_offset)
