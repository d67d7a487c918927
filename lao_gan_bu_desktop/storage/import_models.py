"""peewee models of imports: each imported file as a batch, the people it touched, saved mappings.

An :class:`ImportBatch` records one imported file (name, hash, unit, time, operator, mapping and
counts); :class:`ImportBatchPerson` keeps, per person the batch touched, the values before and
after as JSON so that the batch can be undone exactly. :class:`ColumnMapping` remembers the
column mapping a clerk confirmed for a unit and a header layout. The tables are created by
migration 3 (``migrations/m0003_import.py``).
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .models import BaseModel, _now


class ImportBatch(BaseModel):
    """导入批次: one imported file; can be undone."""

    file_name = CharField()
    file_hash = CharField(index=True)  # sha256 of the file's bytes
    unit_name = CharField(default="")
    sheet = CharField(default="")
    imported_at = DateTimeField(default=_now, index=True)
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
    saved_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("unit_name", "signature"), True),)


IMPORT_MODELS = (ImportBatch, ImportBatchPerson, ColumnMapping)
