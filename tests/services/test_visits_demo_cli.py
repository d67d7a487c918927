"""The demo zone's year of visits, and the visit commands of the CLI on it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import health, visits
from lao_gan_bu_desktop.storage.visits_models import HospitalStay

TODAY = dt.date(2026, 11, 29)


def test_demo_has_a_year_of_visits(demo_ctx) -> None:
    year = visits.list_visits(TODAY - dt.timedelta(days=365), TODAY + dt.timedelta(days=30))
    statuses = {v["status"] for v in year}
    assert statuses == {"计划", "已完成"}
    kinds = {v["kind"] for v in year}
    assert {"节日慰问", "生日祝寿", "上门服务", "生病住院"} <= kinds
    assert {v["occasion"] for v in year} >= {"重阳节2026", "中秋节2026", "七一2026"}
    assert HospitalStay.select().count() == 2
    due = visits.due_list(TODAY, TODAY + dt.timedelta(days=7), day=TODAY)
    rules = {i.rule for i in due}
    assert "逾期未走访" in rules and "住院探望" in rules
    assert len([i for i in due if i.rule == "逾期未走访"]) == 2
    counts = health.health_check_counts(2026)
    assert counts["total"] == 153 and 100 < counts["checked"] < 153


def test_cli_due_and_visits(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    today = clock.today()
    start, end = today.isoformat(), (today + dt.timedelta(days=31)).isoformat()
    assert main(["--data-dir", str(data), "due", "--from", start, "--to", end, "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and set(items[0]) >= {"name", "day", "rule", "reason"}
    assert any(i["rule"] == "逾期未走访" for i in items)
    assert main(["--data-dir", str(data), "due", "--from", start, "--to", end]) == 0
    out = capsys.readouterr().out
    assert "应走访" in out and "【逾期】" in out
    first = (today - dt.timedelta(days=365)).isoformat()
    assert main(["--data-dir", str(data), "visits", "--from", first, "--to", end, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) > 20 and {"persons", "kind", "status", "amount"} <= set(rows[0])
    assert main(["--data-dir", str(data), "visits", "--from", first, "--to", end]) == 0
    assert "条走访记录" in capsys.readouterr().out


def test_cli_campaign_ledger_health_and_errors(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    main(["--data-dir", str(data), "demo"])
    capsys.readouterr()
    year = str(clock.today().year + 1)
    out_file = tmp_path / "名单.xlsx"
    args = ["--data-dir", str(data), "campaign", "春节", year, "--plan", "--out", str(out_file)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "新增" in out and "已导出慰问名单" in out
    assert load_workbook(out_file)["慰问名单"].max_row > 4
    ledger = tmp_path / "台账.xlsx"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "ledger",
                "--from",
                "2000-01-01",
                "--to",
                "2100-01-01",
                "--out",
                str(ledger),
            ]
        )
        == 0
    )
    assert load_workbook(ledger)["走访台账"]["A1"].value.endswith("走访慰问台账")
    assert "已导出走访台账" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "health", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 153
    assert main(["--data-dir", str(data), "due", "--from", "2026-13-01", "--to", "2026-12-31"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert main(["--data-dir", str(data), "due", "--from", "2026-12-31", "--to", "2026-12-01"]) == 2
    assert "早于" in capsys.readouterr().err
