"""Import benchmark (a plain script, not collected by pytest): prints figures and ratios.

    uv run python tests/benchmarks/bench_import.py [--rows 100000] [--repeat 3]

Generates a unit workbook (title row, header, 12 columns, realistic values), then measures, each
as a whole process timed from outside (its start-up, imports and exit included) so that the time
and the peak memory (ru_maxrss, the process and the children it waited for) belong to one
measurement; what a measurement needs beforehand (a data folder, an empty database) is made by
an untimed process first:

* floor: python-calamine reading the same file + sqlite3 executemany of the same rows into a
  bare table in a fresh SQLite file (one transaction);
* import: the real command line, ``python -m lao_gan_bu_desktop --data-dir D import FILE --unit
  某某局 --json``, on a data folder made beforehand by the command line (as an office's is: the
  day's automatic backup already made); it reads, detects, maps, normalises, checks,
  deduplicates, backs up and writes in one transaction; a file of 512 KB or more is imported
  streamed (read and checked in a second process, started before the command's own start-up,
  while this one writes), and a sheet of 16 MB of XML or more is read in pieces on both cores
  (files/xlsx_split.py; the wizard's read too);
* import1: the same forced into one process (LAO_GAN_BU_IMPORT_STREAM=0), the way before the
  streamed import, measured in the same rounds for comparison;
* wizard: the window's path in the running program: open_source + plan_import + apply_plan in
  one process, timed inside it from the file's opening (the window is already up);

* again: the same file imported again (unchanged), with another unit (everyone updated), and
  that update undone;
* schema: the least any import into this schema costs — a process that reads the same file, then
  writes the cells unchecked into the real person table (41 columns) of a database made
  beforehand, with its indexes dropped and rebuilt once in the same transaction; it shows how
  much of the ratio the schema alone takes before any checking; with the checking alone added it
  gives the least that reading, checking and writing one after the other can cost;
* overlap: the checking on one thread while another writes the same cells, against the two one
  after the other: whether threads could share the work out over two cores (the GIL decides);

and a 10 000-row file the same way. Goal (issue 21): the whole command-line import ≤ 1.5 × the
schema floor, peak ≤ 500 MB, 10 000 rows < 2 s in the command line and in the wizard.

How it measures on a shared machine: floor, import, schema and import1 run in turn, --repeat
rounds, each in a fresh subprocess; the quickest of each is kept (a load that comes and goes then
weighs on all of them), and the median of the rounds is printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生年月",
    "离/退休",
    "政治面貌",
    "原职务",
    "手机号码",
    "家庭住址",
    "参加工作时间",
    "备注",
]


def generate(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    from lao_gan_bu_desktop.core.idnumber import check_digit

    rng = random.Random(4)
    surnames = (
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    )
    given = (
        "建国卫东志强德明国庆光明振华海涛保国长青红军明亮世平永胜秀英桂兰玉梅淑珍凤英丽华素芳红梅"
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["某某局离退休人员花名册"])
    ws.append(HEADERS)
    used: set[str] = set()
    for i in range(1, rows + 1):
        while True:
            birth = _dt.date(1935, 1, 1) + _dt.timedelta(days=rng.randrange(365 * 35))
            first17 = f"4101{rng.randrange(1, 99):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
            number = first17 + check_digit(first17)
            if number not in used:
                used.add(number)
                break
        male = int(first17[16]) % 2 == 1
        name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))
        ws.append(
            [
                i,
                name,
                "男" if male else "女",
                number,
                f"{birth.year}.{birth.month:02d}",
                rng.choice(("退休", "退休", "退休", "离休")),
                rng.choice(("中共党员", "党员", "群众", "民盟盟员")),
                rng.choice(("科员", "副科长", "科长", "副处长", "处长")),
                f"13{rng.randrange(10**9):09d}",
                f"郑州市金水区文化路{rng.randrange(1, 300)}号院{rng.randrange(1, 30)}号楼",
                f"{birth.year + 20}年{rng.randrange(1, 13)}月",
                "",
            ]
        )
    wb.save(path)
    return path


def run_floor(path: Path, folder: Path) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)[2:]
    conn = sqlite3.connect(folder / "floor.sqlite3")
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(HEADERS)))})")
    with conn:
        conn.executemany(
            f"INSERT INTO t VALUES ({', '.join('?' for _ in HEADERS)})",
            [tuple(str(v) if isinstance(v, _dt.date) else v for v in r) for r in rows],
        )
    conn.close()


def schema_rows(path: Path, db_file: Path) -> list[list[object]]:
    """The file's cells read by calamine and laid out, unchecked, as rows of the person table of
    ``db_file`` (all 41 columns, blanks where the sheet has nothing)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)[2:]
    conn = sqlite3.connect(db_file)
    columns = [r[1] for r in conn.execute('PRAGMA table_info("person")')]
    conn.close()
    at = {name: i for i, name in enumerate(columns)}
    template: list[object] = ["" for _ in columns]
    for name in ("lunar_birthday", "in_wechat_group", "bedridden"):
        template[at[name]] = 0
    for name in ("unit_id", "party_branch_id", "death_date", "retirement_date", "party_join_date"):
        template[at[name]] = None
    template[at["created_at"]] = template[at["updated_at"]] = "2026-01-01 00:00:00"
    sheet_columns = (
        "name",
        "gender",
        "id_number",
        "birth_date",
        "retirement_kind",
        "political_status",
        "position",
        "phone",
        "address",
        "work_start_date",
    )
    data = []
    for number, cells in enumerate(rows, 1):
        values = template.copy()
        values[at["id"]] = number
        for offset, name in enumerate(sheet_columns, 1):
            values[at[name]] = cells[offset]
        data.append(values)
    return data


