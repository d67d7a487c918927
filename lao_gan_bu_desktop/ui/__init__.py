"""The window: Qt widgets, table models and dialogs over the services layer (no SQL here)."""

from . import none_guard  # noqa: F401  PySide6 6.12 + Python 3.11: keep None alive
