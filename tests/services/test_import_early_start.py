"""The streamed import's reading process started before the command line's own start-up, and
the xlsx guard worked out by the process that starts it: the same import, sooner; a misread
command line or a failed command leaves no process behind."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.files import readers, xlsx_guard
from lao_gan_bu_desktop.files.sniff import SpreadsheetError
from lao_gan_bu_desktop.services import import_apply, import_reader
from lao_gan_bu_desktop.services.app import open_app
from tests.import_helpers import LI, ZHANG, limit_memory, stray_cell_workbook, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["姓名", "性别", "公民身份号码", "家庭住址"]
ROWS = [HEADER, ["张三", "男", ZHANG, "文化路1号"], ["李四", "女", LI, "西大街2号"]]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["import", "a.xlsx", "--unit", "某局"], ("a.xlsx", None)),
        (["--data-dir", "d", "import", "--unit=某局", "a.xlsx", "--json"], ("a.xlsx", None)),
        (["--demo", "import", "a.xlsx", "--unit", "某局", "--sheet", "名单"], ("a.xlsx", "名单")),
        (["import", "a.xlsx", "--sheet=名单", "--unit", "某局"], ("a.xlsx", "名单")),
        (["--operator", "import", "import", "a.xlsx", "--unit", "某局"], ("a.xlsx", None)),
        (["import", "a.xlsx", "b.xlsx", "--unit", "某局"], None),  # several files
        (["import", "a.xlsx", "--unit", "某局", "--dry-run"], None),  # nothing to overlap
        (["import", "a.xlsx", "--uni", "某局"], None),  # an abbreviation: the parser decides
        (["import", "a.xlsx", "--unit"], None),
        (["stats"], None),
        (["--data-dir", "import"], None),
        ([], None),
    ],
)
def test_the_file_of_an_import_command_is_found_before_the_parser_runs(
    arguments: list[str], expected: tuple[str, str | None] | None
) -> None:
    found = import_reader._import_file_argument(arguments)
    assert found == (None if expected is None else (Path(expected[0]), expected[1]))


def _import(folder: Path, path: Path) -> dict:
    ctx = open_app(folder, daily_backup=False)
    try:
        return import_apply.import_file(path, "经济发展局", ctx.data_dir)
    finally:
        ctx.close()


def _counting_starts(monkeypatch) -> list[Path]:
    started: list[Path] = []
    original = import_reader.start

    def start(path, sheet, today):
        started.append(Path(path))
        return original(path, sheet, today)

    monkeypatch.setattr(import_reader, "start", start)
    return started


def test_the_import_takes_the_reading_process_started_early(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(import_reader.STREAM_ENV, "1")
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": ROWS})
    started = _counting_starts(monkeypatch)
    import_reader.start_early(["import", str(path), "--unit", "经济发展局"])
    assert started == [path]
    summary = _import(tmp_path / "data", path)
    assert summary["imported"] == 2 and summary["ok"]
    assert started == [path]  # taken, not started again
    assert import_reader._early is None
    assert not multiprocessing.active_children()


def test_a_process_started_for_another_file_is_stopped_and_a_new_one_started(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(import_reader.STREAM_ENV, "1")
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": ROWS})
    other = write_xlsx(tmp_path / "别的.xlsx", {"名单": ROWS[:2]})
    started = _counting_starts(monkeypatch)
    import_reader.start_early(["import", str(other), "--unit", "经济发展局"])
    summary = _import(tmp_path / "data", path)
    assert summary["imported"] == 2
    assert started == [other, path]
    assert not multiprocessing.active_children()


def test_a_process_no_import_took_is_stopped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(import_reader.STREAM_ENV, "1")
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": ROWS})
    import_reader.start_early(["import", str(path), "--unit", "经济发展局"])
    early = import_reader._early
    assert early is not None and early.process.is_alive()
    import_reader.discard_early()
    assert not early.process.is_alive() and import_reader._early is None
    assert not multiprocessing.active_children()
    assert import_reader.take(path, None, clock.today()) is None


def test_a_small_file_is_not_started_early(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(import_reader.STREAM_ENV, raising=False)
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": ROWS})
    import_reader.start_early(["import", str(path), "--unit", "经济发展局"])
    assert import_reader._early is None


def test_the_guard_worked_out_by_the_starting_process_travels_whole(
    tmp_path: Path, monkeypatch
) -> None:
    source = stray_cell_workbook(tmp_path / "名单.xlsx")
    guard = pickle.loads(pickle.dumps(import_reader._guard(source)))
    assert guard.plan("名单") == "sparse"

    def not_again(path):
        raise AssertionError("the guard handed over is looked for again")

    monkeypatch.setattr(readers, "inspect_xlsx", not_again)
    book = readers.open_workbook(source, guard)
    try:
        assert list(book.rows("名单"))[1][:2] == ["张三", "男"]
    finally:
        book.close()

    monkeypatch.setattr(xlsx_guard, "MEMORY_LIMIT", 5 * xlsx_guard.CELL_BYTES)
    refused = pickle.loads(pickle.dumps(import_reader._guard(source)))
    with pytest.raises(SpreadsheetError, match="太大"):
        refused.plan("名单")
    assert import_reader._guard(tmp_path / "没有.xlsx") is None


def test_the_command_line_imports_a_stray_cell_file_streamed_and_started_early(
    tmp_path: Path,
) -> None:
    source = stray_cell_workbook(tmp_path / "名单.xlsx")
    command = [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(tmp_path / "zone")]
    command += ["import", str(source), "--unit", "科技局", "--json"]
    env = {
        **os.environ,
        "LAO_GAN_BU_TODAY": "2026-11-29",
        "PYTHONPATH": str(ROOT),
        import_reader.STREAM_ENV: "1",
    }
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        preexec_fn=limit_memory,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["imported"] == 2 and summary["batch_id"] is not None
