"""Address labels and envelopes: who gets one, which sheet, the printer offset, the PDF.

The people come from a roster filter (the clerk's current filter) or from explicit ids (the
selection); optionally only those who take the journal. One label per person or per household
(same address), N copies each. People without an address are left out and listed.
Templates: the built-in ones (resources/labels/templates.json) plus the clerk's own, kept in the
settings with the calibration offset and the last-used options.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..core import clock
from ..core.label_layout import (
    ACTIONS,
    DEFAULT_PRINTER_MARGIN,
    TITLES,
    LabelContent,
    LabelLayoutError,
    LabelTemplate,
    Recipient,
    check_start,
    margin_warning,
    merge_households,
    name_line,
    names_city_or_district,
    sheets_needed,
    template_problems,
    with_copies,
)
from ..core.normalize import clean_text
from ..files.fonts import FALLBACK_FONT, available_fonts
from ..files.label_pdf import (
    ENVELOPE_SIZES,
    DrawResult,
    EnvelopeContent,
    Progress,
    draw_envelopes,
    draw_labels,
    draw_test_page,
    overflowing,
)
from ..files.label_templates import builtin_templates
from ..storage.models import Person
from ..storage.roster_queries import RosterFilter, query_person_ids
from . import audit, labels_demo
from .settings import get_setting, set_setting

log = logging.getLogger(__name__)

USER_TEMPLATES_KEY = "labels.templates"
OFFSET_KEY = "labels.offset"
PRINTER_MARGIN_KEY = "labels.printer_margin"
ENVELOPE_OFFSET_KEY = "labels.envelope_offset"  # 已印格式的信封: where the printed boxes are
MAX_PRINTER_MARGIN_MM = 10.0
OPTIONS_KEY = "labels.options"
SENDER_KEY = labels_demo.SENDER_KEY

MAX_OFFSET_MM = 15.0
MAX_LABELS = 200_000


def font_choices() -> list[str]:
    """The Chinese fonts the clerk can pick (宋体, 黑体 … on Windows); the built-in one if none."""
    return [f.label for f in available_fonts()] or [FALLBACK_FONT]


# --- templates and calibration -------------------------------------------------------------


def list_templates() -> list[LabelTemplate]:
    """The built-in templates, then the clerk's own (a damaged one is skipped and logged)."""
    own = []
    for data in get_setting(USER_TEMPLATES_KEY, []) or []:
        try:
            own.append(LabelTemplate.from_dict(data))
        except (LabelLayoutError, AttributeError) as exc:
            log.warning("自定义标签模板有误，已跳过：%s（%s）", data, exc)
    return [*builtin_templates(), *own]


def get_template(template_id: str) -> LabelTemplate:
    """The template with this id; a Chinese error listing the known ids otherwise."""
    templates = list_templates()
    for t in templates:
        if t.id == template_id:
            return t
    known = "、".join(t.id for t in templates)
    raise LabelLayoutError(f"没有编号为“{template_id}”的标签模板。可用的模板：{known}")


def save_template(template: LabelTemplate) -> None:
    """Add or replace one of the clerk's own templates (a built-in id cannot be replaced)."""
    problems = template_problems(template)
    if problems:
        raise LabelLayoutError("；".join(problems))
    if any(t.id == template.id for t in builtin_templates()):
        raise LabelLayoutError(f"“{template.id}”是内置模板的编号，请换一个编号")
    stored = get_setting(USER_TEMPLATES_KEY, []) or []
    own = [d for d in stored if d.get("id") != template.id]
    replaced = len(own) < len(stored)
    own.append(template.to_dict())
    set_setting(USER_TEMPLATES_KEY, own)
    audit.record(
        "修改" if replaced else "新增",
        "label_template",
        None,
        f"{'修改' if replaced else '新增'}标签规格“{template.id}”",
    )


def delete_template(template_id: str) -> None:
    """Remove one of the clerk's own templates."""
    if any(t.id == template_id for t in builtin_templates()):
        raise LabelLayoutError("内置模板不能删除")
    own = get_setting(USER_TEMPLATES_KEY, []) or []
    rest = [d for d in own if d.get("id") != template_id]
    if len(rest) == len(own):
        raise LabelLayoutError(f"没有编号为“{template_id}”的自定义模板")
    set_setting(USER_TEMPLATES_KEY, rest)
    audit.record("删除", "label_template", None, f"删除标签规格“{template_id}”")


