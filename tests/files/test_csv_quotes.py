"""Issue 14, defect 2: a csv quote that is never closed must not swallow the rows after it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.sniff import SpreadsheetError
from tests.import_helpers import make_id


def _people(count: int) -> list[str]:
    first = _dt.date(1940, 1, 1)
    return [
        f"测试{chr(0x4E00 + i)},{make_id(first + _dt.timedelta(days=i), i)},文化路{i}号"
        for i in range(count)
    ]


def _write_gbk(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(["姓名,身份证号码,家庭住址", *lines]) + "\r\n").encode("gbk"))
    return path


def test_unclosed_quote_is_refused_naming_its_line(tmp_path: Path, capsys) -> None:
    lines = _people(100)
    name, number, _address = lines[0].split(",")
    lines[0] = f'{name},{number},"文化路1号'
    path = _write_gbk(tmp_path / "引号.csv", lines)
    with pytest.raises(SpreadsheetError, match=r"第 2 行.*引号") as caught:
        open_workbook(path)
    assert "文化路1号" in caught.value.message
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "import", str(path), "--unit", "甲局", "--json"]) != 0
    assert "第 2 行" in capsys.readouterr().out


def test_quoted_field_hiding_later_rows_is_refused(tmp_path: Path) -> None:
    # The quote closes, but only after swallowing lines that look like rows of their own.
    lines = _people(10)
    name, number, _address = lines[3].split(",")
    lines[3] = f'{name},{number},"经三路3号'
    lines[6] = lines[6] + '"'
    path = _write_gbk(tmp_path / "吞行.csv", lines)
    with pytest.raises(SpreadsheetError, match="第 5 行"):
        open_workbook(path)


def test_quoted_line_break_without_separators_is_one_cell(tmp_path: Path) -> None:
    lines = _people(5)
    name, number, _address = lines[1].split(",")
    lines[1] = f'{name},{number},"文化路1号\r\n3单元""东户"""'
    book = open_workbook(_write_gbk(tmp_path / "换行.csv", lines))
    rows = list(book.rows(book.sheets[0].name))
    assert len(rows) == 6  # header + every person, each on a row of their own
    assert rows[2][2].splitlines() == ["文化路1号", '3单元"东户"']
    assert [r[0] for r in rows[1:]] == [line.split(",")[0] for line in lines]
