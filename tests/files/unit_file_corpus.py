"""A corpus of realistic, messy unit files for the import, each with the people it must give.

Every :class:`Case` writes one file the way units really send them, with several problems at
once (two-row headers with notes in the header cells, ID numbers stored as Excel numbers, genders
as 1/2, dates as text, numbers and Excel dates, split address columns, several phones in a cell,
hidden rows, frozen panes, footers and totals, a sheet per 类别, Word tables split by a page
break, GBK text …), and says field by field what each person must be after the import and which
rows must be refused (row number, column, a word of the reason). :func:`plan_case` runs a case
through the real import (open_source → suggest_mapping → plan_import); :func:`differences` lists
in plain words what came out other than expected. ``tests/files/test_unit_file_corpus.py`` runs
them all, and through the command line too.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.import_helpers import make_id

D = _dt.date

# The people of the corpus: (name, birth, male, seq) → a valid ID number each.
ZHAO = make_id(D(1950, 5, 3), 41, True)
QIAN = make_id(D(1948, 11, 20), 42, False)
SUN = make_id(D(1944, 2, 29), 43, True)
LI_ = make_id(D(1956, 7, 15), 44, False)
ZHOU = make_id(D(1960, 1, 9), 45, True)
WU = make_id(D(1939, 12, 31), 46, True)
ZHENG = make_id(D(1962, 10, 1), 47, False)
WANG_ = make_id(D(1952, 8, 8), 48, True)
FENG = make_id(D(1958, 3, 17), 49, False)
CHEN = make_id(D(1946, 6, 6), 50, True)
OLD15 = "410105" + "520714" + "121"  # an old 15-digit number: 1952-07-14, male (1)
OLD15_18 = None  # filled below


def _upgrade(old: str) -> str:
    from lao_gan_bu_desktop.core.idnumber import check_digit

    first17 = old[:6] + "19" + old[6:]
    return first17 + check_digit(first17)


OLD15_18 = _upgrade(OLD15)


@dataclass
class Case:
    """One unit file: how to write it, and what the import must make of it."""

    name: str
    build: Callable[[Path], Path]  # writes the file into the folder given, returns its path
    people: dict[str, dict[str, Any]]  # name → the fields it must have (dates as ISO text)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, reason word
    warned: list[tuple[int, str]] = field(default_factory=list)  # row, a word of the warning
    unit: str = "报送局"
    sheet: str | None = None
    note: str = ""


# ---------------------------------------------------------------- writers


def _xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merges: dict[str, Sequence[str]] | None = None,
    hidden_rows: dict[str, Sequence[int]] | None = None,
    hidden_cols: dict[str, Sequence[str]] | None = None,
    freeze: dict[str, str] | None = None,
    autofilter: dict[str, str] | None = None,
    protect: Sequence[str] = (),
    formats: dict[str, dict[str, str]] | None = None,
    hidden_sheets: Sequence[str] = (),
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
        for number in (hidden_rows or {}).get(name, ()):
            ws.row_dimensions[number].hidden = True
        for letter in (hidden_cols or {}).get(name, ()):
            ws.column_dimensions[letter].hidden = True
        if name in (freeze or {}):
            ws.freeze_panes = freeze[name]  # type: ignore[index]
        if name in (autofilter or {}):
            ws.auto_filter.ref = autofilter[name]  # type: ignore[index]
        if name in protect:
            ws.protection.sheet = True
            ws.protection.password = "123"
        for ref, number_format in (formats or {}).get(name, {}).items():
            ws[ref].number_format = number_format
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True)
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _docx(path: Path, blocks: Sequence[Any], merges: Sequence[Any] = ()) -> Path:
    """``blocks``: paragraphs (str), page breaks (None) and tables (lists of rows)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    tables = []
    for block in blocks:
        if block is None:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, str):
            document.add_paragraph(block)
        else:
            width = max(len(r) for r in block)
            table = document.add_table(rows=len(block), cols=width)
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    if value not in (None, ""):
                        table.cell(r, c).text = str(value)
            tables.append(table)
    for index, (r0, c0), (r1, c1) in merges:
        tables[index].cell(r0, c0).merge(tables[index].cell(r1, c1))
    document.save(str(path))
    return path


def _text(path: Path, lines: Sequence[Sequence[Any]], encoding: str, sep: str = ",") -> Path:
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in line) for line in lines)
    path.write_bytes((text + "\r\n").encode(encoding))
    return path


# ---------------------------------------------------------------- the cases

CASES: list[Case] = []


