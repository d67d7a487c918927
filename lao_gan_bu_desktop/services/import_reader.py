"""The reading side of a streamed import: a second process that reads the file and checks its
rows, a block at a time, while the program's own process writes the blocks already checked
(:func:`.import_apply.import_streamed`).

Why a process: reading, checking and writing one after the other cost about twice what reading
and writing alone do, and threads cannot share the work out (sqlite3 takes the GIL back for
every row it writes). So this process reads the file (calamine, the header), checks the rows
with the same :class:`.import_rows.RowChecker` as the wizard, matches them against the roster's
keys (read by the writing process and handed over), lays the new people out as the person
table's columns, and sends each block over a pipe; the writing process works out the names'
pinyin search keys (its share of the work: it would wait otherwise), binds the new people,
looks up the stored values of those on the roster and writes it all inside its one
transaction. This process never touches the database.

Two things keep this process off the import's critical path as far as they can:

* the command line starts it before its own start-up (:func:`start_early`, called by
  ``__main__`` for ``import FILE`` of a large file), so that the file is read while the
  program loads its modules and opens the data folder; :func:`take` hands it to the import
  when the file and sheet are the ones the full parser found (else it is stopped and a new one
  started: a misread command line costs time, never a wrong import);
* the starting process looks into the xlsx (:mod:`..files.xlsx_guard`) while this one starts,
  and hands over what it found, so that calamine can begin the moment this process is up.

The conversation, on one duplex pipe (``multiprocessing`` with the "spawn" start method, the
only one Windows has):

* parent → child: the request (file, sheet, today's date, rows a block);
* parent → child: ``("guard", XlsxGuard or None)`` (None: the child looks for itself);
* child → parent: ``("source", ImportSource without its rows, number of rows)`` or
  ``("error", Chinese message)``;
* parent → child: ``("mapping", mapping, sender unit, the roster's keys, the batch's time,
  whether rows hidden in Excel are imported too)``
  or ``("stop",)``;
* child → parent, a block at a time: ``("block", others, new)`` … then
  ``("done",)``; or ``("error", message)``, ``("failed", traceback)`` at any point. The rows
  are checked AND matched here (against the roster's keys the parent read): ``new`` holds the
  people not on the roster as (row numbers, their warnings, the person table's columns laid
  out by :func:`..storage.import_models.person_columns`), so that the parent only binds them;
  ``others`` the rest (on the roster, repeated in the file, refused) as (row, values, action,
  errors, warnings, raw, person id, same as row) tuples.

The child never outlives its parent: a thread waits on the parent's sentinel and ends the
process when the parent is gone (killed, crashed); the parent kills and joins it on error or
cancel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import os
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BLOCK = 5000  # rows a block: about 0.05 s of checking
FIRST_BLOCK = 1000  # the first block smaller, so that the writer starts sooner
# From this size (about 6 000 rows) the CLI reads and checks in a second process.
STREAM_MIN_BYTES = 1 << 19
STREAM_ENV = "LAO_GAN_BU_IMPORT_STREAM"  # "1": always streamed, "0": never (tests, benchmark)


def streamed(path: Path, dry_run: bool = False) -> bool:
    """Is ``path`` imported streamed (read and checked in a second process)?"""
    if dry_run:
        return False
    flag = os.environ.get(STREAM_ENV, "")
    if flag in ("0", "1"):
        return flag == "1"
    try:
        return Path(path).stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False  # the one-process path says what is wrong with the file


@dataclasses.dataclass
class Reader:
    """A reading process and the parent's end of its pipe."""

    process: Any
    conn: Any
    path: Path
    sheet: str | None
    today: _dt.date

    def stop(self) -> None:
        """Kill the process (if it still runs) and wait for it; close the pipe."""
        self.conn.close()
        self.process.kill()
        self.process.join()


def start(path: Path, sheet: str | None, today: _dt.date) -> Reader:
    """Start the reading process for ``path`` and hand it the xlsx guard worked out here (while
    it starts up)."""
    import multiprocessing

    from ..files import xlsx_split

    context = multiprocessing.get_context("spawn")
    conn, child_conn = context.Pipe()
    request = {
        "path": Path(path),
        "sheet": sheet,
        "today": today,
        "block": BLOCK,
        "first_block": min(FIRST_BLOCK, BLOCK),
        "guard_follows": True,
        # how the sheet is cut for reading on several cores (read here: tests change them)
        "cut": (xlsx_split.pieces_wanted(), xlsx_split.CUT_MIN_BYTES),
    }
    process = context.Process(
        target=read_and_check, args=(child_conn, request), name="导入读表", daemon=True
    )
    process.start()
    child_conn.close()
    # If the process has gone already, the import hears of it from the pipe.
    with contextlib.suppress(BrokenPipeError, EOFError, OSError):
        conn.send(("guard", _guard(Path(path))))
    return Reader(process, conn, Path(path), sheet, today)


def _guard(path: Path) -> Any:
    """The xlsx guard of ``path`` with every sheet's plan worked out; None for a file that is
    not an xlsx or that the guard refuses (the reading process then says why, as ever)."""
    from ..files.sniff import sniff_format
    from ..files.xlsx_guard import inspect_xlsx

    try:
        if sniff_format(path) != "xlsx":
            return None
        guard = inspect_xlsx(path)
        guard.plan_all()
        return guard
    except Exception:  # told by the reading process, which meets the same problem
        return None


_early: Reader | None = None


