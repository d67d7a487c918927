"""One version everywhere: pyproject, the package constant (what a frozen build without
metadata answers), ``--version`` and 帮助 → 关于."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import lao_gan_bu_desktop
from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.core import version as version_module

ROOT = Path(__file__).resolve().parents[1]


def pyproject_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def test_the_constant_and_the_metadata_match_pyproject() -> None:
    assert lao_gan_bu_desktop.__version__ == pyproject_version() == "0.2.0"
    assert version_module.program_version() == pyproject_version()


def test_without_metadata_the_constant_answers(monkeypatch) -> None:
    from importlib import metadata

    def missing(_name: str) -> str:
        raise metadata.PackageNotFoundError("lao-gan-bu-desktop")

    monkeypatch.setattr(metadata, "version", missing)
    assert version_module.program_version() == lao_gan_bu_desktop.__version__


def test_version_option(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"老干部工作台 {pyproject_version()}"


def test_a_windowed_program_has_no_console_streams_and_writes_to_the_log(monkeypatch, caplog):
    """A windowed build's sys.stdout and sys.stderr are None; argparse's output goes to the log."""
    import sys

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    with caplog.at_level("INFO"), pytest.raises(SystemExit):
        main(["--version"])
    assert f"老干部工作台 {pyproject_version()}" in caplog.text
    with caplog.at_level("INFO"), pytest.raises(SystemExit):
        main(["--no-such-option"])
    assert "--no-such-option" in caplog.text


def test_a_windowed_program_before_the_log_is_set_up_drops_the_text(monkeypatch) -> None:
    """No handler yet: logging's last resort would write to sys.stderr, i.e. back to the stream."""
    import logging
    import sys

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as info:
        main(["--no-such-option"])
    assert info.value.code == 2
    sys.stderr.write("还没有日志文件时写出的话\n")
