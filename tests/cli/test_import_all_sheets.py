"""`lao-gan-bu import FILE --all-sheets`, run as the real program in a subprocess: every roster
sheet of a workbook imported, one batch per sheet in sheet order (one process and streamed),
--dry-run checking them all, --json giving a list of the per-sheet objects while the command
without --all-sheets keeps its one object, a failed sheet named with a non-zero exit, and
--all-sheets with --sheet refused in Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.cli.test_importing import KEYS
from tests.files.unit_file_corpus import a_sheet_per_kind
from tests.import_helpers import LI, WANG, write_xlsx

HEADER = ["序号", "姓名", "身份证号码", "联系电话"]


def program(data: Path, *args: str, stream: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LAO_GAN_BU_IMPORT_STREAM": stream}
    return subprocess.run(
        [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )


def kinds(data: Path, capsys) -> dict[str, str]:
    capsys.readouterr()
    assert main(["--data-dir", str(data), "persons", "--json"]) == 0
    return {p["name"]: p["retirement_kind"] for p in json.loads(capsys.readouterr().out)}


@pytest.mark.parametrize("stream", ["0", "1"], ids=["one_process", "streamed"])
def test_all_sheets_imports_each_roster_sheet_as_its_own_batch(
    tmp_path: Path, capsys, stream: str
) -> None:
    path = a_sheet_per_kind(tmp_path)  # 离休, 退休 and a 统计 sheet that is not a roster
    data = tmp_path / "zone"
    done = program(data, "import", str(path), "--unit", "报送局", "--all-sheets", stream=stream)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("共有 2 张名单工作表：“离休”、“退休”，逐张导入，每张一个导入批次。")
    assert "（工作表“离休”）导入完成：读取 2 行，新增 2 人" in lines[1]
    assert lines[2].startswith("导入批次编号 1；")
    assert "（工作表“退休”）导入完成：读取 2 行，新增 2 人" in lines[3]
    assert lines[4].startswith("导入批次编号 2；")
    assert "统计" not in done.stdout and "也是人员名单" not in done.stdout
    assert kinds(data, capsys) == {"潘强": "离休", "葛兰": "离休", "奚明": "退休", "范伟": "退休"}
    # Each batch is undone on its own.
    assert main(["--data-dir", str(data), "undo-import", "2"]) == 0
    assert kinds(data, capsys) == {"潘强": "离休", "葛兰": "离休"}


def test_dry_run_json_is_a_list_per_file_and_the_single_sheet_shape_is_kept(
    tmp_path: Path,
) -> None:
    path = a_sheet_per_kind(tmp_path)
    data = tmp_path / "zone"
    base = ["import", str(path), "--unit", "报送局", "--json", "--dry-run"]
    checked = program(data, *base, "--all-sheets")
    assert checked.returncode == 0, checked.stderr
    sheets = json.loads(checked.stdout)
    assert isinstance(sheets, list) and [set(s) for s in sheets] == [KEYS, KEYS]
    assert [(s["sheet"], s["ok"], s["imported"], s["batch_id"]) for s in sheets] == [
        ("离休", True, 2, None),
        ("退休", True, 2, None),
    ]
    single = program(data, *base)
    assert single.returncode == 0, single.stderr
    one = json.loads(single.stdout)
    assert isinstance(one, dict) and set(one) == KEYS and one["sheet"] == "离休"
    (warning,) = one["warnings"]
    assert "“退休”也是人员名单" in warning["reason"] and "--all-sheets" in warning["reason"]
    assert "继续导入工作表" in warning["reason"]
    # Nothing was written by either.
    listed = program(data, "persons", "--json")
    assert json.loads(listed.stdout) == []


def test_a_failed_sheet_is_named_and_makes_the_exit_non_zero(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "一张有错.xlsx",
        {
            "离休": [HEADER, [1, "潘强", LI, None], [2, "葛兰", WANG, None]],
            "退休": [HEADER, [1, "奚明", "410105195503121234", None]],  # a wrong ID number
        },
    )
    data = tmp_path / "zone"
    done = program(data, "import", str(path), "--unit", "报送局", "--all-sheets")
    assert done.returncode == 2
    assert "（工作表“离休”）导入完成" in done.stdout
    assert "（工作表“退休”）没有导入" in done.stdout
    assert "的工作表“退休”没有导入" in done.stderr and "--sheet" in done.stderr
    as_json = program(data, "import", str(path), "--unit", "报送局", "--all-sheets", "--json")
    assert as_json.returncode == 2
    first, second = json.loads(as_json.stdout)
    assert (first["sheet"], first["unchanged"], second["sheet"], second["batch_id"]) == (
        "离休",
        2,
        "退休",
        None,
    )


def test_all_sheets_with_sheet_is_refused_in_chinese(tmp_path: Path) -> None:
    path = a_sheet_per_kind(tmp_path)
    data = tmp_path / "zone"
    refused = program(
        data, "import", str(path), "--unit", "报送局", "--all-sheets", "--sheet", "退休"
    )
    assert refused.returncode == 2
    assert "--all-sheets 与 --sheet 不能同时使用" in refused.stderr
    assert "请去掉其中一个后重新运行" in refused.stderr
    assert refused.stdout == "" and "Traceback" not in refused.stderr
    listed = program(data, "persons", "--json")
    assert json.loads(listed.stdout) == []
