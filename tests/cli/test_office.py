"""``subscriptions`` and ``notices`` on the demo zone: their JSON contracts, rolling a year
forward and exporting its order list (read back), a Chinese refusal without a traceback, and
``labels --journal 刊物 --year Y``."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from lao_gan_bu_desktop.__main__ import main

PUBLICATION_KEYS = {"name", "kind", "provision", "active", "persons", "copies"}


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_subscriptions_json_roll_forward_and_order_list(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "demo"]) == 0
    capsys.readouterr()
    this_year = _json(capsys, "--data-dir", data, "subscriptions", "--year", "2026", "--json")
    assert set(this_year) == {
        "year",
        "publications",
        "persons",
        "missing_choice",
        "rolled_forward",
        "out",
    }
    assert this_year["rolled_forward"] is None and this_year["out"] is None
    assert all(set(p) == PUBLICATION_KEYS for p in this_year["publications"])
    by_name = {p["name"]: p for p in this_year["publications"]}
    assert by_name["老年春秋"]["provision"] == "统一订阅" and by_name["老年春秋"]["copies"] == 153
    assert by_name["高新时报"]["provision"] == "赠阅" and by_name["高新时报"]["copies"] == 153
    papers = [p for p in this_year["publications"] if p["provision"] == "自选"]
    assert sum(p["copies"] for p in papers) == 153 and this_year["missing_choice"] == 0
    assert len(this_year["persons"]) == 153
    person = this_year["persons"][0]
    assert set(person) == {"id", "name", "unit", "publications", "newspaper"}
    assert "老年春秋" in person["publications"] and person["newspaper"] in person["publications"]
    next_year = _json(capsys, "--data-dir", data, "subscriptions", "--year", "2027", "--json")
    assert next_year["persons"] and next_year["persons"] != this_year["persons"]

    target = tmp_path / "2028订阅清单.xlsx"
    rolled = _json(
        capsys,
        "--data-dir",
        data,
        "subscriptions",
        "--year",
        "2028",
        "--roll-forward",
        "--out",
        str(target),
        "--json",
    )
    assert rolled["rolled_forward"] == {
        "year": 2028,
        "from_year": 2027,
        "persons": 153,
        "rows": 459,
    }
    assert rolled["out"] == str(target)
    assert [p["persons"] for p in rolled["publications"]] == [
        p["persons"] for p in next_year["publications"]
    ]
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:3] == ["汇总", "老年春秋", "高新时报"]
    summary = wb["汇总"]
    assert summary["A1"].value == "高新区2028年一刊一报订阅汇总"
    assert summary.cell(row=summary.max_row, column=6).value == 459
    journal = wb["老年春秋"]
    assert journal.max_row == 3 + 153 + 1
    assert journal.cell(row=3, column=4).value == "投递地址"
    assert all(journal.cell(row=r, column=4).value for r in range(4, 4 + 153))

    assert main(["--data-dir", data, "subscriptions", "--year", "2028", "--roll-forward"]) != 0
    err = capsys.readouterr().err
    assert "2028 年已有订阅记录" in err and "Traceback" not in err

    assert main(["--data-dir", data, "subscriptions", "--year", "2027"]) == 0
    assert "《老年春秋》" in capsys.readouterr().out

    out = tmp_path / "大河报.pdf"
    labels = _json(
        capsys,
        "--data-dir",
        data,
        "labels",
        str(out),
        "--journal",
        "大河报",
        "--year",
        "2027",
        "--json",
    )
    dahe = next(p for p in next_year["publications"] if p["name"] == "大河报")
    assert labels["persons"] == dahe["persons"] > 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", data, "labels", str(out), "--journal", "人民日报"]) != 0
    assert "没有名为《人民日报》的刊物" in capsys.readouterr().err


def test_notices_json(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "notices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", data, "demo"]) == 0
    capsys.readouterr()
    [notice] = _json(capsys, "--data-dir", data, "notices", "--json")
    assert set(notice) == {
        "id",
        "title",
        "issued_on",
        "audience",
        "attachment",
        "recipients",
        "reached",
        "confirmed",
        "by_post",
    }
    assert notice["recipients"] == 153 and notice["audience"] == "全体离退休干部"
    assert 0 < notice["confirmed"] <= notice["reached"] < notice["recipients"]
    detail = _json(capsys, "--data-dir", data, "notices", "--id", str(notice["id"]), "--json")
    assert len(detail["recipients"]) == 153
    assert {"name", "unit", "channel", "reached_on", "confirmed"} <= set(detail["recipients"][0])
    assert sum(r["channel"] == "邮寄" for r in detail["recipients"]) == notice["by_post"]
    assert main(["--data-dir", data, "notices", "--id", "999"]) != 0
    assert "找不到这份通报" in capsys.readouterr().err
