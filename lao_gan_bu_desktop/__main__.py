"""Composition root: parse the command line, pick the data folder, then run a command or the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import build_parser, run_command
from .services.app import default_data_dir


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lao-gan-bu``."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    data_dir = args.data_dir or default_data_dir(demo=args.demo)
    if args.command:
        return run_command(args, data_dir)
    from .ui.app import run_gui

    return run_gui(data_dir, demo=args.demo, smoke=args.smoke)


if __name__ == "__main__":
    sys.exit(main())
