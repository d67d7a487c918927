"""Roster speed with 50 000 people: first page, search keystrokes, and start-up against bare Qt.

Run: ``uv run python tests/benchmarks/bench_roster.py [--persons 50000] [--startup-only|--home]``.
Prints figures; asserts nothing (targets: first page ≤ 0.5 s, each keystroke ≤ 50 ms, ``--smoke``
≤ 1.5× a bare PySide6 window; ``--startup-only`` measures only the last; ``--home`` measures the
parts of 首页's refresh and how long it holds up the window's event loop). Not collected by pytest
(the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

TARGET_FIRST_PAGE_S = 0.5
TARGET_KEYSTROKE_MS = 50
TARGET_START_RATIO = 1.5
KEYSTROKES = ("z", "zh", "zha", "王")

BARE_PROGRAM = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, lambda: app.exit(0))
        return False
window = QMainWindow()
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""


def generate(data_dir: Path, count: int, seed: int = 50_000) -> float:
    """Fill ``data_dir`` with ``count`` people (insert_many, one transaction); returns seconds."""
    from lao_gan_bu_desktop.core.idnumber import check_digit
    from lao_gan_bu_desktop.core.pinyin import search_key
    from lao_gan_bu_desktop.core.vocab import POLITICAL_STATUSES
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import AREA_CODES, FEMALE_GIVEN, MALE_GIVEN, SURNAMES
    from lao_gan_bu_desktop.storage.database import db
    from lao_gan_bu_desktop.storage.models import Person, Unit

    started = time.perf_counter()
    rng = random.Random(seed)
    ctx = open_app(data_dir, daily_backup=False)
    today = _dt.date.today()
    keys: dict[str, str] = {}
    used_ids: set[str] = set()
    with db.atomic():
        units = [
            Unit.create(name=f"第{i + 1}单位{rng.choice('局委办处所中心')}").id for i in range(60)
        ]
        rows = []
        for _ in range(count):
            gender = "男" if rng.random() < 0.6 else "女"
            pool = MALE_GIVEN if gender == "男" else FEMALE_GIVEN
            i = rng.randrange(0, len(pool) - 1)
            given = pool[i] if rng.random() < 0.4 else pool[i : i + 2]
            name = rng.choice(SURNAMES) + given
            if name not in keys:
                keys[name] = search_key(name)
            age = rng.randint(52, 100)
            birth = today - _dt.timedelta(days=age * 365 + rng.randrange(365))
            while True:
                seq = rng.randrange(100) * 10 + rng.choice(
                    (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8)
                )
                first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
                id_number = first17 + check_digit(first17)
                if id_number not in used_ids:
                    used_ids.add(id_number)
                    break
            rows.append(
                {
                    "name": name,
                    "gender": gender,
                    "ethnicity": "汉族",
                    "id_number": id_number,
                    "birth_date": birth,
                    "retirement_kind": "离休" if age >= 90 and rng.random() < 0.3 else "退休",
                    "unit": rng.choice(units),
                    "position": rng.choice(("科员", "科长", "主任", "副局长")),
                    "political_status": rng.choice(POLITICAL_STATUSES[:1] * 6 + POLITICAL_STATUSES),
                    "residence_area": rng.choice(("本市",) * 18 + ("省外", "省内其他市")),
                    "address": f"某市某区某路{rng.randint(1, 300)}号院{rng.randint(1, 20)}号楼",
                    "phone": f"13{rng.randrange(10**9):09d}",
                    "self_care": rng.choice(("自理",) * 30 + ("半自理", "不能自理")),
                    "health_status": rng.choice(("良好", "一般", "较差")),
                    "hardship": rng.choice(("无",) * 50 + ("低保", "特困")),
                    "status": rng.choice(("在册",) * 30 + ("已故", "迁出")),
                    "search_key": keys[name],
                }
            )
        for start in range(0, len(rows), 2000):
            Person.insert_many(rows[start : start + 2000]).execute()
    ctx.close()
    return time.perf_counter() - started


def measure_window(data_dir: Path, repeat: int) -> dict[str, object]:
    """First page of the roster tab, and each search keystroke, in the real widgets."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.storage.roster_queries import RosterFilter, query_person_ids
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ctx = open_app(data_dir, daily_backup=False)
    settings = QSettings(str(data_dir / "bench.ini"), QSettings.Format.IniFormat)
    started = time.perf_counter()
    window = MainWindow(ctx, settings=settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window_s = time.perf_counter() - started
    home = window.tabs["home"]
    started = time.perf_counter()
    home.refresh()  # what runs right after the first paint: starts the worker that reads
    stats_s = time.perf_counter() - started
    # The roster is measured alone: wait until 首页's worker has shown its figures.
    while home.charts is None or home.is_loading():
        app.processEvents()
        time.sleep(0.005)

    started = time.perf_counter()
    roster = window.show_tab("roster")
    app.processEvents()  # loads, lays out and paints the first page
    first_page_s = time.perf_counter() - started
    rows = roster.model.rowCount()

    keystrokes: dict[str, tuple[float, int]] = {}
    sql_only: dict[str, float] = {}
    for text in KEYSTROKES:
        times = []
        for _ in range(repeat):
            roster.filter_bar.search.setText("")
            roster.filter_bar.apply_now()
            app.processEvents()
            begun = time.perf_counter()
            roster.filter_bar.search.setText(text)
            roster.filter_bar.apply_now()  # what the 150 ms typing pause triggers
            app.processEvents()  # and the repaint of the first page
            times.append((time.perf_counter() - begun) * 1000)
        keystrokes[text] = (statistics.median(times), roster.model.rowCount())
        sql = []
        for _ in range(repeat):
            begun = time.perf_counter()
            query_person_ids(RosterFilter(text=text), today=_dt.date.today())
            sql.append((time.perf_counter() - begun) * 1000)
        sql_only[text] = statistics.median(sql)
    window.close()
    ctx.close()
    return {
        "window_s": window_s,
        "stats_s": stats_s,
        "first_page_s": first_page_s,
        "rows": rows,
        "keystrokes": keystrokes,
        "sql_only": sql_only,
    }


def _median_ms(job, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        begun = time.perf_counter()
        job()
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times)


def measure_home(data_dir: Path, repeat: int) -> dict[str, float]:
    """首页: each service part on its own (median ms), then the whole refresh in the window.

    The window's figures are the longest gap between two ticks of a 1 ms heartbeat timer while
    a refresh runs (how long the event loop, and so the clerk, waits at most), the time of the
    ``refresh()`` call itself and the time until the figures are shown.
    """
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from lao_gan_bu_desktop.services import aid, health, reminders, stats, visits
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.ui.home.charts import HomeCharts
    from lao_gan_bu_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ctx = open_app(data_dir, daily_backup=False)
    day = _dt.date.today()
    end = day + _dt.timedelta(days=7)
    figures: dict[str, float] = {
        "stats (compute_stats)": _median_ms(lambda: stats.compute_stats(day), repeat),
        "  of which aid_overview": _median_ms(lambda: aid.aid_overview(day), repeat),
        "reminders (services.reminders)": _median_ms(lambda: reminders.reminders(day, 7), repeat),
        "  of which due_list": _median_ms(lambda: visits.due_list(day, end, day=day), repeat),
        "  of which list_visits": _median_ms(
            lambda: visits.list_visits(day, end, statuses=("计划",)), repeat
        ),
        "  of which health_check_counts": _median_ms(
            lambda: health.health_check_counts(day.year), repeat
        ),
    }
    figures["aid card (aid_overview)"] = figures["  of which aid_overview"]
    sample = stats.compute_stats(day)
    charts = HomeCharts(sample)
    figures["charts: first build"] = _median_ms(lambda: HomeCharts(sample).deleteLater(), repeat)
    figures["charts: set_stats"] = _median_ms(lambda: charts.set_stats(sample), repeat)
    charts.deleteLater()

    settings = QSettings(str(data_dir / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings=settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    home = window.tabs["home"]
    clock = QElapsedTimer()
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(lambda: ticks.append(clock.elapsed()))
    stalls, calls, totals = [], [], []
    loading = getattr(home, "is_loading", lambda: False)
    for _ in range(repeat):
        app.processEvents()
        ticks.clear()
        clock.start()
        heartbeat.start()
        app.processEvents()
        begun = time.perf_counter()
        ticks.append(clock.elapsed())
        home.refresh()
        calls.append((time.perf_counter() - begun) * 1000)
        while loading():
            app.processEvents()
            time.sleep(0.0005)
        app.processEvents()
        totals.append((time.perf_counter() - begun) * 1000)
        ticks.append(clock.elapsed())
        heartbeat.stop()
        stalls.append(max(b - a for a, b in itertools.pairwise(ticks)))
    figures["window: refresh() call"] = statistics.median(calls)
    figures["window: longest event-loop stall"] = statistics.median(stalls)
    figures["window: until the figures are shown"] = statistics.median(totals)
    window.close()
    app.processEvents()
    ctx.close()
    return figures


def timed_run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{args} 退出码 {result.returncode}：{result.stderr.strip()}")
    return elapsed


def measure_start(data_dir: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of ``lao-gan-bu --smoke`` and of a bare PySide6 window (alternating)."""
    env = dict(os.environ)
    # Installed programs run from compiled .pyc files; let both sides cache them (outside the repo).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir.parent / "pycache")
    smoke = [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", str(data_dir), "--smoke"]
    bare = [sys.executable, "-c", BARE_PROGRAM]
    timed_run(smoke, env)  # the day's first start makes the daily backup; not part of the figure
    timed_run(bare, env)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(timed_run(smoke, env))
        theirs.append(timed_run(bare, env))
    return statistics.median(ours), statistics.median(theirs)


def verdict(ok: bool) -> str:
    return "达标" if ok else "未达标"


def side_by_side(persons: int, repeat: int, url: str) -> int:
    """First page and keystrokes with ``persons`` people on SQLite and on the server at ``url``."""
    import os
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"lgb_bench_roster_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    server = urlunsplit(urlsplit(url)._replace(path="/" + name))
    figures = {}
    try:
        with tempfile.TemporaryDirectory(prefix="lgb_bench_") as tmp:
            for label in ("SQLite", "PostgreSQL"):
                if label == "PostgreSQL":
                    os.environ["LAO_GAN_BU_DATABASE_URL"] = server
                folder = Path(tmp) / label
                print(
                    f"{label}：生成 {persons} 人用时 {generate(folder, persons):.1f} s", flush=True
                )
                figures[label] = measure_window(folder, repeat)
    finally:
        os.environ.pop("LAO_GAN_BU_DATABASE_URL", None)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    lite, pg = figures["SQLite"], figures["PostgreSQL"]
    print(
        f"花名册首屏（{persons} 人）：SQLite {lite['first_page_s'] * 1000:.0f} ms | "
        f"PostgreSQL {pg['first_page_s'] * 1000:.0f} ms"
    )
    for text in KEYSTROKES:
        (a, rows), (b, _rows) = lite["keystrokes"][text], pg["keystrokes"][text]
        print(
            f"搜索“{text}”（{rows} 人）：SQLite {a:.1f} ms（SQL {lite['sql_only'][text]:.1f}）| "
            f"PostgreSQL {b:.1f} ms（SQL {pg['sql_only'][text]:.1f}）"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="花名册性能测试（打印结果，不做断言）")
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--startup-only", action="store_true", help="只测启动（--smoke 对空白窗口），不测花名册"
    )
    parser.add_argument(
        "--home", action="store_true", help="只测首页刷新的各部分和窗口卡顿时间，不测花名册"
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL 服务器（postgresql://用户@主机/维护库）：花名册首屏和搜索的用时与 SQLite 并列打印"
        "（在服务器上新建一个数据库，测完删除）",
    )
    args = parser.parse_args()
    if args.database_url:
        return side_by_side(args.persons, args.repeat, args.database_url)
    with tempfile.TemporaryDirectory(prefix="lgb_bench_") as tmp:
        big = Path(tmp) / "big"
        print(f"生成 {args.persons} 人……", flush=True)
        print(f"  生成用时 {generate(big, args.persons):.1f} s")
        if args.startup_only:
            ours, bare = measure_start(big, args.repeat)
            print(
                f"启动（{args.persons} 人）：--smoke {ours * 1000:.0f} ms，空白 PySide6 窗口"
                f" {bare * 1000:.0f} ms，比值 {ours / bare:.2f}（目标 ≤ {TARGET_START_RATIO}）"
            )
            return 0
        if args.home:
            print(f"首页刷新（{args.persons} 人，中位数，ms）：")
            for name, ms in measure_home(big, args.repeat).items():
                print(f"  {name:<40} {ms:8.1f}")
            return 0
        figures = measure_window(big, args.repeat)
        print(f"主窗口首次显示：{figures['window_s'] * 1000:.0f} ms")
        print(
            f"首页刷新占用界面线程：{figures['stats_s'] * 1000:.1f} ms"
            "（统计和提醒在后台线程读取；各部分用时见 --home）"
        )
        ok = figures["first_page_s"] <= TARGET_FIRST_PAGE_S
        print(
            f"花名册首屏：{figures['first_page_s'] * 1000:.0f} ms（{figures['rows']} 人在册）"
            f" 目标 ≤ {TARGET_FIRST_PAGE_S * 1000:.0f} ms：{verdict(ok)}"
        )
        for text, (ms, rows) in figures["keystrokes"].items():
            sql = figures["sql_only"][text]
            print(
                f"搜索“{text}”：{ms:.1f} ms（其中 SQL {sql:.1f} ms），{rows} 人"
                f" 目标 ≤ {TARGET_KEYSTROKE_MS} ms：{verdict(ms <= TARGET_KEYSTROKE_MS)}"
            )
        small = Path(tmp) / "small"
        generate(small, 153)
        for label, folder in (("153 人", small), (f"{args.persons} 人", big)):
            ours, bare = measure_start(folder, args.repeat)
            ratio = ours / bare
            print(
                f"启动（{label}）：--smoke {ours * 1000:.0f} ms，空白 PySide6 窗口 {bare * 1000:.0f} ms，"
                f"比值 {ratio:.2f}（目标 ≤ {TARGET_START_RATIO}：{verdict(ratio <= TARGET_START_RATIO)}）"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
