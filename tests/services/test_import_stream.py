"""The streamed import (reading and checking in a second process while this one writes) gives
exactly what the one-process import gives, and leaves nothing behind when it fails: no change
to the database, no batch, no reading process."""

from __future__ import annotations

import datetime as _dt
import logging
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.files import xlsx_split
from lao_gan_bu_desktop.services import import_apply, import_reader
from lao_gan_bu_desktop.services.app import open_app
from tests.import_helpers import LI, WANG, ZHANG, make_id, write_xlsx

DB = "lao_gan_bu.sqlite3"
HEADER = ["序号", "姓名", "身份证号码", "性别", "出生年月", "手机", "家庭住址"]

pytestmark = pytest.mark.sqlite_only("测试直接用 sqlite3 读出两个数据文件逐行比较")


def _varied_rows() -> list[list[object]]:
    """Sections, a total line, errors, repeats in the file (also across blocks), people already
    on the roster (one changed, one unchanged), a landline in the mobile column, a bad date."""
    bad_check = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    people = [
        [1, "王五", WANG, "男", "1948.10", "13700000000", "经三路3号"],  # on the roster: changed
        [2, "张三", ZHANG, "男", "1955.03", "13803711234", "文化路1号"],  # on the roster: same
        [3, "", make_id(_dt.date(1950, 1, 1), 1), "男", None, None, None],  # no name
        [4, "赵六", bad_check, "男", None, None, None],  # bad check digit
        [5, "刘一", None, None, "1950-05-05", "0371-67881234", None],  # landline
        [6, "李四", LI, "男", "1970.01", None, None],  # gender and birth both against the ID
    ]
    many = [
        [
            10 + i,
            f"测试{chr(0x4E00 + i)}",
            make_id(_dt.date(1940, 1, 1) + _dt.timedelta(i), i),
            "",
            "1940.01",
            f"139{i:08d}",
            f"金水路{i}号",
        ]
        for i in range(40)
    ]
    repeat = [99, "测试重", many[1][2], "", None, None, None]  # same ID as a row blocks earlier
    return [
        ["某某局离退休人员花名册"],
        ["一、离休干部"],
        HEADER,
        *people[:3],
        ["二、退休干部"],
        HEADER,
        *people[3:],
        *many,
        repeat,
        ["合计", None, None, None, None, None, "48人"],
    ]


def _roster(folder: Path, tmp_path: Path) -> None:
    first = tmp_path / "原有.xlsx"
    if not first.exists():  # once: an xlsx written again has another hash
        _write_first(first)
    ctx = open_app(folder, daily_backup=False)
    try:
        assert import_apply.import_file(first, "原单位", ctx.data_dir)["imported"] == 2
    finally:
        ctx.close()


def _write_first(path: Path) -> None:
    write_xlsx(
        path,
        {
            "名单": [
                HEADER,
                [1, "王五", WANG, "男", "1948.10", "13600000000", ""],
                [2, "张三", ZHANG, "男", "1955.03", "13803711234", "文化路1号"],
            ]
        },
    )


def _import(folder: Path, path: Path, streamed: bool, monkeypatch, **kw) -> dict:
    monkeypatch.setenv(import_reader.STREAM_ENV, "1" if streamed else "0")
    ctx = open_app(folder, daily_backup=False)
    try:
        return import_apply.import_file(path, "经济发展局", ctx.data_dir, **kw)
    finally:
        ctx.close()


