"""One test per class of problem the unit-file corpus found (tests/files/unit_file_corpus.py):
the rule itself, on the smallest input that shows it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.core.idnumber import LOST_DIGITS_MESSAGE, parse_id_number
from lao_gan_bu_desktop.core.normalize import is_placeholder, normalize_phone, strip_text_marks
from lao_gan_bu_desktop.files.column_synonyms import address_part, guess_field
from lao_gan_bu_desktop.files.header_detect import data_rows, detect_header, is_hint_row, is_note
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.services.import_rows import Column, RowChecker
from tests.files.unit_file_corpus import OLD15, OLD15_18, QIAN, SUN, ZHAO, _docx


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("'4101", "4101"), ('="4101"', "4101"), ("‘4101", "4101"), ("4101", "4101"), ("'", "")],
)
def test_text_marks_around_a_number_kept_as_text(typed: str, kept: str) -> None:
    assert strip_text_marks(typed) == kept


def test_id_numbers_and_phones_with_text_marks() -> None:
    assert parse_id_number("'" + ZHAO).number == ZHAO
    assert parse_id_number(f'="{ZHAO}"').number == ZHAO
    assert normalize_phone("'13903711234") == "13903711234"


def test_an_old_15_digit_id_stored_as_a_number_is_whole_an_18_digit_one_is_not() -> None:
    assert parse_id_number(float(OLD15)).number == OLD15_18
    with pytest.raises(RuleError) as info:
        parse_id_number(float(ZHAO[:15] + "000"))
    assert info.value.message == LOST_DIGITS_MESSAGE


@pytest.mark.parametrize("text", ["无", "不详", " / ", "——", "暂无", "-"])
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["无锡路1号", "0", "张三"])
def test_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


def _check(header: list[str], *rows: list[object]):
    layout = detect_header([header])
    columns = [Column(i, k, header[i]) for i, k in enumerate(layout.guesses) if k]
    return RowChecker(columns, "").check([(n + 2, r) for n, r in enumerate(rows)])


def test_placeholders_leave_fields_empty_but_keep_their_meaning_in_vocabularies() -> None:
    (row,) = _check(
        ["姓名", "身份证号码", "手机", "政治面貌", "困难类别", "住址"],
        ["赵建国", "不详", "无", "无", "无", "/"],
    )
    assert row.action == "new" and row.errors == []
    assert row.values == {"name": "赵建国", "political_status": "群众", "hardship": "无"}


def test_the_id_number_decides_over_an_unreadable_birth_date_or_gender() -> None:
    (row,) = _check(
        ["姓名", "身份证号码", "出生年月", "性别"], ["赵建国", ZHAO, "五零年", "男同志"]
    )
    assert row.action == "new"
    assert row.values["birth_date"] == _dt.date(1950, 5, 3) and row.values["gender"] == "男"
    assert len(row.warnings) == 2 and all("按身份证号" in w.reason for w in row.warnings)
    (alone,) = _check(["姓名", "出生年月"], ["钱秀英", "五零年"])
    assert alone.action == "invalid" and alone.errors[0].column == "出生年月"


def test_remarks_in_brackets_go_to_notes() -> None:
    (row,) = _check(["姓名", "联系电话"], ["赵建国（已故）", "13903711234（女儿）"])
    assert row.values["name"] == "赵建国" and row.values["phone"] == "13903711234"
    assert row.values["notes"] == "姓名说明：已故；联系电话说明：女儿"
    assert {w.column for w in row.warnings} == {"姓名", "联系电话"}


def test_split_address_columns_are_one_address() -> None:
    header = ["姓名", "省", "市(州)", "区（县）", "街道", "详细地址"]
    layout = detect_header([header])
    assert [address_part(h) for h in header[1:5]] == [0, 1, 2, 3]
    assert layout.address_parts == [1, 2, 3, 4] and layout.guesses[5] == "address"
    columns = [Column(0, "name", "姓名"), Column(5, "address", "详细地址", (1, 2, 3, 4))]
    (row,) = RowChecker(columns, "").check(
        [(2, ["孔祥", "河南省", "郑州市", "金水区", "", "郑州市金水区文化路12号"])]
    )
    assert row.values["address"] == "河南省郑州市金水区文化路12号"


def test_a_second_phone_column_is_the_landline() -> None:
    assert detect_header([["姓名", "手机", "联系电话"]]).guesses == ["name", "phone", "landline"]
    both = detect_header([["姓名", "手机", "联系电话", "家庭电话"]]).guesses
    assert both == ["name", "phone", None, "landline"]


@pytest.mark.parametrize(
    "header", ["离（退）休", "离退休情况", "人员类型", "退休前工作单位", "性别（1男2女）"]
)
def test_headers_as_units_write_them(header: str) -> None:
    assert guess_field(header) is not None


def test_sentences_hints_and_examples_are_not_people() -> None:
    assert is_note(["", "本表请于12月10日前报送", ""])
    assert is_note(["以上情况属实。"])
    assert not is_note(["阿卜杜热合曼·买买提"]) and not is_note(["王" * 60])
    assert not is_note(["赵建国", ZHAO])
    assert is_hint_row([None, "（必填）", "（18位）"]) and is_hint_row(["例", "张三", "4101"])
    assert not is_hint_row([1, "赵建国", ZHAO])
    rows = [
        ["序号", "姓名", "身份证号码"],
        [None, "（必填）", "（18位）"],
        ["示例", "张三", "410105195001011234"],
        [1, "赵建国", ZHAO],
        ["以上共1人，情况属实。"],
    ]
    assert [n for n, _r in data_rows(rows, detect_header(rows))] == [4]


def test_a_repeated_two_row_header_is_skipped() -> None:
    rows = [
        ["序号", "基本信息", None, "联系方式"],
        ["序号", "姓名", "身份证号码", "手机"],
        [1, "赵建国", ZHAO, None],
        ["序号", "基本信息", None, "联系方式"],
        ["序号", "姓名", "身份证号码", "手机"],
        [2, "钱秀英", QIAN, None],
    ]
    assert [n for n, _r in data_rows(rows, detect_header(rows))] == [3, 6]


def test_word_tables_continued_on_the_next_page_are_one_table(tmp_path: Path) -> None:
    header = ["姓名", "身份证号码", "单位"]
    counts = [["类别", "人数", "备注"], ["退休", "3", ""]]
    path = _docx(
        tmp_path / "a.docx",
        [
            [header, ["赵建国", ZHAO, "机关"]],
            None,
            [header, ["钱秀英", QIAN, "机关"]],
            [["孙志强", "", "机关"]],
            counts,
        ],
    )
    book = open_workbook(path)
    assert [s.name for s in book.sheets] == ["表1", "表2"]
    names = [r[0] for r in book.rows("表1")]
    assert names == ["姓名", "赵建国", "姓名", "钱秀英", "孙志强"]
    assert list(book.rows("表2")) == counts


@pytest.mark.parametrize(
    "said", ["本单位无离休干部", "本单位暂无离退休干部。", "我单位没有退休人员", "目前无退休干部"]
)
def test_a_unit_saying_it_has_no_one_in_its_own_words(said: str) -> None:
    from lao_gan_bu_desktop.files.header_detect import says_nobody

    assert says_nobody([[None, said]])
    assert not says_nobody([["退休干部"]]) and not says_nobody([["本单位无"]])


@pytest.mark.parametrize("text", ["共12人", "本单位共 12 人", "全单位共3人", "共有 3 人"])
def test_count_lines_are_totals(text: str) -> None:
    from lao_gan_bu_desktop.files.header_detect import is_total_text

    assert is_total_text(text)
    assert not is_total_text("共青团员") and not is_total_text("全德明")


def test_another_persons_phone_is_not_the_retirees() -> None:
    assert guess_field("家属联系电话") is None and guess_field("紧急联系人电话") is None
    rows = [["姓名", "手机", "子女联系方式", None], [None, None, "姓名", "联系电话"]]
    guesses = detect_header(rows).guesses
    assert guesses[:2] == ["name", "phone"] and "landline" not in guesses


def test_a_sentence_in_the_name_column_is_refused_not_imported() -> None:
    sentence, long_name, dotted = _check(
        ["姓名", "身份证号码"],
        ["本表由各单位人事部门填写", None],
        ["格桑德吉卓玛", None],
        ["阿卜杜热合曼·买买提艾力", None],
    )
    assert sentence.action == "invalid" and "不像是人名" in sentence.errors[0].reason
    assert long_name.action == "new" and dotted.action == "new"


def _plan(rows: list[list[object]], block: int | None = None, monkeypatch=None):
    """The rows of a sheet through header detection, the data-row filter and the row check, as
    the import reads them; ``block`` rows checked at a time."""
    from lao_gan_bu_desktop.services import import_rows

    if block is not None:
        monkeypatch.setattr(import_rows, "BLOCK", block)
    layout = detect_header(rows)
    columns = [Column(i, k, layout.headers[i]) for i, k in enumerate(layout.guesses) if k]
    return import_rows.check_rows(data_rows(rows, layout), columns, "")


_SPILLED = [
    ["序号", "姓名", "身份证号码", "单位", "家庭住址", "备注"],
    [1, "赵建国", ZHAO, "一分厂", "郑州市金水区文化路12号院", None],
    [None, None, None, "一分厂", "3号楼2单元301室", None],  # 单位 merged down: still a spill
    [None, None, None, None, "（东门进）", "独居，"],
    [None, None, None, None, None, "子女在外地"],
    [2, "钱秀英", QIAN, "二分厂", "郑州市二七区大学路", None],
    [None, None, None, None, "郑州市二七区大学路3号", None],  # reads like a note: still joined
    [3, "孙志强", None, None, "Block", None],
    [None, None, None, None, "A Room 5", None],
    [None, None, SUN, None, "农业路2号", None],  # an ID number: another person, refused
    [None, None, None, None, None, None],
    [None, None, None, None, "9号楼3单元", None],  # a blank row between: refused
]


@pytest.mark.parametrize("block", [None, 1, 2, 3])
def test_an_address_or_remark_typed_on_in_the_next_row_is_joined(block, monkeypatch) -> None:
    rows = _plan(_SPILLED, block, monkeypatch)
    assert [(r.row, r.action) for r in rows] == [
        (2, "new"),
        (6, "new"),
        (8, "new"),
        (10, "invalid"),
        (12, "invalid"),
    ]
    zhao, qian, sun = (r.values for r in rows[:3])
    assert zhao["address"] == "郑州市金水区文化路12号院3号楼2单元301室（东门进）"
    assert zhao["notes"] == "独居，子女在外地" and zhao["unit"] == "一分厂"
    assert qian["address"] == "郑州市二七区大学路郑州市二七区大学路3号"
    assert sun["address"] == "Block A Room 5"
    (warning,) = rows[0].warnings
    assert warning.column == "家庭住址" and warning.reason.startswith(
        "第 3、4、5 行只填了“家庭住址”、“备注”，看作本行的续行，已接在本行之后"
        "（“家庭住址”现为“郑州市金水区文化路12号院3号楼2单元301室（东门进）”）"
    )
    assert "续行" in rows[1].warnings[0].reason and "续行" in rows[2].warnings[0].reason
    assert rows[3].errors[0].reason == "姓名不能为空"
    assert rows[4].errors[0].reason == "姓名不能为空"


def test_a_row_with_any_other_field_is_never_joined() -> None:
    header = ["序号", "姓名", "性别", "家庭住址"]
    for under in ([None, None, "男", "3号楼"], [2, None, None, "3号楼"]):
        first, second = _plan([header, [1, "赵建国", "男", "文化路12号院"], under])
        assert first.values["address"] == "文化路12号院" and not first.warnings
        assert second.action == "invalid"


@pytest.mark.parametrize(
    "typed", ["63921235（0371）", "63921235(0371)", "0371）63921235", "（0371）63921235"]
)
def test_a_landline_with_its_area_code_in_brackets_after_or_before(typed: str) -> None:
    assert normalize_phone(typed) == "0371-63921235"
    (row,) = _check(["姓名", "固定电话"], ["赵建国", typed])
    assert row.values["landline"] == "0371-63921235" and row.warnings == []


def test_a_landline_with_its_area_code_after_a_dash_is_read_so_with_a_warning() -> None:
    assert normalize_phone("63921235-0371") == "0371-63921235"
    assert normalize_phone("62345678 010") == "010-62345678"
    assert normalize_phone("6788-1234") == "67881234"  # a local number with a dash: as before
    (row,) = _check(["姓名", "联系电话"], ["赵建国", "63921235-0371"])
    assert row.action == "new" and row.values["landline"] == "0371-63921235"
    assert any("区号在后" in w.reason and "分机号" in w.reason for w in row.warnings)


def test_digits_in_brackets_after_a_landline_that_are_no_area_code_are_refused() -> None:
    with pytest.raises(RuleError) as info:
        normalize_phone("63921235（371）")
    assert "不是区号" in info.value.message and "0371-63921235" in info.value.message


@pytest.mark.parametrize(
    "header", ["配偶身份证号", "家属身份证号码", "子女身份证号", "爱人身份证号", "配偶公民身份号码"]
)
def test_a_family_members_id_column_is_not_the_persons(header: str) -> None:
    assert guess_field(header) is None
    assert detect_header([["姓名", "身份证号码", header]]).guesses == ["name", "id_number", None]


def test_id_columns_under_a_spouse_group_are_not_the_persons() -> None:
    rows = [
        ["姓名", "基本信息", None, "配偶情况", None],
        ["姓名", "身份证号", "性别", "姓名", "身份证号"],
    ]
    assert detect_header(rows).guesses == ["name", "id_number", "gender", None, None]


@pytest.mark.parametrize(
    "header",
    [
        ["姓名", "身份证号（15位）", "身份证号（18位）"],
        ["姓名", "原身份证号", "身份证号码"],
        ["姓名", "身份证号", "身份证号"],
    ],
)
def test_two_columns_of_the_persons_own_id_are_both_read(header: list[str]) -> None:
    assert detect_header([header]).guesses == ["name", "id_number", "id_number"]


def test_of_two_id_columns_each_row_takes_the_valid_one() -> None:
    header = ["姓名", "性别", "身份证号（15位）", "身份证号（18位）"]
    same, only_new, bad_old, both_bad, others, spouse_first = _check(
        header,
        ["旧号", None, OLD15, OLD15_18],
        ["赵建国", None, None, ZHAO],
        ["钱秀英", None, "123", QIAN],
        ["孙志强", None, "123", "456"],
        ["周明", None, OLD15, ZHAO],
        ["李桂兰", "女", QIAN, ZHAO],  # 15 column: hers (a woman's); 18 column: a man's
    )
    assert same.values["id_number"] == OLD15_18 and same.warnings == []
    assert only_new.values["id_number"] == ZHAO and only_new.warnings == []
    assert bad_old.values["id_number"] == QIAN and bad_old.action == "new"
    assert "已采用“身份证号（18位）”" in bad_old.warnings[0].reason
    assert both_bad.action == "invalid"
    assert {e.column for e in both_bad.errors} == {"身份证号（15位）", "身份证号（18位）"}
    assert others.values["id_number"] == ZHAO  # the 18-digit one over the 15-digit one
    assert others.values["notes"] == f"身份证号（15位）：{OLD15_18}"
    (warning,) = others.warnings
    assert "“身份证号（18位）”" in warning.reason and "“身份证号（15位）”" in warning.reason
    assert "不像是同一个人" in warning.reason
    assert spouse_first.values["id_number"] == QIAN  # agrees with the row's 性别
    assert spouse_first.values["notes"] == f"身份证号（18位）：{ZHAO}"


@pytest.mark.parametrize("word", ["退职", "退职人员", "退职干部", " 退 职 "])
def test_tuizhi_is_imported_with_a_blank_kind_and_the_word_in_notes(word: str) -> None:
    (row,) = _check(["姓名", "类别", "备注"], ["周明", word, "独居"])
    kept = word.replace(" ", "")
    assert row.action == "new" and row.values["retirement_kind"] == ""
    assert row.values["notes"] == f"独居；离退休类别：{kept}"
    (warning,) = row.warnings
    assert warning.column == "类别" and "不是离休或退休" in warning.reason
    assert "补填类别" in warning.reason and "删除" in warning.reason


def test_a_section_title_does_not_fill_a_kind_left_blank_for_tuizhi() -> None:
    from lao_gan_bu_desktop.services.importing import kinds_from_sections

    rows = _check(["姓名", "类别"], ["周明", "退职"], ["赵建国", None])
    kinds_from_sections(rows, [(1, "退休干部")])
    assert [r.values["retirement_kind"] for r in rows] == ["", "退休"]
