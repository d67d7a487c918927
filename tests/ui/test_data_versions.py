"""The window on data written by a newer program: refused with the Chinese message, the file
left as it was, no first-start dialog (the folder has data)."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.storage.database import DB_FILENAME
from lao_gan_bu_desktop.ui import first_start_dialog

from ..cli.test_data_versions import newer_data
from .test_app import run_window_until


def test_the_window_refuses_newer_data(qtbot, tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "data"
    before = newer_data(folder)
    monkeypatch.setattr(first_start_dialog, "ask_first_start", lambda _folder: 1 / 0)
    code, seen = run_window_until(folder, tmp_path / "s.ini", lambda window: None)
    assert code == 1 and not seen
    err = capsys.readouterr().err
    assert "由更新版本的老干部工作台写入" in err and "请安装新版本后再打开" in err
    assert (folder / DB_FILENAME).read_bytes() == before


def test_the_first_start_check_names_the_real_data_file() -> None:
    from lao_gan_bu_desktop.services import data_folder

    assert data_folder.DB_FILENAME == DB_FILENAME
