"""备份到U盘或其他位置… and 从U盘恢复… in the real window on the demo zone: a stick (a fake list
of removable drives pointing at a temporary folder) is offered first, the backup lands there
under a dated name; the stick's backups are listed with date, people and size, a damaged one
greyed and not restorable; restoring asks, backs up "恢复前" and brings the data back."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.services import backup_media, roster
from lao_gan_bu_desktop.services.backups import list_backups
from lao_gan_bu_desktop.ui.backups.external import ExportBackupDialog, RestoreFromDriveDialog


def test_backup_to_a_stick_then_restore_from_it(window, qtbot, tmp_path, monkeypatch) -> None:
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    other = tmp_path / "其他位置"
    other.mkdir()
    monkeypatch.setattr(backup_media, "removable_drives", lambda: [stick])
    ctx = window.require_data()
    people = roster.count_persons()

    dialog = ExportBackupDialog(ctx.data_dir, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.target() == stick  # the stick first
    assert dialog.none_found.isHidden()
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getExistingDirectory", lambda *a, **k: str(other)
    )
    dialog.choose_other()
    assert dialog.target() == other
    dialog.places.setCurrentRow(0)
    assert dialog.export()
    made = dialog.made
    assert made is not None and made.parent == stick
    assert made.name.startswith("老干部工作台备份_2")

    # someone deletes people afterwards; the stick still has them
    roster.delete_persons([p["id"] for p in roster.list_persons()[:3]])
    assert roster.count_persons() == people - 3
    (stick / "坏的.sqlite3").write_bytes(b"x" * 4096)

    picker = RestoreFromDriveDialog(ctx.data_dir, parent=window)
    qtbot.addWidget(picker)
    assert picker.place.currentData() == str(stick)
    rows = {
        picker.table.item(r, 3).text(): picker.table.item(r, 1).text()
        for r in range(picker.table.rowCount())
    }
    # on a database server the copy is pg_dump's, whose people are not counted here
    count = "服务器备份" if ctx.on_server else f"{people} 人"
    assert rows[made.name] == count
    assert "不能用于恢复" in rows["坏的.sqlite3"]
    chosen = picker.chosen()
    assert chosen is not None and chosen.path == made
    bad_row = next(
        r
        for r in range(picker.table.rowCount())
        if picker.table.item(r, 3).text() == "坏的.sqlite3"
    )
    picker.table.selectRow(bad_row)
    assert not picker.ok.isEnabled()
    picker.table.selectRow(next(r for r in range(picker.table.rowCount()) if r != bad_row))
    assert picker.ok.isEnabled()
    # the data folder's own backups are one choice away
    picker.place.setCurrentIndex(1)
    assert picker.place.currentText() == "本机数据文件夹中的备份"
    assert picker.table.rowCount() == len(list_backups(ctx.data_dir))

    # the menu's way: the list, the question, the restore
    from lao_gan_bu_desktop.ui.roster import status_dialog

    asked: list[str] = []
    monkeypatch.setattr(
        status_dialog, "confirm", lambda parent, title, text, *a, **k: asked.append(text) or True
    )
    monkeypatch.setattr(RestoreFromDriveDialog, "exec", lambda self: 1)
    assert window.restore_from_drive()
    assert asked and made.name in asked[0]
    assert (f"{people} 人" in asked[0]) != ctx.on_server
    assert roster.count_persons() == people
    assert list_backups(ctx.data_dir)[0].reason in ("恢复前", "从U盘复制")
    assert any(b.reason == "恢复前" for b in list_backups(ctx.data_dir))


def test_no_stick_says_what_to_do_and_a_refusal_stays_in_the_dialog(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    ctx = window.require_data()
    dialog = ExportBackupDialog(ctx.data_dir, drives=[], parent=window)
    qtbot.addWidget(dialog)
    assert "没有发现U盘" in dialog.none_found.text()
    assert not dialog.ok.isEnabled()
    gone = tmp_path / "拔掉的U盘"
    dialog.fill([gone])
    assert dialog.target() == gone
    assert not dialog.export()
    assert "找不到文件夹" in dialog.message.text()
    assert not Path(gone).exists()
