"""Shared fixtures: Qt offscreen, a fresh data folder with a real SQLite file, the demo zone.

With ``LAO_GAN_BU_TEST_DATABASE`` set to a PostgreSQL server (tests/server_database.py), every
test runs on a fresh database of its own on that server instead: ``LAO_GAN_BU_DATABASE_URL``
points at it, so ``ctx``, ``demo_ctx``, the services and the command line (in this process or a
child) all open it. Tests of what only SQLite has are marked ``sqlite_only`` and skipped there.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

FIXED_TODAY = _dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def no_thread_left_behind():
    """Fail the test that leaves a Python thread or a child process running (see
    tests/leak_guard.py)."""
    from tests.leak_guard import leftover_child_processes, leftover_python_threads, python_threads

    before = python_threads()
    yield
    left = leftover_python_threads(before) + leftover_child_processes()
    if left:
        pytest.fail("测试结束时仍有后台线程或子进程在运行：" + "、".join(left), pytrace=False)


@pytest.fixture(autouse=True)
def real_clock_after_each_test():
    """A day set with clock.set_today in one test never leaks into the next."""
    yield
    from lao_gan_bu_desktop.core import clock

    clock.set_today(None)


@pytest.fixture(scope="session")
def server_templates():
    """On a PostgreSQL server: the names of this process's template databases (an empty one
    with every migration, one with the demo zone); None on SQLite."""
    from tests import server_database as sd

    if sd.server_url() is None:
        yield None
        return
    import tempfile

    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo

    empty, demo = sd.template_name("empty"), sd.template_name("demo")
    with tempfile.TemporaryDirectory() as folder:
        context = open_app(Path(folder) / "e", daily_backup=False, database_url=sd.create(empty))
        context.close()
        url = sd.create(demo, empty)
        context = open_app(Path(folder) / "d", daily_backup=False, database_url=url)
        fill_demo(FIXED_TODAY)
        context.close()
    yield {"empty": empty, "demo": demo}
    sd.drop(empty)
    sd.drop(demo)


@pytest.fixture(autouse=True)
def server_database(request, monkeypatch):
    """On a PostgreSQL server: a fresh, migrated database for this test (its URL), dropped
    afterwards; None on SQLite."""
    from tests import server_database as sd

    if sd.server_url() is None:
        yield None
        return
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip("只在 SQLite 上有意义：" + (marker.args[0] if marker.args else "SQLite 专有"))
    templates = request.getfixturevalue("server_templates")
    name = sd.fresh_name()
    url = sd.create(name, templates["empty"])
    monkeypatch.setenv("LAO_GAN_BU_DATABASE_URL", url)
    request.node.server_database_name = name
    yield url
    from lao_gan_bu_desktop.storage.database import close_database

    close_database()
    sd.drop(name)


def use_demo_database(request, monkeypatch) -> None:
    """On a PostgreSQL server: replace this test's database by a copy of the demo template."""
    from tests import server_database as sd

    if sd.server_url() is None:
        return
    templates = request.getfixturevalue("server_templates")
    name = getattr(request.node, "server_database_name", None) or sd.fresh_name()
    url = sd.create(name, templates["demo"])
    monkeypatch.setenv("LAO_GAN_BU_DATABASE_URL", url)


@pytest.fixture
def ctx(tmp_path: Path):
    """An open, empty data folder (real SQLite file in a temporary folder)."""
    from lao_gan_bu_desktop.services.app import open_app

    context = open_app(tmp_path / "data", daily_backup=False)
    yield context
    context.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A data folder with the demo zone, built once per session (copy it, don't change it)."""
    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.demo import fill_demo

    folder = tmp_path_factory.mktemp("demo_template") / "data"
    context = open_app(folder, daily_backup=False)
    fill_demo(FIXED_TODAY)
    context.close()
    return folder


@pytest.fixture
def demo_ctx(tmp_path: Path, demo_template: Path, request, monkeypatch):
    """An open copy of the demo zone (built for FIXED_TODAY)."""
    import shutil

    from lao_gan_bu_desktop.services.app import open_app

    use_demo_database(request, monkeypatch)
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    context = open_app(target, daily_backup=False)
    yield context
    context.close()


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Say the order's seed at the end too (-q hides pytest-randomly's header line)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(
            f"Using --randomly-seed={seed} (replay this order in one process: "
            f"uv run pytest -n 0 -p randomly --randomly-seed={seed})"
        )
