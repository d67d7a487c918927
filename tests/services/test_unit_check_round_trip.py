"""The 单位核对表 round trip: export a unit's sheet, the unit changes one cell, the file imports
with "update" and no mapping work, and exactly that field of that person changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import exporting, import_apply
from lao_gan_bu_desktop.services.roster import get_person, list_persons
from tests.conftest import FIXED_TODAY

SKIP = {
    "updated_at",
    "version",
    "created_at",
    "contacts",
    "search_key",
    "age",
    "age_bracket",
    "service_tier",
}


def _everyone() -> dict[int, dict]:
    people = list_persons(RosterFilter(statuses=()), day=FIXED_TODAY)
    return {p["id"]: get_person(p["id"], day=FIXED_TODAY) for p in people}


def _differences(before: dict[int, dict], after: dict[int, dict]) -> list[tuple]:
    assert before.keys() == after.keys()
    return [
        (after[pid]["name"], key, old.get(key), after[pid].get(key))
        for pid, old in before.items()
        for key in old
        if key not in SKIP and old.get(key) != after[pid].get(key)
    ]


def _change(ws, name: str, label: str, value) -> None:
    headers = [c.value for c in ws[3]]
    names = [c.value for c in ws["A"]]
    ws.cell(row=names.index(name) + 1, column=headers.index(label) + 1).value = value


@pytest.mark.parametrize(
    ("label", "value", "key", "expected"),
    [
        ("手机", "13999999999", "phone", "13999999999"),
        ("健康状况", "较差", "health_status", "较差"),
        ("现住址", "郑州市高新区莲花街1号", "address", "郑州市高新区莲花街1号"),
    ],
)
def test_one_changed_cell_updates_exactly_that_field(
    demo_ctx, tmp_path: Path, label, value, key, expected
) -> None:
    before = _everyone()
    result = exporting.export_unit_check(tmp_path / "核对表", units=["科技局"], day=FIXED_TODAY)
    (path,) = result.paths
    wb = load_workbook(path)
    ws = wb.active
    name = ws["A4"].value
    _change(ws, name, label, value)
    wb.save(path)

    summary = import_apply.import_file(path, "科技局", demo_ctx.data_dir, on_duplicate="update")
    assert summary["ok"], summary
    assert summary["updated"] == 1 and summary["imported"] == 0
    assert summary["unchanged"] == result.count - 1
    changes = _differences(before, _everyone())
    assert len(changes) == 1
    person, field, _old, new = changes[0]
    assert (person, field, new) == (name, key, expected)


def test_unchanged_sheet_of_the_one_workbook_changes_nothing(demo_ctx, tmp_path: Path) -> None:
    before = _everyone()
    result = exporting.export_unit_check(tmp_path, one_workbook=True, day=FIXED_TODAY)
    summary = import_apply.import_file(
        result.paths[0], "财政金融局", demo_ctx.data_dir, sheet="财政金融局", on_duplicate="update"
    )
    assert summary["ok"], summary
    assert summary["updated"] == 0 and summary["imported"] == 0 and summary["unchanged"] > 0
    assert _differences(before, _everyone()) == []
