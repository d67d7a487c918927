"""Hostile xlsx files (issue 14, defect 5): a stray cell at XFD1048576 used to make calamine ask
for 550 GB and abort the process; a shared-strings bomb likewise. The real program runs in a
subprocess with its address space capped, so that the old behaviour shows as an abort."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from lao_gan_bu_desktop.files import xlsx_guard
from lao_gan_bu_desktop.files.readers import open_workbook
from lao_gan_bu_desktop.files.sniff import SpreadsheetError
from tests.import_helpers import ZHANG, limit_memory, stray_cell_workbook

ROOT = Path(__file__).resolve().parents[2]


def _shared_strings_bomb(path: Path, strings: int) -> Path:
    """A workbook whose shared-strings table holds ``strings`` entries (a few hundred KB)."""
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码"])
    wb.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as book:
        body = b"<si/>" * strings
        book.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + body
            + b"</sst>",
            compresslevel=1,
        )
    return path


def _run(tmp_path: Path, source: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(tmp_path / "zone")]
    command += ["import", str(source), "--unit", "科技局", "--dry-run", "--json"]
    env = {**os.environ, "LAO_GAN_BU_TODAY": "2026-11-29", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        preexec_fn=limit_memory,
        timeout=120,
        check=False,
    )


def test_a_stray_far_cell_is_read_without_its_rectangle(tmp_path: Path) -> None:
    source = stray_cell_workbook(tmp_path / "名单.xlsx")
    assert source.stat().st_size < 10_000
    done = _run(tmp_path, source)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["ok"] and summary["imported"] == 2 and not summary["invalid"]


def test_a_shared_strings_bomb_is_refused_in_chinese_before_it_is_read(tmp_path: Path) -> None:
    source = _shared_strings_bomb(tmp_path / "炸弹.xlsx", 14_000_000)
    assert source.stat().st_size < 2_000_000
    done = _run(tmp_path, source)
    assert done.returncode == 2, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["ok"] is False
    assert "太大" in summary["error"] and "GB" in summary["error"]
    assert "Traceback" not in done.stderr


def test_the_sparse_rows_keep_row_numbers_and_values(tmp_path: Path) -> None:
    book = open_workbook(stray_cell_workbook(tmp_path / "名单.xlsx"))
    try:
        assert book._xlsx_guard is not None and book._xlsx_guard.plan("名单") == "sparse"
        rows = list(book.rows("名单"))
    finally:
        book.close()
    assert rows[1] == ["张三", "男", ZHANG, "文化路1号"]
    assert len(rows) == 1_048_576 and rows[-1][16383] == "x"
    assert rows[500] == []


def test_an_ordinary_sheet_goes_to_calamine_and_a_dense_far_one_is_refused(
    tmp_path: Path, monkeypatch
) -> None:
    wb = Workbook()
    for row in range(1, 30):
        wb.active.append([f"{row}-{col}" for col in range(12)])
    wb.save(tmp_path / "普通.xlsx")
    guard = xlsx_guard.inspect_xlsx(tmp_path / "普通.xlsx")
    assert guard.plan("Sheet") == "calamine"

    source = stray_cell_workbook(tmp_path / "名单.xlsx")
    monkeypatch.setattr(xlsx_guard, "MEMORY_LIMIT", 20 * xlsx_guard.CELL_BYTES)
    assert xlsx_guard.inspect_xlsx(source).plan("名单") == "sparse"  # 13 cells hold values
    monkeypatch.setattr(xlsx_guard, "MEMORY_LIMIT", 5 * xlsx_guard.CELL_BYTES)
    with pytest.raises(SpreadsheetError, match="太大"):
        xlsx_guard.inspect_xlsx(source).plan("名单")


def _far_ods(path: Path) -> Path:
    """An OpenDocument sheet whose last cell sits at column 16384 of row 1048576 (as LibreOffice
    saves a stray cell: rows and cells repeated in between)."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def cell(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = "".join(
        f"<table:table-row>{''.join(cell(v) for v in values)}</table:table-row>"
        for values in (["姓名", "公民身份号码"], ["张三", ZHANG])
    )
    content = (
        f'<office:document-content xmlns:office="{office}" xmlns:table="{table}" '
        f'xmlns:text="{text}" office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="名单">{rows}'
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        f"{cell('x')}</table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return path


def test_a_far_reaching_ods_is_refused_in_chinese(tmp_path: Path) -> None:
    done = _run(tmp_path, _far_ods(tmp_path / "名单.ods"))
    assert done.returncode == 2, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["ok"] is False and "太大" in summary["error"]


def test_the_sparse_rows_read_as_calamine_reads_them(tmp_path: Path) -> None:
    import datetime as _dt

    rows = [
        ["姓名", "出生日期", "离退休时间", "人数", "比例", "卧床", "手机"],
        ["张三", _dt.date(1955, 3, 12), _dt.datetime(2015, 3, 1, 8, 30), 3, 0.25, True, "138"],
        ["李四", _dt.date(1900, 1, 1), "1960.07", -2, 1.5, False, None],
    ]
    books = {}
    for stray in (False, True):
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.active["D2"].number_format = "0.00"
        if stray:
            wb.active["XFD1048576"] = "x"
        books[stray] = tmp_path / f"{stray}.xlsx"
        wb.save(books[stray])
    read = {}
    for stray, path in books.items():
        book = open_workbook(path)
        try:
            assert book._xlsx_guard.plan("Sheet") == ("sparse" if stray else "calamine")
            read[stray] = [list(r) for r in list(book.rows("Sheet"))[:3]]
        finally:
            book.close()
    calamine = [[c for c in row] for row in read[False]]
    sparse = [row + [""] * (len(calamine[i]) - len(row)) for i, row in enumerate(read[True])]
    assert sparse == calamine
