"""Checking the data rows of an import: every cell normalised with the core rules, the problems
of each row named by spreadsheet row, column header and reason.

The work goes column by column over a block of rows rather than cell by cell along each row.
A 100 000-row file holds a million cells, and most of them repeat (dates, 离休/退休, 政治面貌)
or are already clean (a plain Chinese name, an 11-digit mobile, a valid ID number). Going down a
column lets one cache serve the repeats and keeps the per-cell work to one dictionary look-up or
one fast-path check; the row loop then only assembles values and compares the ID number's birth
date and gender with the sheet's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as _dt_date
from operator import itemgetter
from typing import Any

from ..core import clock
from ..core import fields as core_fields
from ..core.errors import RuleError
from ..core.idnumber import IdNumber, parse_id_number
from ..core.normalize import (
    area_code_after_number,
    is_placeholder,
    normalize_phone,
    to_halfwidth,
)
from ..core.person_dates import DATE_KEYS, DateRules
from ..core.phones import is_mobile, split_phones
from ..files.header_detect import TOTAL_FIRST, is_total_row, is_total_text
from .import_errors import ImportCancelled

# Kinds whose values are mostly distinct (an ID number, a mobile): a cache would only grow.
_UNCACHED_KINDS = ("id", "phone")
BLOCK = 5000  # rows checked between two progress reports


@dataclass(frozen=True)
class Issue:
    """A problem of one cell: spreadsheet row number, column header, reason (Chinese)."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(slots=True)
class PlannedRow:
    """One data row of the file and what the import will do with it."""

    row: int
    values: dict[str, Any]
    action: str = "new"  # one of importing.ACTION_NAMES
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    person_id: int | None = None
    same_as_row: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    version: int | None = None  # the matched person's row version when the file was checked
    raw: list[Any] | None = None  # the original cells, kept for rejected rows only


class _Blank:
    """An empty cell (None, "" or only spaces): the field is left out of the row's values."""


BLANK = _Blank()


