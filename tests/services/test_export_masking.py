"""Masked ID numbers cannot be rebuilt from the same export (issue 14, defect 4): beside a masked
ID the birth date is written as year and month only (the wizard's note: tests/ui/exporting)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from openpyxl import load_workbook

from lao_gan_bu_desktop.services.exporting import export_roster
from tests.conftest import FIXED_TODAY


def _hidden_digits_revealed(path: Path) -> tuple[int, int]:
    """(rows with a masked ID, rows where another cell gives away the hidden 8 digits)."""
    sheet = load_workbook(path).active
    headers = [c.value for c in sheet[3]]
    id_column = headers.index("公民身份号码")
    masked = revealed = 0
    from lao_gan_bu_desktop.services import roster

    full = {p["name"]: p["id_number"] for p in roster.list_persons() if p["id_number"]}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not row[id_column] or "*" not in str(row[id_column]):
            continue
        masked += 1
        hidden = full[row[headers.index("姓名")]][6:14]
        others = [v for i, v in enumerate(row) if i != id_column and v is not None]
        texts = [v.strftime("%Y%m%d") if isinstance(v, _dt.date) else str(v) for v in others]
        if any(hidden in t.replace("-", "") for t in texts):
            revealed += 1
    return masked, revealed


def test_the_leaders_roster_never_reveals_the_masked_digits(demo_ctx, tmp_path: Path) -> None:
    masked_file = tmp_path / "花名册.xlsx"
    export_roster(masked_file, day=FIXED_TODAY)  # the default columns: 出生日期 beside the ID
    masked, revealed = _hidden_digits_revealed(masked_file)
    assert masked > 100 and revealed == 0
    sheet = load_workbook(masked_file).active
    assert "出生日期只写到年月" in sheet["A2"].value
    births = [r[3] for r in sheet.iter_rows(min_row=4, values_only=True) if r[3]]
    assert all(len(b) == 7 and b[4] == "-" for b in births)

    full_file = tmp_path / "完整.xlsx"
    export_roster(full_file, day=FIXED_TODAY, full_id=True)
    sheet = load_workbook(full_file).active
    assert isinstance(sheet["D4"].value, _dt.datetime)
