"""peewee models of imports: each imported file as a batch, the people it touched, saved mappings.

An :class:`ImportBatch` records one imported file (name, hash, unit, time, operator, mapping and
counts); :class:`ImportBatchPerson` keeps, per person the batch touched, the values before and
after as JSON so that the batch can be undone exactly. :class:`ColumnMapping` remembers the
column mapping a clerk confirmed for a unit and a header layout. The tables are created by
migration 3 (``migrations/m0003_import.py``).
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from operator import methodcaller

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from ..core import clock
from .database import db
from .models import AuditLog, BaseModel, PartyBranch, Person, Unit


class ImportBatch(BaseModel):
    """导入批次: one imported file; can be undone."""

    file_name = CharField()
    file_hash = CharField(index=True)  # sha256 of the file's bytes
    unit_name = CharField(default="")
    sheet = CharField(default="")
    imported_at = DateTimeField(default=clock.now, index=True)
    operator = CharField(default="")
    mapping = TextField(default="{}")  # JSON {header: key}
    on_duplicate = CharField(default="update")
    rows_read = IntegerField(default=0)
    imported = IntegerField(default=0)
    updated = IntegerField(default=0)
    unchanged = IntegerField(default=0)
    skipped = IntegerField(default=0)
    invalid = IntegerField(default=0)
    duplicates = IntegerField(default=0)
    audit_id = IntegerField(default=0)  # the audit row written with the batch
    undone_at = DateTimeField(null=True)


class ImportBatchPerson(BaseModel):
    """One person an import batch added (action "新增") or changed ("修改")."""

    batch = ForeignKeyField(ImportBatch, backref="persons", on_delete="CASCADE")
    person_id = IntegerField(index=True)  # no foreign key: the person may be deleted later
    action = CharField()
    row = IntegerField(default=0)  # the spreadsheet row it came from
    before = TextField(null=True)  # JSON of the changed fields before (None for 新增)
    after = TextField(null=True)  # JSON of the changed fields after (None for 新增)


class ColumnMapping(BaseModel):
    """列对应: the confirmed mapping of a unit's header layout, reused next time."""

    unit_name = CharField()
    signature = CharField()
    mapping = TextField()  # JSON list: one glossary key or null per column
    saved_at = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("unit_name", "signature"), True),)


IMPORT_MODELS = (ImportBatch, ImportBatchPerson, ColumnMapping)


def _adapt_datetime(value: _dt.datetime) -> str:
    return value.isoformat(sep=" ")


# The same text forms peewee writes (and Python 3.11's default adapters, deprecated in 3.12).
sqlite3.register_adapter(_dt.date, _dt.date.isoformat)
sqlite3.register_adapter(_dt.datetime, _adapt_datetime)


def _sql_text(value: object) -> object:
    """Dates and times as the text peewee stores, so that executemany binds plain values and
    calls no adapter per cell."""
    if isinstance(value, _dt.datetime):
        return _adapt_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


_MISSING = object()  # a field a row does not give
# What None becomes in a person column that may not be NULL (an import leaves a cell blank).
NOT_NULL_BLANKS: dict[str, object] = {
    f.name: (False if isinstance(f, BooleanField) else "")
    for f in Person._meta.sorted_fields
    if not f.null and f.name != "id"
}


