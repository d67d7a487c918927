"""操作员: salted scrypt hashes checked in constant time, the rules of the list, who is signed
in, and that every kind of change records the operator who made it."""

from __future__ import annotations

import datetime as _dt
import hmac
from pathlib import Path

import pytest

from lao_gan_bu_desktop.services import (
    aid,
    aid_budget,
    audit,
    backups,
    import_apply,
    import_undo,
    operators,
    roster,
    visits,
)
from lao_gan_bu_desktop.services import importing as imp
from lao_gan_bu_desktop.services.office_setup import current_setup, save_setup
from lao_gan_bu_desktop.services.settings import operator_name, session_operator, set_setting
from lao_gan_bu_desktop.services.visits import VisitInput
from lao_gan_bu_desktop.storage.aid_models import AidCase, AidEvent
from lao_gan_bu_desktop.storage.models import AuditLog
from lao_gan_bu_desktop.storage.operator_models import Operator
from tests.import_helpers import LI, ZHANG, write_xlsx


def test_hash_is_salted_scrypt_and_never_the_password(ctx) -> None:
    first, second = operators.hash_password("春节快乐"), operators.hash_password("春节快乐")
    assert first != second  # a new salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "春节快乐" not in first
    assert operators.password_matches(first, "春节快乐")
    assert operators.password_matches(second, "春节快乐")
    assert not operators.password_matches(first, "春节快乐 ")
    assert not operators.password_matches(first, "")
    assert not operators.password_matches("broken", "春节快乐")


def test_comparison_is_constant_time(ctx, monkeypatch) -> None:
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(
        operators.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b)
    )
    stored = operators.hash_password("abcd")
    assert operators.password_matches(stored, "abcd")
    assert not operators.password_matches(stored, "abce")
    assert len(calls) == 2


def test_the_database_keeps_only_the_hash(ctx) -> None:
    operators.add_operator("王丽", "wangli-mima")  # letters no hex digest can hold
    row = Operator.get(Operator.name == "王丽")
    assert row.password_hash.startswith("scrypt$") and "wangli" not in row.password_hash
    logged = " ".join(r.summary + r.changes for r in AuditLog.select())
    assert "wangli-mima" not in logged and row.password_hash not in logged


def test_sign_in_wrong_and_right_password(ctx) -> None:
    operators.add_operator("王丽", "1234")
    operators.add_operator("李强")
    assert operators.must_ask()
    with pytest.raises(operators.OperatorError, match="王丽 的密码不对"):
        operators.sign_in("王丽", "4321")
    assert session_operator() is None
    with pytest.raises(operators.OperatorError, match="没有名为“张三”的操作员"):
        operators.sign_in("张三")
    assert operators.sign_in("王丽", "1234") == "王丽"
    assert operator_name() == "王丽"
    assert operators.sign_in("李强") == "李强"  # no password: none asked
    assert operator_name() == "李强"


def test_one_operator_without_password_needs_no_question(ctx) -> None:
    operators.add_operator("赵敏")
    assert not operators.must_ask()
    assert operators.sign_in_alone() == "赵敏"
    assert operator_name() == "赵敏"
    operators.set_password("赵敏", "", "abcd")
    assert operators.must_ask()  # one operator, but with a password


def test_list_rules_and_old_password(ctx) -> None:
    operators.add_operator(" 王丽 ", "1234")
    with pytest.raises(operators.OperatorError, match="已有名为“王丽”"):
        operators.add_operator("王丽")
    with pytest.raises(operators.OperatorError, match="至少 4 位"):
        operators.add_operator("李强", "12")
    with pytest.raises(operators.OperatorError, match="请填写操作员的姓名"):
        operators.add_operator("  ")
    with pytest.raises(operators.OperatorError, match="密码不对，没有修改密码"):
        operators.set_password("王丽", "wrong", "5678")
    operators.set_password("王丽", "1234", "5678")
    assert operators.verify("王丽", "5678") and not operators.verify("王丽", "1234")
    with pytest.raises(operators.OperatorError, match="密码不对，没有改名"):
        operators.rename_operator("王丽", "王莉", "1234")
    operators.rename_operator("王丽", "王莉", "5678")
    assert operators.operator_names() == ["王莉"]
    with pytest.raises(operators.OperatorError, match="密码不对，没有修改密码"):
        operators.set_password("王莉", "", "")  # clearing asks for the old one too
    operators.set_password("王莉", "5678", "")
    assert not operators.any_password()
    operators.add_operator("李强")
    operators.sign_in("李强")
    with pytest.raises(operators.OperatorError, match="不能删除自己"):
        operators.remove_operator("李强")
    operators.remove_operator("王莉")
    assert operators.operator_names() == ["李强"]
    summaries = [r.summary for r in AuditLog.select().where(AuditLog.table == "operator")]
    assert summaries == [
        "新增操作员 王丽（已设密码）",
        "修改操作员 王丽 的密码",
        "操作员 王丽 改名为 王莉",
        "清除操作员 王莉 的密码",
        "新增操作员 李强",
        "删除操作员 王莉",
    ]


def test_renaming_the_one_working_follows(ctx) -> None:
    operators.add_operator("王丽")
    operators.sign_in("王丽")
    operators.rename_operator("王丽", "王莉")
    assert operator_name() == "王莉"


def test_command_line_sign_in(ctx) -> None:
    operators.add_operator("王丽", "1234")
    operators.add_operator("李强")
    with pytest.raises(operators.OperatorError, match="必须注明操作员"):
        operators.sign_in_for_command("", None)
    with pytest.raises(operators.OperatorError, match="已设密码"):
        operators.sign_in_for_command("王丽", None)
    with pytest.raises(operators.OperatorError, match="密码不对"):
        operators.sign_in_for_command("王丽", "0000")
    assert operators.sign_in_for_command("王丽", "1234") == "王丽"
    assert operators.sign_in_for_command("李强", None) == "李强"


