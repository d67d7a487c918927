"""Reading unit files of every format, detected by content; refusing what is not a spreadsheet."""

from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

import pytest

from lao_gan_bu_desktop.files.header_detect import data_rows, detect_header
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.sniff import SpreadsheetError, sniff_format
from tests.import_helpers import (
    ENCRYPTION_SCHEMES,
    LI,
    ZHANG,
    messy_rows,
    write_encrypted_xls,
    write_html_xls,
    write_ods,
    write_spreadsheetml,
    write_xls,
    write_xlsx,
)

HEADER = ["姓名", "身份证号码", "性别"]


def rows_of(path: Path, sheet: str | None = None) -> list[list[object]]:
    book = open_workbook(path)
    try:
        return list(book.rows(sheet or book.visible_sheets[0].name))
    finally:
        book.close()


def test_xlsx_named_xls_is_read_as_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名单.xls", {"名单": [HEADER, ["张三", ZHANG, "男"]]})
    assert sniff_format(path) == "xlsx"
    assert rows_of(path)[1] == ["张三", ZHANG, "男"]


def test_real_xls(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "a.xls", [HEADER, ["张三", ZHANG, "男"]])
    assert sniff_format(path) == "xls"
    assert rows_of(path)[1] == ["张三", ZHANG, "男"]


def test_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "a.xlsx", [HEADER, ["李四", LI, "女"]])
    assert sniff_format(path) == "ods"
    assert rows_of(path)[1][:3] == ["李四", LI, "女"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", "\t"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    text = "\n".join(
        delimiter.join(r) for r in (HEADER, ["张三", ZHANG, "男"], ["欧阳·娜", LI, "女"])
    )
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert sniff_format(path) == "csv"
    rows = rows_of(path)
    assert rows[0] == HEADER
    assert rows[2] == ["欧阳·娜", LI, "女"]


def test_html_disguised_as_xls_gb2312_with_spans(tmp_path: Path) -> None:
    path = write_html_xls(tmp_path / "export.xls")
    assert sniff_format(path) == "html"
    rows = rows_of(path)
    layout = detect_header(rows)
    # rowspan repeats 序号/姓名/身份证号 down, so the lower header row names every column.
    assert layout.header_row == 3 and layout.header_rows == 1
    assert layout.guesses == [None, "name", "id_number", "phone", "landline"]
    data = list(data_rows(rows, layout))
    assert data[0] == (4, ["1", "张三", ZHANG, "13803711234", "037167881234"])
    assert data[1][1][1] == "李 四"


def test_spreadsheetml_disguised_as_xls_hidden_sheet(tmp_path: Path) -> None:
    path = write_spreadsheetml(tmp_path / "export.xls")
    assert sniff_format(path) == "spreadsheetml"
    book = open_workbook(path)
    assert [(s.name, s.hidden) for s in book.sheets] == [("隐藏的旧表", True), ("名单", False)]
    rows = list(book.rows("名单"))
    assert rows[1] == []  # the row skipped by ss:Index keeps Excel's numbering
    assert rows[3] == ["张三", ZHANG, _dt.date(1955, 3, 12), "党员"]
    assert rows[4] == ["李四", 4.10105196007012e17, "", "群众"]


def test_messy_header_two_levels_title_footer(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", {"花名册": messy_rows()})
    rows = rows_of(path)
    layout = detect_header(rows)
    assert layout.header_row == 5
    assert layout.guesses == [
        None,
        "name",
        "id_number",
        "birth_date",
        "retirement_kind",
        "phone",
        "landline",
        "address",
    ]
    numbers = [n for n, _ in data_rows(rows, layout)]
    assert numbers == [6, 7, 9]  # blank row 8 and the 填表人 footer skipped


def test_encrypted_workbook_refused(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "p.xlsx", {"a": [HEADER]})
    target = tmp_path / "加密.xlsx"
    with plain.open("rb") as src, target.open("wb") as out:
        OOXMLFile(src).encrypt("123", out)
    with pytest.raises(SpreadsheetError, match="文件已加密"):
        open_workbook(target)


@pytest.mark.parametrize("scheme", ENCRYPTION_SCHEMES)
def test_encrypted_xls_refused(tmp_path: Path, scheme: str) -> None:
    import msoffcrypto

    path = write_encrypted_xls(tmp_path / "加密.xls", [HEADER, ["张三", ZHANG, "男"]], scheme)
    with path.open("rb") as handle:  # an independent reader agrees that the fixture is encrypted
        assert msoffcrypto.OfficeFile(handle).is_encrypted()
    with pytest.raises(SpreadsheetError, match="文件已加密"):
        sniff_format(path)
    with pytest.raises(SpreadsheetError, match="文件已加密"):
        open_workbook(path)
    renamed = tmp_path / "加密.xlsx"  # by content, not by extension
    renamed.write_bytes(path.read_bytes())
    with pytest.raises(SpreadsheetError, match="文件已加密"):
        open_workbook(renamed)


def test_xls_cell_text_that_looks_like_filepass_is_not_encryption(tmp_path: Path) -> None:
    # A BOF + FILEPASS byte pattern inside cell text (not at a stream start) is just data.
    fake = "\x09\x08\x10\x00\x00\x06\x05\x00" + "\x00" * 12 + "\x2f\x00"
    path = write_xls(tmp_path / "a.xls", [HEADER, ["张三", ZHANG, fake]])
    assert sniff_format(path) == "xls"
    assert rows_of(path)[1][:2] == ["张三", ZHANG]


def test_truncated_xlsx_refused(tmp_path: Path) -> None:
    full = write_xlsx(tmp_path / "p.xlsx", {"a": [HEADER, ["张三", ZHANG, "男"]] * 50})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(SpreadsheetError, match="损坏或不完整"):
        open_workbook(cut)


def test_word_and_picture_renamed_refused(tmp_path: Path) -> None:
    docx = tmp_path / "名单.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert sniff_format(docx) == "docx"  # a Word file is read for its tables
    with pytest.raises(SpreadsheetError, match="损坏或不完整"):
        open_workbook(docx)  # ... and this one is no real document
    png = tmp_path / "名单2.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(SpreadsheetError, match="PNG 图片"):
        sniff_format(png)


def test_empty_file_refused(tmp_path: Path) -> None:
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(SpreadsheetError, match="空的"):
        sniff_format(empty)
