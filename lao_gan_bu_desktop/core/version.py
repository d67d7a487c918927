"""The program's version: from the installed package's metadata, else the constant in __init__.

A frozen build (PyInstaller) may carry no package metadata; the constant, which
tests/test_version.py keeps equal to pyproject's version, answers then.
"""

from __future__ import annotations

DISTRIBUTION = "lao-gan-bu-desktop"


def program_version() -> str:
    """The version string, e.g. "0.2.0"."""
    from .. import __version__

    try:
        from importlib.metadata import PackageNotFoundError, version

        return version(DISTRIBUTION)
    except (ImportError, PackageNotFoundError):
        return __version__
