"""Every table an ``audit.record(...)`` call names has a Chinese title for 操作日志's 类别 column
and filter (found by reading the program's source, so a new call with a new table fails here)."""

from __future__ import annotations

import ast
from pathlib import Path

import lao_gan_bu_desktop
from lao_gan_bu_desktop.services import audit

_PACKAGE = Path(lao_gan_bu_desktop.__file__).parent


def _recorded_tables() -> dict[str, str]:
    """Table name → where it is first used, for every call of ``record`` / ``audit.record``."""
    found: dict[str, str] = {}
    for path in sorted(_PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name != "record":
                continue
            table = node.args[1] if len(node.args) >= 2 else None
            for keyword in node.keywords:
                if keyword.arg == "table":
                    table = keyword.value
            if table is None:
                continue
            where = f"{path.relative_to(_PACKAGE)}:{node.lineno}"
            assert isinstance(table, ast.Constant), f"{where}: the table is not a plain name"
            found.setdefault(table.value, where)
    return found


def test_every_recorded_table_has_a_chinese_title() -> None:
    tables = _recorded_tables()
    assert {"person", "service_team", "team_member", "unit_check_list"} <= set(tables)
    missing = {t: where for t, where in tables.items() if t not in audit.TABLE_TITLES}
    assert missing == {}
    for table in tables:
        title = audit.table_title(table)
        assert title and all("\u4e00" <= ch <= "\u9fff" for ch in title), (table, title)
