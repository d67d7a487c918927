"""The layer rules of DESIGN.md: ui/cli → services → storage/files → core, one direction only;
no import cycle; no module named like a standard-library module."""

from __future__ import annotations

import ast
import sys
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
    # a widget calls services; it never queries the database or writes files itself (the errors,
    # folder names, counts and backups it shows come through services too)
    "ui": {
        "peewee",
        "playhouse",
        "openpyxl",
        "python_calamine",
        "lao_gan_bu_desktop.storage",
        "lao_gan_bu_desktop.files",
        "lao_gan_bu_desktop.cli",
    },
    # the command line is the window's twin: the same services, no widget
    "cli": {
        "PySide6",
        "lao_gan_bu_desktop.storage",
        "lao_gan_bu_desktop.files",
        "lao_gan_bu_desktop.ui",
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


def test_the_checker_sees_ui_and_cli_reaching_storage(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "lao_gan_bu_desktop"
    (package / "ui" / "roster").mkdir(parents=True)
    (package / "cli").mkdir()
    (package / "ui" / "roster" / "tab.py").write_text(
        "def f():\n    from ...storage.errors import StorageError\n"
    )
    (package / "ui" / "app.py").write_text("from ..files import readers\n")
    (package / "cli" / "__init__.py").write_text("from ..storage.backup import BACKUP_DIRNAME\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert sorted(_violations("ui")) == [
        "ui/app.py imports lao_gan_bu_desktop.files",
        "ui/app.py imports lao_gan_bu_desktop.files.readers",
        "ui/roster/tab.py imports lao_gan_bu_desktop.storage.errors",
        "ui/roster/tab.py imports lao_gan_bu_desktop.storage.errors.StorageError",
    ]
    assert sorted(_violations("cli")) == [
        "cli/__init__.py imports lao_gan_bu_desktop.storage.backup",
        "cli/__init__.py imports lao_gan_bu_desktop.storage.backup.BACKUP_DIRNAME",
    ]


# --- names and size ---------------------------------------------------------------------------


def test_no_module_is_named_like_a_standard_library_module() -> None:
    """A module named like one of the standard library's (the old ``io/``) shadows it for
    anything that puts its folder on the path (PyInstaller's entry script, a test runner)."""
    clashes = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*"))
        if "__pycache__" not in path.parts
        and (path.suffix == ".py" or (path / "__init__.py").is_file())
        and (path.stem if path.suffix == ".py" else path.name) in sys.stdlib_module_names
    ]
    assert clashes == []


def test_ui_keeps_at_most_a_dozen_modules_at_its_top() -> None:
    """ui/ is by feature: a new window part goes into its feature's folder (ARCHITECTURE.md)."""
    top = sorted(path.name for path in (PACKAGE / "ui").glob("*.py"))
    assert "main_window.py" in top
    assert len(top) <= 12, top


# --- no import cycle ------------------------------------------------------------------------
# Every import the package's modules make of each other, at module level or inside a function
# (a function-level import is a cycle that waits for its first call). Imports under
# ``if TYPE_CHECKING:`` are left out: they are never executed and serve type hints only, which is
# how a module names a type from a module that imports it. A module's edge to its own packages'
# ``__init__`` (which Python runs first) is left out too: the package files only document.


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` (module ``name``) imports when it runs."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:  # ``from . import x`` imports the module x when it is one
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in modules else module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in modules and m != name}


def import_graph(package: Path) -> dict[str, set[str]]:
    paths = {_module_name(p, package): p for p in package.rglob("*.py")}
    modules = set(paths)
    return {name: _runtime_imports(path, name, modules) for name, path in paths.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


def _describe(cycle: list[str], graph: dict[str, set[str]]) -> str:
    members = set(cycle)
    return "; ".join(f"{m} → {', '.join(sorted(graph[m] & members))}" for m in cycle)


def test_no_import_cycle_in_the_package() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 100  # the whole package was read
    cycles = [_describe(cycle, graph) for cycle in import_cycles(graph)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_cycle_finder_sees_a_function_level_cycle_and_not_a_type_hint(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "ui").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "ui" / "__init__.py").write_text("")
    (package / "ui" / "a.py").write_text("from . import b\n")
    (package / "ui" / "b.py").write_text("def f():\n    from .c import x\n")
    (package / "ui" / "c.py").write_text("from .a import y\n")
    (package / "ui" / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .e import E\n"
    )
    (package / "ui" / "e.py").write_text("import pkg.ui.d\n")
    graph = import_graph(package)
    assert graph["pkg.ui.d"] == set()
    assert graph["pkg.ui.e"] == {"pkg.ui.d"}
    assert import_cycles(graph) == [["pkg.ui.a", "pkg.ui.b", "pkg.ui.c"]]
