"""``operators set-password NAME --password-stdin`` and ``operators clear-password NAME``, run
as real processes: the password only ever comes from standard input, the window's rules hold
(the acting operator signs in once passwords exist; an operator's current password is needed to
change or clear it), every change is in the audit log, and refusals are Chinese and change
nothing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main


def _run(data: str, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LAO_GAN_BU_TODAY": "2026-11-29"}
    env.pop("LAO_GAN_BU_OPERATOR", None)
    env.pop("LAO_GAN_BU_PASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "lao_gan_bu_desktop", "--data-dir", data, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def _verify(data: str, name: str, password: str) -> bool:
    from lao_gan_bu_desktop.services import operators
    from lao_gan_bu_desktop.services.app import open_app

    ctx = open_app(Path(data), daily_backup=False)
    try:
        return operators.verify(name, password) and operators.has_password(name)
    finally:
        ctx.close()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> str:
    """A data folder with two operators and no password yet."""
    monkeypatch.delenv("LAO_GAN_BU_OPERATOR", raising=False)
    monkeypatch.delenv("LAO_GAN_BU_PASSWORD", raising=False)
    data = str(tmp_path / "zone")
    assert main(["--data-dir", data, "operators", "add", "王丽"]) == 0
    assert main(["--data-dir", data, "operators", "add", "李强"]) == 0
    return data


def test_set_change_and_clear_passwords_through_stdin(folder) -> None:
    # no password anywhere yet: the first one is set without signing in
    done = _run(folder, "operators", "set-password", "王丽", "--password-stdin", stdin="1234\n")
    assert done.returncode == 0, done.stderr
    assert "已设置操作员 王丽 的密码" in done.stdout
    assert "1234" not in done.stdout + done.stderr
    assert _verify(folder, "王丽", "1234")

    # now a writing command must name its operator
    refused = _run(folder, "operators", "set-password", "李强", "--password-stdin", stdin="5678\n")
    assert refused.returncode == 2
    assert "已设置操作员密码" in refused.stderr and "Traceback" not in refused.stderr
    assert not _verify(folder, "李强", "5678")

    # 王丽 signs in (line 1) and sets 李强's first password (line 2), with --json
    done = _run(
        folder,
        *("--operator", "王丽", "--password-stdin"),
        *("operators", "set-password", "李强", "--password-stdin", "--json"),
        stdin="1234\n5678\n",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"name": "李强", "has_password": True, "action": "设置"}
    assert _verify(folder, "李强", "5678")

    # 王丽 changes her own: her sign-in password is her current one, the next line the new one
    done = _run(
        folder,
        *("--operator", "王丽", "--password-stdin"),
        *("operators", "set-password", "王丽", "--password-stdin"),
        stdin="1234\nabcd\n",
    )
    assert done.returncode == 0, done.stderr
    assert _verify(folder, "王丽", "abcd") and not _verify(folder, "王丽", "1234")

    # 王丽 clearing 李强's needs 李强's current password: a wrong one is refused …
    base = ("--operator", "王丽", "--password-stdin", "operators", "clear-password", "李强")
    refused = _run(folder, *base, "--password-stdin", stdin="abcd\n0000\n")
    assert refused.returncode == 2
    assert "李强 的密码不对" in refused.stderr
    assert _verify(folder, "李强", "5678")
    # … and without --password-stdin it says how to give it
    refused = _run(folder, *base, stdin="abcd\n")
    assert refused.returncode == 2 and "--password-stdin" in refused.stderr
    # the right one clears it
    done = _run(folder, *base, "--password-stdin", "--json", stdin="abcd\n5678\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"name": "李强", "has_password": False, "action": "清除"}

    log = _run(folder, "audit", "--table", "operator", "--json")
    rows = json.loads(log.stdout)
    summaries = [(r["operator"], r["summary"]) for r in rows]
    assert ("王丽", "设置操作员 李强 的密码") in summaries
    assert ("王丽", "修改操作员 王丽 的密码") in summaries
    assert ("王丽", "清除操作员 李强 的密码") in summaries
    assert not any("5678" in json.dumps(r, ensure_ascii=False) for r in rows)


def _main(data: str, *argv: str, stdin: str = "", monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--data-dir", data, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_refusals_change_nothing(folder, monkeypatch, capsys) -> None:
    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        return _main(folder, *argv, stdin=stdin, monkeypatch=monkeypatch, capsys=capsys)

    set_wang = ("operators", "set-password", "王丽")
    # never a password on the command line: without --password-stdin it is refused
    code, _out, err = run(*set_wang, stdin="1234\n")
    assert code == 2 and "不能写在命令行上" in err
    code, _out, err = run(*set_wang, "--password-stdin", stdin="12\n")
    assert code == 2 and "密码至少 4 位" in err
    code, _out, err = run(*set_wang, "--password-stdin", stdin="\n")
    assert code == 2 and "clear-password" in err
    code, _out, err = run("operators", "set-password", "赵六", "--password-stdin", stdin="1234\n")
    assert code == 2 and "没有名为“赵六”的操作员" in err
    code, _out, err = run(*set_wang, "--password-stdin")
    assert code == 2 and "标准输入中没有新密码" in err
    code, _out, err = run("operators", "clear-password", "王丽")
    assert code == 2 and "没有设置密码" in err
    code, out, _err = run("operators", "list", "--json")
    assert json.loads(out) == [
        {"name": "王丽", "has_password": False},
        {"name": "李强", "has_password": False},
    ]
    code, out, _err = run("audit", "--table", "operator", "--json")
    assert [r["summary"] for r in json.loads(out)] == ["新增操作员 李强", "新增操作员 王丽"]
