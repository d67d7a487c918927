"""The reading side of a streamed import: a second process that reads the file and checks its
rows, a block at a time, while the program's own process writes the blocks already checked
(:func:`.import_apply.import_streamed`).

Why a process: reading, checking and writing one after the other cost about twice what reading
and writing alone do, and threads cannot share the work out (sqlite3 takes the GIL back for
every row it writes). So this process reads the file (the xlsx guard, calamine, the header),
checks the rows with the same :class:`.import_rows.RowChecker` as the wizard, works out the
pinyin search keys of the names, and sends each checked block over a pipe; the writing process
matches the block against the roster and writes it inside its one transaction.

The conversation, on one duplex pipe (``multiprocessing`` with the "spawn" start method, the
only one Windows has):

* parent → child: the request (file, sheet, today's date, rows a block);
* child → parent: ``("source", ImportSource without its rows, number of rows)`` or
  ``("error", Chinese message)``;
* parent → child: ``("mapping", mapping, sender unit)`` or ``("stop",)``;
* child → parent: ``("block", rows as (row, values, action, errors, warnings, raw) tuples,
  {name: search key})`` … then ``("done",)``; or ``("error",
  message)``, ``("failed", traceback)`` at any point.

The child never touches the database and never outlives its parent: a thread waits on the
parent's sentinel and ends the process when the parent is gone (killed, crashed); the parent
kills and joins it on error or cancel.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import traceback
from typing import Any

BLOCK = 5000  # rows a block: about 0.05 s of checking, so that the writer starts early


def read_and_check(conn: Any, request: dict[str, Any]) -> None:
    """The child process's work (the target of ``multiprocessing.Process``)."""
    _exit_with_parent()
    from ..core.errors import RuleError

    try:
        _run(conn, request)
    except RuleError as exc:
        _send(conn, ("error", exc.message))
    except Exception:
        _send(conn, ("failed", traceback.format_exc()))
    finally:
        conn.close()


def _send(conn: Any, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except (BrokenPipeError, EOFError, OSError):
        os._exit(0)  # the parent has gone: there is no one left to tell


def _exit_with_parent() -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - always set in a spawned child
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="导入读表-父进程", daemon=True).start()


def _run(conn: Any, request: dict[str, Any]) -> None:
    from ..core import clock
    from ..files.header_detect import data_rows
    from .import_rows import RowChecker
    from .importing import kinds_from_sections, mapped_columns, open_source

    clock.set_today(request["today"])  # the parent's day, also when a test has set it
    import gc

    gc.disable()  # as collector_paused: many objects, no cycles, the process ends soon
    source = open_source(request["path"], sheet=request["sheet"])
    rows = source.rows
    _send(conn, ("source", dataclasses.replace(source, rows=[]), len(rows)))
    answer = conn.recv()
    if answer[0] != "mapping":
        return
    _kind, mapping, unit = answer
    from ..core.pinyin import search_key  # loaded by open_source meanwhile the file was read

    checker = RowChecker(mapped_columns(source, mapping), unit)
    keys: dict[str, str] = {}
    sections: list[tuple[int, str]] = []
    block: list[tuple[int, Any]] = []
    size = request.get("block") or BLOCK

    def send_block() -> None:
        planned = checker.check(block)
        if sections:
            kinds_from_sections(planned, sections)
        new_keys = {}
        for row in planned:
            name = row.values.get("name")
            if name and name not in keys:
                new_keys[name] = keys[name] = search_key(name)
        # Plain tuples: pickled in C, at about half the cost of the dataclass objects.
        rows = [(r.row, r.values, r.action, r.errors, r.warnings, r.raw) for r in planned]
        _send(conn, ("block", rows, new_keys))

    for item in data_rows(rows, source.layout, sections):
        block.append(item)
        if len(block) == size:
            send_block()
            block = []
    if block:
        send_block()
    _send(conn, ("done",))