def case(**kwargs: Any) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def add(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES.append(Case(name=build.__name__, build=build, **kwargs))
        return build

    return add


@case(
    people={
        "赵建国": {
            "id_number": ZHAO,
            "gender": "男",
            "birth_date": "1950-05-03",
            "ethnicity": "汉族",
            "retirement_kind": "退休",
            "phone": "13903711234",
            "landline": "0371-63921234",
            "address": "文化路12号院3号楼",
            "political_status": "中共党员",
        },
        "钱秀英": {
            "id_number": QIAN,
            "gender": "女",
            "birth_date": "1948-11-20",
            "ethnicity": "回族",
            "retirement_kind": "离休",
            "phone": "13803715678",
            "political_status": "群众",
        },
    },
)
def group_header_with_notes(folder: Path) -> Path:
    """A merged group row "基本信息 | 联系方式" above field names with line breaks and notes."""
    rows = [
        [
            "某某局离退休干部基本情况登记表",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "填报单位（盖章）：某某局",
            None,
            None,
            None,
            None,
            None,
            "填报日期：2026年11月",
            None,
            None,
        ],
        ["序号", "基本信息", None, None, None, None, None, None, "联系方式", None, "家庭住址"],
        [
            None,
            "姓  名",
            "性别",
            "民族",
            "身份证号码\n(18位)",
            "出生\n年月",
            "离退休\n类别",
            "政治\n面貌",
            "手机",
            "固定电话",
            None,
        ],
        [
            1,
            "赵建国",
            "男",
            "汉",
            ZHAO,
            "1950.05",
            "退休",
            "党员",
            "13903711234",
            "0371-63921234",
            "文化路12号院3号楼",
        ],
        [
            2,
            "钱秀英",
            "女 ",
            "回",
            QIAN,
            "1948.11",
            "离休干部",
            "群众",
            "138 0371 5678",
            None,
            None,
        ],
        [
            "填表人：李会计",
            None,
            None,
            "联系电话：0371-61234567",
            None,
            None,
            "审核人：",
            None,
            None,
            None,
        ],
    ]
    return _xlsx(
        folder / "基本情况登记表.xlsx",
        {"Sheet1": rows},
        merges={"Sheet1": ["A1:K1", "B3:H3", "I3:J3", "A3:A4", "K3:K4"]},
        freeze={"Sheet1": "C5"},
    )


@case(
    people={
        "孙志强": {"id_number": SUN, "birth_date": "1944-02-29", "gender": "男"},
        "李桂兰": {"id_number": LI_, "gender": "女"},
        "周明": {"id_number": ZHOU, "birth_date": "1960-01-09"},
        "吴德": {"id_number": WU},
    },
    refused=[(6, "身份证", "数字")],
)
def ids_as_typed(folder: Path) -> Path:
    """ID numbers with a leading apostrophe, spaces inside, a lowercase x, dashes, and
    one stored as an Excel number (4.10102E+17: digits lost, refused)."""
    rows = [
        ["姓名", "身份证号码(18位)", "性别", "备注"],
        ["孙志强", "'" + SUN, "男", None],
        ["李桂兰", f"{LI_[:6]} {LI_[6:14]} {LI_[14:]}".lower(), "女", None],
        ["周明", f"{ZHOU[:6]}-{ZHOU[6:14]}-{ZHOU[14:]}", "男", None],
        ["吴德", "\t" + WU.lower(), "男", None],
        ["郑丽", float(ZHENG[:17] + "0") if ZHENG[-1] != "X" else 4.10105196210011e17, "女", None],
    ]
    return _xlsx(folder / "身份证.xlsx", {"名单": rows})


@case(
    people={
        "王卫东": {"id_number": WANG_, "gender": "男", "birth_date": "1952-08-08"},
        "冯淑珍": {"gender": "女", "birth_date": "1958-03-01"},
        "陈国庆": {"gender": "男", "birth_date": "1946-06-06", "id_number": CHEN},
        "褚红": {"gender": "女", "birth_date": "1955-05-01"},
    },
)
def gender_codes_and_number_dates(folder: Path) -> Path:
    """Gender as 1/2 (GB/T 2261.1), dates as numbers 195005 / 19500503 and Excel dates."""
    rows = [
        ["姓名", "性别（1男2女）", "出生年月", "身份证号"],
        ["王卫东", 1, 19520808, WANG_],
        ["冯淑珍", 2, 195803, None],
        ["陈国庆", "1", _dt.datetime(1946, 6, 6), CHEN],
        ["褚红", " 2 ", "1955年05月", None],
    ]
    return _xlsx(folder / "性别代码.xlsx", {"Sheet1": rows})


@case(
    people={
        "蒋文": {"birth_date": "1950-05-01", "retirement_date": "2010-05-01"},
        "沈红梅": {"birth_date": "1951-05-01", "retirement_date": "2006-10-01"},
        "韩立": {"birth_date": "1949-12-01"},
        "杨光": {"birth_date": "1953-07-01"},
    },
)
def dates_as_text_without_ids(folder: Path) -> Path:
    """No ID numbers: dates as "1950-05", "51.05", "1950.5", "1949年12月", a number 1953.07."""
    rows = [
        ["姓名", "出生年月（例：1950.01）", "退休时间"],
        ["蒋文", "1950-05", "2010.05"],
        ["沈红梅", "51.05", "06.10"],
        ["韩立", "1949年12月", None],
        ["杨光", 1953.07, None],
    ]
    return _xlsx(folder / "日期.xlsx", {"名单": rows})


@case(
    people={
        "朱大海": {"birth_date": "1950-05-03", "id_number": ZHAO},
        "秦玉": {"birth_date": "1948-11-20", "id_number": QIAN, "gender": "女"},
    },
    warned=[(2, "身份证"), (3, "身份证")],
)
def id_decides_over_unreadable_birth_and_gender(folder: Path) -> Path:
    """With a valid ID number, a birth date or gender the rules cannot read is no reason to hold
    the person back: the ID number decides, with a warning."""
    rows = [
        ["姓名", "身份证号码", "出生年月", "性别"],
        ["朱大海", ZHAO, "五零年五月", "男"],
        ["秦玉", QIAN, "1948.11", "女同志"],
    ]
    return _xlsx(folder / "身份证决定.xlsx", {"Sheet1": rows})


@case(
    people={
        "许文华": {"political_status": "中共党员", "ethnicity": "汉族", "retirement_kind": "离休"},
        "何平": {"political_status": "中共党员", "ethnicity": "汉族", "retirement_kind": "退休"},
        "吕梅": {"political_status": "中共党员", "ethnicity": "满族", "retirement_kind": "退休"},
        "施勇": {"political_status": "群众", "ethnicity": "汉族", "retirement_kind": "退休"},
        "张丽": {"political_status": "民盟盟员", "retirement_kind": "离休"},
    },
)
def vocabulary_as_typed(folder: Path) -> Path:
    """民族 汉/汉族, 政治面貌 中共党员/党员/中共/群众, 类别 离/退/离休干部/退休人员."""
    rows = [
        ["姓名", "民族", "政治面貌", "离(退)休"],
        ["许文华", "汉", "中共党员", "离休干部"],
        ["何平", "汉族", "党员", "退"],
        ["吕梅", "满", "中共", "退休人员"],
        ["施勇", "汉族 ", "群众", "退休"],
        ["张丽", None, "民盟", "离"],
    ]
    return _xlsx(folder / "政治面貌.xlsx", {"Sheet1": rows})


@case(
    people={
        "孔祥": {"address": "河南省郑州市金水区文化路12号", "phone": "13903711234"},
        "曹雪": {"address": "河南省郑州市二七区大学路3号", "landline": "0371-68881234"},
    },
)
def address_in_parts(folder: Path) -> Path:
    """The address split into 省 / 市 / 区(县) / 详细地址 columns."""
    rows = [
        ["姓名", "省", "市", "区（县）", "详细地址", "联系电话"],
        ["孔祥", "河南省", "郑州市", "金水区", "文化路12号", 13903711234],
        ["曹雪", "河南省", "郑州市", "二七区", "大学路3号", "0371-68881234"],
    ]
    return _xlsx(folder / "地址分列.xlsx", {"Sheet1": rows})


@case(
    people={
        "严华": {"phone": "13903711234", "landline": "0371-63921234"},
        "华强": {"phone": "13903711234", "notes": "其他电话：13803712222"},
        "金玲": {"phone": "13603715555", "landline": "0371-66667777"},
        "魏东": {"phone": "13503716666", "notes": "联系电话说明：本人"},
    },
    warned=[(3, "备注"), (5, "备注")],
)
def several_phones_in_a_cell(folder: Path) -> Path:
    """ "139…/0371-6…", "139… 138…", "手机：136…，座机：0371-…" and a note in brackets."""
    rows = [
        ["姓名", "联系电话"],
        ["严华", "13903711234/0371-63921234"],
        ["华强", "13903711234 13803712222"],
        ["金玲", "手机：13603715555，座机：0371-66667777"],
        ["魏东", "13503716666（本人）"],
    ]
    return _xlsx(folder / "多个电话.xlsx", {"Sheet1": rows})


@case(
    people={
        "陶然": {"id_number": ZHAO, "unit": "一分厂"},
        "姜涛": {"id_number": QIAN, "unit": "一分厂"},
        "谢安": {"id_number": LI_, "unit": "二分厂"},
    },
    refused=[(5, "", "隐藏")],
    note="a row hidden in Excel is held back with the reason (--include-hidden takes it)",
)
def hidden_frozen_filtered_protected(folder: Path) -> Path:
    """Hidden row and column, autofilter, frozen panes, sheet protection, blank columns between
    data, a merged 序号 and a merged 单位 column, trailing 填表人 / 注 rows and a total. The
    hidden row (戚红, 二分厂 merged over her and 谢安) is not imported: the unit hid it."""
    rows = [
        ["离退休人员名单", None, None, None, None, None, None],
        ["序号", "姓名", None, "身份证号码", "内部编码", None, "原单位"],
        [1, "陶然", None, ZHAO, "A01", None, "一分厂"],
        [2, "姜涛", None, QIAN, "A02", None, None],
        [3, "戚红", None, SUN, "A03", None, "二分厂"],
        [None, "谢安", None, LI_, "A04", None, None],
        [None, None, None, None, None, None, None],
        ["合计：4人", None, None, None, None, None, None],
        ["填表人：", None, "联系电话：", None, "审核人：", None, None],
        ["注：本表一式两份，报老干部局一份。", None, None, None, None, None, None],
    ]
    return _xlsx(
        folder / "隐藏筛选.xlsx",
        {"名单": rows},
        merges={"名单": ["A1:G1", "A5:A6", "G3:G4", "G5:G6", "A10:G10"]},
        hidden_rows={"名单": [2 + 3]},
        hidden_cols={"名单": ["E"]},
        freeze={"名单": "C3"},
        autofilter={"名单": "A2:G6"},
        protect=["名单"],
    )


@case(
    people={
        "潘强": {"id_number": ZHOU, "retirement_kind": "离休"},
        "葛兰": {"id_number": WU, "retirement_kind": "离休"},
    },
    warned=[(2, "退休")],
    note="a sheet per 类别: one import per sheet; the first says the other is a roster too",
)
def a_sheet_per_kind(folder: Path) -> Path:
    """One workbook, a sheet 离休 and a sheet 退休 with the same header (no 类别 column, no title
    naming it): an import reads one sheet, whose name supplies the 类别 its rows lack, and
    names the other roster sheet for a second import."""
    header = ["序号", "姓名", "身份证号码", "联系电话"]
    return _xlsx(
        folder / "分类别.xlsx",
        {
            "离休": [header, [1, "潘强", ZHOU, None], [2, "葛兰", WU, None]],
            "退休": [
                header,
                [1, "奚明", ZHENG, "13903711234"],
                [2, "范伟", WANG_, None],
            ],
            "统计": [["类别", "人数"], ["离休", 2], ["退休", 2]],
        },
    )


CASES.append(
    Case(
        name="a_sheet_per_kind_second_sheet",
        build=a_sheet_per_kind,
        people={
            "奚明": {"id_number": ZHENG, "retirement_kind": "退休", "phone": "13903711234"},
            "范伟": {"id_number": WANG_, "retirement_kind": "退休"},
        },
        sheet="退休",
    )
)


@case(
    people={
        "赵建国": {"id_number": ZHAO, "phone": "13903711234", "birth_date": "1950-05-03"},
        "钱秀英": {"id_number": QIAN, "address": "农业路2号"},
        "孙志强": {"id_number": SUN, "gender": "男"},
    },
)
def gbk_csv_from_excel(folder: Path) -> Path:
    """A csv saved by Excel in GBK with the ="…" wrapper a system writes to keep ID numbers."""
    lines = [
        ["某某局退休人员名单", "", "", "", ""],
        ["姓名", "性别", "身份证号", "手机号码", "住址"],
        ["赵建国", "男", f'="{ZHAO}"', "13903711234", "文化路1号"],
        ["钱秀英", "女", QIAN, "", "农业路2号"],
        ["孙志强", "", " " + SUN + " ", "", ""],
        ["合计", "3人", "", "", ""],
    ]
    return _text(folder / "名单.csv", lines, "gbk")


@case(
    people={
        "赵建国": {"id_number": ZHAO},
        "钱秀英": {"id_number": QIAN},
        "孙志强": {"id_number": SUN},
        "李桂兰": {"id_number": LI_, "unit": "二车间"},
        "周明": {"id_number": ZHOU, "unit": "二车间"},
    },
)
def docx_table_split_by_page_break(folder: Path) -> Path:
    """A Word roster continued on the next page as a second table with the header repeated, and
    a merged 单位 cell in the second table."""
    header = ["序号", "姓名", "身份证号码", "单位"]
    first = [
        header,
        ["1", "赵建国", ZHAO, "一车间"],
        ["2", "钱秀英", QIAN, "一车间"],
        ["3", "孙志强", SUN, "一车间"],
    ]
    second = [header, ["4", "李桂兰", LI_, "二车间"], ["5", "周明", ZHOU, ""]]
    return _docx(
        folder / "名单.docx",
        ["某某局离退休干部花名册", first, None, "（续表）", second, "填表人：王五"],
        merges=[(1, (1, 3), (2, 3))],
    )


@case(
    people={
        "赵建国": {"id_number": ZHAO, "unit": "机关"},
        "钱秀英": {"id_number": QIAN, "unit": "机关"},
        "孙志强": {"id_number": SUN, "unit": "机关"},
    },
)
def docx_continued_without_header(folder: Path) -> Path:
    """A Word table broken across pages with no header on its second part."""
    header = ["序号", "姓名", "公民身份号码", "工作单位"]
    first = [header, ["1", "赵建国", ZHAO, "机关"], ["2", "钱秀英", QIAN, "机关"]]
    second = [["3", "孙志强", SUN, "机关"]]
    return _docx(folder / "续表.docx", ["花名册", first, None, second])


@case(
    people={
        "孙志强": {"id_number": SUN, "birth_date": "1944-02-29"},
        "旧号": {"id_number": OLD15_18, "birth_date": "1952-07-14", "gender": "男"},
    },
    refused=[(4, "身份证", "数字")],
)
def old_ids_stored_as_numbers(folder: Path) -> Path:
    """A 15-digit ID number stored as a number keeps every digit (15 significant digits): it
    imports, upgraded; an 18-digit one stored as a number has lost its last digits: refused."""
    rows = [
        ["姓名", "身份证号码", "备注"],
        ["孙志强", SUN, None],
        ["旧号", float(OLD15), None],
        ["郑丽", 410105196210014700.0, None],
    ]
    return _xlsx(folder / "旧号.xlsx", {"名单": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "name": "赵建国", "notes": "姓名说明：已故"},
        "钱秀英": {"id_number": QIAN},
    },
    warned=[(2, "备注")],
)
def name_with_a_remark(folder: Path) -> Path:
    """A remark typed after the name in brackets ("赵建国（已故）") goes to 备注."""
    rows = [["姓名", "身份证号码"], ["赵建国（已故）", ZHAO], ["钱 秀 英", QIAN]]
    return _xlsx(folder / "姓名备注.xlsx", {"Sheet1": rows})


