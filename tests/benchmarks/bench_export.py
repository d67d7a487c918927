"""Benchmark of the leaders' roster workbook (plain script, not collected by pytest).

    uv run python tests/benchmarks/bench_export.py [--rows 50000] [--service]

Prints, for 50 000 people × 20 columns (BENCH_KEYS):
* the floor: openpyxl write-only mode writing the same values with no styles;
* the formatted workbook (io.roster_xlsx, the house look) and its ratio to the floor
  (target ≤ 2×);
* the peak memory (max RSS) of each, measured in a fresh process (target ≤ 400 MB);
* with --service, the whole export from a 50 000-person database (query, rows, masking, file).
Each measurement runs in its own child process so that peak memory is its own.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DAY = _dt.date(2026, 11, 29)
BENCH_KEYS = (  # 20 columns, in the order of make_rows
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "age",
    "id_number",
    "retirement_kind",
    "retirement_date",
    "unit",
    "position",
    "rank_level",
    "political_status",
    "party_branch",
    "residence_area",
    "address",
    "phone",
    "health_status",
    "self_care",
    "service_tier",
    "notes",
)


def make_rows(n: int) -> tuple[list, list]:
    from lao_gan_bu_desktop.services.export_columns import columns_for

    columns = [c.as_house_column() for c in columns_for(BENCH_KEYS)]
    rng = random.Random(5)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    given = "建国卫东志强德明国庆光明振华秀英桂兰玉梅淑珍凤英丽华"
    units = [f"单位{i:03d}局" for i in range(200)]
    rows = []
    for i in range(n):
        birth = _dt.date(1930, 1, 1) + _dt.timedelta(days=rng.randint(0, 12000))
        rows.append(
            [
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                rng.choice("男女"),
                "汉族",
                birth,
                (DAY - birth).days // 365,
                f"410105********{i % 10000:04d}",
                rng.choice(("离休", "退休")),
                birth.replace(year=birth.year + 60),
                rng.choice(units),
                "科长",
                "乡科级",
                "中共党员",
                "第一党支部",
                "本市",
                f"郑州市高新区科学大道{rng.randint(1, 300)}号院{rng.randint(1, 20)}号楼",
                f"138{rng.randint(0, 99999999):08d}",
                "良好",
                "自理",
                "活跃",
                "=1+1" if i % 1000 == 0 else "",
            ]
        )
    return columns, rows


def child(mode: str, n: int, out: str) -> None:
    from openpyxl import Workbook

    from lao_gan_bu_desktop.files.roster_xlsx import _convert, write_roster_xlsx

    columns, rows = make_rows(n)
    start = time.perf_counter()
    if mode == "floor":
        kinds = [c.kind for c in columns]
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("花名册")
        for row in rows:
            ws.append([_convert(v, k) for v, k in zip(row, kinds, strict=True)])
        wb.save(out)
    elif mode == "house":
        write_roster_xlsx(
            Path(out), title="高新区离退休干部花名册", subtitle="基准", columns=columns, rows=rows
        )
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb}))


def service_child(n: int, folder: str) -> None:
    from lao_gan_bu_desktop.core.idnumber import check_digit
    from lao_gan_bu_desktop.services import exporting
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.storage.database import db
    from lao_gan_bu_desktop.storage.models import Person, Unit

    ctx = open_app(Path(folder) / "data", daily_backup=False)
    rng = random.Random(7)
    with db.atomic():
        unit_ids = [Unit.create(name=f"单位{i:03d}局").id for i in range(200)]
        batch = []
        for i in range(n):
            birth = _dt.date(1930, 1, 1) + _dt.timedelta(days=rng.randint(0, 12000))
            first = f"{410100 + i // 1000:06d}{birth:%Y%m%d}{i % 1000:03d}"
            batch.append(
                {
                    "name": f"张{i}",
                    "id_number": first + check_digit(first) if i % 1000 != 999 else None,
                    "birth_date": birth,
                    "unit": rng.choice(unit_ids),
                    "address": f"科学大道{i}号",
                    "phone": f"138{i:08d}",
                    "search_key": f"zhang{i}",
                    "notes": "=1+1" if i % 1000 == 0 else "",
                }
            )
            if len(batch) == 2000:
                Person.insert_many(batch).execute()
                batch = []
        if batch:
            Person.insert_many(batch).execute()
    start = time.perf_counter()
    result = exporting.export_roster(Path(folder) / "roster.xlsx", day=DAY)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ctx.close()
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "count": result.count}))


def run_child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--service", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", choices=("floor", "house", "service"))
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child == "service":
        service_child(args.rows, args.out)
        return
    if args.child:
        child(args.child, args.rows, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        # alternate the two, best of --repeat runs each (the machine may be busy)
        floors, houses = [], []
        for _ in range(args.repeat):
            floors.append(
                run_child(["--child", "floor", "--rows", str(args.rows), "--out", f"{tmp}/f.xlsx"])
            )
            houses.append(
                run_child(["--child", "house", "--rows", str(args.rows), "--out", f"{tmp}/h.xlsx"])
            )
        floor = min(floors, key=lambda r: r["seconds"])
        house = min(houses, key=lambda r: r["seconds"])
        size = Path(f"{tmp}/h.xlsx").stat().st_size / 1e6
        print(f"花名册导出基准：{args.rows} 人 × 20 列（各取 {args.repeat} 次中最快的一次）")
        print(
            f"  底线（openpyxl 只写模式，无样式）：{floor['seconds']:.2f} s，峰值内存 {floor['peak_mb']:.0f} MB"
        )
        print(
            f"  正式格式（io.roster_xlsx）：      {house['seconds']:.2f} s，峰值内存 {house['peak_mb']:.0f} MB，文件 {size:.1f} MB"
        )
        ratio = house["seconds"] / floor["seconds"]
        print(f"  耗时比：{ratio:.2f}×（目标 ≤ 2×）{'达标' if ratio <= 2 else '未达标'}")
        print(
            f"  峰值内存：{house['peak_mb']:.0f} MB（目标 ≤ 400 MB）{'达标' if house['peak_mb'] <= 400 else '未达标'}"
        )
        if args.service:
            svc = run_child(["--child", "service", "--rows", str(args.rows), "--out", tmp])
            print(
                f"  整个导出服务（数据库 {svc['count']} 人 → 文件）：{svc['seconds']:.2f} s，"
                f"峰值内存 {svc['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
