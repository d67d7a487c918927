"""活动 and 服务团队: what the demo step adds to building the demo zone, and suggestions, the
year's list and the report figures with a city's roster.

Run: ``uv run python tests/benchmarks/bench_activities.py [--persons 20000] [--rounds 5]``.
Prints figures; asserts nothing. Not collected by pytest (the file name does not start with
``test_``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.bench_roster import generate

DAY = _dt.date(2026, 11, 29)


def demo_build(rounds: int) -> None:
    """fill_demo with and without the activities step, alternating (the machine's load moves)."""
    from lao_gan_bu_desktop.services import demo
    from lao_gan_bu_desktop.services.app import open_app

    step = next(s for s in demo.DEMO_STEPS if s.__name__ == "add_demo_activities")
    times: dict[str, list[float]] = {"不含活动": [], "含活动": []}
    for _ in range(rounds):
        for label in times:
            if label == "不含活动":
                demo.DEMO_STEPS.remove(step)
            with tempfile.TemporaryDirectory() as tmp:
                ctx = open_app(Path(tmp) / "data", daily_backup=False)
                started = time.perf_counter()
                demo.fill_demo(DAY)
                times[label].append(time.perf_counter() - started)
                ctx.close()
            if label == "不含活动":
                demo.DEMO_STEPS.append(step)
    for label, values in times.items():
        print(
            f"生成演示数据（{label}）：中位 {statistics.median(values):.3f} 秒，最快 {min(values):.3f} 秒"
        )


def big_roster(persons: int, place: str) -> None:
    from lao_gan_bu_desktop.services import activities
    from lao_gan_bu_desktop.services.app import open_app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        print(f"生成 {persons} 人：{generate(folder, persons):.1f} 秒")
        ctx = open_app(folder, daily_backup=False)
        from lao_gan_bu_desktop.storage.models import Person

        Person._meta.database.execute_sql(
            "UPDATE person SET hobbies = '书法、摄影' WHERE id % 5 = 0"
        )
        aid = activities.save_activity(
            None,
            {
                "name": "书法班",
                "kind": "老年大学课程",
                "topic": "书法",
                "dates": [DAY - _dt.timedelta(weeks=n) for n in range(10)],
                "place": place,
                "capacity": 200,
            },
        )

        def timed(label: str, action):
            started = time.perf_counter()
            result = action()
            print(f"{label}：{time.perf_counter() - started:.3f} 秒")
            return result

        rows = timed(f"推荐人选（地点：{place}）", lambda: activities.suggestions(aid, day=DAY))
        print(f"　推荐 {len(rows)} 人（五分之一的人爱好书法）")
        if rows:
            activities.sign_up(aid, [r["id"] for r in rows][:30], day=DAY)
        timed("活动列表", lambda: activities.list_activities(DAY.year))
        timed("年度活动统计", lambda: activities.activity_figures(DAY.year))
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-demo", action="store_true", help="只测大名单")
    args = parser.parse_args()
    if not args.no_demo:
        demo_build(args.rounds)
    big_roster(args.persons, "城外某镇文化站")  # only those whose hobby fits are read
    big_roster(args.persons, "某区某路活动中心")  # everyone lives in 某区: the whole roster


if __name__ == "__main__":
    main()