def get_offset() -> tuple[float, float]:
    """The office printer's calibration offset in mm (right, down), applied to every sheet."""
    value = get_setting(OFFSET_KEY, [0.0, 0.0]) or [0.0, 0.0]
    return float(value[0]), float(value[1])


def set_offset(dx: float, dy: float) -> None:
    """Keep the calibration offset (each within ±15 mm)."""
    for v, what in ((dx, "水平"), (dy, "垂直")):
        if abs(v) > MAX_OFFSET_MM:
            raise LabelLayoutError(
                f"{what}偏移 {v:g} 毫米太大（应在 ±{MAX_OFFSET_MM:g} 毫米之内），"
                "请先打印测试页量一量再填"
            )
    set_setting(OFFSET_KEY, [round(float(dx), 2), round(float(dy), 2)])


def get_printer_margin() -> float:
    """The paper edge in mm the office printer cannot print on (default 4 mm): nothing of a
    label is drawn there."""
    value = get_setting(PRINTER_MARGIN_KEY, DEFAULT_PRINTER_MARGIN)
    return DEFAULT_PRINTER_MARGIN if value is None else float(value)


def set_printer_margin(mm: float) -> None:
    """Keep the printer's unprintable edge (0–10 mm)."""
    if not 0 <= mm <= MAX_PRINTER_MARGIN_MM:
        raise LabelLayoutError(
            f"打印机边距 {mm:g} 毫米不合适（应在 0～{MAX_PRINTER_MARGIN_MM:g} 毫米之间）。"
            "多数打印机印不到纸边约 4 毫米，可打印一页满版的测试页量一量。"
        )
    set_setting(PRINTER_MARGIN_KEY, round(float(mm), 2))


def margin_warning_for(template_id: str, margin: float | None = None) -> str:
    """The warning for a template whose labels reach into the printer's margin ("" if none)."""
    return margin_warning(
        get_template(template_id),
        get_printer_margin() if margin is None else margin,
        get_offset(),
    )


def get_envelope_offset() -> tuple[float, float]:
    """The calibration (mm right, down) of 已印格式的信封: how far the digits and texts move to
    land in the boxes printed on the envelopes the office buys."""
    value = get_setting(ENVELOPE_OFFSET_KEY, [0.0, 0.0]) or [0.0, 0.0]
    return float(value[0]), float(value[1])


def set_envelope_offset(dx: float, dy: float) -> None:
    """Keep the 已印格式的信封 calibration (each within ±15 mm)."""
    for v, what in ((dx, "水平"), (dy, "垂直")):
        if abs(v) > MAX_OFFSET_MM:
            raise LabelLayoutError(
                f"信封{what}偏移 {v:g} 毫米太大（应在 ±{MAX_OFFSET_MM:g} 毫米之内），"
                "请先在普通纸上打印一个信封，叠在已印格式的信封上对着光量一量再填"
            )
    set_setting(ENVELOPE_OFFSET_KEY, [round(float(dx), 2), round(float(dy), 2)])


def default_sender() -> dict[str, str]:
    """The sender (寄件单位) printed on envelopes and, when chosen, on labels."""
    stored = get_setting(SENDER_KEY, {}) or {}
    name = f"{get_setting('city_name') or ''}{get_setting('zone_name') or ''}" + (
        get_setting("office_name") or ""
    )
    return {
        "name": stored.get("name", name),
        "address": stored.get("address", ""),
        "postcode": stored.get("postcode", ""),
    }


def set_sender(name: str, address: str, postcode: str) -> None:
    """Keep the sender's name, address and postcode."""
    postcode = (postcode or "").strip()
    if postcode and not (len(postcode) == 6 and postcode.isdigit()):
        raise LabelLayoutError(f"寄件邮政编码“{postcode}”应是 6 位数字")
    before = get_setting(SENDER_KEY, {}) or {}
    after = {"name": clean_text(name), "address": clean_text(address), "postcode": postcode}
    set_setting(SENDER_KEY, after)
    if before != after:
        audit.record("修改", "setting", None, "修改设置：寄件信息", {"sender": (before, after)})


@dataclass
class LabelOptions:
    """What the clerk chose for a run of labels."""

    template_id: str = "L7160"
    start: int = 1
    copies: int = 1
    household: bool = False
    title: str = "同志"
    action: str = "收"
    with_sender: bool = False
    font: str | None = None
    journal_only: bool = False
    sort_by_postcode: bool = False
    publication: str = ""  # only the subscribers of this publication (一刊一报) …
    publication_year: int = 0  # … in this year (0: this year)

    def to_dict(self) -> dict[str, Any]:
        once = ("start", "publication", "publication_year")  # chosen for one run, not kept
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in once}


