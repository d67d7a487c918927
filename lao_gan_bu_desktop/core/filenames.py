"""File names: those the program suggests, the subject then the day
("高新区离退休干部花名册_2026-11-29.xlsx"), and a stored attachment's name made safe."""

from __future__ import annotations

import datetime as _dt
import re

# Names Windows keeps for devices, whatever the extension: "CON.txt" cannot be a file there.
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in "123456789¹²³"}
    | {f"LPT{n}" for n in "123456789¹²³"}
)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+')
MAX_FILENAME = 120
MAX_FILENAME_BYTES = 240


def dated_filename(prefix: str, day: _dt.date, suffix: str = ".xlsx") -> str:
    """File names like "高新区离退休干部花名册_2026-11-29.xlsx"."""
    return f"{prefix}_{day.isoformat()}{suffix}"


def _fits(name: str) -> bool:
    return len(name) <= MAX_FILENAME and len(name.encode("utf-8")) <= MAX_FILENAME_BYTES


def safe_filename(name: str, fallback: str = "附件") -> str:
    """``name`` as a file the data folder can hold on any system: no path separators, control
    or direction-override characters (an "exe.pdf" shown as "fdp.exe"), no trailing dots or
    spaces, not a device name of Windows, short enough for Windows (120 characters) and for
    Linux's 255 bytes (Chinese takes three each), with its extension kept."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or fallback
    if cleaned.split(".", 1)[0].rstrip(" ").upper() in _RESERVED_NAMES:
        cleaned = f"_{cleaned}"
    stem, dot, suffix = cleaned.rpartition(".")
    if not (dot and stem and len(suffix) <= 10):
        stem, suffix = cleaned, ""
    while not _fits(cleaned):
        stem = stem[:-1].rstrip(" .") if len(stem) > 1 else stem[:-1]
        cleaned = f"{stem}.{suffix}" if suffix else stem
    return cleaned or fallback