class Same:
    """A whole column of one value (a field no row gives): sent and kept as that one value."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __reduce__(self) -> tuple[type, tuple[object]]:
        return (Same, (self.value,))


# (Person field name, its values down the rows or Same(value)) for every column but the id.
PersonColumns = list[tuple[str, "list[object] | Same"]]


def person_columns(
    rows: Sequence[Mapping[str, object]],
    now: _dt.datetime,
    *,
    derived: Mapping[str, tuple[str, Callable[[object], object]]] | None = None,
) -> PersonColumns:
    """The person table's columns (all but the id) for rows of Person field names, as
    :func:`bulk_insert_persons` writes them: dates as text, a field no row gives as its default,
    None in a NOT NULL field as its blank, ``derived[field] = (source, fn)`` filled with
    ``fn(source value)``. ``unit`` and ``party_branch`` stay as given (names: the writer turns
    them into ids). Needs no database: the streamed import's reading process lays out its rows
    with it, so that the writing process only binds them."""
    derived = derived or {}
    fields = [f for f in Person._meta.sorted_fields if f.name != "id"]
    names = {f.name for f in fields}
    given: set[str] = set().union(*rows) if rows else set()
    unknown = given - names
    if unknown:
        raise KeyError(f"not Person fields: {sorted(unknown)}")
    count = len(rows)
    columns: PersonColumns = []
    for f in fields:
        default = now if f.name in ("created_at", "updated_at") else f.default
        default = _sql_text(default() if callable(default) else default)
        if f.name in derived:
            source, make = derived[f.name]
            values = _column(rows, source, None) if source in given else [None] * count
            made = {v: make(v) for v in set(values) if v not in (None, "")}
            columns.append((f.name, list(map(made.get, values, repeat(default)))))
            continue
        if f.name not in given:
            columns.append((f.name, Same(default)))
            continue
        values = _column(rows, f.name, default)
        changes: dict[object, object] = {}
        if isinstance(f, DateField | DateTimeField):  # as text, each distinct date made once
            for v in set(values):
                if v.__class__ is _dt.date:
                    changes[v] = v.isoformat()
                elif isinstance(v, _dt.date):
                    changes[v] = _sql_text(v)
        if f.name in NOT_NULL_BLANKS:
            changes[None] = NOT_NULL_BLANKS[f.name]
        if changes:
            values = list(map(changes.get, values, values))
        columns.append((f.name, values))
    return columns


def insert_person_columns(
    columns: PersonColumns,
    count: int,
    *,
    per_value: Mapping[str, Callable[[object], object]] | None = None,
) -> list[int]:
    """Insert ``count`` persons laid out by :func:`person_columns` with one executemany on the
    open transaction's connection; returns their new ids in order. ``per_value[field]`` turns
    each distinct value of that field into the stored one (a unit's name into its id).

    The caller holds the write transaction (it has written before calling), so the ids taken
    from max(id) cannot be taken by anyone else.
    """
    if not count:
        return []
    per_value = per_value or {}
    laid: list[Iterable[object]] = []
    for name, values in columns:
        if isinstance(values, Same):
            laid.append(repeat(values.value, count))
            continue
        if name in per_value:
            make = per_value[name]
            made = {v: make(v) for v in set(values)}
            values = list(map(made.__getitem__, values))  # type: ignore[arg-type]
        laid.append(values)
    postgres = getattr(db.obj, "is_postgres", False)
    if postgres:
        from .postgres import lock_for_ids

        lock_for_ids(db.obj, "person")
    start = (Person.select(fn.MAX(Person.id)).scalar() or 0) + 1
    data = list(zip(range(start, start + count), *laid, strict=False))
    if len(data) != count:
        raise ValueError("person columns of unequal length")
    sql_columns = ", ".join(f'"{Person._meta.fields[name].column_name}"' for name, _ in columns)
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    # On PostgreSQL this one executemany is a COPY (storage.postgres).
    db.cursor().executemany(f'INSERT INTO "person" ("id", {sql_columns}) VALUES ({marks})', data)
    if postgres:
        from .postgres import reset_sequences

        reset_sequences(db.obj, ["person"])
    return list(range(start, start + count))


def bulk_insert_persons(
    rows: Sequence[Mapping[str, object]],
    now: _dt.datetime,
    *,
    per_value: Mapping[str, Callable[[object], object]] | None = None,
    derived: Mapping[str, tuple[str, Callable[[object], object]]] | None = None,
) -> list[int]:
    """Insert persons (dicts of Person field names) with one executemany on the open
    transaction's connection; returns their new ids in order.

    ``per_value[field]`` turns each distinct value of that field into the stored one (a unit's
    name into its id); ``derived[field] = (source, fn)`` fills ``field`` with
    ``fn(source value)`` (the pinyin key of the name). A field a row does not give takes the
    field's default; None in a NOT NULL field takes its blank. The rows are laid out column by
    column (:func:`person_columns`), so that the work per cell is done in C and per distinct
    value in Python.
    """
    if not rows:
        return []
    columns = person_columns(rows, now, derived=derived)
    return insert_person_columns(columns, len(rows), per_value=per_value)


def _column(rows: Sequence[Mapping[str, object]], name: str, default: object) -> list[object]:
    """The values of ``name`` down ``rows``; ``default`` where a row does not give it."""
    values = list(map(methodcaller("get", name, _MISSING), rows))
    if _MISSING in values:
        values = [default if v is _MISSING else v for v in values]
    return values


def bulk_update_persons(
    changes: Sequence[tuple[int, Mapping[str, object]]],
    now: _dt.datetime,
    *,
    versions: Mapping[int, object] | None = None,
) -> int:
    """Set the given fields (Person field names; ``unit``/``party_branch`` are ids) of each
    (person id, fields), ``updated_at`` to ``now`` and the row version one up (a clerk's open
    dialog then knows the person changed): one executemany per set of fields, on
    the open transaction's connection. With ``versions`` (person id → the row version the
    import saw) a person whose version has moved since is left alone. Returns how many people
    were found and changed."""
    groups: dict[tuple[str, ...], list[list[object]]] = {}
    now_text = _sql_text(now)
    for pid, fields in changes:
        names = tuple(fields)
        row = [*map(_sql_text, fields.values()), now_text, pid]
        if versions is not None:
            row.append(versions.get(pid))
        groups.setdefault(names, []).append(row)
    where = '"id" = ?' + (' AND "version" = ?' if versions is not None else "")
    cursor = db.cursor()
    changed = 0
    for names, rows in groups.items():
        sets = ", ".join(f'"{Person._meta.fields[n].column_name}" = ?' for n in names)
        cursor.executemany(
            f'UPDATE "person" SET {sets}, "updated_at" = ?, "version" = "version" + 1 '
            f"WHERE {where}",
            rows,
        )
        changed += max(cursor.rowcount, 0)
    return changed


def bulk_insert_batch_persons(
    batch_id: int, links: Sequence[tuple[int, str, int, str | None, str | None]]
) -> None:
    """Insert (person_id, action, row, before, after) rows of one batch with one executemany."""
    if not links:
        return
    db.cursor().executemany(
        'INSERT INTO "import_batch_person" ("batch_id", "person_id", "action", "row", "before", '
        '"after") VALUES (?, ?, ?, ?, ?, ?)',
        [(batch_id, *link) for link in links],
    )


class DeferredPersonIndexes:
    """Inside the open transaction: drop the person table's indexes before a very large insert
    and build them again afterwards (building an index once from sorted data is much faster
    than growing it row by row). Rolled back with everything else if the import fails; a
    duplicate ID number makes the rebuild of the unique index fail, so nothing can slip in."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> DeferredPersonIndexes:
        if getattr(db.obj, "is_postgres", False):
            rows = db.execute_sql(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname "
                "JOIN pg_index x ON x.indexrelid = c.oid "
                "WHERE i.schemaname = current_schema() AND i.tablename = 'person' "
                "AND NOT x.indisprimary"
            ).fetchall()
        else:
            rows = db.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' "
                "AND sql IS NOT NULL"
            ).fetchall()
        for name, sql in rows:
            db.execute_sql(f'DROP INDEX "{name}"')
            self.statements.append(sql)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            for sql in self.statements:
                db.execute_sql(sql)


