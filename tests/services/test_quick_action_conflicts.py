"""Quick actions (a visit marked done, rescheduled, cancelled or undone; a bulk status mark)
check the row version the clerk's list showed, like a dialog's save: another process's change
made after the list was loaded is never overwritten unseen. A single action is refused with who
and when; a bulk mark leaves the changed people alone, names them and marks the others."""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import roster, visits
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services.errors import ConflictError
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.services.visits import VisitInput

D = _dt.date(2026, 3, 2)

# Another PC: 王丽 saves a visit in its dialog and changes one person's phone.
OTHER_PC = r"""
import sys
from pathlib import Path
from lao_gan_bu_desktop.services.app import open_app
from lao_gan_bu_desktop.services import roster, visits
from lao_gan_bu_desktop.services.settings import set_setting
from lao_gan_bu_desktop.services.visits import VisitInput

folder, visit_id, person_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ctx = open_app(Path(folder), daily_backup=False, exclusive=False, checks=False)
try:
    set_setting("operator", "王丽")
    v = visits.get_visit(visit_id)
    data = VisitInput(tuple(v["person_ids"]), v["kind"], v["planned_on"], notes="带降压药")
    visits.update_visit(visit_id, data, expected_version=v["version"])
    p = roster.get_person(person_id)
    roster.update_person(person_id, {"phone": "13900000009"}, expected_version=p["version"])
finally:
    ctx.close()
"""


def _other_pc(folder: Path, visit_id: int, person_id: int) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LAO_GAN_BU_TODAY": D.isoformat()}
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PC, str(folder), str(visit_id), str(person_id)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def zone(tmp_path: Path):
    """Three people and two planned visits; the clerk's lists are loaded; then another process
    changes the first visit and 李四. Yields (lists as loaded, people ids, visit ids)."""
    folder = tmp_path / "data"
    ctx = open_app(folder, daily_backup=False)
    set_setting("operator", "张敏")
    people = [roster.create_person({"name": n}) for n in ("张三", "李四", "王五")]
    ids = [
        visits.create_visit(VisitInput((people[i],), "日常走访", D + _dt.timedelta(days=i)))
        for i in (0, 1)
    ]
    loaded_visits = {v["id"]: v for v in visits.list_visits()}
    loaded_people = {p: roster.get_person(p)["version"] for p in people}
    ctx.close()
    _other_pc(folder, ids[0], people[1])
    ctx = open_app(folder, daily_backup=False)
    set_setting("operator", "张敏")
    yield loaded_visits, loaded_people, people, ids
    ctx.close()


@pytest.mark.parametrize("action", ["done", "reschedule", "cancel"])
def test_a_quick_action_over_anothers_change_is_refused(zone, action) -> None:
    loaded, _versions, _people, (changed, untouched) = zone
    with clock.frozen(D):
        act = {
            "done": lambda vid: visits.mark_done(vid, D, expected_version=loaded[vid]["version"]),
            "reschedule": lambda vid: visits.reschedule(
                vid, D + _dt.timedelta(days=7), expected_version=loaded[vid]["version"]
            ),
            "cancel": lambda vid: visits.cancel_visit(vid, expected_version=loaded[vid]["version"]),
        }[action]
        with pytest.raises(ConflictError) as caught:
            act(changed)
        assert caught.value.operator == "王丽"
        assert "王丽 在" in caught.value.message and "没有保存" in caught.value.message
        stored = visits.get_visit(changed)
        assert (stored["status"], stored["notes"]) == ("计划", "带降压药")  # 王丽's stays
        assert stored["planned_on"] == D
        # the visit nobody else touched takes the action, once
        act(untouched)
        with pytest.raises(ConflictError):
            act(untouched)  # the list still shows the old version: a second click is refused
    # the calendar's list now carries the new version: acting against it works
    fresh = {v["id"]: v for v in visits.list_visits()}
    assert fresh[changed]["version"] == loaded[changed]["version"] + 1
    visits.mark_done(changed, D, expected_version=fresh[changed]["version"])
    assert visits.get_visit(changed)["notes"] == "带降压药"


def test_undo_is_refused_after_anothers_change(zone) -> None:
    loaded, _versions, _people, (_changed, untouched) = zone
    version = loaded[untouched]["version"]
    visits.mark_done(untouched, D, expected_version=version)
    v = visits.get_visit(untouched)
    data = VisitInput(tuple(v["person_ids"]), v["kind"], v["planned_on"], "已完成", D, notes="x")
    visits.update_visit(untouched, data, expected_version=version + 1)  # someone edits it
    with pytest.raises(ConflictError):
        visits.restore_visit(untouched, "计划", expected_version=version + 1)
    assert visits.get_visit(untouched)["status"] == "已完成"


def test_a_deleted_visit_is_named_as_deleted(zone) -> None:
    loaded, _versions, _people, (_changed, untouched) = zone
    visits.delete_visit(untouched)
    with pytest.raises(ConflictError) as caught:
        visits.mark_done(untouched, D, expected_version=loaded[untouched]["version"])
    assert caught.value.deleted and "删除了" in caught.value.message


def test_a_bulk_mark_leaves_anothers_change_alone_and_names_it(zone) -> None:
    _loaded, versions, people, _ids = zone
    zhang, li, wang = people
    with clock.frozen(D):
        result = roster.set_status_checked(versions, "迁出")
    assert result.changed == 2
    assert result.skipped_ids == (li,)
    assert len(result.skipped) == 1 and result.skipped[0].startswith("李四（王丽 在")
    assert roster.get_person(li)["status"] == "在册"
    assert roster.get_person(li)["phone"] == "13900000009"
    assert roster.get_person(zhang)["status"] == roster.get_person(wang)["status"] == "迁出"
    # the unchecked call (the command line's) still marks everyone it is given
    assert roster.set_status([li], "迁出") == 1
