"""PostgreSQL as the shared database (several PCs, one roster), through peewee and psycopg 3.

The rest of the program was written for SQLite and keeps its SQLite habits; this module makes a
PostgreSQL connection accept them, so that one set of queries and one set of numbered
migrations serve both databases:

- placeholders: peewee and the raw queries write ``?``; every statement is rewritten to
  psycopg's ``%s`` (and a literal ``%`` doubled) on its way to the server;
- DDL: the migrations' SQLite column types become PostgreSQL's (``INTEGER NOT NULL PRIMARY
  KEY`` → ``SERIAL``, ``DATETIME`` → ``TIMESTAMP``, ``BLOB`` → ``BYTEA``, ``REAL`` → ``DOUBLE
  PRECISION``; ``AUTOINCREMENT`` dropped: a sequence never gives a number twice anyway);
- values: dates and times come back as the ISO text SQLite gives (peewee's fields parse it,
  the raw queries slice it), whole ``numeric`` sums as ``int``; ``True``/``False`` are sent as
  1/0, since the flags are INTEGER columns in both databases;
- functions: ``substr`` of a date, the two-argument ``date(day, '-N years')``, ``group_concat``
  and ``char`` exist on the server as small SQL functions (or are renamed on the way).

Nothing here is used on SQLite.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from peewee import PostgresqlDatabase

from .deferred_drivers import attach_psycopg

ENV_DATABASE_URL = "LAO_GAN_BU_DATABASE_URL"

# Functions SQLite has that the program's SQL uses, made on the server (once per migration run).
COMPAT_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION substr(date, integer, integer) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT substr(to_char($1, 'YYYY-MM-DD'), $2, $3) $$",
    "CREATE OR REPLACE FUNCTION substr(date, integer) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT substr(to_char($1, 'YYYY-MM-DD'), $2) $$",
    "CREATE OR REPLACE FUNCTION substr(timestamp, integer, integer) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT substr(to_char($1, 'YYYY-MM-DD HH24:MI:SS'), $2, $3) $$",
    'CREATE OR REPLACE FUNCTION "date"(date, text) RETURNS date '
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT ($1 + $2::interval)::date $$",
)

_DDL_TYPES = (
    (re.compile(r"\bINTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\b", re.I), "SERIAL PRIMARY KEY"),
    (re.compile(r'("id") INTEGER NOT NULL PRIMARY KEY\b', re.I), r"\1 SERIAL PRIMARY KEY"),
    (re.compile(r"\bAUTOINCREMENT\b", re.I), ""),
    (re.compile(r"\bDATETIME\b", re.I), "TIMESTAMP"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
)
_RENAMED_FUNCTIONS = (
    (re.compile(r"\bgroup_concat\(", re.I), "string_agg("),
    (re.compile(r"\bchar\((\d+)\)", re.I), r"chr(\1)"),
    (re.compile(r"\bifnull\(", re.I), "coalesce("),
    # SQLite's "+column" (keep the planner off an index) is no operator for text here.
    (re.compile(r"\b(WHERE|AND|OR)\s+\+(?=[A-Za-z_\"])", re.I), r"\1 "),
)
# The pieces of a statement a rewrite must leave alone: quoted text and quoted names.
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def is_postgres_url(text: str | None) -> bool:
    """True when ``text`` names a PostgreSQL database (``postgresql://…`` or ``postgres://…``)."""
    return bool(text) and str(text).startswith(("postgresql://", "postgres://"))


def safe_url(url: str) -> str:
    """``url`` without its password, for messages and the log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def translate_ddl(sql: str) -> str:
    """A migration's SQLite-style CREATE/ALTER statement in PostgreSQL's words."""
    for pattern, replacement in _DDL_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


def translate(sql: str, has_params: bool) -> str:
    """A statement written with ``?`` placeholders and SQLite's functions, for psycopg.

    Quoted text and names are kept as they are (a ``?`` inside them is no placeholder); with
    parameters, a literal ``%`` anywhere is doubled, as psycopg reads ``%`` as its own.
    """
    head = sql.lstrip()[:12].upper()
    if head.startswith(("CREATE", "ALTER")):
        sql = translate_ddl(sql)
    if has_params and "?" not in _QUOTED.sub("", sql):
        return sql  # already psycopg's own (peewee's catalogue queries)
    out: list[str] = []
    last = 0
    for match in _QUOTED.finditer(sql):
        out.append(_translate_plain(sql[last : match.start()], has_params))
        quoted = match.group(0)
        out.append(quoted.replace("%", "%%") if has_params else quoted)
        last = match.end()
    out.append(_translate_plain(sql[last:], has_params))
    return "".join(out)


def _translate_plain(text: str, has_params: bool) -> str:
    for pattern, replacement in _RENAMED_FUNCTIONS:
        text = pattern.sub(replacement, text)
    if has_params:
        text = text.replace("%", "%%").replace("?", "%s")
    return text


_PLAIN_INSERT = re.compile(
    r'^\s*INSERT INTO ("?\w+"?) \(([^()]*)\) VALUES \(\s*\?(?:\s*,\s*\?)*\s*\)\s*$', re.I
)


class _Cursor:
    """A psycopg cursor that takes the program's ``?`` statements (see :func:`translate`)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> _Cursor:
        has = bool(params)
        self._cursor.execute(translate(sql, has), tuple(params) if has else None)
        return self

    def executemany(self, sql: str, rows: Any) -> _Cursor:
        match = _PLAIN_INSERT.match(sql)
        if match is not None:
            # The bulk writes (an import's people and links, a campaign's visit links) go by COPY:
            # one stream instead of a statement per row.
            table, columns = match.group(1), match.group(2)
            with self._cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return self
        self._cursor.executemany(translate(sql, True), rows)
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __enter__(self) -> _Cursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()


class LaoGanBuPostgres(PostgresqlDatabase):
    """peewee's PostgreSQL database, speaking the program's SQLite-flavoured SQL."""

    param = "?"
    read_only = False
    is_postgres = True

    def __init__(self, url: str, **kwargs: Any) -> None:
        attach_psycopg()  # peewee was loaded without it (see .deferred_drivers)
        from psycopg import ClientCursor

        kwargs.setdefault("prefer_psycopg3", True)
        # Values are bound into the statement's text by psycopg, as SQLite's text reaches
        # its parser: an expression written twice (a CASE in SELECT and GROUP BY) is then the
        # same text twice, and a value's type is read from where it stands.
        kwargs.setdefault("cursor_factory", ClientCursor)
        super().__init__(url, **kwargs)

    def _connect(self) -> Any:
        conn = super()._connect()
        _adapt(conn)
        return conn

    def cursor(self, named_cursor: Any = None) -> Any:
        return _Cursor(super().cursor(named_cursor))

    def raw_connection(self) -> Any:
        """The psycopg connection of this thread (COPY, large objects)."""
        return self.connection()


def _adapt(conn: Any) -> None:
    """Make ``conn`` hand over values as SQLite does (see the module's notes)."""
    from psycopg.adapt import Dumper, Loader
    from psycopg.pq import Format
    from psycopg.types.numeric import Int2Dumper

    class IsoTextLoader(Loader):
        format = Format.TEXT

        def load(self, data: Any) -> str:
            return bytes(data).decode("ascii")

    class WholeNumericLoader(Loader):
        format = Format.TEXT

        def load(self, data: Any) -> int | Decimal:
            value = Decimal(bytes(data).decode("ascii"))
            return int(value) if value == value.to_integral_value() else value

    class FlagDumper(Int2Dumper):
        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class IsoUnknownDumper(Dumper):
        """Dates and times as untyped text: the server reads them as the column's type, and
        a comparison with text (a date kept in a TEXT column) works as in SQLite."""

        format = Format.TEXT
        oid = 0

        def dump(self, obj: Any) -> bytes:
            if isinstance(obj, _dt.datetime):
                return obj.isoformat(" ").encode("ascii")
            return obj.isoformat().encode("ascii")

    adapters = conn.adapters
    for name in ("date", "timestamp", "timestamptz", "time"):
        adapters.register_loader(name, IsoTextLoader)
    adapters.register_loader("numeric", WholeNumericLoader)
    adapters.register_dumper(bool, FlagDumper)
    for kind in (_dt.date, _dt.datetime):
        adapters.register_dumper(kind, IsoUnknownDumper)


def is_postgres(database: Any) -> bool:
    """True when ``database`` is a PostgreSQL database of this module."""
    return bool(getattr(database, "is_postgres", False))


def make_database(url: str) -> LaoGanBuPostgres:
    """A (not yet connected) PostgreSQL database for ``url``."""
    return LaoGanBuPostgres(url)


def create_compat_functions(database: LaoGanBuPostgres) -> None:
    """Make the SQLite functions the program's SQL uses (see :data:`COMPAT_FUNCTIONS`)."""
    for statement in COMPAT_FUNCTIONS:
        database.execute_sql(statement)


def user_tables(database: LaoGanBuPostgres) -> list[str]:
    """The tables of the current schema."""
    return database.get_tables()


def lock_for_ids(database: LaoGanBuPostgres, table: str) -> None:
    """Hold ``table`` against other writers until the transaction ends, so that ids counted
    on from its max(id) are taken by nobody else (another PC writing at the same time)."""
    database.execute_sql(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')


def reset_sequences(database: LaoGanBuPostgres, tables: Sequence[str] | None = None) -> None:
    """Move each table's id sequence past its highest id (after rows were written with their
    ids, as the import's fast path, the campaigns and migrate-to do)."""
    owned = database.execute_sql(
        "SELECT t.relname, a.attname, s.oid::regclass::text FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a' "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND t.relnamespace = current_schema()::regnamespace"
    ).fetchall()
    wanted = set(tables) if tables is not None else None
    for table, column, sequence in owned:
        if wanted is not None and table not in wanted:
            continue
        database.execute_sql(
            f'SELECT setval(?, COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)',
            (sequence,),
        )
