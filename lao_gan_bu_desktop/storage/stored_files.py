"""Attachment files in the database when it is a PostgreSQL server shared by several PCs.

The program keeps handling attachments as files under the data folder's ``attachments``
(their rows name them by a path relative to the folder). On a server each such file is also a
row of ``stored_file`` (the bytes, in BYTEA): :func:`push` after a file is written, :func:`pull`
before one is opened (it writes the bytes into this PC's folder when they are not there yet),
:func:`rename` and :func:`forget` follow moves and removals. On SQLite every function does
nothing: the data folder is the one place, and its backups copy ``attachments`` whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..core import clock
from .database import db, is_postgres


def push(base: Path, relative: str) -> None:
    """Keep the file ``base/relative`` in the database (replacing what was there)."""
    if not is_postgres():
        return
    content = (Path(base) / relative).read_bytes()
    db.execute_sql(
        'INSERT INTO "stored_file" ("path", "content", "size", "stored_at") VALUES (?, ?, ?, ?) '
        'ON CONFLICT ("path") DO UPDATE SET "content" = EXCLUDED."content", '
        '"size" = EXCLUDED."size", "stored_at" = EXCLUDED."stored_at"',
        (relative, content, len(content), clock.now()),
    )


def pull(base: Path, relative: str) -> bool:
    """Write the stored bytes of ``relative`` to ``base/relative`` when the file is missing
    here (another PC added it); False when the database holds no such file."""
    if not is_postgres():
        return False
    target = Path(base) / relative
    row = db.execute_sql(
        'SELECT "content", "size" FROM "stored_file" WHERE "path" = ?', (relative,)
    ).fetchone()
    if row is None:
        return False
    if target.is_file() and target.stat().st_size == row[1]:
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".pull-", dir=target.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(bytes(row[0]))
    os.replace(name, target)
    return True


def rename(old: str, new: str) -> None:
    """The stored file ``old`` is now ``new`` (moved aside, as a removed attachment is)."""
    if is_postgres():
        db.execute_sql('UPDATE "stored_file" SET "path" = ? WHERE "path" = ?', (new, old))


def forget(prefix: str) -> None:
    """Drop the stored files under the folder ``prefix`` (a deleted case's)."""
    if is_postgres():
        pattern = prefix.rstrip("/").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        db.execute_sql('DELETE FROM "stored_file" WHERE "path" LIKE ?', (pattern + "/%",))
