"""党组织 workbooks on a real data folder, read back with openpyxl: the branch list (kind,
partner, secretary, members, units covered, a 合计 of members, A4 landscape with page numbers)
and one branch's attendance of a year (members × meetings oldest first with 出席/请假/缺席,
each person's counts, 出席 per meeting; a second sheet of who missed the last three meetings);
a year without meetings and a file that is not .xlsx are refused in Chinese."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import openpyxl
import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.errors import RuleError
from lao_gan_bu_desktop.services import party, party_exports, party_life
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.storage.models import AuditLog, Person, Unit

D = _dt.date


@pytest.fixture
def zone(ctx):
    clock.set_today(D(2026, 11, 29))
    set_setting("zone_name", "高新区")
    a, b = Unit.create(name="经济发展局"), Unit.create(name="科技局")
    ids = {
        n: Person.create(name=n, political_status="中共党员", unit=u, search_key=k).id
        for n, u, k in (("张建国", a, "zjg"), ("李秀英", a, "lxy"), ("王志强", b, "wzq"))
    }
    branch = party.save_branch(
        None, "经济发展局党支部", "共建", partner="经济发展局机关党支部", units=["经济发展局"]
    )
    party.add_members(branch, list(ids.values()))
    party.save_branch(
        branch,
        "经济发展局党支部",
        "共建",
        partner="经济发展局机关党支部",
        secretary_id=ids["张建国"],
        units=["经济发展局", "科技局"],
    )
    party.save_branch(None, "离退休干部第一党支部", "单建", units=["科技局"])
    z, li, w = ids["张建国"], ids["李秀英"], ids["王志强"]
    for day, kind, marks in (
        (D(2026, 3, 15), "支部党员大会", ((z, "出席", ""), (li, "请假", "住院"), (w, "出席", ""))),
        (D(2026, 6, 20), "主题党日", ((z, "出席", ""), (li, "缺席", ""), (w, "出席", ""))),
        (D(2026, 9, 10), "党课", ((z, "出席", ""), (li, "请假", "行动不便"), (w, "缺席", ""))),
        (D(2025, 12, 1), "党课", ((z, "出席", ""), (li, "出席", ""), (w, "出席", ""))),
    ):
        party_life.save_meeting(None, branch, day, kind, f"{kind}学习", marks)
    return {"branch": branch, **ids}


def test_branch_list_workbook(zone, tmp_path: Path) -> None:
    path = tmp_path / "支部.xlsx"
    assert party_exports.export_branches(path) == 2
    ws = openpyxl.load_workbook(path)["党支部"]
    assert ws["A1"].value == "高新区离退休干部党支部一览"
    assert "党支部 2 个（单建 1，共建 1），党员 3 人" in ws["A2"].value
    assert [c.value for c in ws[3]] == [
        "序号",
        "党支部",
        "组建方式",
        "共建的在职支部",
        "书记",
        "党员人数",
        "覆盖单位",
    ]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, max_row=5, values_only=True)}
    assert rows["经济发展局党支部"][2:] == (
        "共建",
        "经济发展局机关党支部",
        "张建国",
        3,
        "经济发展局、科技局",
    )
    assert rows["离退休干部第一党支部"][4:6] == (None, 0)
    assert [c.value for c in ws[6]][:1] == ["合计"] and ws["F6"].value == 3
    assert ws.page_setup.orientation == "landscape" and "&P" in ws.oddFooter.center.text
    assert ws.print_title_rows == "$3:$3"
    assert AuditLog.select().where(AuditLog.summary.contains("导出党支部一览")).exists()
    with pytest.raises(RuleError, match=r"\.xlsx"):
        party_exports.export_branches(tmp_path / "支部.pdf")


def test_attendance_workbook_members_by_meetings_and_who_missed(zone, tmp_path: Path) -> None:
    path = tmp_path / "出勤.xlsx"
    assert party_exports.export_attendance(path, zone["branch"], 2026) == 3
    book = openpyxl.load_workbook(path)
    ws = book["出勤表"]
    assert ws["A1"].value == "经济发展局党支部2026年组织生活出勤表"
    assert "组织生活 3 次，3 人" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header == [
        "序号",
        "姓名",
        "单位",
        "03-15\n支部党员大会",
        "06-20\n主题党日",
        "09-10\n党课",
        "出席",
        "请假",
        "缺席",
    ]  # 2025's meeting is not in 2026's table
    body = {r[1]: r[2:] for r in ws.iter_rows(min_row=4, max_row=6, values_only=True)}
    assert list(body) == ["李秀英", "王志强", "张建国"]  # by pinyin
    assert body["李秀英"] == ("经济发展局", "请假", "缺席", "请假", 0, 2, 1)
    assert body["王志强"] == ("科技局", "出席", "出席", "缺席", 2, 0, 1)
    assert [c.value for c in ws[7]] == ["合计", None, None, 2, 2, 1, 5, 2, 2]
    missed = book["连续未参加"]
    assert "连续 3 次未参加" in missed["A1"].value
    assert [r[1:7] for r in missed.iter_rows(min_row=4, values_only=True)] == [
        ("李秀英", "经济发展局", None, 2, 1, "行动不便、住院")  # newest first
    ]
    with pytest.raises(RuleError, match="2024年还没有组织生活记录"):
        party_exports.export_attendance(tmp_path / "空.xlsx", zone["branch"], 2024)
    assert not (tmp_path / "空.xlsx").exists()
    assert party_exports.branch_id_by_name("经济发展局党支部") == zone["branch"]
    with pytest.raises(RuleError, match="没有名为“没有的支部”的党支部。已有："):
        party_exports.branch_id_by_name("没有的支部")