@case(
    people={"赵建国": {"id_number": ZHAO}, "钱秀英": {"id_number": QIAN}},
    refused=[(9, "姓名", "不像是人名")],
)
def notes_after_the_table(folder: Path) -> Path:
    """Sentences after the table in the name column are not people: "说明", "本表…", "以上…"
    are skipped; one without punctuation or digits is refused as no name, never imported."""
    rows = [
        ["序号", "姓名", "身份证号码", "联系电话"],
        [1, "赵建国", ZHAO, None],
        [2, "钱秀英", QIAN, None],
        [None, None, None, None],
        ["共2人", None, None, None],
        ["以上情况属实。", None, None, None],
        [None, "本表请于12月10日前报送", None, None],
        ["1、出生年月以身份证为准；", None, None, None],
        [None, "本表由各单位人事部门填写", None, None],
    ]
    return _xlsx(folder / "表后说明.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "retirement_kind": "退休", "unit": "机关"},
        "钱秀英": {"id_number": QIAN, "retirement_kind": "离休", "unit": "机关"},
    },
)
def headers_as_units_write_them(folder: Path) -> Path:
    """Header words beyond the exact synonyms: 退休前工作单位, 人员类型, 身份证号码（必填）,
    联系电话（手机）, 现家庭住址, 出生日期（年月日）."""
    rows = [
        [
            "姓名（必填）",
            "身份证号码（必填）",
            "出生日期（年月日）",
            "人员类型",
            "退休前工作单位",
            "联系电话（手机）",
            "现家庭住址",
        ],
        ["赵建国", ZHAO, "1950年5月3日", "退休", "机关", "13903711234", "文化路1号"],
        ["钱秀英", QIAN, "1948/11/20", "离休", "机关", None, "农业路2号"],
    ]
    return _xlsx(folder / "表头.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "phone": "13903711234", "landline": "0371-63921234"},
        "钱秀英": {"id_number": QIAN, "landline": "0371-63921235"},
    },
)
def phones_as_numbers_and_landlines_without_dash(folder: Path) -> Path:
    """Phones stored as numbers; a landline without its dash in 住宅电话; 手机 holding a landline."""
    rows = [
        ["姓名", "身份证号", "手机", "住宅电话"],
        ["赵建国", ZHAO, 13903711234, "037163921234"],
        ["钱秀英", QIAN, "0371 63921235", None],
    ]
    return _xlsx(folder / "电话数字.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "retirement_kind": "离休"},
        "钱秀英": {"id_number": QIAN, "retirement_kind": "退休"},
        "孙志强": {"id_number": SUN, "retirement_kind": "退休"},
    },
)
def sections_with_totals_and_instructions_sheet(folder: Path) -> Path:
    """A first sheet of 填报说明, then sections "一、离休干部（1人）" and "二、退休干部" with
    their own totals "小计：1人"."""
    roster = [
        ["某某局离退休干部花名册"],
        ["姓名", "身份证号码", "联系电话"],
        ["一、离休干部（1人）"],
        ["赵建国", ZHAO, None],
        ["小计：1人", None, None],
        ["二、退休干部（2人）"],
        ["钱秀英", QIAN, None],
        ["孙志强", SUN, None],
        ["小计：2人", None, None],
        ["总计：3人", None, None],
    ]
    instructions = [["填报说明"], ["1. 姓名、身份证号码必填。"], ["2. 出生年月按身份证填写。"]]
    return _xlsx(folder / "分节.xlsx", {"填报说明": instructions, "花名册": roster})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "birth_date": "1950-05-03"},
        "钱秀英": {"id_number": QIAN},
    },
)
def utf16_unicode_text_with_two_row_header(folder: Path) -> Path:
    """Excel's "Unicode text": UTF-16, tabs, a two-row header written out as two lines."""
    lines = [
        ["序号", "基本情况", "", "", "联系方式", ""],
        ["", "姓名", "身份证号码", "出生年月", "手机", "固定电话"],
        ["1", "赵建国", ZHAO, "1950.05", "13903711234", ""],
        ["2", "钱秀英", QIAN, "1948.11", "", "0371-63921234"],
    ]
    return _text(folder / "名单.txt", lines, "utf-16", sep="\t")


