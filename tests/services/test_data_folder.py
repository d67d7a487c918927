"""Where the data folder lives: the environment variable, the user folder, demo data apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
