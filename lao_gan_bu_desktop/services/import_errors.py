"""The errors of importing: a file or step that cannot go on, a cancel, an undo that needs
confirmation. Each carries the Chinese message shown to the clerk."""

from __future__ import annotations

from ..core.errors import RuleError


class ImportServiceError(RuleError):
    """An import cannot go on; ``message`` tells the clerk why and what to do."""


class ImportCancelled(ImportServiceError):
    """The clerk cancelled the import; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__("导入已取消，数据没有任何改动。")


class UndoConflict(ImportServiceError):
    """People of the batch were edited after the import, or new people of the batch have records
    of their own since (contacts, aid cases …); undoing needs the clerk's confirmation."""

    def __init__(self, edited: list[str], kept: list[str] | None = None) -> None:
        kept = kept or []
        parts = []
        if edited:
            parts.append(
                f"{_names(edited)}在本次导入之后又被修改过，撤销会把他们恢复到导入前的样子，"
                "之后所做的修改将丢失。"
            )
        if kept:
            parts.append(
                f"{_names(kept)}是本次导入新增的，但之后已添加了联系人、帮扶等记录，"
                "撤销时将保留这些人员，不会删除。"
            )
        super().__init__("".join(parts) + "确认后再撤销（命令行请加 --force）。")
        self.names = edited
        self.kept = kept


def _names(names: list[str]) -> str:
    return "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")
