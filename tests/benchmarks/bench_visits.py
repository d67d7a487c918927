"""Alias of bench_calendar.py (the visit calendar benchmark), kept under the feature's name.

uv run python tests/benchmarks/bench_visits.py [--people 50000] [--no-ui]
"""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(str(Path(__file__).with_name("bench_calendar.py")), run_name="__main__")
