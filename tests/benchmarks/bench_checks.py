"""What the data file's checks cost on 50 000 people: the quick check at every start, the full
integrity check and the whole daily backup (copy, check, rename).

Run: ``uv run python tests/benchmarks/bench_checks.py [--persons 50000]``. Prints figures;
asserts nothing (target: the quick check at start well under 0.2 s). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _best(func, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=50_000)
    args = parser.parse_args()

    from bench_roster import generate

    from lao_gan_bu_desktop.services.app import open_app, quick_check
    from lao_gan_bu_desktop.storage import backup

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        print(f"生成 {args.persons} 人：{generate(data, args.persons):.1f} s")
        size = (data / "lao_gan_bu.sqlite3").stat().st_size
        print(f"数据文件 {size / 1024 / 1024:.1f} MB")
        ctx = open_app(data, daily_backup=False, checks=False)
        try:
            best, median = _best(lambda: quick_check(ctx))
            print(
                f"启动时的快速检查（PRAGMA quick_check）：最快 {best * 1000:.0f} ms，中位 {median * 1000:.0f} ms"
            )
            best, median = _best(lambda: backup.integrity_problems(ctx.database_path), 3)
            print(
                f"完整性检查（PRAGMA integrity_check）：最快 {best * 1000:.0f} ms，中位 {median * 1000:.0f} ms"
            )
        finally:
            ctx.close()

        def reopen(checks: bool) -> None:
            open_app(data, daily_backup=False, checks=checks).close()

        with_checks = _best(lambda: reopen(True))[1]
        without = _best(lambda: reopen(False))[1]
        print(
            f"打开数据文件夹：含快速检查 {with_checks * 1000:.0f} ms，不含 {without * 1000:.0f} ms"
        )
        best, median = _best(lambda: backup.make_backup(data, "测试"), 3)
        print(f"一次备份（复制、完整性检查、改名）：最快 {best:.2f} s，中位 {median:.2f} s")


if __name__ == "__main__":
    main()
