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


ENV_DATABASE_URL = "LAO_GAN_BU_DATABASE_URL"  # storage.postgres.ENV_DATABASE_URL
# The PostgreSQL server's address chosen in 设置 (this PC's choice: it decides which database
# opens, so it cannot live in the database itself). Read at the next start.
DATABASE_URL_FILENAME = "database_url.txt"


def database_url(data_dir: Path, explicit: str | None = None) -> str | None:
    """The PostgreSQL database to use with ``data_dir``, None for the folder's own SQLite file:
    ``explicit`` (``--database-url``), else ``$LAO_GAN_BU_DATABASE_URL``, else what 设置 saved
    in the folder. An empty value anywhere means SQLite."""
    if explicit is not None:
        return explicit.strip() or None
    env = os.environ.get(ENV_DATABASE_URL)
    if env is not None:
        return env.strip() or None
    return saved_database_url(data_dir)


def saved_database_url(data_dir: Path) -> str | None:
    """The server address saved by 设置 for ``data_dir``, None when there is none."""
    try:
        # A file damaged or saved by another editor in GBK still gives text to refuse in words.
        raw = (Path(data_dir) / DATABASE_URL_FILENAME).read_bytes()
        text = raw.decode("utf-8", errors="replace").strip()
    except OSError:
        return None
    return text or None


def save_database_url(data_dir: Path, url: str | None) -> None:
    """Keep ``url`` (None or empty: back to the folder's own SQLite file) for the next start."""
    path = Path(data_dir) / DATABASE_URL_FILENAME
    text = (url or "").strip()
    if not text:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


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
