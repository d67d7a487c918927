"""peewee without the PostgreSQL drivers until a shared database is opened.

peewee imports psycopg (and looks for psycopg2) the moment it is imported, whichever database
is used: 0.4–0.7 s on this kind of PC, in every start of the window's data, every command and
the import's reading process — for the one office in many that shares a PostgreSQL server.

:func:`install` (called when the package is imported, before anything imports peewee) lets
peewee load with the drivers hidden, so it takes its "no driver installed" branch;
:func:`attach_psycopg` (called by :mod:`.postgres` before it opens a server) imports psycopg and
hands it to peewee exactly as peewee's own import would have. Had peewee been imported before
:func:`install` (a script that imported it first), it already has its driver and nothing changes.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from types import ModuleType
from typing import Any

DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi")


class _WithoutDrivers(importlib.abc.Loader):
    """peewee's own loader, run with the drivers hidden from ``import``."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in DRIVERS if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "import name" raises ImportError
        try:
            self._loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, False) is None:
                    del sys.modules[name]


class _PeeweeFinder(importlib.abc.MetaPathFinder):
    """Finds peewee (once) through the other finders and wraps its loader."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "peewee":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec("peewee")
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _WithoutDrivers(spec.loader)
        return spec


def install() -> None:
    """Have peewee, when it is first imported, load without the PostgreSQL drivers."""
    if "peewee" in sys.modules or any(isinstance(f, _PeeweeFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _PeeweeFinder())


def attach_psycopg() -> None:
    """Give peewee psycopg 3 as its own import would have (a no-op when it already has it).
    Raises ImportError when psycopg is not installed."""
    import peewee

    if getattr(peewee, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg = psycopg
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3 = Json
    peewee.Jsonb_pg3 = Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