@case(
    people={
        "赵建国": {"id_number": ZHAO, "retirement_kind": "退休", "position": "副处长"},
        "钱秀英": {"id_number": QIAN, "retirement_kind": "离休", "position": "科员"},
    },
)
def xls_from_old_excel(folder: Path) -> Path:
    """An Excel 97-2003 workbook (made by LibreOffice from an xlsx, committed under data/)."""
    source = Path(__file__).parent / "data" / "old_excel_roster.xls"
    target = folder / "旧版.xls"
    target.write_bytes(source.read_bytes())
    return target


@case(
    people={
        "赵建国": {"id_number": ZHAO, "gender": "男", "retirement_kind": "退休"},
        "钱秀英": {"id_number": QIAN, "gender": "女", "retirement_kind": "离休"},
    },
)
def gender_and_kind_one_letter(folder: Path) -> Path:
    """Compact sheets: 性别 "M"/"F", 类别 "退"/"离", header "离退休情况"."""
    rows = [
        ["姓名", "性别", "身份证号码", "离退休情况"],
        ["赵建国", "M", ZHAO, "退"],
        ["钱秀英", "F", QIAN, "离"],
    ]
    return _xlsx(folder / "简写.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {
            "id_number": ZHAO,
            "retirement_date": "2010-05-01",
            "work_start_date": "1968-09-01",
        },
        "钱秀英": {
            "id_number": QIAN,
            "retirement_date": "2003-11-01",
            "work_start_date": "1966-03-01",
        },
    },
)
def work_and_retirement_dates_in_many_forms(folder: Path) -> Path:
    """参加工作时间 / 退休时间 as Excel dates with a month format, "2003.11", "1966.3", numbers."""
    rows = [
        ["姓名", "身份证号码", "参加工作时间", "退休时间"],
        ["赵建国", ZHAO, _dt.datetime(1968, 9, 1), 201005],
        ["钱秀英", QIAN, "1966.3", "2003.11"],
    ]
    return _xlsx(folder / "工作时间.xlsx", {"Sheet1": rows}, formats={"Sheet1": {"C2": "yyyy.mm"}})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "unit": "报送局"},
        "钱秀英": {"id_number": QIAN, "unit": "报送局"},
    },
    refused=[(5, "姓名", "姓名")],
)
def a_missing_name_among_people(folder: Path) -> Path:
    """A row with an ID but no name is refused with the row number; the rest import."""
    rows = [
        ["报送局离退休人员名单"],
        [None],
        ["姓名", "身份证号码", "政治面貌"],
        ["赵建国", ZHAO, "中共党员"],
        [None, SUN, "群众"],
        ["钱秀英", QIAN, None],
    ]
    return _xlsx(folder / "缺姓名.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "address": "文化路1号"},
        "钱秀英": {"id_number": QIAN, "address": "农业路2号"},
    },
)
def hidden_old_sheet_and_roster_not_first(folder: Path) -> Path:
    """A hidden older copy of the roster, a counts sheet first, the roster third."""
    header = ["姓名", "身份证号码", "家庭住址"]
    return _xlsx(
        folder / "多表.xlsx",
        {
            "统计": [["单位", "离休", "退休"], ["某某局", 1, 1]],
            "旧名单": [header, ["旧人", SUN, "旧址"]],
            "名单": [header, ["赵建国", ZHAO, "文化路1号"], ["钱秀英", QIAN, "农业路2号"]],
        },
        hidden_sheets=["旧名单"],
    )


