"""Composition root: parse the command line, pick the data folder, then run a command or the window.

Opening the window is what the clerk does every day, so it takes a short path: a command line of
only the window's own options (``--data-dir``, ``--demo``, ``--smoke``) goes straight to the window
without building the full parser, whose sub-commands load every feature's command module. Any
other command line (a sub-command, ``--help``, an abbreviation, a mistake) goes through the full
Chinese parser in cli.py exactly as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class GuiOptions(NamedTuple):
    """What the window needs from the command line."""

    data_dir: Path | None
    demo: bool
    smoke: bool


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lao-gan-bu``."""
    arguments = list(argv) if argv is not None else sys.argv[1:]
    if os.name == "posix":
        # The data folder, database, backups, exports and logs hold ID numbers and addresses:
        # everything the program creates is the owner's only.
        os.umask(0o077)
    options = gui_options(arguments)
    if options is None:
        from .cli import build_parser, run_command

        args = build_parser().parse_args(arguments)
        if args.command:
            from .services.data_folder import default_data_dir

            return run_command(args, args.data_dir or default_data_dir(demo=args.demo))
        options = GuiOptions(args.data_dir, args.demo, args.smoke)
    from .services.data_folder import default_data_dir
    from .ui.app import run_gui

    data_dir = options.data_dir or default_data_dir(demo=options.demo)
    return run_gui(data_dir, demo=options.demo, smoke=options.smoke)


if __name__ == "__main__":
    sys.exit(main())
