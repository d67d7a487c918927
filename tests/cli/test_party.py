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
