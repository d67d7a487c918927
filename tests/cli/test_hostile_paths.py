"""Commands given paths that cannot be written: a folder where a file should be, a name too
long for the system, a folder that is not there. Each refuses with exit code 2 in Chinese
that says what to do, never with the system's English; paths with spaces and Chinese work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main


@pytest.fixture
def zone(tmp_path: Path, capsys) -> Path:
    data = tmp_path / "数据 文件夹"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    return data


def _refused(data: Path, capsys, *args: str) -> str:
    code = main(["--data-dir", str(data), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("错误：") and "请" in err, err
    for english in ("Is a directory", "File name too long", "Errno", "Traceback"):
        assert english not in err, err
    return err


@pytest.mark.parametrize("command", ["labels", "envelopes", "label-test-page"])
def test_a_folder_named_like_a_file_is_refused_in_words(zone: Path, tmp_path, capsys, command):
    target = tmp_path / "有 空格" / "地址标签.pdf"
    target.mkdir(parents=True)
    err = _refused(zone, capsys, command, str(target))
    assert "是一个文件夹，不是文件" in err


@pytest.mark.parametrize("command", [["labels"], ["export", "roster"]])
def test_a_name_too_long_for_the_system_is_refused_in_words(
    zone: Path, tmp_path, capsys, command
) -> None:
    err = _refused(zone, capsys, *command, str(tmp_path / ("长" * 90 + ".pdf")))
    assert "太长" in err


def test_paths_with_spaces_and_chinese_work(zone: Path, tmp_path, capsys) -> None:
    folder = tmp_path / "导出 到这里" / "二〇二六 年"
    folder.mkdir(parents=True)
    assert main(["--data-dir", str(zone), "labels", str(folder / "地址 标签.pdf")]) == 0
    assert (folder / "地址 标签.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["--data-dir", str(zone), "persons", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) > 100
