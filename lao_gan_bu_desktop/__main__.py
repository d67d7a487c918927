"""Composition root: parse the command line, pick the data folder, then run a command or the window.

Opening the window is what the clerk does every day, so it takes a short path: a command line of
only the window's own options (``--data-dir``, ``--demo``, ``--smoke``) goes straight to the window
without building the full parser, whose sub-commands load every feature's command module. Any
other command line (a sub-command, ``--help``, an abbreviation, a mistake) goes through the full
Chinese parser in cli/__init__.py exactly as before.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, NoReturn


class GuiOptions(NamedTuple):
    """What the window needs from the command line."""

    data_dir: Path | None
    demo: bool
    smoke: bool
    database_url: str | None = None


def gui_options(argv: Sequence[str]) -> GuiOptions | None:
    """The window's options when ``argv`` holds nothing else; None sends it to the full parser.

    Reads them as cli.build_parser() would: a repeated option's last value wins.
    """
    data_dir: Path | None = None
    demo = smoke = False
    items = iter(argv)
    for item in items:
        if item == "--demo":
            demo = True
        elif item == "--smoke":
            smoke = True
        elif item.startswith("--data-dir="):
            data_dir = Path(item.removeprefix("--data-dir="))
        elif item == "--data-dir":
            value = next(items, None)
            if value is None or value.startswith("-"):
                return None  # let the parser say what is missing
            data_dir = Path(value)
        else:
            return None
    return GuiOptions(data_dir, demo, smoke)


class _LogStream(io.TextIOBase):
    """Stands in for a missing ``sys.stdout``/``sys.stderr``: each line goes to the log."""

    def __init__(self, name: str, level: int) -> None:
        super().__init__()
        self._log = logging.getLogger(name)
        self._level = level
        self._writing = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        # Without a handler of its own, logging would hand the line to its last-resort handler,
        # which writes to sys.stderr: this stream again. Before the log file is set up (it is
        # when the data folder opens) there is nowhere to write, and the text is dropped.
        if self._writing or not self._log.hasHandlers():
            return len(text)
        self._writing = True
        try:
            for line in str(text).splitlines():
                if line.strip():
                    self._log.log(self._level, "%s", line)
        finally:
            self._writing = False
        return len(text)


def give_windowed_streams() -> None:
    """In a windowed build (no console) ``sys.stdout`` and ``sys.stderr`` are None, and any
    write to them (argparse, a warning, a library's print) would raise: send them to the log."""
    if sys.stdout is None:
        sys.stdout = _LogStream("stdout", logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogStream("stderr", logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lao-gan-bu``."""
    give_windowed_streams()
    arguments = list(argv) if argv is not None else sys.argv[1:]
    if os.name == "posix":
        # The data folder, database, backups, exports and logs hold ID numbers and addresses:
        # everything the program creates is the owner's only.
        os.umask(0o077)
    options = gui_options(arguments)
    if options is None:
        from .services import import_reader

        # A large file's reading starts now, while the program loads (see import_reader).
        import_reader.start_early(arguments)
        try:
            from .cli import build_parser, run_command

            args = build_parser().parse_args(arguments)
            if args.command:
                from .services.data_folder import default_data_dir

                global _command_ran
                _command_ran = True
                return run_command(args, args.data_dir or default_data_dir(demo=args.demo))
        finally:
            import_reader.discard_early()
        options = GuiOptions(args.data_dir, args.demo, args.smoke, args.database_url)
    from .services.data_folder import default_data_dir
    from .ui.app import run_gui

    data_dir = options.data_dir or default_data_dir(demo=options.demo)
    return run_gui(
        data_dir, demo=options.demo, smoke=options.smoke, database_url=options.database_url
    )


_command_ran = False  # main() ran a command-line command (not the window)


def run() -> NoReturn:
    """The program's entry (the ``lao-gan-bu`` script, ``python -m``, the frozen build): main(),
    then the process ends. After a command-line command, whose data folder is closed by then,
    the exit handlers run (logs flushed, temporary files removed) but the interpreter's
    teardown is skipped: freeing every module and the pinyin dictionaries one object at a time
    took 0.1-0.2 s, as long as a 10 000-row import's writing. Not while a thread or a child
    process still runs (they would be cut off), and never after the window (Qt ends its own)."""
    code = main()
    if _command_ran and threading.active_count() == 1 and not _children():
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    sys.exit(code)


def _children() -> bool:
    if "multiprocessing" not in sys.modules:
        return False
    import multiprocessing

    return bool(multiprocessing.active_children())


if __name__ == "__main__":
    # (The frozen build's entry, written by build.spec, also calls multiprocessing's
    # freeze_support() for the streamed import's reading process; a source run needs nothing.)
    run()
