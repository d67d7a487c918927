"""The layer rules of DESIGN.md: ui → services → storage/io → core, one direction only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lao_gan_bu_desktop"

# layer → top-level names it must never import (third-party or own sub-packages)
FORBIDDEN = {
    "core": {
        "PySide6",
        "peewee",
        "playhouse",
        "openpyxl",
        "reportlab",
        "python_calamine",
        "lao_gan_bu_desktop.storage",
        "lao_gan_bu_desktop.files",
        "lao_gan_bu_desktop.services",
        "lao_gan_bu_desktop.ui",
    },
    "storage": {
        "PySide6",
        "openpyxl",
        "reportlab",
        "lao_gan_bu_desktop.files",
        "lao_gan_bu_desktop.services",
        "lao_gan_bu_desktop.ui",
    },
    "files": {
        "PySide6",
        "peewee",
        "playhouse",
        "lao_gan_bu_desktop.storage",
        "lao_gan_bu_desktop.services",
        "lao_gan_bu_desktop.ui",
    },
    "services": {"PySide6", "lao_gan_bu_desktop.ui"},
    # a widget calls services; it never queries the models or writes files itself
    "ui": {
        "peewee",
        "playhouse",
        "openpyxl",
        "python_calamine",
        "lao_gan_bu_desktop.storage.models",
        "lao_gan_bu_desktop.files",
    },
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert _violations(layer) == []


def test_the_checker_sees_a_violation(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "lao_gan_bu_desktop" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from ..storage.models import Person\nimport PySide6\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "lao_gan_bu_desktop")
    assert len(_violations("core")) >= 2
