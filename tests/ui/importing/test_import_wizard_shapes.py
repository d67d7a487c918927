"""The import wizard's 列对应 and 检查 pages with a file of the shapes the row check joins or
reads kindly: an address typed on in the next row, a landline with its area code after it, two
ID-number columns beside a spouse's, 类别 退职. Each warning is shown, whole, on the check page."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from lao_gan_bu_desktop.ui.importing import common as ic
from tests.import_helpers import make_id, write_xlsx
from tests.ui.importing.test_import_wizard import forward, shot, start

ZHAO = make_id(_dt.date(1950, 5, 3), 41, True)
QIAN = make_id(_dt.date(1948, 11, 20), 42, False)
OLD15 = "410105" + "520714" + "121"


def test_the_check_page_shows_every_new_rule_in_words(qtbot, ctx, tmp_path: Path) -> None:
    rows = [
        ["姓名", "原身份证号", "身份证号码", "配偶身份证号", "类别", "固定电话", "家庭住址"],
        ["赵建国", None, ZHAO, QIAN, "退休", "63921235-0371", "郑州市金水区文化路12号院"],
        [None, None, None, None, None, None, "3号楼2单元301室"],
        ["钱秀英", OLD15, QIAN, ZHAO, "退职", "63921236（0371）", "农业路2号"],
    ]
    path = write_xlsx(tmp_path / "经济发展局.xlsx", {"名单": rows})
    wizard = start(qtbot, ctx, [path])
    wizard.resize(1100, 640)
    forward(qtbot, wizard, 2)
    assert wizard.mapping_page.mapping() == [
        "name",
        "id_number",
        "id_number",
        None,
        "retirement_kind",
        "landline",
        "address",
    ]
    shot(wizard, "shapes_mapping")
    forward(qtbot, wizard)
    assert wizard.currentId() == ic.PAGE_CHECK
    page = wizard.check_page
    assert "新增 2 人" in page.counts.text() and "有错误 0 行" in page.counts.text()
    texts = {
        page.table.item(r, 1).text(): page.table.item(r, 3).text()
        for r in range(page.table.rowCount())
    }
    zhao, qian = texts["赵建国"], texts["钱秀英"]
    assert "第 3 行只填了“家庭住址”，看作本行的续行" in zhao
    assert "郑州市金水区文化路12号院3号楼2单元301室" in zhao
    assert "按区号在后理解为 0371-63921235" in zhao
    assert "“退职”不是离休或退休" in qian and "两个号码不同" in qian
    shot(wizard, "shapes_check")
    # every warning readable in full: the row grows to the text, no "…"
    for r in range(page.table.rowCount()):
        assert page.table.rowHeight(r) >= page.table.sizeHintForRow(r)
    assert page.table.rowHeight(0) > 2 * page.table.fontMetrics().height()