_ID_CHUNK = 500


def _date(text: object, memo: dict[object, object]) -> object:
    value = memo.get(text)
    if value is None and text is not None:
        value = memo[text] = _dt.date.fromisoformat(str(text)[:10]) if text else None
    return value


def roster_keys() -> list[tuple[int, str | None, str, _dt.date | None]]:
    """(id, ID number, name, birth date) of everyone on the roster, to match imported rows."""
    memo: dict[object, object] = {}
    rows = db.execute_sql('SELECT "id", "id_number", "name", "birth_date" FROM "person"')
    return [(pid, number, name, _date(birth, memo)) for pid, number, name, birth in rows]  # type: ignore[misc]


def stored_values(person_ids: Sequence[int], keys: Sequence[str]) -> dict[int, dict[str, object]]:
    """The stored values of the person fields ``keys`` for these people, in the form the
    import's checker gives: dates as dates, yes/no as bools, ``unit`` and ``party_branch`` as
    names ("" when none). One plain query per 500 people: an import may match 100 000."""
    fields = [Person._meta.fields[k] for k in dict.fromkeys(keys) if k in Person._meta.fields]
    selects = []
    for f in fields:
        if f.name == "unit":
            selects.append("COALESCE(u.\"name\", '')")
        elif f.name == "party_branch":
            selects.append("COALESCE(b.\"name\", '')")
        else:
            selects.append(f'p."{f.column_name}"')
    sql = (
        f'SELECT p."id"{"".join(", " + c for c in selects)} FROM "person" AS p '
        f'LEFT JOIN "{Unit._meta.table_name}" AS u ON u."id" = p."unit_id" '
        f'LEFT JOIN "{PartyBranch._meta.table_name}" AS b ON b."id" = p."party_branch_id" '
        'WHERE p."id" IN ({marks})'
    )
    kinds = [
        "date" if isinstance(f, DateField) else "bool" if isinstance(f, BooleanField) else ""
        for f in fields
    ]
    names = [f.name for f in fields]
    memo: dict[object, object] = {}
    result: dict[int, dict[str, object]] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        for pid, *values in db.execute_sql(sql.format(marks=", ".join("?" * len(chunk))), chunk):
            row: dict[str, object] = {}
            for name, kind, value in zip(names, kinds, values, strict=True):
                if kind == "date":
                    value = _date(value, memo)
                elif kind == "bool" and value is not None:
                    value = bool(value)
                row[name] = value
            result[pid] = row
    return result