def load_options() -> LabelOptions:
    """The options used last time (start position always 1)."""
    stored = get_setting(OPTIONS_KEY, {}) or {}
    opts = LabelOptions()
    for key, value in stored.items():
        if key in opts.__dataclass_fields__ and key not in ("start", "publication"):
            setattr(opts, key, value)
    return opts


def save_options(options: LabelOptions) -> None:
    set_setting(OPTIONS_KEY, options.to_dict())


def subscription_publications() -> list[str]:
    """The names of the 一刊一报 publications, for the labels' 订阅了 choice."""
    from .subscriptions import list_publications

    return [p["name"] for p in list_publications()]


# --- who gets one --------------------------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """A person who gets no label, and why."""

    person_id: int
    name: str
    reason: str


@dataclass
class Selection:
    """The recipients (one per label before copies) and the people left out."""

    recipients: list[Recipient] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    no_postcode: list[str] = field(default_factory=list)
    no_city: list[str] = field(default_factory=list)
    persons: int = 0

    def no_city_warning(self) -> str:
        """The question asked before printing when some addresses name no city or district
        ("" when all do)."""
        if not self.no_city:
            return ""
        names = "、".join(self.no_city[:20]) + (" 等" if len(self.no_city) > 20 else "")
        return f"{len(self.no_city)} 人的地址没有写市/区，邮寄可能送不到：{names}"


