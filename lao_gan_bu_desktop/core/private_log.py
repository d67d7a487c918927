"""The log keeps what a maintainer needs (where, which kind of error, which record id) and never
a person's values: the log file is read by whoever fixes the computer, not by the office alone.

:class:`PrivateFormatter` writes tracebacks with their frames but without the exceptions' own
text (openpyxl, sqlite and the rules quote the offending value, an address or an ID number, in
it), and in every message hides what the program's Chinese messages quote (“…”), ID numbers and
phone numbers.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType

_QUOTED = re.compile("“[^”]*”")
_ID_OR_PHONE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9})(?![0-9])")
HIDDEN = "“…”"


def scrub(text: str) -> str:
    """``text`` with quoted values, ID numbers and mobile numbers hidden."""
    text = _QUOTED.sub(HIDDEN, text)
    return _ID_OR_PHONE.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3), text)


class PrivateFormatter(logging.Formatter):
    """A formatter for the program's log file (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may already have cached the full traceback text on the record.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatMessage(self, record: logging.LogRecord) -> str:
        return scrub(super().formatMessage(record))

    def formatException(
        self, ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple
    ) -> str:
        exc = ei[1]
        if exc is None:
            return super().formatException(ei)
        lines: list[str] = []
        seen: set[int] = set()
        current: BaseException | None = exc
        chain: list[BaseException] = []
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            chain.append(current)
            current = current.__cause__ or current.__context__
        for position, error in enumerate(reversed(chain)):
            if position:
                lines.append("\n（处理上面的错误时又发生了下面的错误）\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(error.__traceback__))
            name = type(error).__qualname__
            lines.append(f"{type(error).__module__}.{name}（错误内容可能含个人信息，已略去）\n")
        return "".join(lines).rstrip("\n")
