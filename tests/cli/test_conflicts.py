"""The command line's import edits people it matched: a second process that changes one of them
after the import checked the file (and before it writes) makes the import refuse, in Chinese,
with a non-zero exit, rather than overwrite that change. Two real processes on one SQLite file.

The import process is the real ``lao-gan-bu import`` (``__main__.main``); the only thing added
is a pause after the check, so that the other process can save in between at a known moment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.app import open_app
from tests.import_helpers import ZHANG

IMPORT_WITH_PAUSE = r"""
import sys
from lao_gan_bu_desktop.services import import_apply

checked = import_apply.plan_import

def check_then_wait(*args, **kwargs):
    plan = checked(*args, **kwargs)
    print("checked", flush=True)
    sys.stdin.readline()  # the other process saves now
    return plan

import_apply.plan_import = check_then_wait
from lao_gan_bu_desktop.__main__ import main
sys.exit(main(sys.argv[1:]))
"""

SAVE_ELSEWHERE = r"""
import sys
from pathlib import Path
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import roster
from lao_gan_bu_desktop.services.settings import set_setting
ctx = open_app(Path(sys.argv[1]), daily_backup=False, exclusive=False, checks=False)
try:
    set_setting("operator", "王丽")
    roster.update_person(int(sys.argv[2]), {"phone": "13900000009"})
finally:
    ctx.close()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


def test_import_refuses_when_a_person_changed_after_the_check(tmp_path: Path) -> None:
    data = tmp_path / "zone"
    sheet = tmp_path / "科技局.csv"
    sheet.write_text(f"姓名,身份证号码,手机\n张三,{ZHANG},13800000002\n", "utf-8")
    ctx = open_app(data, daily_backup=False)
    person = roster.create_person({"name": "张三", "id_number": ZHANG, "phone": "13800000001"})
    ctx.close()

    importing = subprocess.Popen(
        [
            *(sys.executable, "-c", IMPORT_WITH_PAUSE),
            *("--data-dir", str(data), "import", str(sheet), "--unit", "科技局"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_env(),
    )
    assert importing.stdout is not None and importing.stdin is not None
    assert importing.stdout.readline().strip() == "checked"
    other = subprocess.run(
        [sys.executable, "-c", SAVE_ELSEWHERE, str(data), str(person)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert other.returncode == 0, other.stderr
    importing.stdin.write("\n")
    importing.stdin.flush()
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 2, (out, err)
    assert err.startswith("错误：检查文件之后，张三的信息又被修改过（最近一次：王丽 在 ")
    assert "这次没有导入任何数据。请重新检查这个文件后再导入。" in err
    assert "导入完成" not in out

    ctx = open_app(data, daily_backup=False)
    try:
        stored = roster.get_person(person)
        assert (stored["phone"], stored["version"]) == ("13900000009", 1)  # 王丽's change kept
        from lao_gan_bu_desktop.storage.import_models import ImportBatch

        assert ImportBatch.select().count() == 0  # nothing of the import was written
    finally:
        ctx.close()

    # checked again (a fresh run), the import goes through over the new version
    assert main(["--data-dir", str(data), "import", str(sheet), "--unit", "科技局"]) == 0
    ctx = open_app(data, daily_backup=False)
    try:
        assert roster.get_person(person)["phone"] == "13800000002"
    finally:
        ctx.close()


def test_import_json_keys_unchanged_by_versions(tmp_path: Path, capsys) -> None:
    data = tmp_path / "zone"
    sheet = tmp_path / "科技局.csv"
    sheet.write_text(f"姓名,身份证号码\n张三,{ZHANG}\n", "utf-8")
    assert main(["--data-dir", str(data), "import", str(sheet), "--unit", "科技局"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "persons", "--json"]) == 0
    (person,) = json.loads(capsys.readouterr().out)
    assert person["version"] == 0  # scripts can see the row version they loaded
