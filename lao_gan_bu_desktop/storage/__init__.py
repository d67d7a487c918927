"""Storage: the peewee models, the one place that opens the database, migrations and backups."""