@case(
    people={
        "赵建国": {
            "id_number": ZHAO,
            "political_status": "中共党员",
            "party_join_date": "1975-07-01",
        },
        "钱秀英": {"id_number": QIAN, "political_status": "中共预备党员"},
    },
)
def party_columns(folder: Path) -> Path:
    """政治面貌 "中共党员(1975.07入党)"-style columns split: 是否党员 / 入党时间 with Excel dates."""
    rows = [
        ["姓名", "身份证号码", "政治面貌", "入党时间"],
        ["赵建国", ZHAO, "中共党员", _dt.datetime(1975, 7, 1)],
        ["钱秀英", QIAN, "预备党员", None],
    ]
    return _xlsx(folder / "党员.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "phone": None, "address": None, "birth_date": "1950-05-03"},
        "钱秀英": {"birth_date": None, "id_number": None, "political_status": "群众"},
        "孙志强": {"id_number": SUN, "landline": None, "postcode": None},
    },
)
def placeholders_for_nothing(folder: Path) -> Path:
    """ "无", "不详", "/", "—", "暂无" typed where there is nothing to give: the field stays empty."""
    rows = [
        ["姓名", "身份证号码", "出生年月", "政治面貌", "手机", "固定电话", "邮编", "住址"],
        ["赵建国", ZHAO, "1950.05", "中共党员", "无", "/", None, "不详"],
        ["钱秀英", "不详", "—", "无", "暂无", None, "无", None],
        ["孙志强", SUN, None, None, None, "——", "/", None],
    ]
    return _xlsx(folder / "无.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "phone": "13903711234", "landline": "0371-63921234"},
        "钱秀英": {"id_number": QIAN, "phone": "13803715678", "landline": "0371-63921235"},
    },
)
def mobile_and_contact_phone_columns(folder: Path) -> Path:
    """Both 手机 and 联系电话 columns: the second phone column is 固定电话, not dropped."""
    rows = [
        ["姓名", "身份证号码", "手机号码", "联系电话"],
        ["赵建国", ZHAO, "13903711234", "0371-63921234"],
        ["钱秀英", QIAN, "13803715678", "（0371）63921235"],
    ]
    return _xlsx(folder / "两列电话.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "political_status": "中共党员"},
        "钱秀英": {"id_number": QIAN, "political_status": "中共党员"},
    },
)
def example_and_hint_rows_under_the_header(folder: Path) -> Path:
    """A hint row under the header ("（必填）", "（18位）") and a filled-in example row."""
    rows = [
        ["序号", "姓名", "身份证号码", "出生年月", "政治面貌"],
        [None, "（必填）", "（18位，必填）", "（例：1950.01）", "（中共党员/群众）"],
        ["例", "张三", "410105195001011234", "1950.01", "中共党员"],
        [1, "赵建国", ZHAO, "1950.05", "中国共产党员"],
        [2, "钱秀英", QIAN, "1948.11", "中共党员"],
    ]
    return _xlsx(folder / "示例行.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "retirement_kind": "退休"},
        "孙志强": {"id_number": SUN, "retirement_kind": "离休"},
        "周明": {"id_number": ZHOU, "retirement_kind": None, "notes": "离退休类别：退职"},
        "吴德": {"id_number": WU, "retirement_kind": None, "notes": "已病故；离退休类别：退职干部"},
    },
    refused=[(3, "身份证", "数字")],
    warned=[(5, "不是离休或退休"), (6, "不是离休或退休")],
)
def gbk_csv_with_lost_digits_and_an_unknown_kind(folder: Path) -> Path:
    """A GBK csv as Excel saves it after the ID column was a number (4.10105E+17: refused), and
    a 类别 the office does not keep (退职, 退职干部: imported with the 类别 blank, the word added
    to 备注, with a warning)."""
    lines = [
        ["姓名", "身份证号码", "类别", "备注"],
        ["赵建国", ZHAO, "退休", ""],
        ["钱秀英", "4.10105E+17", "退休", ""],
        ["孙志强", SUN, "离休", ""],
        ["周明", ZHOU, "退职", ""],
        ["吴德", WU, "退职干部", "已病故"],
    ]
    return _text(folder / "科学计数.csv", lines, "gbk")