def _contents(folder: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(folder / DB)
    try:
        skip = {"created_at", "updated_at", "imported_at", "saved_at", "at", "time"}
        tables = ("person", "unit", "import_batch", "import_batch_person", "column_mapping")
        result = {}
        for table in tables:
            names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            kept = [n for n in names if n not in skip]
            listed = ", ".join(f'"{n}"' for n in kept)
            result[table] = conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY 1').fetchall()
        return result
    finally:
        conn.close()


def _backups(folder: Path) -> list[str]:
    return sorted(p.name.split("_", 1)[-1] for p in (folder / "backups").glob("*"))


@pytest.mark.parametrize("policy", ["update", "fill", "skip"])
def test_streamed_import_writes_exactly_what_the_one_process_import_writes(
    tmp_path: Path, monkeypatch, policy: str
) -> None:
    monkeypatch.setattr(import_reader, "BLOCK", 4)  # many blocks, repeats across them
    monkeypatch.setattr(import_apply, "DEFER_INDEXES_MIN", 10)  # indexes dropped and rebuilt
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": _varied_rows()})
    results = {}
    for streamed in (False, True):
        folder = tmp_path / f"data{int(streamed)}"
        _roster(folder, tmp_path)
        summary = _import(folder, path, streamed, monkeypatch, on_duplicate=policy)
        results[streamed] = (summary, _contents(folder), _backups(folder))
    (one, one_db, one_backups), (two, two_db, two_backups) = results[False], results[True]
    assert two == one
    assert two_db == one_db
    assert two_backups == one_backups
    assert one["imported"] == 41 and len(one["duplicates_in_file"]) == 1
    assert {i["row"] for i in one["invalid"]} == {6, 9, 11}
    assert (one["updated"], one["unchanged"], one["skipped"]) == {
        "update": (2, 0, 0),  # the sender unit differs for both
        "fill": (1, 1, 0),
        "skip": (0, 0, 2),
    }[policy]
    assert not multiprocessing.active_children()


def test_a_sheet_read_in_pieces_on_several_cores_imports_the_same(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    """The reading process cuts the sheet while this one guards the file (files.xlsx_split),
    reads the pieces on two cores, and the import is the same as a whole read gives."""
    monkeypatch.setattr(import_reader, "BLOCK", 4)
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": _varied_rows()})
    results = []
    for name, cut, streamed in (("whole", False, True), ("cut", True, True), ("one", True, False)):
        if cut:
            monkeypatch.setattr(xlsx_split, "CUT_MIN_BYTES", 0)
            monkeypatch.setattr(xlsx_split, "pieces_wanted", lambda: 2)
        folder = tmp_path / name
        _roster(folder, tmp_path)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger=import_apply.__name__):
            summary = _import(folder, path, streamed, monkeypatch)
        assert ("分 2 段" in caplog.text) == (name == "cut")
        results.append((summary, _contents(folder)))
    assert results[1] == results[0] and results[2] == results[0]
    assert results[0][0]["imported"] == 41
    assert not multiprocessing.active_children()


def test_a_file_that_cannot_be_read_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "data"
    _roster(folder, tmp_path)
    before = _contents(folder)
    damaged = tmp_path / "坏.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    summary = _import(folder, damaged, True, monkeypatch)
    assert summary["ok"] is False and summary["error"]
    assert summary == _import(folder, damaged, False, monkeypatch)
    assert _contents(folder) == before
    assert not multiprocessing.active_children()


def test_a_file_of_only_errors_writes_no_batch_and_no_backup(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "data"
    _roster(folder, tmp_path)
    before, backups = _contents(folder), _backups(folder)
    rows = [["姓名", "身份证号码"], ["", ZHANG], ["赵六", "123"]]
    summary = _import(folder, write_xlsx(tmp_path / "错.xlsx", {"名单": rows}), True, monkeypatch)
    assert summary["ok"] and summary["batch_id"] is None and len(summary["invalid"]) == 2
    assert _contents(folder) == before
    assert _backups(folder) == backups


def test_a_failure_while_writing_rolls_everything_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(import_reader, "BLOCK", 4)
    folder = tmp_path / "data"
    _roster(folder, tmp_path)
    before = _contents(folder)
    calls = []

    def failing_write(self, new_rows, upd_rows) -> None:
        calls.append(len(new_rows))
        if len(calls) == 3:
            raise OSError("磁盘已满")
        original(self, new_rows, upd_rows)

    original = import_apply.BatchWriter.write
    monkeypatch.setattr(import_apply.BatchWriter, "write", failing_write)
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": _varied_rows()})
    with pytest.raises(OSError):
        _import(folder, path, True, monkeypatch)
    assert len(calls) == 3  # two blocks were written before, inside the transaction
    assert _contents(folder) == before
    assert not multiprocessing.active_children()  # the reading process was killed and joined


def test_a_large_file_goes_streamed_and_a_small_one_does_not(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(import_reader.STREAM_ENV, raising=False)
    small = tmp_path / "小.csv"
    small.write_bytes(b"x" * 100)
    large = tmp_path / "大.xlsx"
    large.write_bytes(b"x" * import_reader.STREAM_MIN_BYTES)
    assert not import_reader.streamed(small, dry_run=False)
    assert import_reader.streamed(large, dry_run=False)
    assert not import_reader.streamed(large, dry_run=True)  # a dry run writes nothing to overlap
    assert not import_reader.streamed(tmp_path / "没有.xlsx", dry_run=False)


def test_other_roster_sheets_are_named_in_the_streamed_import_too(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(import_reader, "BLOCK", 2)
    rows = _varied_rows()
    path = write_xlsx(tmp_path / "名单.xlsx", {"离休": rows[2:9], "退休": [HEADER, *rows[11:14]]})
    results = {}
    for streamed in (False, True):
        summary = _import(tmp_path / f"data{int(streamed)}", path, streamed, monkeypatch)
        results[streamed] = summary
    assert results[True] == results[False]
    (named,) = [w for w in results[True]["warnings"] if w["column"] == "工作表"]
    assert "“退休”也是人员名单" in named["reason"]


def test_rows_joined_across_blocks_and_two_id_columns_are_the_same_streamed(
    tmp_path: Path, monkeypatch
) -> None:
    """An address typed on in the rows below a person, at every place against the block
    boundaries; two ID columns; 类别 退职; a landline with its area code after it."""
    from lao_gan_bu_desktop.services import import_rows

    header = ["姓名", "原身份证号", "身份证号码", "类别", "固定电话", "家庭住址", "备注"]
    old15 = "410105" + "520714" + "121"
    rows = [header]
    for i in range(6):
        kind = "退职" if i == 1 else "退休"
        first = old15 if i == 0 else None
        own = make_id(_dt.date(1950, 1, 1 + i), i)
        rows.append(
            [f"测试{chr(0x4E00 + i)}", first, own, kind, "63921235-0371", f"文化路{i}号院", None]
        )
        rows += [[None] * 5 + [f"{j}号楼", "独居" if j == i else None] for j in range(i % 3 + 1)]
    path = write_xlsx(tmp_path / "续行.xlsx", {"名单": rows})
    monkeypatch.setattr(import_reader, "BLOCK", 2)
    monkeypatch.setattr(import_reader, "FIRST_BLOCK", 1)
    monkeypatch.setattr(import_rows, "BLOCK", 3)
    results = {}
    for streamed in (False, True):
        folder = tmp_path / f"data{int(streamed)}"
        results[streamed] = (
            _import(folder, path, streamed, monkeypatch),
            _contents(folder),
        )
    (one, one_db), (two, two_db) = results[False], results[True]
    assert two == one and two_db == one_db
    assert one["imported"] == 6 and one["invalid"] == []
    joined = [w for w in one["warnings"] if "续行" in w["reason"]]
    assert [w["row"] for w in joined] == [2, 4, 7, 11, 13, 16]
    conn = sqlite3.connect(tmp_path / "data1" / DB)
    try:
        stored = {
            r[0]: r[1:]
            for r in conn.execute("SELECT name, retirement_kind, address, notes FROM person")
        }
    finally:
        conn.close()
    assert stored["测试丁"] == ("", "文化路1号院0号楼1号楼", "独居；离退休类别：退职")
    assert stored["测试丅"][:2] == ("退休", "文化路5号院0号楼1号楼2号楼")
    assert "原身份证号：" in stored["测试一"][2]
