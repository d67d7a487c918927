"""The records that point at a person (contacts, visits, hospital stays, aid cases …), found
through the schema's foreign keys, so that a feature's new table is counted without listing it.

Deleting a person deletes these with them (ON DELETE CASCADE); the roster asks first what would
go, and an import undo keeps the people who have any.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from .database import db

_CHUNK = 500


def person_references() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to the person table."""
    references: list[tuple[str, str]] = []
    if getattr(db.obj, "is_postgres", False):
        rows = db.execute_sql(
            "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.confrelid = '\"person\"'::regclass ORDER BY 1, 2"
        ).fetchall()
        return [(str(table).strip('"'), column) for table, column in rows]
    tables = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for fk in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if fk[2] == "person":
                references.append((table, fk[3]))
    return references


def _per_reference(
    person_ids: Sequence[int], select: str, ignore: Collection[str] = ()
) -> Iterator[tuple[str, tuple[object, ...]]]:
    """(table, row) of ``SELECT {select} FROM table WHERE column IN (ids)`` for every
    reference to the person table (but the tables in ``ignore``), the ids taken 500 at a time."""
    ids = list(person_ids)
    references = [(t, c) for t, c in person_references() if t not in ignore]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for table, column in references:
            sql = f'SELECT {select.format(column=column)} FROM "{table}" WHERE "{column}" IN ({marks})'
            for row in db.execute_sql(sql, chunk).fetchall():
                yield table, tuple(row)


def persons_with_dependents(person_ids: Sequence[int]) -> set[int]:
    """The ids among ``person_ids`` that other records point to, which deleting the person
    would take with it."""
    return {row[0] for _table, row in _per_reference(person_ids, 'DISTINCT "{column}"')}  # type: ignore[misc]


def dependent_tables(
    person_ids: Sequence[int], ignore: Collection[str] = ()
) -> dict[int, set[str]]:
    """{person id: the tables (but ``ignore``) with rows pointing at them}, for the ids among
    ``person_ids`` that have any."""
    tables: dict[int, set[str]] = {}
    for table, row in _per_reference(person_ids, 'DISTINCT "{column}"', ignore):
        tables.setdefault(row[0], set()).add(table)  # type: ignore[arg-type]
    return tables


def dependent_counts(person_ids: Sequence[int]) -> dict[str, int]:
    """{table: number of its rows pointing at any of ``person_ids``}, tables with none left out."""
    counts: dict[str, int] = {}
    for table, (count,) in _per_reference(person_ids, "COUNT(*)"):
        if count:
            counts[table] = counts.get(table, 0) + count  # type: ignore[operator]
    return counts
