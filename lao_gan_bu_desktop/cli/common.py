"""What the command line's feature modules share with its parser: the user-error exception and
JSON output. Apart from ``cli/__init__`` so that the feature modules, which the parser loads,
do not import the parser's module back.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any


class CliError(Exception):
    """A user error on the command line; the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=json_default, indent=1) + "\n")
