"""Where the data folder lives: the environment variable, the user folder, demo data apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.services.data_folder import ENV_DATA_DIR, default_data_dir


def test_environment_variable_names_the_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "区老干部局"))
    assert default_data_dir() == tmp_path / "区老干部局"


def test_demo_data_never_shares_the_real_folder(monkeypatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    real, demo = default_data_dir(), default_data_dir(demo=True)
    assert real != demo and real.parent == demo.parent
    assert (real.name, demo.name) == ("data", "demo")


def test_knowing_the_folder_loads_no_database_code() -> None:
    # the window asks for the folder before its first paint; peewee loads after it
    code = (
        "import sys; from lao_gan_bu_desktop.services.data_folder import default_data_dir; "
        "default_data_dir(); print('peewee' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert Path(default_data_dir(demo=True)).is_absolute()


@pytest.mark.sqlite_only("the saved address counts only when no server is named from outside")
@pytest.mark.parametrize("saved", [b"\xff\xfe\x00g\x00a\x00r\x00", "本机\n".encode("gbk")])
def test_a_damaged_saved_server_address_is_refused_saying_which_file(
    tmp_path, capsys, saved: bytes
) -> None:
    from lao_gan_bu_desktop.__main__ import main
    from lao_gan_bu_desktop.services.data_folder import DATABASE_URL_FILENAME

    data = tmp_path / "data"
    data.mkdir()
    (data / DATABASE_URL_FILENAME).write_bytes(saved)
    assert main(["--data-dir", str(data), "stats"]) == 2
    err = capsys.readouterr().err
    assert "数据库地址的写法不对" in err and "删除这个文件" in err and DATABASE_URL_FILENAME in err
    assert "内部出错" not in err and "UnicodeDecodeError" not in err
