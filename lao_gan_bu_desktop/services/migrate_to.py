"""Moving an office's data from this PC's SQLite file to a PostgreSQL server (migrate-to)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..storage.copy_to_server import copy_to_server
from ..storage.errors import StorageError
from ..storage.postgres import is_postgres_url
from ..storage.postgres import safe_url as safe_url


def migrate_to_server(
    data_dir: Path, url: str, progress: Callable[[str], None] | None = None
) -> list[tuple[str, int, int]]:
    """Copy everything in the data folder's SQLite file (people, visits, aid, attachments,
    import batches, settings, the audit log: every table) into the empty PostgreSQL database
    at ``url``; (table, rows here, rows there) per table. The SQLite folder is not changed."""
    if not is_postgres_url(url):
        raise StorageError(
            f"目标地址的写法不对：{url}\n应当形如 postgresql://用户名:密码@服务器/数据库名。"
        )
    return copy_to_server(Path(data_dir), url, progress)