@case(
    people={
        "赵建国": {
            "id_number": ZHAO,
            "unit": "一分厂",
            "address": "河南省郑州市金水区文化路12号院3号楼2单元301室（东门进）",
            "notes": "独居，子女在外地",
        },
        "钱秀英": {"id_number": QIAN, "unit": "一分厂", "address": "郑州市二七区大学路3号院"},
        "孙志强": {"id_number": SUN, "unit": "二分厂", "address": "经三路9号"},
    },
    refused=[(9, "姓名", "姓名不能为空")],
    warned=[(3, "第 4、5、6 行只填了“家庭住址”、“备注”"), (7, "第 8 行只填了“家庭住址”")],
)
def address_typed_on_in_the_next_row(folder: Path) -> Path:
    """Long addresses and remarks typed on in the row below (Enter pressed in the middle, or the
    text wrapped by hand): rows holding only 家庭住址 and/or 备注 under a person continue that
    person's, one of them reading like a sentence ("大学路3号院"), one like a hint ("（东门
    进）"), the 单位 merged down beside them; a row with an ID number under a person is another
    person (refused for its missing name)."""
    rows = [
        ["某某局离退休人员名单", None, None, None, None, None],
        ["序号", "姓名", "身份证号码", "单位", "家庭住址", "备注"],
        [1, "赵建国", ZHAO, "一分厂", "河南省郑州市金水区文化路12号院", None],
        [None, None, None, None, "3号楼2单元301室", None],
        [None, None, None, None, "（东门进）", "独居，"],
        [None, None, None, None, None, "子女在外地"],
        [2, "钱秀英", QIAN, None, "郑州市二七区", None],
        [None, None, None, None, "大学路3号院", None],
        [None, None, ZHOU, None, "农业路2号", None],
        [3, "孙志强", SUN, "二分厂", "经三路9号", None],
    ]
    return _xlsx(
        folder / "地址续行.xlsx",
        {"名单": rows},
        merges={"名单": ["A1:F1", "D3:D8"]},
    )


