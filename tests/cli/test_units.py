"""``units`` on a copy of the demo zone: the JSON contract (exactly its keys, in the zone's
order, with every unit's deputy, clerk and phone and this year's returned check lists), the
units that owe this year's check list, marking one returned, renaming (and refusing a taken
name with a word about 合并), merging only with --yes, and --order / --pinyin as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.conftest import use_demo_database

KEYS = ["name", "order", "分管领导", "联络员", "phone", "persons", "last_import"]
KEYS.append("check_list_returned")


@pytest.fixture
def zone(tmp_path: Path, demo_template: Path, request, monkeypatch) -> str:
    use_demo_database(request, monkeypatch)  # on a server: its copy of the demo
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    target = tmp_path / "zone"
    shutil.copytree(demo_template, target)
    return str(target)


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_units_json_contract(zone: str, capsys) -> None:
    rows = _json(capsys, "--data-dir", zone, "units", "--json")
    assert len(rows) == 17
    assert all(list(r) == KEYS for r in rows)
    assert [r["order"] for r in rows] == list(range(1, 18))
    assert sum(r["persons"] for r in rows) == 153
    assert all(r["分管领导"] and r["联络员"] and r["phone"] for r in rows)
    assert all(r["last_import"] is None for r in rows)  # the demo imported nothing
    by_name = {r["name"]: r for r in rows}
    assert (
        by_name["党群工作部"]["分管领导"] == "刘建国" and by_name["党群工作部"]["联络员"] == "王丽"
    )
    assert by_name["党群工作部"]["persons"] == 11
    returned = [r["name"] for r in rows if r["check_list_returned"] is None]
    assert returned == ["城市管理局", "双桥办事处", "应急管理局"]  # in the zone's order
    assert all(
        r["check_list_returned"].startswith("2026-") for r in rows if r["name"] not in returned
    )

    owing = _json(capsys, "--data-dir", zone, "units", "--not-returned", "--json")
    assert [r["name"] for r in owing] == returned
    assert main(["--data-dir", zone, "units", "check-list", "returned", "双桥办事处"]) == 0
    assert "1 个单位登记为 2026-11-29 收回" in capsys.readouterr().out
    owing = _json(capsys, "--data-dir", zone, "units", "--not-returned", "--json")
    assert [r["name"] for r in owing] == ["城市管理局", "应急管理局"]
    # a day after today is refused in Chinese
    assert (
        main(
            [
                "--data-dir",
                zone,
                "units",
                "check-list",
                "returned",
                "城市管理局",
                "--date",
                "2026-12-30",
            ]
        )
        == 2
    )
    assert "晚于今天" in capsys.readouterr().err


def test_units_rename_merge_and_order(zone: str, capsys) -> None:
    base = ["--data-dir", zone, "units"]
    assert main([*base, "rename", "科技局", "经济发展局"]) == 2
    err = capsys.readouterr().err
    assert "已有名为“经济发展局”的单位" in err and "合并" in err and "Traceback" not in err
    assert main([*base, "rename", "科技局", "科技创新局"]) == 0
    capsys.readouterr()
    names = [r["name"] for r in _json(capsys, *base, "--json")]
    assert "科技创新局" in names and "科技局" not in names

    assert main([*base, "merge", "科技创新局", "经济发展局"]) == 0
    out = capsys.readouterr().out
    assert "9 人（在册 9 人）" in out and "--yes" in out
    assert len(_json(capsys, *base, "--json")) == 17  # nothing merged without --yes
    assert main([*base, "merge", "科技创新局", "经济发展局", "--yes"]) == 0
    assert "已把“科技创新局”并入“经济发展局”" in capsys.readouterr().out
    rows = {r["name"]: r for r in _json(capsys, *base, "--json")}
    assert len(rows) == 16 and rows["经济发展局"]["persons"] == 18
    assert main([*base, "merge", "没有的局", "经济发展局"]) == 2
    assert "没有名为“没有的局”的单位" in capsys.readouterr().err

    assert main([*base, "--order", "党群工作部,管委会办公室"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines[:3]] == [
        ["1", "党群工作部"],
        ["2", "管委会办公室"],
        ["3", "财政金融局"],
    ]
    assert main([*base, "--order", "不存在的单位"]) == 2
    assert "没有这些单位" in capsys.readouterr().err
    assert main([*base, "--pinyin"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[:2] == ["1", "财政金融局"]


def test_units_delete_only_an_empty_unit(tmp_path: Path, capsys) -> None:
    from lao_gan_bu_desktop.services import roster, units
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.storage.backup import list_backups

    data = tmp_path / "zone"
    ctx = open_app(data, daily_backup=False)
    roster.create_person({"name": "王建国", "birth_date": "1944-01-05", "unit": "科技局"})
    units.add_unit("管委会", leader="陈志强")
    ctx.close()
    base = ["--data-dir", str(data), "units"]

    assert main([*base, "delete", "科技局"]) == 2
    err = capsys.readouterr().err
    assert "还有 1 人" in err and "并入另一个单位" in err and "Traceback" not in err
    assert main([*base, "delete", "没有的局"]) == 2
    assert "没有名为“没有的局”的单位" in capsys.readouterr().err

    assert _json(capsys, *base, "delete", "管委会", "--json") == {
        "deleted": "管委会",
        "check_lists": 0,
    }
    assert [r["name"] for r in _json(capsys, *base, "--json")] == ["科技局"]
    assert "删除单位前" in [b.reason for b in list_backups(data)]
