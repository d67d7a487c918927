"""Spreadsheet column letters (1 → A, 27 → AA), as the clerk sees them in Excel and WPS."""

from __future__ import annotations


def column_letter(number: int) -> str:
    """The letters of the 1-based column ``number``."""
    if number < 1:
        raise ValueError(f"列号应从 1 开始：{number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
