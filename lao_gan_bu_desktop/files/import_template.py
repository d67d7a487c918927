"""The blank import template for units ("下载空白模板").

The template's headers are exactly the :data:`core.fields.PERSON_FIELDS` labels of
:data:`TEMPLATE_FIELDS`, so it imports with no mapping work; 性别, 离退休类别 and 政治面貌 (and
the other short vocabularies) have drop-down lists; the ID, phone and postcode columns are
formatted as text so that Excel cannot turn an ID number into 4.10105E+17; a second sheet
explains how to fill it in. Both workbooks use the house style of :mod:`.xlsx_house`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..core import clock
from ..core.fields import FIELD_BY_KEY
from .atomic_write import save_workbook
from .xlsx_house import (
    HEADER_ROW,
    TITLE_LEFT_ALIGNMENT,
    Column,
    fit_row_heights,
    new_workbook,
    setup_print,
    write_table,
)

TEMPLATE_FIELDS: tuple[str, ...] = (
    "name",
    "gender",
    "ethnicity",
    "id_number",
    "birth_date",
    "retirement_kind",
    "retirement_date",
    "work_start_date",
    "position",
    "rank_level",
    "political_status",
    "party_join_date",
    "party_branch",
    "residence_area",
    "address",
    "postcode",
    "phone",
    "landline",
    "in_wechat_group",
    "living_arrangement",
    "health_status",
    "self_care",
    "hardship",
    "specialties",
    "hobbies",
    "needs",
    "notes",
)
TEMPLATE_ROWS = 500  # rows prepared with text format and drop-downs
_KIND = {"id": "id", "phone": "phone", "postcode": "id", "date": "date"}
_DROPDOWN_LIMIT = 255  # Excel's limit on an inline list

INSTRUCTIONS = (
    "填表说明",
    "",
    "1. 请在“人员名单”工作表中每行填写一位离退休干部，不要修改、删除或调换表头。",
    "2. 姓名必填；公民身份号码请填写18位（末位X大写小写均可），本列已设为文本格式，请勿改为数字格式，"
    "否则号码后几位会丢失。",
    "3. 出生日期、性别可不填，系统按身份证号自动得出；如填写与身份证号不符，以身份证号为准。",
    "4. 日期请写成 1955-03-12 或 1955年3月12日；只知道年月的写 1955年3月。",
    "5. 性别、离退休类别、政治面貌等列请从下拉列表中选择。",
    "6. 手机填写11位号码；固定电话请带区号，如 0371-67881234。",
    "7. 已加入微信群填“是”或“否”。",
    "8. 表格填好后请直接发送 xlsx 文件，无需另存为其他格式，也不要设置打开密码。",
)


def template_columns() -> list[Column]:
    return [
        Column(key, FIELD_BY_KEY[key].label, _KIND.get(FIELD_BY_KEY[key].kind, "text"))
        for key in TEMPLATE_FIELDS
    ]


def write_template(path: Path, *, unit: str = "", day: _dt.date | None = None) -> Path:
    """Write the blank template to ``path`` and return it."""
    day = day or clock.today()
    wb = new_workbook()
    ws = wb.create_sheet("人员名单")
    columns = template_columns()
    title = f"{unit}离退休干部信息表" if unit else "离退休干部信息表"
    write_table(
        ws,
        title=title,
        subtitle=f"填报单位：{unit or '＿＿＿＿＿＿'}    填报日期：    （模板生成于 {day.isoformat()}）",
        columns=columns,
        rows=[],
    )
    first, last = HEADER_ROW + 1, HEADER_ROW + TEMPLATE_ROWS
    for i, col in enumerate(columns, 1):
        letter = get_column_letter(i)
        spec = FIELD_BY_KEY[col.key]
        fmt = {"id": "@", "phone": "@", "date": "yyyy-mm-dd"}.get(col.kind, "@")
        for r in range(first, last + 1):
            ws.cell(row=r, column=i).number_format = fmt
        choices: Sequence[str] = spec.choices
        if spec.kind == "bool":
            choices = ("是", "否")
        if choices and len(",".join(choices)) <= _DROPDOWN_LIMIT:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{spec.label}填写有误",
                error=f"请从下拉列表中选择：{'、'.join(choices)}",
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}{first}:{letter}{last}")
        if col.kind == "id":
            ws.column_dimensions[letter].width = 22
    ws.auto_filter.ref = None
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1)]
    # the ID column was widened: choose the print scale again for the final widths
    fits = setup_print(ws, widths=widths, titles=[c.title for c in columns])
    if not fits:
        ws["A1"].alignment = TITLE_LEFT_ALIGNMENT
    notes = wb.create_sheet("填表说明")
    for r, line in enumerate(INSTRUCTIONS, 1):
        cell = notes.cell(row=r, column=1, value=line)
        cell.font = Font(name="宋体", size=14 if r == 1 else 11, bold=r == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 100
    fit_row_heights(notes, 1, len(INSTRUCTIONS), [100])
    setup_print(notes, header_row=1, widths=[100])
    wb.active = 0
    path = Path(path)
    save_workbook(wb, path)
    return path
