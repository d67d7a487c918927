"""Two real processes on one SQLite file: A loads a person, B saves a change to that person,
A's save is refused with B's operator and the differences; nothing of B's is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.settings import set_setting

CLERK = r"""
import json, sys
from pathlib import Path
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.errors import ConflictError
from lao_gan_bu_desktop.services.settings import set_setting

folder, operator, person, field, value = sys.argv[1:6]
person = int(person)
ctx = open_app(Path(folder), daily_backup=False, exclusive=False, checks=False)
try:
    loaded = roster.get_person(person)
    print(json.dumps({"loaded": loaded["version"]}), flush=True)
    if sys.argv[6:] == ["wait"]:
        sys.stdin.readline()  # the test says when to save
    set_setting("operator", operator)
    try:
        roster.update_person(person, {field: value}, expected_version=loaded["version"])
    except ConflictError as exc:
        print(json.dumps({
            "refused": exc.message,
            "operator": exc.operator,
            "differences": [[d.label, d.mine, d.stored] for d in exc.differences],
        }, ensure_ascii=False), flush=True)
        sys.exit(3)
    print(json.dumps({"saved": roster.get_person(person)["version"]}), flush=True)
finally:
    ctx.close()
"""


def _clerk(folder: Path, operator: str, person: int, field: str, value: str, *extra: str):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-c", CLERK, str(folder), operator, str(person), field, value, *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def test_second_process_save_is_refused(ctx) -> None:
    set_setting("operator", "张敏")
    person = roster.create_person({"name": "张桂兰", "phone": "13800000001"})
    folder = ctx.data_dir
    ctx.close()

    a = _clerk(folder, "张敏", person, "phone", "13800000002", "wait")
    assert a.stdout is not None and a.stdin is not None
    assert json.loads(a.stdout.readline()) == {"loaded": 0}  # A has the person open

    b = _clerk(folder, "王丽", person, "phone", "13900000009")
    out, err = b.communicate(timeout=120)
    assert b.returncode == 0, err
    assert json.loads(out.splitlines()[-1]) == {"saved": 1}

    a.stdin.write("save\n")
    a.stdin.flush()
    out, err = a.communicate(timeout=120)
    assert a.returncode == 3, err
    refusal = json.loads(out.splitlines()[-1])
    assert refusal["operator"] == "王丽"
    assert refusal["refused"].startswith("王丽 在 ")
    assert "修改了张桂兰的信息" in refusal["refused"] and "没有保存" in refusal["refused"]
    assert refusal["differences"] == [["手机", "13800000002", "13900000009"]]

    from lao_gan_bu_desktop.services.app import open_app

    again = open_app(folder, daily_backup=False)
    try:
        stored = roster.get_person(person)
        assert (stored["phone"], stored["version"]) == ("13900000009", 1)
    finally:
        again.close()