def start_early(arguments: Sequence[str]) -> None:
    """Before the program's start-up: when ``arguments`` are ``import FILE`` of one file that
    will be imported streamed, start its reading process now (see the module's notes)."""
    global _early
    found = _import_file_argument(arguments)
    if found is None:
        return
    path, sheet = found
    if not streamed(path):
        return
    from ..core import clock

    _early = start(path, sheet, clock.today())


def take(path: Path, sheet: str | None, today: _dt.date) -> Reader | None:
    """The reading process started early for this very file, sheet and day, or None (one
    started for anything else is stopped)."""
    global _early
    reader, _early = _early, None
    if reader is None:
        return None
    same = (reader.path, reader.sheet, reader.today) == (Path(path), sheet, today)
    if same and reader.process.is_alive():
        return reader
    reader.stop()
    return None


def discard_early() -> None:
    """Stop a reading process started early that no import took (the command failed first)."""
    global _early
    reader, _early = _early, None
    if reader is not None:
        reader.stop()


_VALUE_OPTIONS = ("--data-dir", "--database-url", "--operator")
_IMPORT_VALUE_OPTIONS = ("--unit", "--sheet", "--on-duplicate")
_IMPORT_FLAGS = ("--json", "--include-hidden")


def _import_file_argument(arguments: Sequence[str]) -> tuple[Path, str | None] | None:
    """(file, sheet) when ``arguments`` are the ``import`` command of exactly one file without
    --dry-run; None otherwise or when in doubt (the full parser decides everything anyway)."""
    items = list(arguments)
    at = 0
    while at < len(items) and items[at].startswith("-"):
        at += 2 if items[at] in _VALUE_OPTIONS else 1
    if at >= len(items) or items[at] != "import":
        return None
    files: list[str] = []
    sheet: str | None = None
    rest = items[at + 1 :]
    at = 0
    while at < len(rest):
        item = rest[at]
        if item in _IMPORT_VALUE_OPTIONS:
            if at + 1 >= len(rest):
                return None
            if item == "--sheet":
                sheet = rest[at + 1]
            at += 2
            continue
        if item.startswith("--sheet="):
            sheet = item.removeprefix("--sheet=")
        elif item.startswith("-"):
            given = item in _IMPORT_FLAGS or any(
                item.startswith(o + "=") for o in _IMPORT_VALUE_OPTIONS
            )
            if not given:
                return None  # --dry-run, help, an abbreviation: leave it to the parser
        else:
            files.append(item)
        at += 1
    return (Path(files[0]), sheet) if len(files) == 1 else None


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
    from ..files.xlsx_split import cut_before_guard
    from .import_rows import PlannedRow, RowChecker
    from .importing import RosterMatcher, kinds_from_sections, mapped_columns, open_source

    clock.set_today(request["today"])  # the parent's day, also when a test has set it
    import gc

    gc.disable()  # as collector_paused: many objects, no cycles, the process ends soon
    guard = None
    if request.get("guard_follows"):
        # Cut the sheet for reading on several cores while the other process guards the file;
        # the cut is read only where the guard says calamine may read that sheet.
        pieces, min_bytes = request.get("cut") or (None, None)
        cut = cut_before_guard(request["path"], request["sheet"], pieces, min_bytes)
        _kind, guard = conn.recv()
        if guard is not None and cut is not None:
            guard.cuts[cut.sheet] = cut
    source = open_source(request["path"], sheet=request["sheet"], guard=guard, pinyin=False)
    rows = source.rows
    _send(conn, ("source", dataclasses.replace(source, rows=[]), len(rows)))
    answer = conn.recv()
    if answer[0] != "mapping":
        return
    _kind, mapping, unit, index, now, include_hidden = answer
    from ..storage.import_models import person_columns
    from .import_row_facts import hold_back_hidden, in_row_order, note_formula_cells

    columns = mapped_columns(source, mapping)
    checker = RowChecker(columns, unit)
    facts = source.row_facts
    matcher = RosterMatcher(index)
    sections: list[tuple[int, str]] = []
    block: list[tuple[int, Any]] = []
    size = request.get("first_block") or request.get("block") or BLOCK

    def send_block(more: bool) -> None:
        # more=True: the checker holds the last row back (its address may go on below)
        held: list[PlannedRow] = []
        rows = block if include_hidden else list(hold_back_hidden(block, facts, columns, held))
        planned = checker.check(rows, more=more)
        note_formula_cells(planned, facts, columns)
        planned = in_row_order(planned, held)
        if sections:
            kinds_from_sections(planned, sections)
        matcher.match(planned)
        new = [r for r in planned if r.action == "new" and r.person_id is None]
        # The new people laid out as the person table's columns, ready to be bound; the rest
        # as plain tuples (pickled in C, at about half the cost of the dataclass objects).
        fresh = (
            [r.row for r in new],
            [i for r in new for i in r.warnings],
            person_columns(
                # the names as they are: the writing process turns them into search keys
                [r.values for r in new],
                now,
                derived={"search_key": ("name", str)},
            ),
        )
        others = [
            (r.row, r.values, r.action, r.errors, r.warnings, r.raw, r.person_id, r.same_as_row)
            for r in planned
            if not (r.action == "new" and r.person_id is None)
        ]
        _send(conn, ("block", others, fresh))

    for item in data_rows(rows, source.layout, sections):
        block.append(item)
        if len(block) == size:
            send_block(True)
            block = []
            size = request.get("block") or BLOCK
    send_block(False)
    _send(conn, ("done",))
