"""``party [--json]`` on the demo zone: the JSON contract (branches with name, kind, partner,
secretary, members, units; transfers under way), the plain text, and ``stats --json`` giving
the survey's branch and member counts from the party data."""

from __future__ import annotations

import json
from pathlib import Path

from lao_gan_bu_desktop.__main__ import main


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_party_json_contract_and_text(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "demo"]) == 0
    capsys.readouterr()
    overview = _json(capsys, "--data-dir", data, "party", "--json")
    assert set(overview) == {"branches", "transfers_under_way"}
    branches = overview["branches"]
    assert all(
        set(b) == {"name", "kind", "partner", "secretary", "members", "units"} for b in branches
    )
    assert [b["kind"] for b in branches] == ["单建"] * 2 + ["共建"] * 15
    assert sum(b["members"] for b in branches) == 107
    assert all(b["secretary"] and b["units"] and isinstance(b["units"], list) for b in branches)
    assert all(b["partner"] for b in branches if b["kind"] == "共建")
    (transfer,) = overview["transfers_under_way"]
    assert set(transfer) == {
        "person",
        "direction",
        "transfer_date",
        "from_org",
        "to_org",
        "letter_number",
        "status",
        "branch",
    }
    assert transfer["status"] == "办理中" and transfer["transfer_date"] == "2026-11-11"

    stats = _json(capsys, "--data-dir", data, "stats", "--json")
    assert stats["branches_by_kind"] == {"单建": 2, "共建": 15}
    assert stats["party_members"] == 107 and stats["party_members_in_branches"] == 107
    assert len(stats["by_branch"]) == 17

    assert main(["--data-dir", data, "party"]) == 0
    text = capsys.readouterr().out
    assert "共 17 个党支部（单建 2，共建 15），党员 107 人" in text
    assert "办理中的组织关系转接：1 件" in text and transfer["letter_number"] in text


def test_party_on_an_empty_folder_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "empty"), "party"]) == 0
    out = capsys.readouterr().out
    assert "还没有党支部" in out and "办理中的组织关系转接：0 件" in out
    assert _json(capsys, "--data-dir", str(tmp_path / "empty"), "party", "--json") == {
        "branches": [],
        "transfers_under_way": [],
    }


def test_party_exports_for_leaders(tmp_path: Path, demo_template: Path, capsys, monkeypatch):
    import shutil

    import openpyxl

    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "zone"
    shutil.copytree(demo_template, data)
    base = ["--data-dir", str(data), "party"]
    assert main([*base, "export-branches"]) == 0
    assert "已导出党支部一览（17 个党支部）" in capsys.readouterr().out
    (made,) = tmp_path.glob("*党支部一览_2026-11-29.xlsx")
    sheet = openpyxl.load_workbook(made)["党支部"]
    assert sheet["A4"].value == 1 and sheet.max_row == 3 + 17 + 1  # and 合计

    branch = "管委会机关离退休干部第一党支部"
    out = tmp_path / "出勤"
    assert main([*base, "export-attendance", branch, "--year", "2026", "--out", str(out)]) == 0
    assert "（26 人）" in capsys.readouterr().out
    book = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    assert book.sheetnames == ["出勤表", "连续未参加"]
    assert book["出勤表"]["A1"].value == f"{branch}2026年组织生活出勤表"

    assert main([*base, "export-attendance", branch, "--year", "2019"]) == 2
    err = capsys.readouterr().err
    assert "2019年还没有组织生活记录" in err and "Traceback" not in err
    assert main([*base, "export-attendance", "没有的支部"]) == 2
    assert "没有名为“没有的支部”的党支部" in capsys.readouterr().err
