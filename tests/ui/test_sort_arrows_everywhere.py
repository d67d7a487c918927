"""Every table the clerk can sort shows the heading arrow the way its rows run (ui/common/
sort_arrow.py): a module that turns sorting on also turns the arrow round. Qt's own arrow
points the other way, which a clerk read as "oldest first" above a list of the newest."""

from __future__ import annotations

from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "lao_gan_bu_desktop" / "ui"


def test_each_sortable_table_gets_the_arrow_that_follows_its_order() -> None:
    missing = [
        str(path.relative_to(UI))
        for path in sorted(UI.rglob("*.py"))
        if "setSortingEnabled(True)" in (text := path.read_text(encoding="utf-8"))
        and "arrows_follow_order(" not in text
    ]
    assert missing == []
