"""What a page of the import wizard may ask of the wizard: the state of the file being imported
and a few actions. The pages hold a ``WizardHost``, not the wizard class, so that the wizard
module imports its pages and no page imports the wizard.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QAbstractButton, QWizard

from ...services import importing as imp
from .workers import BackgroundTask


class WizardHost(Protocol):
    """The import wizard as its pages see it (ui.importing.wizard.ImportWizard is one)."""

    data_dir: Path
    queue: list[tuple[Path, str]]  # (file, unit), imported one after the other
    index: int  # the entry of ``queue`` being imported
    rosters: list[str]  # the roster sheets of that file, in its order ([] when not known)
    next_sheet: str | None  # the sheet the 工作表与表头 page opens next (None: its own choice)
    source: imp.ImportSource | None
    mapping: list[str | None]
    plan: imp.ImportPlan | None
    result: imp.ImportResult | None
    failure: str

    @property
    def busy(self) -> bool: ...

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Any,
        on_failed: Any,
        *,
        on_progress: Any = None,
        on_cancelled: Any = None,
    ) -> BackgroundTask: ...

    def current_entry(self) -> tuple[Path, str]: ...

    def save_rejects(self) -> Path | None: ...

    def undo_current(self) -> bool: ...

    def start_next_file(self) -> None: ...

    def start_sheet(self, sheet: str) -> None: ...

    # QWizard's own
    def button(self, which: QWizard.WizardButton) -> QAbstractButton: ...

    def next(self) -> None: ...
