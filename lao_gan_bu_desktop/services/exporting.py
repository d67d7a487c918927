"""Export use cases: the leaders' roster, the 统计报表, the units' 核对表 and the 通讯录.

Each export picks the people (a RosterFilter), turns them into rows of the chosen columns,
hands them to an io writer, and records in the audit log who exported what. ID numbers are
masked in the roster and the directory unless the clerk asks for them in full; the 单位核对表
carries the full number because the unit sends it back for import (matched by ID number).
A file that cannot be written (open in Excel, no permission) gives a Chinese message and leaves
any earlier file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core import clock
from ..core.fields import FIELD_BY_KEY
from ..core.filenames import dated_filename
from ..core.idnumber import mask_id_number
from ..core.phones import PHONE_HEADING, contact_phone
from ..core.pinyin import sort_key
from ..files.directory_pdf import DirectoryGroup, write_directory_pdf
from ..files.report_xlsx import write_report_xlsx
from ..files.roster_xlsx import (
    ExportCancelled,
    add_roster_sheet,
    column_widths,
    discard_workbook,
    new_streaming_workbook,
    save_atomically,
)
from ..storage.database import is_read_only
from ..storage.export_queries import emergency_contacts
from ..storage.roster_queries import (
    DEMOCRATIC_PARTIES,
    PARTY_MEMBERS,
    RosterFilter,
    fetch_person_rows,
    query_person_ids,
)
from . import audit
from .export_columns import (
    BUILTIN_PRESETS,
    DIRECTORY_KEYS,
    LEADER_PRESET,
    UNIT_CHECK_KEYS,
    ExportColumn,
    columns_for,
    remember_last_columns,
)
from .settings import get_setting
from .stats import compute_stats
from .units import ordered_units, unit_key

log = logging.getLogger(__name__)

__all__ = ["ExportCancelled", "ExportError", "ExportResult"]

KINDS = {
    "roster": "花名册",
    "report": "统计报表",
    "unit-check": "单位核对表",
    "directory": "通讯录",
}
PHONE_KEYS = ("phone", "landline")
NO_UNIT = "（未填单位）"
FETCH_CHUNK = 2000

# progress(done, total) → False to cancel
Progress = Callable[[int, int], bool | None]


class ExportError(Exception):
    """An export that cannot be done as asked; the message is Chinese and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ExportResult:
    """What an export wrote: the files, how many people, and the audit summary."""

    kind: str
    paths: list[Path] = field(default_factory=list)
    count: int = 0
    summary: str = ""


def zone_name() -> str:
    return str(get_setting("zone_name") or "")


def default_filename(kind: str, day: _dt.date, suffix: str = ".xlsx", unit: str = "") -> str:
    """The default file name, e.g. "高新区离退休干部花名册_2026-11-29.xlsx"."""
    zone = zone_name()
    if kind == "roster":
        prefix = f"{zone}离退休干部花名册"
    elif kind == "report":
        prefix = f"{zone}离退休干部统计报表"
    elif kind == "unit-check":
        prefix = f"{zone}{unit}离退休干部核对表" if unit else f"{zone}各单位离退休干部核对表"
    elif kind == "directory":
        prefix = f"{zone}离退休干部通讯录"
    else:
        raise ValueError(kind)
    return safe_filename(dated_filename(prefix, day, suffix))


_BAD_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]')


def safe_filename(name: str) -> str:
    """A file name without the characters Windows refuses."""
    return _BAD_CHARS.sub("_", name).strip() or "导出"


