"""Damaged pages written into a database file, as a failing disk or a crashed copy leaves them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def damage_index_page(database: Path, *, garbage: bool) -> None:
    """Damage a leaf page of the roster's name index: flip bytes of its cells (``garbage``:
    overwrite the whole page after its header)."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'person_name' AND pagetype = 'leaf'"
        )
    ]
    conn.close()
    page = pages[len(pages) // 2]
    with open(database, "r+b") as f:
        f.seek((page - 1) * page_size)
        data = bytearray(f.read(page_size))
        if garbage:
            data[8:] = os.urandom(page_size - 8)
        else:
            for i in range(page_size - 200, page_size - 100):
                data[i] ^= 0x55
        f.seek((page - 1) * page_size)
        f.write(data)
