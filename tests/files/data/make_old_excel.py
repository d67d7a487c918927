"""Makes old_excel_roster.xls, the Excel 97-2003 file of the unit-file corpus: an xlsx written
with openpyxl (a title, a two-row header with a merged group, an ID column formatted as text, an
Excel date, a footer), converted by LibreOffice as old Excel would have saved it.

Run once from the repository: ``uv run python tests/files/data/make_old_excel.py`` (needs
``soffice``); the small .xls it writes is committed.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from openpyxl import Workbook

from tests.files.unit_file_corpus import QIAN, ZHAO


def main() -> None:
    here = Path(__file__).parent
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "old_excel_roster.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.title = "离退休人员"
        ws.append(["某某局离退休人员花名册"])
        ws.append(["序号", "人员信息", None, None, "离退休情况", None])
        ws.append([None, "姓名", "身份证号码", "出生年月", "类别", "原职务"])
        ws.append([1, "赵建国", ZHAO, _dt.datetime(1950, 5, 3), "退休", "副处长"])
        ws.append([2, "钱秀英", QIAN, "1948.11", "离休", "科员"])
        ws.append(["填表人：张三", None, None, "审核人：李四"])
        ws.merge_cells("A1:F1")
        ws.merge_cells("B2:D2")
        ws.merge_cells("E2:F2")
        ws.merge_cells("A2:A3")
        for row in range(4, 6):
            ws.cell(row, 3).number_format = "@"
        ws.cell(4, 4).number_format = "yyyy.mm"
        wb.save(source)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xls", "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(Path(folder) / "old_excel_roster.xls", here / "old_excel_roster.xls")


if __name__ == "__main__":
    main()