def describe_filter(flt: RosterFilter) -> str:
    """The filter in words for the subtitle, e.g. "单位：科技局；离休；80岁及以上"."""
    parts: list[str] = []
    if flt.person_ids is not None:
        parts.append(f"选定的 {len(flt.person_ids)} 人")
    if flt.units:
        parts.append("单位：" + "、".join(flt.units))
    if flt.retirement_kind:
        parts.append(flt.retirement_kind)
    if flt.age_bracket:
        parts.append(flt.age_bracket)
    if flt.service_tier:
        parts.append(f"服务分类：{flt.service_tier}")
    if flt.political_status == PARTY_MEMBERS:
        parts.append("中共党员")
    elif flt.political_status == DEMOCRATIC_PARTIES:
        parts.append("民主党派成员")
    elif flt.political_status:
        parts.append(flt.political_status)
    if flt.residence_area:
        parts.append(f"居住地：{flt.residence_area}")
    if flt.self_care:
        parts.append(flt.self_care)
    if flt.hardship:
        parts.append(f"困难类别：{flt.hardship}")
    if flt.text.strip():
        parts.append(f"查找“{flt.text.strip()}”")
    if tuple(flt.statuses) != ("在册",) and flt.person_ids is None:
        parts.append("状态：" + ("、".join(flt.statuses) if flt.statuses else "全部"))
    return "；".join(parts) if parts else "全部在册人员"


def _subtitle(day: _dt.date, flt_text: str, count: int, notes: Iterable[str] = ()) -> str:
    text = f"统计日期：{day.isoformat()}　范围：{flt_text}　共 {count} 人"
    for note in notes:
        text += f"　{note}"
    return text


def _emergency_text(contact: dict[str, str] | None, with_phone: bool) -> str:
    if not contact:
        return ""
    text = contact.get("name") or ""
    if contact.get("relation"):
        text += f"（{contact['relation']}）"
    if with_phone and contact.get("phone"):
        text += f" {contact['phone']}"
    return text.strip()


MASKED_BIRTH_NOTE = "出生日期只写到年月（完整日期就是隐去的数字）"


def _masked_birth(value: Any) -> Any:
    """A birth date written beside a masked ID number: year and month only, since the full
    date is exactly the digits the mask hides."""
    if isinstance(value, _dt.date):
        return f"{value.year}-{value.month:02d}"
    return value


