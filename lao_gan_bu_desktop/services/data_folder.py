"""Where the program's data folder lives, without opening it.

Kept apart from services.app (which opens the database and so loads peewee) because the window
needs the folder before its first paint and the database only after it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "LaoGanBu"
DB_FILENAME = "lao_gan_bu.sqlite3"  # storage.database.DB_FILENAME (checked by a test)
ENV_DATA_DIR = "LAO_GAN_BU_DATA_DIR"


def default_data_dir(*, demo: bool = False) -> Path:
    """The data folder: ``$LAO_GAN_BU_DATA_DIR`` or the user data folder; demo lives apart."""
    from platformdirs import user_data_dir

    if demo:
        return Path(user_data_dir(APP_NAME, appauthor=False)) / "demo"
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "data"


def is_new_data_folder(data_dir: Path) -> bool:
    """True when ``data_dir`` holds no data file yet: the program's first start there."""
    return not (Path(data_dir) / DB_FILENAME).exists()
