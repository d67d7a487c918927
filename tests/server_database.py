"""The tests' PostgreSQL databases: when ``LAO_GAN_BU_TEST_DATABASE`` names a server
(``postgresql://user@/postgres?host=/tmp/…``, see scripts/pg_test_cluster.sh), every test gets
a database of its own there, made from a template in one quick ``CREATE DATABASE … TEMPLATE``.

Two templates per test process (xdist worker): an empty database with every migration applied,
and one with the demo zone. Each test's database is dropped when it ends.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TEST_DATABASE_ENV = "LAO_GAN_BU_TEST_DATABASE"
_counter = itertools.count(1)


def server_url() -> str | None:
    """The server the tests use, None for SQLite only."""
    return os.environ.get(TEST_DATABASE_ENV) or None


def worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def url_for(database: str) -> str:
    """The server's URL with ``database`` as the database name."""
    parts = urlsplit(server_url() or "")
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "dbname"]
    return urlunsplit(parts._replace(path="/" + database, query=urlencode(query, safe="/")))


def admin():
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    return psycopg.connect(server_url(), autocommit=True)


def create(name: str, template: str | None = None) -> str:
    """Make database ``name`` (from ``template``); returns its URL."""
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template is None:
            conn.execute(f'CREATE DATABASE "{name}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url_for(name)


def drop(name: str) -> None:
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_name() -> str:
    return f"lgb_{worker()}_{os.getpid()}_{next(_counter)}"


def template_name(kind: str) -> str:
    return f"lgb_tpl_{kind}_{worker()}_{os.getpid()}"