def _cell(
    person: dict[str, Any],
    key: str,
    *,
    full_id: bool,
    with_phones: bool,
    contacts,
    birth_month_only: bool = False,
) -> Any:
    if key == "emergency_contact":
        return _emergency_text(contacts.get(person["id"]), with_phones)
    value = person.get(key)
    if key == "id_number":
        return (value if full_id else mask_id_number(value)) if value else None
    if key == "birth_date" and birth_month_only:
        return _masked_birth(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value == "":
        return None
    return value


def _phone_columns(columns: Sequence[ExportColumn]) -> list[ExportColumn]:
    """``columns`` with 手机 titled 电话 when no 固定电话 column is beside it: it then holds both
    numbers (:func:`_person_rows`), so that people with only a landline keep their phone."""
    keys = {c.key for c in columns}
    if "phone" not in keys or "landline" in keys:
        return list(columns)
    return [replace(c, label=PHONE_HEADING) if c.key == "phone" else c for c in columns]


def _person_rows(
    ids: Sequence[int],
    columns: Sequence[ExportColumn],
    day: _dt.date,
    *,
    full_id: bool,
    with_phones: bool,
) -> Iterable[list[Any]]:
    """Rows of ``columns`` for ``ids`` in order, fetched a chunk at a time."""
    keys = [c.key for c in columns]
    need_contacts = "emergency_contact" in keys
    month_only = not full_id and "id_number" in keys
    both_phones = "phone" in keys and "landline" not in keys
    for start in range(0, len(ids), FETCH_CHUNK):
        chunk = ids[start : start + FETCH_CHUNK]
        persons = fetch_person_rows(chunk, day)
        contacts = emergency_contacts(chunk) if need_contacts else {}
        for number, pid in enumerate(chunk, start + 1):
            person = persons[pid]
            person["seq"] = number
            if both_phones:
                person["phone"] = contact_phone(person.get("phone"), person.get("landline"))
            yield [
                _cell(
                    person,
                    k,
                    full_id=full_id,
                    with_phones=with_phones,
                    contacts=contacts,
                    birth_month_only=month_only,
                )
                for k in keys
            ]


def _check_target(path: Path) -> Path:
    path = Path(path)
    if not path.parent.exists():
        raise ExportError(f"文件夹“{path.parent}”不存在，请另选保存位置")
    return path


@contextlib.contextmanager
def _save_errors(path: Path) -> Iterator[None]:
    """Turn OS errors while writing ``path`` into ExportError with a Chinese message."""
    try:
        yield
    except PermissionError as exc:
        log.exception("写入 %s 失败", path)
        raise ExportError(
            f"不能写入“{path.name}”：文件可能正被 Excel 或 WPS 打开，或没有写入权限。"
            "请关闭该文件或另选保存位置后重试。"
        ) from exc
    except OSError as exc:
        log.exception("写入 %s 失败", path)
        raise ExportError(
            f"不能写入“{path.name}”：{exc.strerror or exc}。请另选保存位置后重试。"
        ) from exc


@contextlib.contextmanager
def _cleanup(wb: Any) -> Iterator[None]:
    """On any error or cancel, delete the temporary files of the unsaved workbook ``wb``."""
    try:
        yield
    except BaseException:
        discard_workbook(wb)
        raise


def _wrap_progress(progress: Progress | None, total: int) -> Callable[[int], bool | None] | None:
    if progress is None:
        return None
    return lambda done: progress(done, total)


def _record(kind: str, summary: str, details: dict[str, Any]) -> None:
    if is_read_only():
        log.info("只读打开，导出未记入操作日志：%s", summary)  # nowhere to write it
        return
    audit.record("导出", "person", None, summary, {k: (None, v) for k, v in details.items()})


def export_roster(
    out: Path,
    *,
    flt: RosterFilter | None = None,
    keys: Sequence[str] | None = None,
    full_id: bool = False,
    with_phones: bool = True,
    day: _dt.date | None = None,
    order_by: str = "name",
    descending: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """The leaders' 花名册 of the people of ``flt`` in the columns ``keys`` (in that order),
    sorted like the roster (``order_by``, ``descending``)."""
    day = day or clock.today()
    flt = flt or RosterFilter()
    out = _check_target(out)
    keys = list(keys or BUILTIN_PRESETS[LEADER_PRESET])
    if not with_phones:
        keys = [k for k in keys if k not in PHONE_KEYS]
    columns = _phone_columns(columns_for(keys))
    if not columns:
        raise ExportError("请至少选择一列")
    ids = query_person_ids(flt, today=day, order_by=order_by, descending=descending)
    if not ids:
        raise ExportError("按当前条件没有找到任何人员，请调整筛选条件后再导出")
    notes = []
    if "id_number" in keys:
        notes.append("身份证号为完整号码，请妥善保管" if full_id else "身份证号已隐去中间位")
        if not full_id and "birth_date" in keys:
            notes.append(MASKED_BIRTH_NOTE)
    title = f"{zone_name()}离退休干部花名册"
    subtitle = _subtitle(day, describe_filter(flt), len(ids), notes)
    rows = _person_rows(ids, columns, day, full_id=full_id, with_phones=with_phones)
    wb = new_streaming_workbook()
    with _save_errors(out), _cleanup(wb):
        # widths fitted to the first rows; the rest stream straight to the file
        first = [next(rows) for _ in range(min(len(ids), 2000))]
        house = [c.as_house_column() for c in columns]
        widths = column_widths(house, first)

        def all_rows():
            yield from first
            yield from rows

        count = add_roster_sheet(
            wb,
            sheet_title="花名册",
            title=title,
            subtitle=subtitle,
            columns=house,
            rows=all_rows(),
            widths=widths,
            progress=_wrap_progress(progress, len(ids)),
        )
        save_atomically(wb, out)
    summary = (
        f"导出花名册 {count} 人（{describe_filter(flt)}），"
        f"{'完整' if full_id else '隐去中间位的'}身份证号"
        f"{'' if with_phones else '，不含电话'}，文件 {out.name}"
    )
    remember_last_columns(keys)
    _record(
        "roster",
        summary,
        {"file": str(out), "count": count, "columns": keys, "full_id": full_id},
    )
    return ExportResult("roster", [out], count, summary)


def _activity_figures(year: int) -> dict[str, Any] | None:
    """The year's activities per kind and the service teams in one line, for the report (None
    when the office has recorded no activity that year and no team)."""
    from .activities import activity_figures
    from .teams import distinct_members, list_teams

    figures = activity_figures(year)
    teams = list_teams()
    if not figures["activities"] and not teams:
        return None
    if teams:
        members = distinct_members()
        figures["teams_line"] = (
            f"服务团队 {len(teams)} 个（{'、'.join(t['name'] for t in teams)}），成员共 {members} 人。"
        )
    return figures


def export_report(out: Path, *, day: _dt.date | None = None) -> ExportResult:
    """The 统计报表 workbook (tables, charts, survey paragraph) as of ``day``."""
    day = day or clock.today()
    out = _check_target(out)
    stats = compute_stats(day)
    if not stats["total"]:
        raise ExportError("花名册中还没有在册人员，无法生成统计报表；请先录入或导入人员")
    stats["activities"] = _activity_figures(day.year)
    title = f"{zone_name()}离退休干部基本情况统计表"
    subtitle = f"统计日期：{day.isoformat()}　范围：全部在册人员　共 {stats['total']} 人"
    with _save_errors(out):
        sign_off = (
            f"制表单位：{get_setting('office_name') or ''}　　　　审核：＿＿＿＿＿＿　　　　"
            f"制表日期：{day.isoformat()}"
        )
        write_report_xlsx(out, stats, title=title, subtitle=subtitle, sign_off=sign_off)
    summary = f"导出统计报表（在册 {stats['total']} 人），文件 {out.name}"
    _record("report", summary, {"file": str(out), "count": stats["total"]})
    return ExportResult("report", [out], stats["total"], summary)


def _unit_sheet_title(unit: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", unit)[:28] or "单位"
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}{n}"
        n += 1
    used.add(title)
    return title


def export_unit_check(
    out: Path,
    *,
    units: Sequence[str] | None = None,
    one_workbook: bool = False,
    day: _dt.date | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """单位核对表: each unit's 在册 people in the import template's columns.

    ``out`` is a folder (one file per unit) or, with ``one_workbook``, a file or a folder for one
    workbook with a sheet per unit. The ID number is written in full: the unit's corrected file
    is imported back and matched by it.
    """
    day = day or clock.today()
    out = Path(out)
    known = unit_choices()
    if units:
        unknown = [u for u in units if u not in known]
        if unknown:
            raise ExportError(f"没有这些单位：{'、'.join(unknown)}。请检查单位名称")
        chosen = list(dict.fromkeys(units))
    else:
        chosen = known
    columns = columns_for(UNIT_CHECK_KEYS)
    house = [c.as_house_column() for c in columns]
    per_unit: list[tuple[str, list[int]]] = []
    for unit in chosen:
        ids = query_person_ids(RosterFilter(units=(unit,)), today=day)
        if ids:
            per_unit.append((unit, ids))
    if not per_unit:
        raise ExportError("所选单位没有在册人员，没有可导出的核对表")
    total = sum(len(ids) for _, ids in per_unit)
    if one_workbook:
        if out.suffix.lower() != ".xlsx":
            if not out.is_dir():
                raise ExportError(f"文件夹“{out}”不存在，请另选保存位置")
            out = out / default_filename("unit-check", day)
        targets = [out]
        _check_target(out)
    else:
        if out.exists() and not out.is_dir():
            raise ExportError(f"“{out}”是一个文件；请选择一个文件夹来存放各单位的核对表")
        with _save_errors(out):
            out.mkdir(parents=True, exist_ok=True)
        targets = [out / default_filename("unit-check", day, unit=u) for u, _ in per_unit]
    written: list[Path] = []
    try:
        _write_unit_checks(per_unit, targets, one_workbook, columns, house, day, progress, written)
    except BaseException as exc:
        _remove_partial_set(written)
        if isinstance(exc, ExportError) and written:
            raise ExportError(
                f"{exc.message}（已写出的 {len(written)} 个单位的核对表已删除，"
                "没有留下不完整的一套，请处理后重新导出）"
            ) from exc
        raise
    summary = (
        f"导出单位核对表 {len(per_unit)} 个单位共 {total} 人（含完整身份证号），"
        f"{'一个工作簿' if one_workbook else f'保存到文件夹 {out}'}"
    )
    _record(
        "unit-check",
        summary,
        {"files": [str(t) for t in targets], "count": total, "units": [u for u, _ in per_unit]},
    )
    return ExportResult("unit-check", targets, total, summary)


def _remove_partial_set(written: Sequence[Path]) -> None:
    """Delete the files of a multi-file export that failed part-way: a clerk who sends half of
    the units their tables never knows which half is missing."""
    for path in written:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the partly exported file %s", path.name)


def _write_unit_checks(
    per_unit: Sequence[tuple[str, list[int]]],
    targets: Sequence[Path],
    one_workbook: bool,
    columns: Sequence[Any],
    house: Sequence[Any],
    day: _dt.date,
    progress: Progress | None,
    written: list[Path],
) -> None:
    """Write the unit-check files of :func:`export_unit_check`, appending each saved file to
    ``written`` as it lands."""
    total = sum(len(ids) for _, ids in per_unit)
    note = "身份证号为完整号码，请妥善保管。请在本表中直接修改后发回，不要改动表头"
    done = 0
    wb = new_streaming_workbook() if one_workbook else None
    used: set[str] = set()
    for i, (unit, ids) in enumerate(per_unit):
        target = targets[0] if one_workbook else targets[i]
        book = wb if one_workbook else new_streaming_workbook()
        rows = list(_person_rows(ids, columns, day, full_id=True, with_phones=True))
        with _save_errors(target), _cleanup(wb if one_workbook else book):
            add_roster_sheet(
                book,
                sheet_title=_unit_sheet_title(unit, used) if one_workbook else "核对表",
                title=f"{zone_name()}{unit}离退休干部信息核对表",
                subtitle=_subtitle(day, f"单位：{unit}", len(ids), [note]),
                columns=house,
                rows=rows,
                progress=_wrap_progress(progress, total),
                done_before=done,
                dropdowns=UNIT_CHECK_DROPDOWNS,
            )
            if not one_workbook:
                save_atomically(book, target)
                written.append(target)
        done += len(ids)
    if one_workbook:
        with _save_errors(targets[0]), _cleanup(wb):
            save_atomically(wb, targets[0])


def _dropdowns(keys: Sequence[str]) -> dict[int, tuple[str, ...]]:
    result: dict[int, tuple[str, ...]] = {}
    for i, key in enumerate(keys):
        spec = FIELD_BY_KEY.get(key)
        if spec is not None and spec.kind == "bool":
            result[i] = ("是", "否")
        elif spec is not None and spec.choices:
            result[i] = tuple(spec.choices)
    return result


# 性别, 离退休类别, 政治面貌 … offered as drop-down lists, as in the blank import template
UNIT_CHECK_DROPDOWNS = _dropdowns(UNIT_CHECK_KEYS)

DIRECTORY_PDF_WIDTHS = {  # mm, landscape A4 leaves 273 mm
    "name": 26,
    "unit": 45,
    "phone": 34,
    "landline": 34,
    "address": 110,
    "emergency_contact": 66,
}


def directory_groups(
    flt: RosterFilter, day: _dt.date, keys: Sequence[str], *, with_phones: bool = True
) -> list[tuple[str, list[list[Any]]]]:
    """The directory's people grouped by unit (units and names in pinyin order)."""
    columns = columns_for(list(keys))
    month_only = "id_number" in keys
    ids = query_person_ids(flt, today=day)
    rows_with_key: list[tuple[str, str, list[Any]]] = []
    for start in range(0, len(ids), FETCH_CHUNK):
        chunk = ids[start : start + FETCH_CHUNK]
        persons = fetch_person_rows(chunk, day)
        contacts = emergency_contacts(chunk)
        for pid in chunk:
            p = persons[pid]
            unit = p.get("unit") or NO_UNIT
            row = [
                _cell(
                    p,
                    c.key,
                    full_id=False,
                    with_phones=with_phones,
                    contacts=contacts,
                    birth_month_only=month_only,
                )
                for c in columns
            ]
            rows_with_key.append((unit, p.get("name") or "", row))
    groups: dict[str, list[tuple[str, list[Any]]]] = {}
    for unit, name, row in rows_with_key:
        groups.setdefault(unit, []).append((sort_key(name), row))
    order = unit_key()
    ordered = sorted(groups, key=lambda u: (u == NO_UNIT, order(u)))
    return [(u, [row for _, row in sorted(groups[u], key=lambda t: t[0])]) for u in ordered]


def export_directory(
    out: Path,
    *,
    flt: RosterFilter | None = None,
    with_phones: bool = True,
    day: _dt.date | None = None,
    font: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """通讯录 (name, unit, phones, address, emergency contact) grouped by unit, sorted by pinyin,
    as xlsx or, when ``out`` ends in .pdf, as a printable PDF."""
    day = day or clock.today()
    flt = flt or RosterFilter()
    out = _check_target(out)
    keys = [k for k in DIRECTORY_KEYS if with_phones or k not in PHONE_KEYS]
    columns = columns_for(keys)
    groups = directory_groups(flt, day, keys, with_phones=with_phones)
    total = sum(len(rows) for _, rows in groups)
    if not total:
        raise ExportError("按当前条件没有找到任何人员，请调整筛选条件后再导出")
    title = f"{zone_name()}离退休干部通讯录"
    subtitle = _subtitle(day, describe_filter(flt), total, ["按单位分组，按姓名拼音排序"])
    is_pdf = out.suffix.lower() == ".pdf"
    with _save_errors(out):
        if is_pdf:
            keep = [i for i, c in enumerate(columns) if c.key != "unit"]  # unit is the heading
            write_directory_pdf(
                out,
                title=title,
                subtitle=subtitle,
                headers=[columns[i].label for i in keep],
                col_widths_mm=[DIRECTORY_PDF_WIDTHS[columns[i].key] for i in keep],
                groups=[
                    DirectoryGroup(u, [[row[i] for i in keep] for row in rows])
                    for u, rows in groups
                ],
                font=font,
                progress=_wrap_progress(progress, total),
            )
        else:
            wb = new_streaming_workbook()
            with _cleanup(wb):
                add_roster_sheet(
                    wb,
                    sheet_title="通讯录",
                    title=title,
                    subtitle=subtitle,
                    columns=[c.as_house_column() for c in columns],
                    rows=[row for _, rows in groups for row in rows],
                    progress=_wrap_progress(progress, total),
                )
                save_atomically(wb, out)
    summary = f"导出通讯录 {total} 人（{describe_filter(flt)}），{'PDF' if is_pdf else 'Excel'} 文件 {out.name}"
    _record("directory", summary, {"file": str(out), "count": total})
    return ExportResult("directory", [out], total, summary)


def unit_choices() -> list[str]:
    """All unit names in the zone's order (for the wizard's unit lists)."""
    return ordered_units()


def count_people(flt: RosterFilter, day: _dt.date | None = None) -> int:
    """How many people an export of ``flt`` would hold (the wizard shows it)."""
    return len(query_person_ids(flt, today=day or clock.today()))


def export_folder_setting() -> str:
    """The folder the clerk last exported to ("" before the first export)."""
    return str(get_setting("export_last_folder", "") or "")


def remember_export_folder(folder: Path) -> None:
    from .settings import set_setting

    if is_read_only():
        return  # a convenience: a read-only data folder just does not remember it
    set_setting("export_last_folder", str(folder))
