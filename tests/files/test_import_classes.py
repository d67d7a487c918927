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
from tests.files.unit_file_corpus import OLD15, OLD15_18, QIAN, ZHAO, _docx


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