def test_closing_the_folder_forgets_who_signed_in(tmp_path: Path) -> None:
    from lao_gan_bu_desktop.services.app import open_app

    context = open_app(tmp_path / "data", daily_backup=False)
    operators.add_operator("王丽")
    operators.sign_in("王丽")
    context.close()
    assert session_operator() is None


def test_idle_lock_minutes_are_a_setting(ctx) -> None:
    assert operators.idle_lock_minutes() == 0
    operators.set_idle_lock_minutes(10)
    assert operators.idle_lock_minutes() == 10
    with pytest.raises(operators.OperatorError, match="0（不锁定）到 240"):
        operators.set_idle_lock_minutes(500)
    row = AuditLog.select().where(AuditLog.table == "setting").get()
    assert row.summary == "修改设置：无操作 10 分钟后锁定"


def _last(action: str, table: str) -> AuditLog:
    return (
        AuditLog.select()
        .where((AuditLog.action == action) & (AuditLog.table == table))
        .order_by(AuditLog.id.desc())
        .get()
    )


def test_every_kind_of_change_records_the_operator(demo_ctx, tmp_path: Path) -> None:
    """Person, visit, aid case and step, payment, import, undo, settings, restore."""
    set_setting("operator", "设置里的名字")  # the old single name must not win
    operators.add_operator("王丽", "1234")
    operators.add_operator("李强")
    operators.sign_in("王丽", "1234")
    day = _dt.date(2026, 11, 20)
    person = next(p for p in roster.list_persons() if p["status"] == "在册")
    data = roster.get_person(person["id"])
    data["phone"] = "13812345678"
    roster.update_person(person["id"], data)
    visit_id = visits.create_visit(VisitInput((person["id"],), "日常走访", day))
    aid_budget.set_budget(2026, "900000")
    case_id = aid.create_case(
        person["id"],
        year=2026,
        category="医疗救助",
        reason="住院自付费用高，家庭收入低。",
        amount_requested="3000",
        on=day,
        confirm_duplicate=True,
    )
    aid.advance(case_id, "单位初审", on=day)
    aid.advance(case_id, "调查核实", on=day)
    aid.advance(case_id, "审批", on=day, amount_approved="2000", confirm_over_budget=True)
    aid.record_payment(case_id, paid_on=day, amount="2000")
    rows = [["姓名", "身份证号码", "手机"], ["张三", ZHANG, "13900000000"], ["李四", LI, None]]
    path = write_xlsx(tmp_path / "科技局.xlsx", {"名单": rows})
    source = imp.open_source(path)
    plan = imp.plan_import(source, "科技局", imp.suggest_mapping(source, "科技局"), "update")
    result = import_apply.apply_plan(plan, demo_ctx.data_dir)
    operators.sign_in("李强")  # the second clerk takes over
    visits.reschedule(visit_id, day + _dt.timedelta(days=1))
    import_undo.undo_import(result.batch_id, demo_ctx.data_dir)
    setup = current_setup()
    setup.office_name = "干部管理科"
    save_setup(setup)
    expected = {
        ("修改", "person"): "王丽",
        ("新增", "visit"): "王丽",
        ("修改", "visit"): "李强",
        ("新增", "aid_case"): "王丽",
        ("修改", "aid_case"): "王丽",
        ("新增", "aid_payment"): "王丽",
        ("导入", "import_batch"): "王丽",
        ("撤销导入", "import_batch"): "李强",
        ("修改", "setting"): "李强",
    }
    for (action, table), who in expected.items():
        assert _last(action, table).operator == who, (action, table)
    case = AidCase.get_by_id(case_id)
    assert case.clerk == "王丽"  # 经办人 defaults to the operator
    assert {e.operator for e in AidEvent.select().where(AidEvent.case == case_id)} == {"王丽"}
    safety = backups.make_backup(demo_ctx.data_dir, "手动")
    backups.restore_backup(demo_ctx, safety.path)
    assert _last("恢复", "database").operator == "李强"
    found = audit.search(audit.AuditFilter(operator="王丽"))
    assert found and {e["operator"] for e in found} == {"王丽"}
    assert {e["operator"] for e in audit.search()} >= {"王丽", "李强"}


def test_settings_outside_the_dialog_record_the_operator(ctx) -> None:
    """走访规则, label templates and the sender are settings changes too."""
    from dataclasses import replace

    from lao_gan_bu_desktop.core.label_layout import LabelTemplate
    from lao_gan_bu_desktop.services import labels

    operators.add_operator("王丽")
    operators.sign_in("王丽")
    rules = visits.load_rule_settings()
    visits.save_rule_settings(replace(rules, birthday_min_age=85))
    visits.save_rule_settings(replace(rules, birthday_min_age=85))  # no change: no row
    own = LabelTemplate("my-1", "自己的", 2, 7, 5, 10, 100, 38, 95, 36)
    labels.save_template(own)
    labels.delete_template("my-1")
    labels.set_sender("高新区老干部科", "科学大道1号", "450001")
    rows = [(r.operator, r.action, r.table, r.summary) for r in AuditLog.select()]
    assert rows == [
        ("", "新增", "operator", "新增操作员 王丽"),  # before anyone signed in
        ("王丽", "修改", "setting", "修改设置：走访规则"),
        ("王丽", "新增", "label_template", "新增标签规格“my-1”"),
        ("王丽", "删除", "label_template", "删除标签规格“my-1”"),
        ("王丽", "修改", "setting", "修改设置：寄件信息"),
    ]
    change = AuditLog.select().where(AuditLog.summary == "修改设置：走访规则").get()
    assert '"birthday_min_age": [80, 85]' in change.changes
