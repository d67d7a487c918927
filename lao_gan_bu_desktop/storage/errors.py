"""Typed storage errors whose message is the Chinese text a person will see."""


class StorageError(Exception):
    """A problem with the data file that the user must act on; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchemaTooNewError(StorageError):
    """The database was written by a newer version of the program."""


class DatabaseDamagedError(StorageError):
    """The data file is damaged or is not a database of this program (a backup can replace it)."""


class DatabaseLockedError(StorageError):
    """Another process holds the database or it cannot be written."""


class BackupError(StorageError):
    """A backup could not be made, checked or restored."""


class DiskFullError(StorageError):
    """The disk of the data folder (or of a target) is full; nothing was changed."""


class ReadOnlyError(StorageError):
    """The data folder cannot be written: it is open for reading only."""


class ServerUnreachableError(StorageError):
    """The PostgreSQL server named by the database address cannot be reached or refused us."""
