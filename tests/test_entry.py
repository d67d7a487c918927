"""The entry point's short path to the window: same reading as the full parser, nothing else taken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop import __main__ as entry
from lao_gan_bu_desktop import cli
from lao_gan_bu_desktop.ui import app as ui_app

GUI_LINES = [
    [],
    ["--smoke"],
    ["--demo"],
    ["--data-dir", "/tmp/zone"],
    ["--data-dir=/tmp/zone", "--smoke"],
    ["--smoke", "--data-dir", "相对/目录", "--demo"],
    ["--data-dir", "a", "--data-dir", "b"],
    ["--data-dir", ""],
]
OTHER_LINES = [
    ["stats"],
    ["--data-dir", "/tmp/zone", "stats", "--json"],
    ["-h"],
    ["--help"],
    ["--dem"],  # an abbreviation: argparse's to read
    ["--data-dir"],
    ["--data-dir", "--smoke"],
    ["--bogus"],
    ["--", "stats"],
    ["demo"],
]


@pytest.fixture
def opened(monkeypatch) -> list[tuple[Path, bool, bool]]:
    """run_gui replaced: each call's (data_dir, demo, smoke)."""
    calls: list[tuple[Path, bool, bool]] = []

    def fake(data_dir, *, demo=False, smoke=False, settings=None, database_url=None):
        calls.append((Path(data_dir), demo, smoke))
        return 0

    monkeypatch.setattr(ui_app, "run_gui", fake)
    return calls


@pytest.mark.parametrize("line", GUI_LINES)
def test_window_options_read_as_the_full_parser_reads_them(line: list[str]) -> None:
    args = cli.build_parser().parse_args(line)
    assert args.command is None
    assert entry.gui_options(line) == entry.GuiOptions(args.data_dir, args.demo, args.smoke)


@pytest.mark.parametrize("line", OTHER_LINES)
def test_anything_else_goes_to_the_full_parser(line: list[str]) -> None:
    assert entry.gui_options(line) is None


def test_the_window_starts_without_the_parser(opened, monkeypatch, tmp_path) -> None:
    def refuse():
        raise AssertionError("the full parser was built for a window start")

    monkeypatch.setattr(cli, "build_parser", refuse)
    assert entry.main(["--data-dir", str(tmp_path), "--smoke"]) == 0
    assert opened == [(tmp_path, False, True)]


def test_the_full_parser_still_starts_the_window(opened, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LAO_GAN_BU_DATA_DIR", str(tmp_path))
    assert entry.main(["--smo"]) == 0  # argparse's abbreviation
    assert opened == [(tmp_path, False, True)]


def test_help_is_still_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        entry.main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "lao-gan-bu" in out.splitlines()[0]
    assert "不带命令时打开窗口" in out and "--smoke" in out and "stats" in out


def test_a_sub_command_still_runs(tmp_path, capsys, opened) -> None:
    assert entry.main(["--data-dir", str(tmp_path / "zone"), "backup"]) == 0
    assert "已备份到" in capsys.readouterr().out
    assert opened == []


def test_a_window_start_loads_no_command_module(tmp_path) -> None:
    code = (
        "import sys\n"
        "import lao_gan_bu_desktop.ui.app as ui_app\n"
        "ui_app.run_gui = lambda *a, **k: 0\n"
        "from lao_gan_bu_desktop.__main__ import main\n"
        f"assert main(['--data-dir', {str(tmp_path)!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('lao_gan_bu_desktop.cli')))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