@case(
    people={
        "赵建国": {
            "birth_date": "1950-05-01",
            "address": "文化路12号院3号楼",
            "position": "副处长",
            "unit": "市委办公室",
        },
        "钱秀英": {"birth_date": "1948-11-20", "address": "农业路2号", "notes": "姓名说明：*"},
        "孙志强": {"birth_date": "1944-02-01", "retirement_date": "2004-03-01"},
    },
    warned=[(3, "备注")],
)
def typed_with_a_chinese_keyboard(folder: Path) -> Path:
    """Dates typed with the Chinese keyboard's "。", "，" and "、", line breaks (Alt+Enter) inside
    an address, a unit and a position, a mark after a name ("钱秀英*")."""
    rows = [
        ["姓名", "出生年月", "退休时间", "原工作单位", "原职务", "家庭住址"],
        ["赵建国", "1950。05", None, "市委\n办公室", "副处长\n", "文化路12号院\n3号楼"],
        ["钱秀英*", "1948，11，20", None, None, None, "农业路2号"],
        ["孙志强", "1944、2", "2004．3", None, None, None],
    ]
    return _xlsx(folder / "中文键盘.xlsx", {"Sheet1": rows})


_XML_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="离退休人员">
  <Table>
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">系统导出</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">单位名称</Data></Cell><Cell><Data ss:Type="String">姓名</Data></Cell>
    <Cell><Data ss:Type="String">身份证号码</Data></Cell><Cell><Data ss:Type="String">性别</Data></Cell></Row>
   <Row><Cell ss:MergeDown="1"><Data ss:Type="String">一分厂</Data></Cell><Cell><Data ss:Type="String">赵建国</Data></Cell>
    <Cell><Data ss:Type="String">{zhao}</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell></Row>
   <Row><Cell ss:Index="2"><Data ss:Type="String">钱秀英</Data></Cell>
    <Cell><Data ss:Type="String">{qian}</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">二分厂</Data></Cell><Cell><Data ss:Type="String">孙志强</Data></Cell>
    <Cell><Data ss:Type="Number">4.10105194402294E+17</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"""


@case(
    people={
        "赵建国": {"id_number": ZHAO, "unit": "一分厂", "gender": "男"},
        "钱秀英": {"id_number": QIAN, "unit": "一分厂", "gender": "女"},
    },
    refused=[(5, "身份证", "数字")],
)
def system_export_as_excel_2003_xml(folder: Path) -> Path:
    """A personnel system's "xls" that is Excel 2003 XML: a 单位 merged down (ss:MergeDown),
    genders as 1/2, one ID number stored as a number."""
    path = folder / "系统导出.xls"
    path.write_text(_XML_SHEET.format(zhao=ZHAO, qian=QIAN), encoding="utf-8")
    return path


def _ods_with_merged_unit(path: Path) -> Path:
    """A real OpenDocument sheet (as WPS / LibreOffice save it) whose 单位 cell spans 3 rows."""
    import zipfile

    def cell(text: str, extra: str = "") -> str:
        return (
            f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p>'
            "</table:table-cell>"
        )

    covered = "<table:covered-table-cell/>"
    rows = [
        cell("序号") + cell("姓名") + cell("身份证号码") + cell("单位"),
        cell("1") + cell("赵建国") + cell(ZHAO) + cell("一分厂", ' table:number-rows-spanned="3"'),
        cell("2") + cell("钱秀英") + cell(QIAN) + covered,
        cell("3") + cell("孙志强") + cell(SUN) + covered,
        cell("4") + cell("李桂兰") + cell(LI_) + cell("二分厂"),
    ]
    body = "".join(
        f'<table:table-row>{r}<table:table-cell table:number-columns-repeated="1020"/>'
        "</table:table-row>"
        for r in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="名单">'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        + body
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path'
            '="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
    return path


@case(
    people={
        "赵建国": {"id_number": ZHAO, "unit": "一分厂"},
        "钱秀英": {"id_number": QIAN, "unit": "一分厂"},
        "孙志强": {"id_number": SUN, "unit": "一分厂"},
        "李桂兰": {"id_number": LI_, "unit": "二分厂"},
    },
)
def ods_with_a_merged_unit(folder: Path) -> Path:
    """An OpenDocument sheet (WPS, LibreOffice) with two blank rows above the header and a 单位
    cell merged down over three people."""
    return _ods_with_merged_unit(folder / "名单.ods")


@case(
    people={"赵建国": {"id_number": ZHAO}, "钱秀英": {"id_number": QIAN}},
)
def counts_in_the_name_column(folder: Path) -> Path:
    """A count line "本单位共 2 人" in the name column with the genders counted beside it."""
    rows = [
        ["姓名", "身份证号码", "性别"],
        ["赵建国", ZHAO, "男"],
        ["钱秀英", QIAN, "女"],
        ["本单位共 2 人", None, "男1女1"],
    ]
    return _xlsx(folder / "人数.xlsx", {"Sheet1": rows})


@case(
    people={
        "赵建国": {"id_number": ZHAO, "phone": "13903711234", "landline": "0371-63921235"},
        "钱秀英": {"id_number": QIAN, "landline": "0371-63921236"},
        "孙志强": {"id_number": SUN, "landline": "010-62345678"},
        "李桂兰": {"id_number": LI_, "landline": "0371-63921237"},
        "周明": {"id_number": ZHOU, "landline": "0371-63921238"},
    },
    refused=[(7, "固定电话", "不是区号")],
    warned=[(4, "区号在后"), (5, "区号在后"), (5, "已填入“固定电话”")],
)
def landlines_with_the_area_code_after(folder: Path) -> Path:
    """Landlines written with the area code after the number: in brackets ("63921235（0371）",
    taken as it is), after a dash or a space ("63921235-0371": read the same way, with a
    warning, since a dash could start an extension), a stray bracket ("0371）63921238"); and
    digits in brackets that are no area code ("（371）": refused, saying how to write it)."""
    rows = [
        ["姓名", "身份证号码", "手机", "固定电话"],
        ["赵建国", ZHAO, "13903711234", "63921235（0371）"],
        ["钱秀英", QIAN, None, "63921236(0371)"],
        ["孙志强", SUN, None, "62345678-010"],
        ["李桂兰", LI_, "63921237 0371", None],
        ["周明", ZHOU, None, "0371）63921238"],
        ["郑丽", ZHENG, None, "63921239（371）"],
    ]
    return _xlsx(folder / "区号在后.xlsx", {"Sheet1": rows})


@case(
    people={
        "旧号": {"id_number": OLD15_18, "birth_date": "1952-07-14"},
        "赵建国": {"id_number": ZHAO},
        "钱秀英": {"id_number": QIAN, "notes": None},
        "孙志强": {"id_number": SUN, "notes": f"原身份证号：{OLD15_18}"},
        "李桂兰": {"id_number": LI_, "gender": "女"},
    },
    refused=[(7, "身份证", "18位")],
    warned=[(4, "已采用“身份证号码”"), (5, "“原身份证号”是"), (6, "已采用“原身份证号”")],
)
def two_id_columns_and_a_spouses(folder: Path) -> Path:
    """Two columns of the person's own ID number (原身份证号, 15 digits, and 身份证号码) and a
    配偶身份证号 column: the spouse's number is never read as the person's; each row takes its
    valid number (an old one upgraded, a bad one passed over with a warning), and of two valid
    ones that differ the 18-digit one, the other kept in 备注 with a warning naming both."""
    rows = [
        ["姓名", "性别", "原身份证号", "身份证号码", "配偶身份证号"],
        ["旧号", "男", OLD15, None, QIAN],
        ["赵建国", "男", None, ZHAO, QIAN],
        ["钱秀英", "女", "4101051948", QIAN, ZHAO],
        ["孙志强", "男", OLD15, SUN, None],
        ["李桂兰", "女", LI_, "4101", None],
        ["郑丽", "女", "123", "456", None],
    ]
    return _xlsx(folder / "两列身份证号.xlsx", {"Sheet1": rows})


def all_cases() -> list[Case]:
    return list(CASES)


# ---------------------------------------------------------------- running and comparing


def _shown(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return None if value == "" else value  # as the command line's persons --json gives it


def plan_case(case: Case, folder: Path) -> Any:
    """The import plan of ``case``'s file (nothing written)."""
    from lao_gan_bu_desktop.services import importing as imp

    path = case.build(folder)
    source = imp.open_source(path, sheet=case.sheet)
    return imp.plan_import(source, case.unit, imp.suggest_mapping(source, case.unit))


