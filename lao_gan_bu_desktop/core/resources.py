"""Where the files that ship with the program (resources/: icons, label sheets) are."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: next to the package in a checkout, in the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon_path() -> Path:
    """The window icon (a white 老 on a red rounded square, drawn by scripts/make_icon.py)."""
    return resources_dir() / "icons" / "app.png"
