"""操作日志 reads plainly: every table an ``audit.record(...)`` call names has a Chinese title for
the 类别 column and filter (found by reading the program's source, so a new call with a new table
fails here); an aid case is named by its number and person, never its internal id; a person's
change names the changed fields; a password mark cannot be read as "没有"."""

from __future__ import annotations

import ast
import datetime as _dt
from pathlib import Path

import lao_gan_bu_desktop
from lao_gan_bu_desktop.services import aid, aid_attachments, aid_household, audit, operators
from lao_gan_bu_desktop.services.roster import create_person, get_person, update_person
from lao_gan_bu_desktop.storage.models import AuditLog

_PACKAGE = Path(lao_gan_bu_desktop.__file__).parent


def _recorded_tables() -> dict[str, str]:
    """Table name → where it is first used, for every call of ``record`` / ``audit.record``."""
    found: dict[str, str] = {}
    for path in sorted(_PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name != "record":
                continue
            table = node.args[1] if len(node.args) >= 2 else None
            for keyword in node.keywords:
                if keyword.arg == "table":
                    table = keyword.value
            if table is None:
                continue
            where = f"{path.relative_to(_PACKAGE)}:{node.lineno}"
            assert isinstance(table, ast.Constant), f"{where}: the table is not a plain name"
            found.setdefault(table.value, where)
    return found


def test_every_recorded_table_has_a_chinese_title() -> None:
    tables = _recorded_tables()
    assert {"person", "service_team", "team_member", "unit_check_list"} <= set(tables)
    missing = {t: where for t, where in tables.items() if t not in audit.TABLE_TITLES}
    assert missing == {}
    for table in tables:
        title = audit.table_title(table)
        assert title and all("\u4e00" <= ch <= "\u9fff" for ch in title), (table, title)


def _summaries(table: str) -> list[str]:
    return [
        r.summary for r in AuditLog.select().where(AuditLog.table == table).order_by(AuditLog.id)
    ]


def test_aid_entries_name_the_case_number_and_person(ctx, tmp_path) -> None:
    other = create_person({"name": "李秀英", "id_number": "110105194812310022"})
    person = create_person({"name": "张桂兰", "id_number": "11010519491231002X"})
    day = _dt.date(2026, 3, 2)
    aid.create_case(
        other, year=2025, category="医疗救助", reason="住院", amount_requested="800", on=day
    )
    case = aid.create_case(
        person, year=2026, category="医疗救助", reason="住院", amount_requested="3000", on=day
    )
    aid.advance(case, "单位初审", on=day)
    aid.advance(case, "调查核实", on=day)
    aid.advance(case, "审批", on=day, amount_approved="2000", confirm_over_budget=True)
    aid.record_payment(case, paid_on=day, amount="2000")
    aid_household.set_household_details(
        case, household_size=2, household_income="1500", bank="", bank_account=""
    )
    paper = tmp_path / "诊断书.pdf"
    paper.write_bytes(b"%PDF-1.4\n")
    aid_attachments.add_attachment(case, paper)
    number = aid_household.case_number(case)
    assert number == "2026-001" and case == 2  # the id would read "帮扶案例 2"
    texts = _summaries("aid_case")[1:] + _summaries("aid_payment") + _summaries("aid_attachment")
    assert _summaries("aid_case")[0].startswith("帮扶案例 2025-001 李秀英：")
    assert len(texts) == 7
    for text in texts:
        assert text.startswith(f"帮扶案例 {number} 张桂兰"), text
        assert f"帮扶案例 {case} " not in text


def test_a_persons_change_names_the_changed_fields(ctx) -> None:
    pid = create_person({"name": "周玉兰", "id_number": "11010519491231002X"})
    data = get_person(pid)
    data["phone"] = "13811112222"
    data["address"] = "东城区和平里三区 5 号"
    update_person(pid, data)
    assert _summaries("person")[-1] == "修改 周玉兰：现住址、手机"


def test_the_password_mark_is_not_read_as_none(ctx) -> None:
    operators.add_operator("王丽", password="甲乙丙丁1234")
    assert _summaries("operator")[-1] == "新增操作员 王丽（已设密码）"
