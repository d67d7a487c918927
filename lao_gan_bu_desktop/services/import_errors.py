"""The errors of importing: a file or step that cannot go on, a cancel, an undo that needs
confirmation. Each carries the Chinese message shown to the clerk."""

from __future__ import annotations

from typing import Any

from ..core.errors import RuleError


class ImportServiceError(RuleError):
    """An import cannot go on; ``message`` tells the clerk why and what to do."""


class ImportCancelled(ImportServiceError):
    """The clerk cancelled the import; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__("导入已取消，数据没有任何改动。")


class UndoConflict(ImportServiceError):
    """Undoing a batch needs the clerk's confirmation: people of the batch were edited after
    the import, or new people are kept for records a clerk made about them since. ``preview``
    (an :class:`.import_undo.UndoPreview`) says what the undo would do."""

    def __init__(self, preview: Any) -> None:
        super().__init__(preview.warning_text())
        self.preview = preview
        self.names = preview.edited + preview.edited_new
        self.kept = preview.kept
