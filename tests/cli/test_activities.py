"""``activities [--year Y] [--json]`` on the demo zone: the JSON contract (activities with their
days, place, capacity, sign-ups and attendance counts; the service teams under ``teams``), the
year filter, and the Chinese listing."""

from __future__ import annotations

import json
from pathlib import Path

from lao_gan_bu_desktop.__main__ import main

ACTIVITY_KEYS = {
    "id",
    "name",
    "kind",
    "topic",
    "start_date",
    "end_date",
    "dates",
    "place",
    "organiser",
    "capacity",
    "sign_ups",
    "waiting",
    "sessions",
    "attendance",
    "attendees",
}
TEAM_KEYS = {"id", "name", "leader", "members", "interest", "area", "duties"}


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_activities_json_contract_and_year(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    data = str(tmp_path / "zone")
    assert _json(capsys, "--data-dir", data, "activities", "--json") == {
        "year": None,
        "activities": [],
        "teams": [],
    }
    assert main(["--data-dir", data, "demo"]) == 0
    capsys.readouterr()
    result = _json(capsys, "--data-dir", data, "activities", "--year", "2026", "--json")
    assert set(result) == {"year", "activities", "teams"} and result["year"] == 2026
    rows = result["activities"]
    assert rows and all(set(r) == ACTIVITY_KEYS for r in rows)
    courses = {r["topic"]: r for r in rows if r["kind"] == "老年大学课程"}
    assert set(courses) == {"书法", "绘画", "茶艺", "太极"}
    for course in courses.values():
        assert len(course["dates"]) == course["sessions"] == 10
        assert course["start_date"] == course["dates"][0] <= "2026-11-29" < course["end_date"]
        assert 0 < course["sign_ups"] <= course["capacity"]
        assert course["attendees"] <= course["sign_ups"]
        assert course["attendees"] < course["attendance"] <= course["sign_ups"] * 10
    tea = courses["茶艺"]
    assert tea["sign_ups"] == tea["capacity"] and tea["waiting"] > 0
    kinds = {r["kind"] for r in rows}
    assert {"参观游览", "走访企业", "纪念活动"} <= kinds
    upcoming = next(r for r in rows if r["start_date"] > "2026-11-29")
    assert upcoming["attendance"] == 0 and upcoming["capacity"] is None
    assert len(result["teams"]) == 2
    for team in result["teams"]:
        assert set(team) == TEAM_KEYS and team["leader"] and team["members"] >= 2
    assert (
        _json(capsys, "--data-dir", data, "activities", "--year", "2020", "--json")["activities"]
        == []
    )
    everything = _json(capsys, "--data-dir", data, "activities", "--json")
    assert len(everything["activities"]) == len(rows)

    assert main(["--data-dir", data, "activities"]) == 0
    out = capsys.readouterr().out
    assert "书法班（秋季）" in out and "服务团队：" in out and "Traceback" not in out