def write_schema_rows(db_file: Path, data: list[list[object]]) -> None:
    """``data`` written by one executemany into the person table, its indexes rebuilt once, in
    one transaction (on a connection of the calling thread)."""
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("BEGIN")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    marks = ", ".join("?" for _ in data[0])
    conn.executemany(f'INSERT INTO "person" VALUES ({marks})', data)
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()


def fresh_database(folder: Path) -> Path:
    """A new data folder with the program's schema; returns its database file."""
    from lao_gan_bu_desktop.services.app import open_app

    open_app(folder, daily_backup=False).close()
    return next(folder.glob("*.sqlite3"))


def setup_schema(path: Path, folder: Path) -> None:
    """The empty database the schema floor writes into (made beforehand, untimed)."""
    fresh_database(folder / "data")


def run_schema(path: Path, folder: Path) -> dict:
    """What any import into this schema costs at the least: calamine reading the file, then the
    same cells, unchecked, written by executemany into the real person table (all 41 columns)
    of the database made beforehand, with its indexes rebuilt once, in one transaction. No
    normalising, no pinyin, no batch rows."""
    import gc

    db_file = next((folder / "data").glob("*.sqlite3"))
    gc.disable()
    write_schema_rows(db_file, schema_rows(path, db_file))
    return {}


def run_overlap(path: Path, folder: Path) -> dict:
    """Could the checking and the writing share the two cores as threads of one process? The
    file checked (plan_import) on the main thread while another thread writes the same cells
    into the person table (as run_schema does), against the two one after the other."""
    import gc
    import threading

    from lao_gan_bu_desktop.core.pinyin import search_key
    from lao_gan_bu_desktop.services import importing as imp
    from lao_gan_bu_desktop.services.app import open_app

    search_key("预热")
    first, second = fresh_database(folder / "a"), fresh_database(folder / "b")
    data = schema_rows(path, first)
    ctx = open_app(folder / "roster", daily_backup=False)  # plan_import reads the roster
    source = imp.open_source(path)
    mapping = imp.suggest_mapping(source, "某某局")
    gc.disable()
    started = time.perf_counter()
    imp.plan_import(source, "某某局", mapping, "update")
    check = time.perf_counter() - started
    started = time.perf_counter()
    write_schema_rows(first, data)
    write = time.perf_counter() - started
    started = time.perf_counter()
    writer = threading.Thread(target=write_schema_rows, args=(second, data))
    writer.start()
    imp.plan_import(source, "某某局", mapping, "update")
    writer.join()
    together = time.perf_counter() - started
    ctx.close()
    return {
        "check": round(check, 2),
        "write": round(write, 2),
        "one after the other": round(check + write, 2),
        "in two threads": round(together, 2),
    }