def differences(
    case: Case, rows: Sequence[tuple[int, dict[str, Any], str]], issues: Any
) -> list[str]:
    """What the import made of ``case`` other than expected, in plain words.

    ``rows``: (row number, values, action) of every planned row; ``issues``: (row, column,
    reason, kind) with kind "error" or "warning"."""
    problems: list[str] = []
    made = {values.get("name"): (number, values, action) for number, values, action in rows}
    for name, fields in case.people.items():
        if name not in made:
            problems.append(f"{name}: missing (rows: {sorted(n for n in made if n)})")
            continue
        number, values, action = made[name]
        if action == "invalid":
            problems.append(f"{name}: row {number} refused")
            continue
        for key, expected in fields.items():
            got = _shown(values.get(key))
            if got != expected:
                problems.append(f"{name}.{key}: {got!r} != {expected!r}")
    people = {n for n, (_r, _v, a) in made.items() if a != "invalid"}
    for extra in sorted(people - set(case.people), key=str):
        problems.append(f"unexpected person {extra!r} (row {made[extra][0]})")
    errors = [(r, c, t) for r, c, t, kind in issues if kind == "error"]
    for row, column, word in case.refused:
        if not any(r == row and column in c and word in t for r, c, t in errors):
            problems.append(f"row {row} not refused with [{column}] …{word}… (errors: {errors})")
    for r, c, t in errors:
        if not any(r == row for row, _c, _w in case.refused):
            problems.append(f"unexpected error row {r} [{c}] {t}")
    warnings = [(r, t) for r, c, t, kind in issues if kind == "warning"]
    for row, word in case.warned:
        if not any(r == row and (word in t) for r, t in warnings):
            problems.append(f"row {row} without a warning mentioning {word} ({warnings})")
    return problems


def plan_differences(case: Case, plan: Any) -> list[str]:
    rows = [(r.row, r.values, r.action) for r in plan.rows]
    issues = [(i.row, i.column, i.reason, "error") for r in plan.rows for i in r.errors]
    issues += [(i.row, i.column, i.reason, "warning") for r in plan.rows for i in r.warnings]
    return differences(case, rows, issues)
