"""scripts/build.py: the version PyInstaller writes into the Windows programs, the zip's name and
layout. (.ci/run runs the build itself and the built programs.)"""

from __future__ import annotations

import ast
import importlib.util
import os
import zipfile
from pathlib import Path

import pytest

import lao_gan_bu_desktop

ROOT = Path(__file__).resolve().parents[1]


def load_build():
    spec = importlib.util.spec_from_file_location("lao_gan_bu_build", ROOT / "scripts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_version_comes_from_pyproject() -> None:
    build = load_build()
    assert build.project_version() == lao_gan_bu_desktop.__version__
    assert build.zip_name("0.2.0") == "老干部工作台-0.2.0.zip"


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.2.0", (0, 2, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0))],
)
def test_windows_version_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert load_build().version_numbers(version) == numbers


def test_the_version_file_is_what_pyinstaller_reads() -> None:
    text = load_build().version_info_text("0.2.0")
    tree = ast.parse(text, mode="eval")  # PyInstaller eval()s it with its own VSVersionInfo
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    assert "filevers=(0, 2, 0, 0)" in text and "prodvers=(0, 2, 0, 0)" in text
    assert "StringStruct('ProductVersion', '0.2.0')" in text
    assert "StringStruct('ProductName', '老干部工作台')" in text


def test_the_zip_holds_the_folder(tmp_path: Path) -> None:
    build = load_build()
    folder = tmp_path / "老干部工作台"
    (folder / "_internal").mkdir(parents=True)
    (folder / "老干部工作台.exe").write_bytes(b"MZ")
    (folder / "_internal" / "lib.so.6").write_bytes(b"\x7fELF")
    os.symlink("lib.so.6", folder / "_internal" / "lib.so")
    archive = build.make_zip(folder, tmp_path / "x.zip")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert "老干部工作台/老干部工作台.exe" in names
        link = z.getinfo("老干部工作台/_internal/lib.so")
        assert (link.external_attr >> 16) & 0o170000 == 0o120000
        assert z.read(link) == b"lib.so.6"
    assert build.folder_size(folder) == 6


def test_the_spec_builds_two_programs_and_leaves_qt_quick_out() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "name=NAME,\n    console=False" in spec and "name=CLI_NAME,\n    console=True" in spec
    assert "COLLECT(window_exe, cli_exe" in spec
    assert '"virtualkeyboard"' in spec and '"qt6quick"' in spec and '"qt6qml"' in spec
    assert (ROOT / "resources" / "icons" / "app.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
