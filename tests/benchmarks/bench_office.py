"""一刊一报 and 情况通报 with a city's roster: rolling a year forward, the year's table, the order
list workbook, a notice to everyone and its recipients.

Run: ``uv run python tests/benchmarks/bench_office.py [--persons 20000]``. Prints figures;
asserts nothing. Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.bench_roster import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    args = parser.parse_args()
    from lao_gan_bu_desktop.services import notices, subscriptions
    from lao_gan_bu_desktop.services.app import open_app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        print(f"生成 {args.persons} 人：{generate(folder, args.persons):.1f} 秒")
        ctx = open_app(folder, daily_backup=False)
        subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
        subscriptions.save_publication(None, "某区时报", "报纸", "赠阅")
        for paper in ("河南日报", "大河报", "某市日报", "某市晚报"):
            subscriptions.save_publication(None, paper, "报纸", "自选")
        figures: list[tuple[str, float]] = []

        def timed(label: str, action):
            started = time.perf_counter()
            result = action()
            figures.append((label, time.perf_counter() - started))
            return result

        timed("结转第一年（按花名册，含备份）", lambda: subscriptions.roll_forward(2026))
        rolled = timed("由上年结转", lambda: subscriptions.roll_forward(2027))
        table = timed("读取年度订阅表", lambda: subscriptions.year_table(2027))
        timed(
            "导出订阅清单 xlsx",
            lambda: subscriptions.export_order_list(2027, Path(tmp) / "清单.xlsx"),
        )
        nid = timed(
            "新建通报（全体）",
            lambda: notices.create_notice("通报", _dt.date(2026, 11, 1), "", "全部", ""),
        )
        notice = timed("读取通报名单", lambda: notices.get_notice(nid))
        ids = [r["id"] for r in notice["recipients"][:5000]]
        timed("登记 5000 人已通知", lambda: notices.record_reached(ids, channel="电话"))
        ctx.close()
    print(
        f"在册 {len(table['persons'])} 人，结转 {rolled['rows']} 份；通报 {len(notice['recipients'])} 人"
    )
    for label, seconds in figures:
        print(f"{label}：{seconds:.2f} 秒")


if __name__ == "__main__":
    main()