UNIT = "某某局"


def cli(folder: Path, *arguments: str) -> list[str]:
    """The program's command line on the data folder ``folder/data``."""
    return [
        sys.executable,
        "-m",
        "lao_gan_bu_desktop",
        "--data-dir",
        str(folder / "data"),
        *arguments,
    ]


def setup_import(path: Path, folder: Path) -> None:
    """A data folder as an office has it: made by the program, the day's backup already taken."""
    subprocess.run(cli(folder, "stats"), check=True, capture_output=True, env=installed_env())


def import_command(path: Path, folder: Path) -> list[str]:
    return cli(folder, "import", str(path), "--unit", UNIT, "--json")


def import_figures(stdout: str) -> dict:
    summary = json.loads(stdout)
    return {k: summary[k] for k in ("imported", "rows_read")} | {
        "invalid": len(summary["invalid"]),
        "warnings": len(summary["warnings"]),
    }


def run_again(path: Path, folder: Path) -> dict:
    """The same file imported again: unchanged, then with another unit (every person updated),
    then that update undone — what a city bureau does when units send their lists again."""
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.import_apply import import_file
    from lao_gan_bu_desktop.services.import_undo import undo_import

    ctx = open_app(folder / "data", daily_backup=False)
    import_file(path, "某某局", ctx.data_dir)
    figures = {}
    started = time.perf_counter()
    import_file(path, "某某局", ctx.data_dir)
    figures["unchanged"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    result = import_file(path, "另一个局", ctx.data_dir)
    figures["all updated"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    undo_import(result["batch_id"], ctx.data_dir)
    figures["undo of the update"] = round(time.perf_counter() - started, 2)
    ctx.close()
    return figures


def run_phases(path: Path, folder: Path) -> dict:
    """The same import split into its phases, to show where the time goes."""
    from lao_gan_bu_desktop.core.pinyin import search_key
    from lao_gan_bu_desktop.services import import_apply
    from lao_gan_bu_desktop.services import importing as imp
    from lao_gan_bu_desktop.services.app import open_app

    search_key("预热")  # pypinyin loads its dictionaries on first use
    ctx = open_app(folder / "data", daily_backup=False)
    t0 = time.perf_counter()
    source = imp.open_source(path)
    t1 = time.perf_counter()
    plan = imp.plan_import(source, "某某局", imp.suggest_mapping(source, "某某局"), "update")
    t2 = time.perf_counter()
    import_apply.apply_plan(plan, ctx.data_dir)
    t3 = time.perf_counter()
    names = {r.values["name"] for r in plan.rows}
    t4 = time.perf_counter()
    for name in names:
        search_key(name)
    t5 = time.perf_counter()
    ctx.close()
    return {
        "read+detect": round(t1 - t0, 2),
        "normalise+check+dedupe": round(t2 - t1, 2),
        "backup+write": round(t3 - t2, 2),
        "of which pinyin search keys": round(t5 - t4, 2),
    }


SETUP = {"schema": setup_schema, "import": setup_import, "import1": setup_import}
INNER = {  # run inside a process of this script: their figures are their own
    "floor": run_floor,
    "schema": run_schema,
    "phases": run_phases,
    "again": run_again,
    "overlap": run_overlap,
}


def one(kind: str, path: Path, folder: Path) -> None:
    """In a process of its own: the setup or the run of ``kind``; prints its figures as JSON."""
    if kind.startswith("setup-"):
        SETUP[kind.removeprefix("setup-")](path, folder)
        return
    print(json.dumps({"extra": INNER[kind](path, folder)}))


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``argv`` as a process: (wall seconds from its start to its end, its peak memory in MB
    with that of the children it waited for, its standard output)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.stderr:
            process.stderr.close()
        if process.returncode != 0:
            raise RuntimeError(f"{argv} failed ({process.returncode}):\n{errors}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def installed_env() -> dict[str, str]:
    """The environment of the measured processes: modules compiled once and kept (Python's
    bytecode cache), as an installed or built program has them, even where this shell says
    PYTHONDONTWRITEBYTECODE (then every start would compile every module again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_once(kind: str, path: Path) -> dict:
    """One run of ``kind`` in a fresh folder, its setup (if any) untimed beforehand."""
    env = installed_env()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        here = [sys.executable, __file__]
        if kind in SETUP:
            subprocess.run(
                [*here, "--one", f"setup-{kind}", str(path), str(folder)],
                check=True,
                capture_output=True,
                env=env,
            )
        if kind in ("import", "import1"):
            if kind == "import1":
                env["LAO_GAN_BU_IMPORT_STREAM"] = "0"
            seconds, peak, stdout = timed(import_command(path, folder), env)
            return {"seconds": seconds, "peak_mb": peak, "extra": import_figures(stdout)}
        seconds, peak, stdout = timed([*here, "--one", kind, str(path), str(folder)], env)
        return {"seconds": seconds, "peak_mb": peak, "extra": json.loads(stdout)["extra"]}


REPEAT = 1  # --repeat: on a shared machine take the quickest of several runs


def measure(kind: str, path: Path) -> dict:
    best: dict | None = None
    for _ in range(REPEAT):
        figures = measure_once(kind, path)
        if best is None or figures["seconds"] < best["seconds"]:
            best = figures
    assert best is not None
    return best


KINDS = ("floor", "import", "schema", "import1")


def interleaved(path: Path) -> tuple[dict[str, dict], dict[str, float]]:
    """The floor, the import, the schema floor and the one-process import measured in turn,
    REPEAT rounds: the quickest of each kept, and the median of each kind's seconds (a load that
    comes and goes on a shared machine then weighs on all of them)."""
    best: dict[str, dict] = {}
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(REPEAT):
        for kind in KINDS:
            figures = measure_once(kind, path)
            seconds[kind].append(figures["seconds"])
            if kind not in best or figures["seconds"] < best[kind]["seconds"]:
                best[kind] = figures
    return best, {kind: statistics.median(values) for kind, values in seconds.items()}


def server_database(url: str) -> tuple[str, str]:
    """A new empty database on the server of ``url``: (its name, its URL)."""
    import psycopg

    name = f"lgb_bench_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return name, urlunsplit(parts._replace(path="/" + name))


def drop_server_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_on_server(kind: str, path: Path, url: str) -> dict:
    """``kind`` run with the data on a fresh database of the PostgreSQL server at ``url``."""
    name, target = server_database(url)
    previous = os.environ.get("LAO_GAN_BU_DATABASE_URL")
    os.environ["LAO_GAN_BU_DATABASE_URL"] = target
    try:
        return measure(kind, path)
    finally:
        if previous is None:
            os.environ.pop("LAO_GAN_BU_DATABASE_URL", None)
        else:
            os.environ["LAO_GAN_BU_DATABASE_URL"] = previous
        drop_server_database(url, name)


def server_only(rows_list: list[int], url: str) -> None:
    """The import end to end and imported again, on SQLite and on PostgreSQL side by side."""
    cache = Path(tempfile.gettempdir()) / "lao_gan_bu_bench"
    cache.mkdir(exist_ok=True)
    for rows in rows_list:
        path = cache / f"unit_{rows}.xlsx"
        if not path.exists():
            generate(path, rows)
        here = measure("import", path)
        there = measure_on_server("import", path, url)
        print(
            f"{rows:>7} rows, import end to end: SQLite {here['seconds']:.2f} s | "
            f"PostgreSQL {there['seconds']:.2f} s (peak {there['peak_mb']:.0f} MB) | "
            f"{there['extra']}"
        )
        again_here = measure("again", path)["extra"]
        again_there = measure_on_server("again", path, url)["extra"]
        print(
            f"{rows:>7} rows imported again, seconds: SQLite {again_here} | PostgreSQL {again_there}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgresql://user@host/maintenance-db): print its import "
        "figures beside SQLite's (each run on a new database made there and dropped after)",
    )
    parser.add_argument("--one", nargs=3, metavar=("KIND", "FILE", "FOLDER"))
    parser.add_argument("--repeat", type=int, default=1, help="take the quickest of N runs")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    if args.one:
        one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return
    if args.database_url:
        server_only([args.rows, 10_000], args.database_url)
        return
    cache = Path(tempfile.gettempdir()) / "lao_gan_bu_bench"
    cache.mkdir(exist_ok=True)
    for rows in (args.rows, 10_000):
        path = cache / f"unit_{rows}.xlsx"
        if not path.exists():
            t = time.perf_counter()
            generate(path, rows)
            print(f"generated {path.name} in {time.perf_counter() - t:.1f} s")
        best, median = interleaved(path)
        floor, ours, schema_run, one_process = (best[k] for k in KINDS)
        schema = schema_run["seconds"]
        print(
            f"{rows:>7} rows: floor (calamine + executemany into a bare table) "
            f"{floor['seconds']:.2f} s, peak {floor['peak_mb']:.0f} MB | schema floor (the same "
            f"read + unchecked write of the real person table with its indexes) {schema:.2f} s "
            f"= {schema / floor['seconds']:.2f}x the floor"
        )
        print(
            f"{rows:>7} rows, the command-line import (process start to end): "
            f"{ours['seconds']:.2f} s, peak {ours['peak_mb']:.0f} MB, {ours['extra']} | in one "
            f"process (LAO_GAN_BU_IMPORT_STREAM=0) {one_process['seconds']:.2f} s, peak "
            f"{one_process['peak_mb']:.0f} MB"
        )
        print(
            f"{rows:>7} rows, import / schema floor: {ours['seconds'] / schema:.2f}x "
            f"(goal <= 1.5x; in one process {one_process['seconds'] / schema:.2f}x); "
            f"medians of {REPEAT}: floor {median['floor']:.2f} s, schema floor "
            f"{median['schema']:.2f} s, import {median['import']:.2f} s = "
            f"{median['import'] / median['schema']:.2f}x, in one process "
            f"{median['import1']:.2f} s = {median['import1'] / median['schema']:.2f}x"
        )
        phases = measure("phases", path)["extra"]
        wizard = phases["read+detect"] + phases["normalise+check+dedupe"] + phases["backup+write"]
        print(
            f"{rows:>7} rows, the wizard's read, check and write in the running program: "
            f"{wizard:.2f} s; where the time goes (warm pinyin): {phases}"
        )
        check = phases["normalise+check+dedupe"]
        print(
            f"{rows:>7} rows, serial lower bound (that schema floor + the checking alone, "
            f"{check:.2f} s): {(schema + check) / schema:.2f}x the schema floor"
        )
        print(
            f"{rows:>7} rows, checking and writing as two threads, seconds: "
            f"{measure('overlap', path)['extra']}"
        )
        print(f"{rows:>7} rows imported again, seconds: {measure('again', path)['extra']}")


if __name__ == "__main__":
    main()
