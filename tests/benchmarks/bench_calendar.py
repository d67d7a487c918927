"""Benchmark of the visit calendar (a plain script, not collected by pytest).

    uv run python tests/benchmarks/bench_calendar.py [--people 50000]

Prints the time of the due list for a whole year for 50 000 people (goal ≤ 2 s) and of painting
a month view with its counts (goal ≤ 50 ms), with their ratios to the goals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TODAY = dt.date(2026, 11, 29)
DUE_GOAL_S = 2.0
PAINT_GOAL_MS = 50.0


def build(people: int, folder: Path):
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.storage.database import db

    ctx = open_app(folder, daily_backup=False)
    rng = random.Random(50000)
    now = "2026-01-01 00:00:00"
    person_rows = []
    for i in range(1, people + 1):
        age = rng.choice((rng.randint(55, 75), rng.randint(60, 80), rng.randint(70, 100)))
        birth = TODAY - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        party = rng.random() < 0.7
        person_rows.append(
            (
                i,
                f"人员{i}",
                birth.isoformat(),
                int(rng.random() < 0.2),
                "离休" if rng.random() < 0.01 else "退休",
                "中共党员" if party else "群众",
                (birth + dt.timedelta(days=365 * rng.randint(18, 40))).isoformat()
                if party
                else None,
                "不能自理" if rng.random() < 0.02 else "自理",
                int(rng.random() < 0.01),
                rng.choice(("无",) * 30 + ("特困", "重病", "低保")),
                "良好",
                "在册",
                now,
                now,
            )
        )
    with db.atomic():
        db.execute_sql("PRAGMA foreign_keys = OFF")
        db.obj.cursor().executemany(
            "INSERT INTO person (id, name, gender, ethnicity, birth_date, lunar_birthday, "
            "retirement_kind, position, rank_level, political_status, party_join_date, "
            "residence_area, address, postcode, phone, landline, in_wechat_group, "
            "living_arrangement, self_care, bedridden, hardship, health_status, specialties, "
            "hobbies, needs, journal, newspaper, status, notes, search_key, created_at, "
            "updated_at) VALUES (?, ?, '', '', ?, ?, ?, '', '', ?, ?, '本市', '', '', '', '', 0, "
            "'', ?, ?, ?, ?, '', '', '', '', '', ?, '', '', ?, ?)",
            person_rows,
        )
        visits, links, stays = [], [], []
        for vid in range(1, people + 1):  # about one visit per person in the year
            day = TODAY - dt.timedelta(days=rng.randint(-60, 330))
            done = day < TODAY and rng.random() < 0.9
            visits.append(
                (
                    vid,
                    rng.choice(("节日慰问", "生日祝寿", "日常走访", "上门服务")),
                    "已完成" if done else "计划",
                    day.isoformat(),
                    day.isoformat() if done else None,
                    0,
                    now,
                    now,
                )
            )
            links.append((vid, rng.randint(1, people)))
        for _ in range(people // 100):
            admitted = TODAY - dt.timedelta(days=rng.randint(0, 360))
            stays.append(
                (
                    rng.randint(1, people),
                    admitted.isoformat(),
                    (admitted + dt.timedelta(days=rng.randint(3, 20))).isoformat(),
                )
            )
        cur = db.obj.cursor()
        cur.executemany(
            "INSERT INTO visit (id, kind, status, planned_on, done_on, visitors, gift, amount, "
            "notes, occasion, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '', ?, '', '', ?, ?)",
            visits,
        )
        cur.executemany("INSERT INTO visit_person (visit_id, person_id) VALUES (?, ?)", links)
        cur.executemany(
            "INSERT INTO hospital_stay (person_id, admitted_on, discharged_on, hospital, notes) "
            "VALUES (?, ?, ?, '', '')",
            stays,
        )
    db.execute_sql("PRAGMA foreign_keys = ON")
    return ctx


def bench_due(people: int) -> None:
    from lao_gan_bu_desktop.core.lunar_calendar import to_lunar
    from lao_gan_bu_desktop.services.visits import due_list

    to_lunar(TODAY)  # imports lunar-python; lunar years are then read as birthdays need them
    times = []
    for _ in range(4):
        t = time.perf_counter()
        items = due_list(dt.date(2027, 1, 1), dt.date(2027, 12, 31), day=TODAY)
        times.append(time.perf_counter() - t)
    cold, times = times[0], times[1:]
    best = min(times)
    print(f"应走访清单：{people} 人 × 全年（2027-01-01 至 2027-12-31）→ {len(items)} 项")
    print(
        f"  用时 最好 {best:.3f} s，中位 {statistics.median(times):.3f} s；目标 ≤ {DUE_GOAL_S} s，"
        f"比值 {best / DUE_GOAL_S:.2f}"
    )
    print(f"  （首次调用，含读入出生年份的农历月表：{cold:.3f} s，比值 {cold / DUE_GOAL_S:.2f}）")


def bench_paint() -> None:
    from PySide6.QtWidgets import QApplication

    from lao_gan_bu_desktop.ui.visits.calendar_tab import VisitsCalendarTab

    app = QApplication.instance() or QApplication([])
    tab = VisitsCalendarTab(today=TODAY)
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    grid = tab.month_view
    times = []
    for i in range(10):
        month = dt.date(2026, 1 + i % 12, 1)
        t = time.perf_counter()
        tab.show_month(month)  # reads the counts of the month from the database
        grid.repaint()  # paints synchronously
        times.append((time.perf_counter() - t) * 1000)
    best = min(times)
    print(f"月视图：读取当月计数并绘制（{grid.width()}×{grid.height()}），10 次")
    print(
        f"  用时 最好 {best:.1f} ms，中位 {statistics.median(times):.1f} ms；目标 ≤ {PAINT_GOAL_MS:.0f} ms，"
        f"比值 {best / PAINT_GOAL_MS:.2f}"
    )
    paint = []
    for _ in range(10):
        t = time.perf_counter()
        grid.repaint()
        paint.append((time.perf_counter() - t) * 1000)
    print(f"  其中仅绘制：最好 {min(paint):.1f} ms，中位 {statistics.median(paint):.1f} ms")
    t = time.perf_counter()
    tab.load_now()
    print(
        f"（当月明细——走访列表、应走访清单、生日名单——在首次绘制之后读取："
        f"{(time.perf_counter() - t) * 1000:.0f} ms，不阻塞月视图）"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50000)
    parser.add_argument("--no-ui", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        ctx = build(args.people, Path(tmp) / "data")
        print(f"（建库 {args.people} 人用时 {time.perf_counter() - t:.1f} s）")
        bench_due(args.people)
        if not args.no_ui:
            bench_paint()
        ctx.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (a PySide6 finaliser can crash)


if __name__ == "__main__":
    main()
