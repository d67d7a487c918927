"""``--operator`` on the command line, ``operators list/add/remove`` and ``audit``: a writing
command is refused without an operator once passwords are set, the password comes from the
environment or stdin, and ``audit --json`` / ``--out`` show the changes of two operators."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from lao_gan_bu_desktop.__main__ import main
from tests.import_helpers import LI, ZHANG, write_xlsx


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> str:
    """A data folder with two operators, 王丽 with the password 1234 and 李强 without."""
    monkeypatch.setenv("LAO_GAN_BU_TODAY", "2026-11-29")
    monkeypatch.delenv("LAO_GAN_BU_OPERATOR", raising=False)
    monkeypatch.delenv("LAO_GAN_BU_PASSWORD", raising=False)
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "operators", "add", "王丽"]) == 0
    assert main(["--data-dir", data, "operators", "add", "李强"]) == 0
    from lao_gan_bu_desktop.services import operators
    from lao_gan_bu_desktop.services.app import open_app

    ctx = open_app(Path(data), daily_backup=False)
    operators.set_password("王丽", "", "1234")
    ctx.close()
    return data


def _unit_file(tmp_path: Path) -> str:
    rows = [["姓名", "身份证号码", "手机"], ["张三", ZHANG, "13900000000"], ["李四", LI, None]]
    return str(write_xlsx(tmp_path / "科技局.xlsx", {"名单": rows}))


def test_writing_is_refused_without_an_operator(folder, tmp_path, capsys) -> None:
    unit_file = _unit_file(tmp_path)
    assert main(["--data-dir", folder, "import", unit_file, "--unit", "科技局"]) == 2
    err = capsys.readouterr().err
    assert "已设置操作员密码" in err and "--operator" in err and "没有修改任何数据" in err
    assert "Traceback" not in err
    # 王丽 has a password: her name alone is not enough, and a wrong one is refused
    argv = ["--data-dir", folder, "--operator", "王丽", "import", unit_file, "--unit", "科技局"]
    assert main(argv) == 2
    assert "王丽 已设密码" in capsys.readouterr().err
    assert main(["--data-dir", folder, "persons", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was imported
    # reading needs no operator
    assert main(["--data-dir", folder, "operators", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["王丽\t已设密码", "李强\t无密码"]


def test_wrong_password_from_the_environment(folder, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAO_GAN_BU_OPERATOR", "王丽")
    monkeypatch.setenv("LAO_GAN_BU_PASSWORD", "0000")
    assert main(["--data-dir", folder, "import", _unit_file(tmp_path), "--unit", "科技局"]) == 2
    assert "王丽 的密码不对" in capsys.readouterr().err


def test_audit_json_shows_two_operators(folder, tmp_path, capsys, monkeypatch) -> None:
    unit_file = _unit_file(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    argv = ["--data-dir", folder, "--operator", "王丽", "--password-stdin"]
    assert main([*argv, "import", unit_file, "--unit", "科技局"]) == 0
    capsys.readouterr()
    argv = ["--data-dir", folder, "--operator", "李强"]
    assert main([*argv, "undo-import", "1"]) == 0
    assert main([*argv, "operators", "add", "张三"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", folder, "audit", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_operator = {(r["operator"], r["action"], r["table"]) for r in rows}
    assert ("王丽", "导入", "import_batch") in by_operator
    assert ("李强", "撤销导入", "import_batch") in by_operator
    assert ("李强", "新增", "operator") in by_operator
    assert rows[0]["summary"] == "新增操作员 张三"  # newest first
    assert set(rows[0]) >= {"at", "operator", "action", "table", "table_title", "summary"}
    assert main(["--data-dir", folder, "audit", "--operator", "王丽", "--json"]) == 0
    mine = json.loads(capsys.readouterr().out)
    assert mine and {r["operator"] for r in mine} == {"王丽"}
    assert main(["--data-dir", folder, "audit", "--since", "2999-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    out = tmp_path / "日志.xlsx"
    assert main(["--data-dir", folder, "audit", "--out", str(out)]) == 0
    assert "已导出操作日志" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "操作日志"
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["序号", "时间", "操作员", "操作"]
    operators_in_file = {sheet.cell(row=r, column=3).value for r in range(4, sheet.max_row + 1)}
    assert {"王丽", "李强"} <= operators_in_file


def test_bad_audit_arguments_say_what_to_write(folder, capsys) -> None:
    assert main(["--data-dir", folder, "audit", "--since", "昨天吧"]) == 2
    assert "请写成 2026-11-29" in capsys.readouterr().err
    assert main(["--data-dir", folder, "audit", "--out", "x.csv"]) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err


def test_remove_refuses_an_operator_with_a_password(folder, capsys) -> None:
    argv = ["--data-dir", folder, "--operator", "李强"]
    assert main([*argv, "operators", "remove", "王丽"]) == 2
    assert "已设密码" in capsys.readouterr().err
    assert main([*argv, "operators", "add", "张三"]) == 0
    assert main([*argv, "operators", "remove", "张三"]) == 0
    assert main([*argv, "operators", "remove", "李强"]) == 2
    assert "不能删除自己" in capsys.readouterr().err