def _label_rows(ids: Sequence[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """id → (name, address, postcode, journal, status), only the columns a label needs."""
    rows: dict[int, tuple[str, str, str, str, str]] = {}
    for begin in range(0, len(ids), 900):
        chunk = list(ids[begin : begin + 900])
        query = Person.select(
            Person.id, Person.name, Person.address, Person.postcode, Person.journal, Person.status
        ).where(Person.id.in_(chunk))
        for pid, *values in query.tuples():
            rows[pid] = tuple(v or "" for v in values)  # type: ignore[assignment]
    return rows


def select_recipients(
    flt: RosterFilter | None = None,
    person_ids: Sequence[int] | None = None,
    *,
    journal_only: bool = False,
    household: bool = False,
    sort_by_postcode: bool = False,
    day: _dt.date | None = None,
    publication: str = "",
    publication_year: int = 0,
) -> Selection:
    """The people of ``flt`` (or the ids, in their order) as recipients.

    With neither, everyone 在册. ``journal_only`` keeps those with a journal (the roster's
    订阅刊物 field); ``publication`` keeps those subscribed to it (一刊一报) in
    ``publication_year`` (0: the year of ``day``).
    People with no address, and anyone marked 已故 in a selection, are left out and listed.
    ``sort_by_postcode`` orders the labels by postcode (the post office sorts faster).
    """
    day = day or clock.today()
    if person_ids is not None:
        ids = list(dict.fromkeys(person_ids))
    else:
        ids = query_person_ids(flt or RosterFilter(), today=day, order_by="name")
    if publication:
        from .subscriptions import publication_by_name, subscriber_ids

        year = publication_year or day.year
        subscribed = set(subscriber_ids(publication_by_name(publication)["id"], year))
        ids = [pid for pid in ids if pid in subscribed]
    rows = _label_rows(ids)
    selection = Selection()
    singles: list[Recipient] = []
    for pid in ids:
        row = rows.get(pid)
        if row is None:
            continue
        name, address, postcode, journal, status = row
        if journal_only and not journal.strip():
            continue
        selection.persons += 1
        if status == "已故":
            selection.left_out.append(LeftOut(pid, name, "已故，不寄送"))
            continue
        address = address.strip()
        if not address:
            selection.left_out.append(LeftOut(pid, name, "没有填写现住址"))
            continue
        postcode = postcode.strip()
        if not postcode:
            selection.no_postcode.append(name)
        if not names_city_or_district(address):
            selection.no_city.append(name)
        singles.append(Recipient((name,), address, postcode, (pid,)))
    recipients = merge_households(singles) if household else singles
    if sort_by_postcode:
        recipients.sort(key=lambda r: (not r.postcode, r.postcode))
    selection.recipients = recipients
    return selection


# --- making the PDFs -----------------------------------------------------------------------


@dataclass
class LabelRun:
    """The outcome of one run: counts, people left out, cut addresses, missing characters."""

    path: Path | None
    pages: int
    labels: int
    recipients: int
    persons: int
    left_out: list[LeftOut]
    no_postcode: list[str]
    overflow_names: list[str]
    missing_glyphs: dict[str, str]
    envelopes: bool = False
    margin_warning: str = ""
    no_city_warning: str = ""

    def summary(self) -> str:
        """A Chinese summary for the clerk."""
        if self.envelopes:
            parts = [f"共 {self.labels} 个信封（{self.persons - len(self.left_out)} 人）"]
        else:
            parts = [f"共 {self.labels} 枚标签（{self.recipients} 份），{self.pages} 页"]
        if self.left_out:
            names = "、".join(x.name for x in self.left_out[:20])
            more = " 等" if len(self.left_out) > 20 else ""
            parts.append(f"{len(self.left_out)} 人没有地址，未打印：{names}{more}")
        if self.no_postcode:
            names = "、".join(self.no_postcode[:20])
            more = " 等" if len(self.no_postcode) > 20 else ""
            parts.append(
                f"{len(self.no_postcode)} 人缺邮政编码（邮编处空着）：{names}{more}，请在花名册里补上"
            )
        if self.no_city_warning:
            parts.append(f"{self.no_city_warning}，请在花名册里补上")
        if self.overflow_names:
            more = f" 等 {len(self.overflow_names)} 份" if len(self.overflow_names) > 10 else ""
            parts.append(
                "以下人员的标签用最小字号（地址 7 磅、姓名 9 磅）也放不下，地址已截短："
                + "、".join(self.overflow_names[:10])
                + f"{more}。请换大一些的标签，或打印后手写补全"
            )
        if self.margin_warning:
            parts.append(self.margin_warning.rstrip("。"))
        if self.missing_glyphs:
            parts.append(
                "以下字在本机所有字体中都没有，会印成方框，请手写补上或安装含这些字的字体："
                + "；".join(f"{k}（{v}）" for k, v in self.missing_glyphs.items())
            )
        return "。\n".join(parts) + "。"


def _check(options: LabelOptions) -> LabelTemplate:
    template = get_template(options.template_id)
    check_start(template, options.start)
    if options.title not in TITLES or options.action not in ACTIONS:
        name_line((), options.title, options.action)  # raises the Chinese message
    return template


def _missing_by_name(selection_names: list[str], missing: set[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    if not missing:
        return result
    for name in selection_names:
        chars = "".join(sorted({ch for ch in name if ch in missing}))
        if chars:
            result[name] = chars
    other = "".join(sorted(missing - {ch for n in result for ch in n}))
    if other:
        result["地址或寄件单位"] = other
    return result


def label_contents(selection: Selection, options: LabelOptions) -> list[LabelContent]:
    """The label texts, copies included, in order."""
    sender = default_sender()["name"] if options.with_sender else ""
    contents = [
        LabelContent(
            r.postcode, r.address, name_line(r.names, options.title, options.action), sender
        )
        for r in selection.recipients
    ]
    return with_copies(contents, options.copies)


def make_labels(
    target: str | Path | BinaryIO,
    options: LabelOptions,
    *,
    flt: RosterFilter | None = None,
    person_ids: Sequence[int] | None = None,
    day: _dt.date | None = None,
    outlines: bool = False,
    offset: tuple[float, float] | None = None,
    limit_sheets: int | None = None,
    progress: Progress | None = None,
    selection: Selection | None = None,
) -> LabelRun:
    """Draw the labels for the chosen people into ``target`` (a path or a binary file).

    ``limit_sheets`` draws only the first sheets (the preview) while the counts in the result
    are those of the whole run. ``selection`` (from :func:`select_recipients` with the same
    options) saves looking the people up again when only the layout changed.
    """
    template = _check(options)
    if selection is None:
        selection = select_recipients(
            flt,
            person_ids,
            journal_only=options.journal_only,
            household=options.household,
            sort_by_postcode=options.sort_by_postcode,
            day=day,
            publication=options.publication,
            publication_year=options.publication_year,
        )
    if not selection.recipients:
        if selection.left_out:
            raise LabelLayoutError(
                f"选中的 {selection.persons} 人都没有填写现住址，没有可打印的标签。"
                "请先在花名册中补上地址。"
            )
        raise LabelLayoutError("没有选中任何人。请先在花名册中筛选或选中要寄送的人。")
    contents = label_contents(selection, options)
    if len(contents) > MAX_LABELS:
        raise LabelLayoutError(f"一次最多打印 {MAX_LABELS} 枚标签，请减少份数或分批打印")
    total = len(contents)
    offset = get_offset() if offset is None else offset
    margin = get_printer_margin()
    cut_short: list[int] | None = None
    if limit_sheets is not None:
        # the preview draws the first sheets only, but names everyone whose label is cut short
        cut_short = overflowing(
            template,
            contents,
            start=options.start,
            offset=offset,
            font=options.font,
            printer_margin=margin,
        )
        contents = contents[: max(1, limit_sheets * template.per_sheet - (options.start - 1))]
    result = draw_labels(
        target,
        template,
        contents,
        start=options.start,
        offset=offset,
        font=options.font,
        outlines=outlines,
        progress=progress,
        printer_margin=margin,
    )
    result.labels = total
    result.pages = sheets_needed(template, total, options.start)
    if cut_short is not None:
        result.overflow = cut_short
    run = _run(target, result, selection, options.copies)
    run.margin_warning = margin_warning(template, margin, offset)
    return run


def _run(target: Any, result: DrawResult, selection: Selection, copies: int) -> LabelRun:
    names = [" ".join(r.names) for r in selection.recipients]
    overflow = []
    for index in result.overflow:
        name = names[index // copies]
        if name not in overflow:
            overflow.append(name)
    all_names = [n for r in selection.recipients for n in r.names]
    return LabelRun(
        path=Path(target) if isinstance(target, str | Path) else None,
        pages=result.pages,
        labels=result.labels,
        recipients=len(selection.recipients),
        persons=selection.persons,
        left_out=selection.left_out,
        no_postcode=selection.no_postcode,
        no_city_warning=selection.no_city_warning(),
        overflow_names=overflow,
        missing_glyphs=_missing_by_name(all_names, result.missing_glyphs),
    )


def make_test_page(
    target: str | Path | BinaryIO,
    template_id: str,
    offset: tuple[float, float] | None = None,
) -> None:
    """The outlines of one sheet of ``template_id`` with the calibration offset."""
    draw_test_page(
        target, get_template(template_id), offset=get_offset() if offset is None else offset
    )


def make_envelopes(
    target: str | Path | BinaryIO,
    size: str = "DL",
    *,
    flt: RosterFilter | None = None,
    person_ids: Sequence[int] | None = None,
    title: str = "同志",
    action: str = "收",
    household: bool = False,
    journal_only: bool = False,
    font: str | None = None,
    day: _dt.date | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    sort_by_postcode: bool = False,
    selection: Selection | None = None,
    preprinted: bool = False,
    publication: str = "",
    publication_year: int = 0,
) -> LabelRun:
    """One envelope per recipient (DL or C5), with the sender from the settings.

    ``preprinted``: envelopes with the red postcode boxes and stamp box already printed — only
    the digits and texts are printed, moved by :func:`get_envelope_offset`. ``limit`` draws
    only the first envelopes (the preview); the counts are of the whole run.
    """
    if size not in ENVELOPE_SIZES:
        raise LabelLayoutError(f"信封尺寸“{size}”不可用，请选 DL（220×110）或 C5（229×162）")
    if selection is None:
        selection = select_recipients(
            flt,
            person_ids,
            journal_only=journal_only,
            household=household,
            sort_by_postcode=sort_by_postcode,
            day=day,
            publication=publication,
            publication_year=publication_year,
        )
    if not selection.recipients:
        raise LabelLayoutError("没有可打印信封的人（没有选中任何人，或选中的人都没有地址）。")
    sender = default_sender()
    contents = [
        EnvelopeContent(
            r.postcode,
            r.address,
            name_line(r.names, title, action),
            sender["address"],
            sender["name"],
            sender["postcode"],
        )
        for r in selection.recipients
    ]
    total = len(contents)
    result = draw_envelopes(
        target,
        size,
        contents[:limit] if limit else contents,
        font=font,
        progress=progress,
        preprinted=preprinted,
        offset=get_envelope_offset() if preprinted else (0.0, 0.0),
    )
    result.pages = result.labels = total
    run = _run(target, result, selection, 1)
    run.envelopes = True
    return run
