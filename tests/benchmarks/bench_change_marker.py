"""What the window's change check costs: ``services.conflicts.change_marker`` on an audit log of
10 000, 100 000 and 1 000 000 rows (it runs every 5 s on the window's thread).

Run: ``uv run python tests/benchmarks/bench_change_marker.py``. Prints figures; asserts nothing
(target: a few milliseconds whatever the log's length). Not collected by pytest.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

FILL = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
    'INSERT INTO "audit_log" ("at", "operator", "action", "table", "record_id", "summary", '
    "\"changes\") SELECT '2026-01-01 10:00:00', '王丽', '修改', 'person', x % 5000, "
    "'修改 张三', '{}' FROM c"
)


def main() -> None:
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.conflicts import change_marker
    from lao_gan_bu_desktop.storage.database import db

    for rows in (10_000, 100_000, 1_000_000):
        with tempfile.TemporaryDirectory() as folder:
            ctx = open_app(Path(folder) / "data", daily_backup=False)
            with db.atomic():
                db.execute_sql(FILL, (rows,))
            change_marker()
            repeat = 50
            start = time.perf_counter()
            for _ in range(repeat):
                change_marker()
            each = (time.perf_counter() - start) / repeat
            print(f"审计日志 {rows:>9,} 行：change_marker 每次 {each * 1000:.2f} ms")
            ctx.close()


if __name__ == "__main__":
    main()