class _Bad:
    """A cell the core rules refused, with their Chinese reason."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


@dataclass(frozen=True)
class Column:
    """A mapped column: its index in the row, glossary key and header as the clerk sees it."""

    index: int
    key: str
    header: str
    parts: tuple[int, ...] = ()  # columns written before this one's text (省 / 市 / 区 of 地址)


def _joined(row: Sequence[Any], parts: tuple[int, ...], index: int) -> Any:
    """The address of a row whose 省 / 市 / 区 are in columns of their own: the parts, then the
    detail; a part the detail already starts with (or holds) is written once."""
    detail = row[index] if index < len(row) else None
    text = "" if detail is None else core_fields.normalize_text(detail)
    pieces = []
    for part in parts:
        value = core_fields.normalize_text(row[part]) if part < len(row) else ""
        if value and value not in text and all(value not in p for p in pieces):
            pieces.append(value)
    return "".join(pieces) + text


class _Phones:
    """A phone cell that holds a landline where a mobile was asked for, or several numbers, or
    a remark in brackets beside the number: the row puts each number in 手机 or 固定电话 and the
    remark in 备注 (see :func:`_place_phones`)."""

    __slots__ = ("landlines", "mobiles", "read_as", "remarks")

    def __init__(
        self, mobiles: list[str], landlines: list[str], remarks: str = "", read_as: str = ""
    ) -> None:
        self.mobiles = mobiles
        self.landlines = landlines
        self.remarks = remarks
        self.read_as = read_as  # a warning: how a number that could be misread was read


# A remark in brackets typed beside a value: "13912345678（女儿）", "张三（已故）".
_REMARK = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")


def _phone_cell(key: str) -> Callable[[Any], Any]:
    def convert(raw: Any) -> Any:
        try:
            number = normalize_phone(raw)
        except RuleError:
            if raw.__class__ is not str:
                raise
            try:
                mobiles, landlines = split_phones(raw)
            except RuleError:
                remarks = [r.strip() for r in _REMARK.findall(raw) if r.strip()]
                if not remarks or all(to_halfwidth(r).isdigit() for r in remarks):
                    raise  # "63921235（371）": an area code without its 0, or an extension
                mobiles, landlines = split_phones(_REMARK.sub(" ", raw))
                if not mobiles and not landlines:
                    raise
                return _Phones(mobiles, landlines, "、".join(remarks))
            return _Phones(mobiles, landlines)
        if "-" in number and raw.__class__ is str and area_code_after_number(raw):
            # "63921235-0371": the area code typed after the number, read as 0371-63921235
            read_as = f"“{raw.strip()}”按区号在后理解为 {number}；如果后面是分机号，请改正"
            return _Phones([], [number], read_as=read_as)
        if key == "phone" and number and not is_mobile(number):
            return _Phones([], [number])
        if key == "landline" and is_mobile(number):
            return _Phones([number], [])
        return number

    return convert


def _place_phones(number: int, values: dict[str, Any], headers: dict[str, str]) -> list[Issue]:
    """Spread the numbers of split phone cells: mobiles to 手机, landlines to 固定电话, a number
    the row already has there to 备注 (nothing typed is dropped), with a warning for each move."""
    found: dict[str, list[str]] = {"phone": [], "landline": []}
    cells = {}
    for key in ("phone", "landline"):
        value = values.get(key)
        if value.__class__ is _Phones:
            cells[key] = value
            del values[key]
        elif value:
            found[key].append(value)
    for value in cells.values():
        found["phone"] += [m for m in value.mobiles if m not in found["phone"]]
        found["landline"] += [n for n in value.landlines if n not in found["landline"]]
    warnings: list[Issue] = []
    for source, value in cells.items():
        if value.read_as:
            warnings.append(Issue(number, headers.get(source, ""), value.read_as))
        if value.remarks:
            note = f"{headers.get(source, '电话')}说明：{value.remarks}"
            values["notes"] = f"{values['notes']}；{note}" if values.get("notes") else note
            warnings.append(Issue(number, headers.get(source, ""), f"“{value.remarks}”已记入备注"))
    extra: list[str] = []
    for key, label in (("phone", "手机"), ("landline", "固定电话")):
        numbers = found[key]
        if not numbers:
            continue
        values[key] = numbers[0]
        extra += numbers[1:]
        for source, value in cells.items():
            moved = value.mobiles if key == "phone" else value.landlines
            if source != key and numbers[0] in moved:
                warnings.append(
                    Issue(number, headers.get(source, ""), f"{numbers[0]} 已填入“{label}”")
                )
    if extra:
        note = "其他电话：" + "、".join(extra)
        values["notes"] = f"{values['notes']}；{note}" if values.get("notes") else note
        warnings.append(
            Issue(
                number,
                headers.get("phone", headers.get("landline", "")),
                f"号码较多，{'、'.join(extra)} 已记入备注",
            )
        )
    return warnings


class _NotKept:
    """A 离退休类别 the office does not keep ("退职"): the person is imported with the 类别
    blank and the word in 备注 (see :func:`_not_kept`)."""

    __slots__ = ("word",)

    def __init__(self, word: str) -> None:
        self.word = word


# 退职 (leaving service before retirement age, on other terms) is neither 离休 nor 退休.
_NOT_KEPT_KINDS = frozenset(("退职", "退职人员", "退职干部", "退职职工"))


def _kind_cell(raw: Any) -> Any:
    if raw.__class__ is str:
        word = re.sub(r"\s+", "", to_halfwidth(raw))
        if word in _NOT_KEPT_KINDS:
            return _NotKept(word)
    return core_fields.normalize_field("retirement_kind", raw)


def _not_kept(number: int, values: dict[str, Any], headers: dict[str, str]) -> Issue:
    """类别 "退职": left blank (the roster allows a blank 类别), the word kept in 备注."""
    word = values["retirement_kind"].word
    values["retirement_kind"] = ""  # blank, not the 退休 a new person gets by default
    note = f"离退休类别：{word}"
    values["notes"] = f"{values['notes']}；{note}" if values.get("notes") else note
    return Issue(
        number,
        headers.get("retirement_kind", "离退休类别"),
        f"“{word}”不是离休或退休（本程序只记离休、退休两类），类别已留空，“{word}”记入备注；"
        "请核实此人是否应列入名册：应列入的请在花名册中补填类别，不应列入的请删除",
    )


def _single(key: str) -> Callable[[Any], Any]:
    kind = core_fields.FIELD_BY_KEY[key].kind
    if key == "retirement_kind":
        return _or_blank(_kind_cell)
    if key in _ONE_LINE:
        plain = core_fields.normalize_text if key in ("unit", "party_branch") else None
        return _or_blank(
            lambda raw: _one_line(plain(raw) if plain else core_fields.normalize_field(key, raw)),
            first=True,
        )
    if kind == "id":
        return _or_blank(parse_id_number)
    if kind == "phone":
        return _or_blank(_phone_cell(key))
    if kind in ("name", "bool"):  # a name is never a placeholder; 无 is 否 in a 是/否 column
        return lambda raw: core_fields.normalize_field(key, raw)
    # A vocabulary may hold 无 itself (困难类别, 政治面貌's 群众): asked first.
    return _or_blank(lambda raw: core_fields.normalize_field(key, raw), first=kind == "text")


# Fields of one line: a line break typed in the cell (Alt+Enter, to fit the column) is not
# part of the value.
_ONE_LINE = frozenset(("unit", "party_branch", "position", "address"))


def _one_line(text: Any) -> Any:
    """``text`` with its line breaks taken out: Chinese runs on, between two Latin letters or
    digits a space stays ("文化路12号院\n3号楼" → "文化路12号院3号楼")."""
    if text.__class__ is not str or "\n" not in text:
        return text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        gap = " " if out[-1].isascii() and out[-1].isalpha() and line[0].isascii() else ""
        out += gap + line
    return out


def _or_blank(convert: Callable[[Any], Any], first: bool = False) -> Callable[[Any], Any]:
    """``convert``, except that a cell saying there is nothing ("无", "不详", "/") is BLANK:
    tried ``first`` (free text, which takes anything) or after ``convert`` refused it."""
    if first:

        def blank_first(raw: Any) -> Any:
            if raw.__class__ is str and len(raw) <= 6 and is_placeholder(raw):
                return BLANK
            return convert(raw)

        return blank_first

    def blank_after(raw: Any) -> Any:
        try:
            return convert(raw)
        except RuleError:
            if raw.__class__ is str and is_placeholder(raw):
                return BLANK
            raise

    return blank_after


def _convert(single: Callable[[Any], Any], raw: Any) -> Any:
    if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
        return BLANK
    try:
        return single(raw)
    except RuleError as exc:
        return _Bad(exc.message)


class ColumnChecker:
    """Normalises the cells of one column, remembering values already seen where they repeat."""

    def __init__(self, column: Column) -> None:
        self.column = column
        self._single = _single(column.key)
        kind = core_fields.FIELD_BY_KEY[column.key].kind
        self._cached = kind not in _UNCACHED_KINDS
        # Text cells are their own key; other cells are keyed with their type, because 1, 1.0
        # and True are equal as dictionary keys. No text equals a non-text key, so a look-up
        # of any cell in the text memo is safe.
        self._text_memo: dict[str, Any] = {}
        self._other_memo: dict[tuple[type, Any], Any] = {}

    def check(self, cells: list[Any]) -> list[Any]:
        """One result per cell: the stored value, BLANK, or a refusal (see :func:`check_rows`)."""
        single = self._single
        if not self._cached:
            out = []
            append = out.append
            for raw in cells:
                # _convert written out: this runs once per ID number and per phone of the file.
                if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                    append(BLANK)
                    continue
                try:
                    append(single(raw))
                except RuleError as exc:
                    append(_Bad(exc.message))
            return out
        text_memo = self._text_memo
        out = list(map(text_memo.get, cells))
        position = -1
        while True:
            try:
                position = out.index(None, position + 1)
            except ValueError:
                return out
            raw = cells[position]
            if raw.__class__ is str:
                hit = text_memo.get(raw)
                if hit is None:
                    hit = text_memo[raw] = _convert(single, raw)
            else:
                token = (raw.__class__, raw)
                hit = self._other_memo.get(token)
                if hit is None:
                    hit = self._other_memo[token] = _convert(single, raw)
            out[position] = hit


def _id_warnings(
    number: int, values: dict[str, Any], info: IdNumber, headers: dict[str, str]
) -> list[Issue]:
    warnings: list[Issue] = []
    birth = values.get("birth_date")
    if birth and birth != info.birth_date:
        # "1950.03" means March 1950: a sheet giving only the month agrees with the ID's date.
        same_month = birth.day == 1 and (birth.year, birth.month) == (
            info.birth_date.year,
            info.birth_date.month,
        )
        if not same_month:
            warnings.append(
                Issue(
                    number,
                    headers.get("birth_date", "出生日期"),
                    f"出生日期 {birth} 与身份证号不符，已按身份证号改为 {info.birth_date}",
                )
            )
    gender = values.get("gender")
    if gender and gender != info.gender:
        warnings.append(
            Issue(
                number,
                headers.get("gender", "性别"),
                f"性别“{gender}”与身份证号不符，已按身份证号改为“{info.gender}”",
            )
        )
    return warnings


def _other_persons_id(
    number: int, values: dict[str, Any], info: IdNumber, headers: dict[str, str]
) -> Issue:
    """Gender AND birth date both against the ID number: most likely someone else's number
    (a spouse's) typed into the row, so the row is held back rather than corrected."""
    return Issue(
        number,
        headers.get("id_number", "身份证号"),
        f"性别“{values.get('gender')}”和出生日期 {values.get('birth_date')} 都与身份证号"
        f"（{info.gender}，{info.birth_date}）不符，身份证号可能是别人的（如配偶的），请核对后重新填写",
    )


_SENTENCE_LENGTH = 10  # a name of this many characters without "·" is a sentence
_NAME_MARKS = "*※★☆△▲▽▼#＃"


def _name_remark(number: int, values: dict[str, Any], headers: dict[str, str]) -> Issue | None:
    """ "张三(已故)": the name is 张三 and the remark goes to 备注, with a warning."""
    name = values["name"]
    if name[-1] in _NAME_MARKS:  # "钱秀英*", "孙志强※": a mark the unit explains in a note
        bare = name.rstrip(_NAME_MARKS)
        remark = name[len(bare) :]
    else:
        opening = name.index("(")
        bare, remark = name[:opening], name[opening + 1 : -1].strip()
    if not bare or not remark or "(" in remark or ")" in remark:
        return None
    values["name"] = bare
    note = f"姓名说明：{remark}"
    values["notes"] = f"{values['notes']}；{note}" if values.get("notes") else note
    return Issue(number, headers.get("name", "姓名"), f"姓名后的“{remark}”已记入备注")


_DATE_KEYS = frozenset(DATE_KEYS)
_ID_DECIDES = frozenset(("birth_date", "gender"))
_BY_ID = "；本行有身份证号，已按身份证号填写"


def _date_issues(
    number: int,
    values: dict[str, Any],
    headers: dict[str, str],
    birth_from_id: bool,
    rules: DateRules,
) -> list[Issue]:
    """The dates of a row that cannot be true (core.person_dates); each one is left out of the
    row's values and makes the row invalid. A birth date read from the ID number is blamed on
    the ID number's column."""
    issues = []
    for key, reason in rules.problems(values).items():
        column = "id_number" if key == "birth_date" and birth_from_id else key
        label = core_fields.FIELD_BY_KEY[column].label
        issues.append(Issue(number, headers.get(column, label), reason))
        values.pop(key, None)
    return issues


def _typed_length(raw: Any) -> int:
    """How many digits (and X) an ID cell holds as typed: 15 for an old number, 18 for a new."""
    text = str(int(raw)) if raw.__class__ in (int, float) else to_halfwidth(str(raw))
    return sum(1 for ch in text if ch.isdigit() or ch in "xX")


# A header naming the number a person had before ("原身份证号", "旧身份证号（15位）").
_OLD_ID_HEADER = re.compile(r"原|旧|曾用|15")


def _pick_id(
    number: int,
    found: list[tuple[Column, Any, Any]],
    values: dict[str, Any],
    errors: list[Issue],
    warnings: list[Issue],
) -> None:
    """The person's ID number from a row with two ID columns (身份证号（15位）and 身份证号（18位）,
    原身份证号 and 身份证号码): ``found`` holds each column's (column, cell, checked value) that
    is not empty. A valid number wins over an invalid one; of two valid ones that differ, the
    one agreeing with the row's birth date and gender, then one typed with 18 digits, then one
    whose header does not say 原/旧; the other is kept in 备注, with a warning naming both."""
    valid = [item for item in found if item[2].__class__ is IdNumber]
    bad = [item for item in found if item[2].__class__ is _Bad]
    if not valid:
        for column, _raw, value in bad:
            errors.append(Issue(number, column.header, value.message))
        return
    birth, gender = values.get("birth_date"), values.get("gender")

    def rank(item: tuple[Column, Any, Any]) -> tuple[int, int, bool]:
        column, raw, info = item
        born = info.birth_date
        agrees = (
            birth.__class__ is _dt_date
            and (
                birth == born
                or (birth.day == 1 and (birth.year, birth.month) == (born.year, born.month))
            )
        ) + (gender.__class__ is str and gender == info.gender)
        return (-agrees, -(_typed_length(raw) == 18), bool(_OLD_ID_HEADER.search(column.header)))

    chosen = min(valid, key=rank) if len(valid) > 1 else valid[0]
    values["id_number"] = chosen[2]
    for column, _raw, value in bad:
        warnings.append(
            Issue(
                number,
                column.header,
                f"{value.message}；已采用“{chosen[0].header}”中的身份证号 {chosen[2].number}",
            )
        )
    others = []
    for column, _raw, info in valid:
        if info.number != chosen[2].number and info.number not in others:
            others.append(info.number)
            note = f"{column.header}：{info.number}"
            values["notes"] = f"{values['notes']}；{note}" if values.get("notes") else note
            same = (info.birth_date, info.gender) == (chosen[2].birth_date, chosen[2].gender)
            why = "出生日期和性别相同，可能是换发过的号码" if same else "不像是同一个人的号码"
            warnings.append(
                Issue(
                    number,
                    column.header,
                    f"“{chosen[0].header}”是 {chosen[2].number}，“{column.header}”是 {info.number}，"
                    f"两个号码不同（{why}）：已采用“{chosen[0].header}”的，另一个记入备注，请核对",
                )
            )


def _filled(value: Any) -> bool:
    return value is not None and value != "" and not (value.__class__ is str and not value.strip())


def _run_on(before: str, after: str) -> str:
    """Two parts of one text typed in two rows: Chinese runs on; between two Latin letters (a
    word cut in two cannot be told from two words) a space, as a line break in a cell gets."""
    if not before:
        return after
    gap = " " if before[-1].isascii() and before[-1].isalpha() and after[0].isascii() else ""
    return before + gap + after


# Columns whose value a cell merged down gives to every row beside it (readers fill merges
# down): the same value in the row under a person is the merge, not another person's field.
_MERGED_DOWN_KEYS = frozenset(("unit", "party_branch", "retirement_kind"))


class RowChecker:
    """Checks blocks of data rows against a column mapping; keeps its caches across blocks.

    Two rules look beyond one row:

    * a row whose only filled cells are in the 现住址 and/or 备注 columns, right under a row
      with a name, continues that row's address or remark (a long address typed on, or shown by
      Excel, in the next row): it is joined to the person's row, with a warning there naming
      it. A block's last row is therefore held back when more blocks follow (``more=True``)
      and checked with the next block, so that blocks change nothing;
    * two columns of the person's own ID number (身份证号（15位）and 身份证号（18位）): each row
      takes the valid one (:func:`_pick_id`).
    """

    def __init__(self, columns: Sequence[Column], unit: str) -> None:
        id_columns = [c for c in columns if c.key == "id_number"]
        self.id_checkers = [ColumnChecker(c) for c in id_columns] if len(id_columns) > 1 else []
        if self.id_checkers:
            columns = [c for c in columns if c.key != "id_number"]
        self.checkers = [ColumnChecker(c) for c in columns]
        self.unit = unit
        self.headers: dict[str, str] = {}
        for c in (*columns, *id_columns):
            self.headers.setdefault(c.key, c.header)
        by_key = {c.key: c.index for c in reversed(columns)}
        self._name_index = by_key.get("name")
        self._spill_columns = {
            by_key[key]: self.headers[key] for key in ("address", "notes") if key in by_key
        }
        self._same_ok = [by_key[key] for key in _MERGED_DOWN_KEYS if key in by_key]
        self._held: list[tuple[int, Sequence[Any]]] = []
        self._joined: dict[int, list[tuple[int, list[str]]]] = {}

    def _join_spills(
        self, block: Sequence[tuple[int, Sequence[Any]]]
    ) -> Sequence[tuple[int, Sequence[Any]]]:
        """``block`` with each row that continues the address or remark of the person above
        joined to that person's row (a copy of its cells; the reader's rows are not changed)."""
        ni = self._name_index
        try:
            names = list(map(itemgetter(ni), map(itemgetter(1), block)))
        except IndexError:  # a row shorter than the name column
            names = [cells[ni] if ni < len(cells) else None for _n, cells in block]
        if None not in names and "" not in names:
            return block  # every row has a name (a name of only spaces is no spill either)
        nameless = [i for i, name in enumerate(names) if i and not _filled(name)]
        if not nameless:
            return block
        spill = self._spill_columns
        out = list(block)
        absorbed: set[int] = set()
        for i in nameless:
            number, cells = block[i]
            at = i - 1
            while at in absorbed:
                at -= 1
            above_number, above = out[at]
            before = self._joined.get(above_number)
            if (before[-1][0] if before else above_number) != number - 1:
                continue  # not directly under (a blank or skipped row between)
            name = above[ni] if ni < len(above) else None
            if not _filled(name) or is_total_text(name):
                continue
            filled = [j for j, value in enumerate(cells) if _filled(value)]
            if not filled or any(
                j not in spill
                and not (j in self._same_ok and j < len(above) and above[j] == cells[j])
                for j in filled
            ):
                continue
            joined = list(above)
            named = []
            for j in filled:
                if j not in spill:
                    continue
                joined += [None] * (j + 1 - len(joined))
                before = "" if joined[j] is None else core_fields.normalize_text(joined[j])
                joined[j] = _run_on(before, core_fields.normalize_text(cells[j]))
                named.append(spill[j])
            out[at] = (above_number, joined)
            absorbed.add(i)
            self._joined.setdefault(above_number, []).append((number, named))
        return [item for k, item in enumerate(out) if k not in absorbed]

    def _spill_warning(self, number: int, values: dict[str, Any]) -> Issue:
        joined = self._joined.pop(number)
        rows = "、".join(str(n) for n, _named in joined)
        named = list(dict.fromkeys(h for _n, headers in joined for h in headers))
        what = "、".join(f"“{h}”" for h in named)
        key = "address" if self.headers.get("address") in named else "notes"
        shown = values.get(key)
        now = f"（“{self.headers[key]}”现为“{shown}”）" if shown else ""
        return Issue(
            number,
            named[0],
            f"第 {rows} 行只填了{what}，看作本行的续行，已接在本行之后{now}；"
            "如果那是另一个人，请补上姓名后重新导入",
        )

    def check(
        self, block: Sequence[tuple[int, Sequence[Any]]], *, more: bool = False
    ) -> list[PlannedRow]:
        """PlannedRows ("new" or "invalid") for the (row number, cells) of ``block``; a row
        whose mapped cells are all empty gives none. ``more``: further blocks follow, so the
        last row is held back for the next call (its address may go on in the next row)."""
        if self._held:
            block = [*self._held, *block]
            self._held = []
        if self._spill_columns and self._name_index is not None and len(block) > 1:
            block = self._join_spills(block)
        if more and block:
            self._held = [block[-1]]
            block = block[:-1]
        if not block:
            return []
        rows = [cells for _n, cells in block]
        width = min(map(len, rows))
        keys = []
        outs = []
        blank_keys = []
        refused: set[int] = set()
        split: set[int] = set()
        not_kept: set[int] = set()
        for checker in self.checkers:
            index = checker.column.index
            if checker.column.parts:
                parts = checker.column.parts
                cells = [_joined(row, parts, index) for row in rows]
            elif index < width:
                cells = list(map(itemgetter(index), rows))
            else:
                cells = [row[index] if index < len(row) else None for row in rows]
            out = checker.check(cells)
            keys.append(checker.column.key)
            outs.append(out)
            if BLANK in out:
                blank_keys.append(checker.column.key)
            refused.update(i for i, value in enumerate(out) if value.__class__ is _Bad)
            if checker.column.key in ("phone", "landline"):
                split.update(i for i, value in enumerate(out) if value.__class__ is _Phones)
            elif checker.column.key == "retirement_kind":
                not_kept = {i for i, value in enumerate(out) if value.__class__ is _NotKept}
        id_outs = [
            (
                c.column,
                c.check(
                    [row[c.column.index] if c.column.index < len(row) else None for row in rows]
                ),
            )
            for c in self.id_checkers
        ]
        planned: list[PlannedRow] = []
        headers = self.headers
        rules = DateRules(clock.today())  # once a block: the clock reads the environment
        unit = self.unit
        for position, ((number, cells), results) in enumerate(
            zip(block, zip(*outs, strict=True), strict=True)
        ):
            values = dict(zip(keys, results, strict=True))
            errors: list[Issue] = []
            warnings: list[Issue] = []
            for key in blank_keys:
                if values[key] is BLANK:
                    del values[key]
            if id_outs:
                found = [
                    (column, cells[column.index], out[position])
                    for column, out in id_outs
                    if out[position] is not BLANK
                ]
                if found:
                    _pick_id(number, found, values, errors, warnings)
            if position in refused:
                id_decides = values.get("id_number").__class__ is IdNumber
                for column, value in zip(self.checkers, results, strict=True):
                    if value.__class__ is _Bad:
                        key = column.column.key
                        del values[key]
                        if id_decides and key in _ID_DECIDES:
                            # The ID number gives the birth date and gender anyway.
                            warnings.append(
                                Issue(number, column.column.header, value.message + _BY_ID)
                            )
                        else:
                            errors.append(Issue(number, column.column.header, value.message))
            if not values and not errors:
                continue
            name = values.get("name")
            if name and ((name[-1] == ")" and "(" in name) or name[-1] in _NAME_MARKS):
                warning = _name_remark(number, values, headers)
                if warning is not None:
                    warnings.append(warning)
                    name = values["name"]
            if (name and name[0] in TOTAL_FIRST and is_total_text(name)) or (
                not name and is_total_row(cells)
            ):
                continue  # a subtotal or total line ("小计", "共计 8 人"), not a person
            if position in split:
                warnings += _place_phones(number, values, headers)
            if position in not_kept:
                warnings.append(_not_kept(number, values, headers))
            info = values.get("id_number")
            if info is not None:
                birth = values.get("birth_date")
                gender = values.get("gender")
                known = info.birth_date
                if (
                    birth
                    and birth != known
                    # "1950.03" read as 1 March 1950 agrees with any day of March 1950
                    and not (
                        birth.day == 1 and birth.month == known.month and birth.year == known.year
                    )
                ) or (gender and gender != info.gender):
                    contradictions = _id_warnings(number, values, info, headers)
                    if len(contradictions) == 2:
                        errors.append(_other_persons_id(number, values, info, headers))
                    else:
                        warnings += contradictions
                values["id_number"] = info.number
                values["birth_date"] = info.birth_date
                values["gender"] = info.gender
            if name and len(name) >= _SENTENCE_LENGTH and "·" not in name:
                # "本表由各单位人事部门填写" under the table: a sentence, not a person.
                errors.append(
                    Issue(
                        number,
                        headers.get("name", "姓名"),
                        f"姓名“{name}”有{len(name)}个字，不像是人名（少数民族姓名请用“·”分隔），"
                        "请核对；如果这是表格下方的说明文字，可以不管",
                    )
                )
            if not name and not any(i.column == headers.get("name") for i in errors):
                errors.insert(0, Issue(number, headers.get("name", "姓名"), "姓名不能为空"))
            if values.keys() & _DATE_KEYS:
                errors += _date_issues(number, values, headers, info is not None, rules)
            if values.get("status") == "已故" and not values.get("death_date"):
                errors.append(
                    Issue(
                        number, headers.get("death_date", "去世日期"), "标记为已故时请填写去世日期"
                    )
                )
            if unit and not values.get("unit"):
                values["unit"] = unit
            if number in self._joined:
                warnings.insert(0, self._spill_warning(number, values))
            row = PlannedRow(number, values, errors=errors, warnings=warnings)
            if errors:
                row.action = "invalid"
                row.raw = list(cells)
            planned.append(row)
        return planned


def check_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Sequence[Column],
    unit: str,
    *,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> list[PlannedRow]:
    """Check every (row number, cells) of ``rows``, a block of :data:`BLOCK` rows at a time;
    ``progress(last row number, total)`` after each block. ImportCancelled is raised when
    ``should_cancel()`` turns true."""
    checker = RowChecker(columns, unit)
    planned: list[PlannedRow] = []
    block: list[tuple[int, Sequence[Any]]] = []
    for item in rows:
        block.append(item)
        if len(block) == BLOCK:
            planned += checker.check(block, more=True)
            if progress is not None:
                progress(item[0], total)
            if should_cancel is not None and should_cancel():
                raise ImportCancelled()
            block = []
    planned += checker.check(block)
    return planned