def batch_links(batch_id: int) -> list[tuple[int, str, str | None]]:
    """(person id, action, before-values JSON) of every person a batch touched, newest first."""
    rows = db.execute_sql(
        'SELECT "person_id", "action", "before" FROM "import_batch_person" '
        'WHERE "batch_id" = ? ORDER BY "id" DESC',
        (batch_id,),
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def persons_edited_after(batch_id: int, audit_id: int, person_ids: Sequence[int]) -> set[int]:
    """The ids among ``person_ids`` changed after the batch: by hand (an audit row on the
    person later than the batch's own) or by a later batch that is not undone."""
    edited: set[int] = set()
    ids = list(person_ids)
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        marks = ", ".join("?" * len(chunk))
        by_hand = db.execute_sql(
            f'SELECT DISTINCT "record_id" FROM "{AuditLog._meta.table_name}" '
            f'WHERE "table" = \'person\' AND "id" > ? AND "record_id" IN ({marks})',
            (audit_id, *chunk),
        )
        later = db.execute_sql(
            'SELECT DISTINCT l."person_id" FROM "import_batch_person" AS l '
            'JOIN "import_batch" AS b ON b."id" = l."batch_id" '
            f'WHERE b."id" > ? AND b."undone_at" IS NULL AND l."person_id" IN ({marks})',
            (batch_id, *chunk),
        )
        edited.update(r[0] for r in by_hand)
        edited.update(r[0] for r in later)
    return edited


def forget_persons_in_batches(
    person_ids: Sequence[int], *, except_batch: int | None = None
) -> None:
    """Drop deleted persons from the batches that touched them (but ``except_batch``). SQLite
    gives a deleted person's id to the next person added, and undoing an old batch must not
    take that newcomer for the one it added or changed."""
    ids = list(person_ids)
    for start in range(0, len(ids), _ID_CHUNK):
        query = ImportBatchPerson.delete().where(
            ImportBatchPerson.person_id.in_(ids[start : start + _ID_CHUNK])
        )
        if except_batch is not None:
            query = query.where(ImportBatchPerson.batch != except_batch)
        query.execute()
