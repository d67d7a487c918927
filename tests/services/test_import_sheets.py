"""A workbook with a roster sheet per 类别 imported sheet by sheet: every roster sheet its own
batch (services.import_sheets, the command line's --all-sheets), each sheet's name giving its
people their 类别, one batch undone without the other, and a second sheet of a file already
imported not taken for a repeat of the first."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.import_apply import import_file
from lao_gan_bu_desktop.services.import_batches import (
    imported_sheets,
    list_batches,
    previous_import,
)
from lao_gan_bu_desktop.services.import_sheets import import_all_sheets, sheet_failed
from lao_gan_bu_desktop.services.import_undo import undo_import
from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.storage.import_models import ImportBatch
from tests.files.unit_file_corpus import a_sheet_per_kind
from tests.import_helpers import LI, WANG, ZHANG, write_xlsx

HEADER = ["序号", "姓名", "身份证号码", "联系电话"]


def _kinds() -> dict[str, str]:
    return {p["name"]: p["retirement_kind"] for p in list_persons()}


def test_two_sheets_two_batches_each_with_its_kind_and_undone_one_at_a_time(
    ctx, tmp_path: Path
) -> None:
    path = a_sheet_per_kind(tmp_path)  # sheets 离休, 退休 (same header) and 统计 (not a roster)
    summaries = import_all_sheets(path, "报送局", ctx.data_dir)
    assert [s["sheet"] for s in summaries] == ["离休", "退休"]
    assert all(s["ok"] and s["imported"] == 2 and s["batch_id"] for s in summaries)
    # Each sheet is named on its own: no "the other sheet is a roster too" warning.
    assert not any(w for s in summaries for w in s["warnings"])
    batches = list(ImportBatch.select().order_by(ImportBatch.id))
    assert [(b.id, b.sheet, b.imported) for b in batches] == [
        (summaries[0]["batch_id"], "离休", 2),
        (summaries[1]["batch_id"], "退休", 2),
    ]
    assert _kinds() == {"潘强": "离休", "葛兰": "离休", "奚明": "退休", "范伟": "退休"}
    assert imported_sheets(imp.file_hash(path)) == {"离休", "退休"}
    # 导入记录 tells the two batches of one file apart by their sheets.
    assert [(b.file_name, b.sheet) for b in list_batches()] == [
        ("分类别.xlsx", "退休"),
        ("分类别.xlsx", "离休"),
    ]

    undo_import(summaries[0]["batch_id"], ctx.data_dir)
    assert _kinds() == {"奚明": "退休", "范伟": "退休"}
    assert imported_sheets(imp.file_hash(path)) == {"退休"}
    undo_import(summaries[1]["batch_id"], ctx.data_dir)
    assert list_persons() == []


def test_dry_run_checks_every_sheet_and_writes_nothing(ctx, tmp_path: Path) -> None:
    path = a_sheet_per_kind(tmp_path)
    summaries = import_all_sheets(path, "报送局", ctx.data_dir, dry_run=True)
    assert [(s["sheet"], s["imported"], s["batch_id"]) for s in summaries] == [
        ("离休", 2, None),
        ("退休", 2, None),
    ]
    assert not any(sheet_failed(s, dry_run=True) for s in summaries)
    assert ImportBatch.select().count() == 0 and list_persons() == []


def test_a_second_sheet_of_an_imported_file_is_not_a_repeat(ctx, tmp_path: Path) -> None:
    path = a_sheet_per_kind(tmp_path)
    first = import_file(path, "报送局", ctx.data_dir)  # the sheet picked by itself: 离休
    assert first["sheet"] == "离休" and first["batch_id"]
    assert list_batches()[0].sheet == ""  # one sheet of the file so far: not worth naming
    digest = imp.file_hash(path)
    assert previous_import(digest, "离休").id == first["batch_id"]
    assert previous_import(digest).id == first["batch_id"]  # the file as a whole, as before
    assert previous_import(digest, "退休") is None
    second = import_file(path, "报送局", ctx.data_dir, sheet="退休")
    assert second["imported"] == 2 and second["batch_id"] != first["batch_id"]
    assert previous_import(digest, "退休").id == second["batch_id"]
    # Importing 离休 again is recognised, and changes nobody.
    again = import_file(path, "报送局", ctx.data_dir, sheet="离休")
    assert (again["imported"], again["unchanged"]) == (0, 2)
    assert previous_import(digest, "离休").id == again["batch_id"]


def test_roster_sheets_in_the_workbooks_order_hidden_and_other_tables_left_out(
    ctx, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "三张.xlsx",
        {
            "说明": [["填表说明：请按类别分表填写"]],
            "退休": [HEADER, [1, "奚明", ZHANG, None]],
            "统计": [["类别", "人数"], ["离休", 1], ["退休", 1]],
            "离休": [HEADER, [1, "潘强", LI, None]],
            "旧表": [HEADER, [1, "范伟", WANG, None]],
        },
        hidden=("旧表",),
    )
    source = imp.open_source(path)
    assert source.sheet == "退休" and imp.roster_sheets(source) == ["退休", "离休"]
    assert imp.find_roster_sheets(path) == ["退休", "离休"]
    # A sheet named by the clerk knows no others.
    assert imp.roster_sheets(imp.open_source(path, sheet="离休")) == ["离休"]
    warning = imp.also_rosters_warning(source, 2).reason
    assert "“离休”也是人员名单" in warning
    assert "继续导入工作表" in warning and "--all-sheets" in warning


def test_a_failed_sheet_is_named_and_the_others_are_imported(ctx, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "一张有错.xlsx",
        {
            "离休": [HEADER, [1, "潘强", LI, None], [2, "葛兰", WANG, None]],
            # Every row refused: an ID number that cannot be right.
            "退休": [HEADER, [1, "奚明", "410105195503121234", None]],
        },
    )
    summaries = import_all_sheets(path, "报送局", ctx.data_dir)
    assert [s["sheet"] for s in summaries] == ["离休", "退休"]
    assert [sheet_failed(s, dry_run=False) for s in summaries] == [False, True]
    assert summaries[0]["batch_id"] and summaries[1]["batch_id"] is None
    assert summaries[1]["invalid"][0]["column"] == "身份证号码"
    assert _kinds() == {"潘强": "离休", "葛兰": "离休"}
    assert [b.sheet for b in ImportBatch.select()] == ["离休"]


def test_a_file_with_no_roster_gives_one_refused_summary(ctx, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "统计.xlsx", {"统计": [["类别", "人数"], ["离休", 1]]})
    (summary,) = import_all_sheets(path, "报送局", ctx.data_dir)
    assert summary["ok"] is False and summary["sheet"] == ""
    assert "没有找到表头" in summary["error"]
    assert sheet_failed(summary, dry_run=False)
    assert ImportBatch.select().count() == 0
