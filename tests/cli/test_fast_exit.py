"""How the program's entry ends a command-line run (``__main__.run``): the exit handlers run
(logs flushed, temporary folders removed) and the output is complete, but the interpreter's
teardown is skipped; after a run that leaves a thread going, the usual exit waits for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import atexit, os, sys, threading
    import lao_gan_bu_desktop.__main__ as entry

    class Teardown:
        def __del__(self):
            os.write(1, b" torn down")

    sys.modules["__main__"].keep = Teardown()  # freed only by the interpreter's teardown
    atexit.register(lambda: print("exit handlers ran", flush=True))
    released = threading.Event()

    def late():
        released.wait()
        os.write(1, b" thread done")

    if sys.argv[1] == "thread":
        # runs until the usual exit releases it (before joining the threads): never by itself
        threading._register_atexit(released.set)
        threading.Thread(target=late).start()
    sys.argv = ["lao-gan-bu", *sys.argv[2:]]
    entry.run()
    """
)


def _probe(tmp_path: Path, mode: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAO_GAN_BU_TODAY": "2026-12-07", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", PROBE, mode, *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_a_command_ends_after_its_exit_handlers_without_the_teardown(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    done = _probe(tmp_path, "plain", "--data-dir", data, "stats", "--json")
    assert done.returncode == 0, done.stderr
    body, _, tail = done.stdout.rpartition("}")
    assert json.loads(body + "}")["total"] == 0  # the whole output, flushed
    assert tail.split() == ["exit", "handlers", "ran"]  # and no "torn down": no teardown
    refused = _probe(tmp_path, "plain", "--data-dir", data, "import", "没有这个文件.xlsx")
    assert refused.returncode == 2 and "--unit" in refused.stderr  # the code and the words


def test_a_thread_still_running_is_waited_for(tmp_path: Path) -> None:
    done = _probe(tmp_path, "thread", "--data-dir", str(tmp_path / "data"), "stats")
    assert done.returncode == 0, done.stderr
    assert "thread done" in done.stdout  # not cut off: the usual exit waited for it
    assert done.stdout.rstrip().endswith("torn down")  # and tore down as ever
