"""``aid list`` and ``aid summary`` on the demo zone, and a Chinese error with no traceback."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from lao_gan_bu_desktop.__main__ import main


def test_aid_list_json_and_summary(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "aid", "list", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    statuses = {c["status"] for c in out["cases"]}
    assert {"驳回", "结案", "调查核实", "发放", "申请"} <= statuses
    assert out["totals"]["cases"] == len(out["cases"]) == 6
    year = max(c["year"] for c in out["cases"])
    assert main(["--data-dir", str(data), "aid", "list", "--year", str(year), "--json"]) == 0
    this_year = json.loads(capsys.readouterr().out)
    assert all(c["year"] == year for c in this_year["cases"])
    paid = sum(Decimal(c["paid"]) for c in this_year["cases"])
    assert Decimal(this_year["totals"]["paid"]) == paid > 0
    target = tmp_path / "汇总.xlsx"
    assert main(["--data-dir", str(data), "aid", "summary", "--year", str(year), str(target)]) == 0
    assert "已导出" in capsys.readouterr().out
    ws = openpyxl.load_workbook(target).active
    assert ws.cell(row=3, column=1).value == "序号"
    not_rejected = [c for c in this_year["cases"] if c["status"] != "驳回"]
    total_row = 3 + len(not_rejected) + 1
    assert ws.cell(row=total_row, column=1).value == "合计"
    assert ws.max_row == total_row + 2  # a blank row, then 制表人 / 审核人 / 单位盖章
    assert ws.cell(row=ws.max_row, column=1).value.startswith("制表人：")
    assert main(["--data-dir", str(data), "aid", "list"]) == 0
    assert "共 6 件" in capsys.readouterr().out


def test_aid_summary_wrong_suffix_is_a_chinese_error(tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(tmp_path / "z"), "aid", "summary", "--year", "2026", "x.csv"])
    assert code == 2
    err = capsys.readouterr().err
    assert "错误" in err and ".xlsx" in err and "Traceback" not in err


def test_aid_budget_set_and_bad_amount(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "z")
    assert main(["--data-dir", data, "aid", "budget", "--year", "2026", "--set", "50,000"]) == 0
    assert "50,000.00 元" in capsys.readouterr().out
    assert main(["--data-dir", data, "aid", "budget", "--year", "2026", "--set", "五万"]) == 2
    assert "不是数字" in capsys.readouterr().err


def test_aid_due_stats_and_pdf(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "aid", "list", "--json"]) == 0
    cases = json.loads(capsys.readouterr().out)["cases"]
    assert main(["--data-dir", data, "aid", "due", "--days", "400", "--json"]) == 0
    due = json.loads(capsys.readouterr().out)
    assert {d["case_id"] for d in due} == {c["id"] for c in cases if c["next_step"]}
    assert main(["--data-dir", data, "aid", "stats"]) == 0
    assert "医疗救助" in capsys.readouterr().out
    pdf = tmp_path / "申请表.pdf"
    assert main(["--data-dir", data, "aid", "pdf", str(cases[0]["id"]), str(pdf)]) == 0
    from pypdf import PdfReader

    assert cases[0]["name"] in PdfReader(pdf).pages[0].extract_text()
    assert main(["--data-dir", data, "aid", "pdf", "9999", str(pdf)]) == 2
    assert "找不到编号为 9999" in capsys.readouterr().err
