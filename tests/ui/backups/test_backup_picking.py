"""Choosing a backup: a backup folder's data file stands for the whole folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from lao_gan_bu_desktop.ui.backups.picking import pick_backup


def test_a_backup_folder_file_a_loose_file_and_cancel(qapp, tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    folder = data / "backups" / "20261129-090000_每日自动"
    folder.mkdir(parents=True)
    loose = tmp_path / "拷贝" / "lao_gan_bu.sqlite3"
    starts: list[str] = []
    answers = iter([str(folder / "lao_gan_bu.sqlite3"), str(loose), ""])

    def dialog(parent, title, start, filters):
        starts.append(start)
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    assert pick_backup(None, data) == folder
    assert pick_backup(None, data) == loose
    assert pick_backup(None, data) is None
    assert starts[0] == str(data / "backups")
