"""The Windows build's entry script (written by build.spec) starts the program when run as a
plain script, the way PyInstaller runs it — outside the package, with no relative imports."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def entry_source() -> str:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "ENTRY_SOURCE" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("build.spec has no ENTRY_SOURCE")


def test_the_frozen_entry_runs_as_a_plain_script(tmp_path: Path) -> None:
    script = tmp_path / "entry.py"
    script.write_text(entry_source(), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "用法" in done.stdout and "老干部" in done.stdout


def test_the_package_main_is_not_the_frozen_entry() -> None:
    """__main__.py uses relative imports, which fail in a script run outside the package."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"__main__.py"' not in spec
    assert "Analysis(\n    [str(ENTRY)]" in spec
