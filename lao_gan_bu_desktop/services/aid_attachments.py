"""The attachment files of aid cases (scans of applications, receipts): copied into the data
folder's attachments/aid/<case>/, opened, and moved aside (已移除) rather than deleted.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from ..core.aid_rules import AidRuleError
from ..core.attachments import attachment_too_large
from ..core.filenames import safe_filename
from ..files.atomic_write import written_in_place
from ..storage import stored_files
from ..storage.aid_models import AidAttachment, AidCase
from ..storage.backup import ATTACHMENTS_DIRNAME
from ..storage.database import db
from . import audit
from .aid import _case, case_words, data_dir
from .settings import operator_name

AID_ATTACHMENT_DIR = "aid"  # attachments/aid/<case id>/ in the data folder


def _stored_file(stored_path: str, base: Path) -> Path:
    """The attachment file a database row names, refused when it lies outside the data folder's
    attachments (a path edited into the database must never open or move other files)."""
    root = (base / ATTACHMENTS_DIRNAME).resolve()
    path = base / stored_path
    if not path.resolve().is_relative_to(root):
        raise AidRuleError(
            f"附件记录指向数据文件夹以外的位置（{stored_path}），为安全起见不予打开或移动。"
            "请移除这条附件记录后重新添加附件。"
        )
    return path


def add_attachment(case_id: int, source: Path, *, folder: Path | None = None) -> int:
    """Copy ``source`` into ``attachments/aid/<case id>/`` of the data folder; returns its id."""
    case = _case(case_id)
    source = Path(source)
    if not source.is_file():
        raise AidRuleError(f"找不到要添加的文件：{source}。请重新选择。")
    too_large = attachment_too_large(source)
    if too_large:
        raise AidRuleError(too_large)
    base = folder or data_dir()
    target_dir = base / ATTACHMENTS_DIRNAME / AID_ATTACHMENT_DIR / str(case.id)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = safe_filename(source.name)
    target = target_dir / name
    stem, suffix = target.stem, target.suffix
    counter = 1
    while target.exists():
        counter += 1
        target = target_dir / f"{stem}({counter}){suffix}"
    relative = target.relative_to(base).as_posix()
    try:
        with db.atomic():
            row = AidAttachment.create(
                case=case, filename=source.name, stored_path=relative, operator=operator_name()
            )
            audit.record("新增", "aid_attachment", case.id, f"{case_words(case)} 添加附件 {name}")
            # Copied into the program's temporary folder, renamed into place as the last step
            # before the commit: a program killed mid-copy leaves no half file here (the
            # temporary folder is emptied at the next start).
            with written_in_place(target) as staged:
                shutil.copy2(source, staged)
            stored_files.push(base, relative)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return row.id


def case_ids_of_persons(person_ids: Sequence[int]) -> list[int]:
    """The ids of the aid cases of these people."""
    ids = list(person_ids)
    found: list[int] = []
    for start in range(0, len(ids), 500):
        query = AidCase.select(AidCase.id).where(AidCase.person.in_(ids[start : start + 500]))
        found += [cid for (cid,) in query.tuples()]
    return found


def remove_case_attachments(case_ids: Sequence[int], *, folder: Path | None = None) -> None:
    """Remove the attachment folders of deleted cases (called once a backup holds them)."""
    base = (folder or data_dir()) / ATTACHMENTS_DIRNAME / AID_ATTACHMENT_DIR
    for case_id in case_ids:
        if AidCase.get_or_none(AidCase.id == case_id) is None:
            shutil.rmtree(base / str(case_id), ignore_errors=True)
            stored_files.forget(f"{ATTACHMENTS_DIRNAME}/{AID_ATTACHMENT_DIR}/{case_id}")


def attachment_path(attachment_id: int, *, folder: Path | None = None) -> Path:
    """The full path of an attachment's stored copy (checked to exist)."""
    row = AidAttachment.get_or_none(AidAttachment.id == attachment_id)
    if row is None:
        raise AidRuleError("找不到这个附件记录，请刷新后重试。")
    path = _stored_file(row.stored_path, folder or data_dir())
    stored_files.pull(folder or data_dir(), row.stored_path)  # added on another PC
    if not path.is_file():
        raise AidRuleError(
            f"附件文件不见了：{path}。可能被移动或删除，可从备份恢复，或重新添加附件。"
        )
    return path


REMOVED_DIRNAME = "已移除"


def remove_attachment(attachment_id: int, *, folder: Path | None = None) -> Path | None:
    """Take an attachment off its case. The file is kept in the case folder's ``已移除``
    subfolder (and in every backup), so a wrong removal can be undone by adding it again.
    Returns where the file now is (None when it was already missing)."""
    row = AidAttachment.get_or_none(AidAttachment.id == attachment_id)
    if row is None:
        raise AidRuleError("找不到这个附件记录，请刷新后重试。")
    base = folder or data_dir()
    stored_files.pull(base, row.stored_path)  # added on another PC: kept aside here too
    try:
        path: Path | None = _stored_file(row.stored_path, base)
    except AidRuleError:
        path = None  # the record goes; the file it names outside the folder is left alone
    kept: Path | None = None
    if path is not None and path.is_file():
        removed = path.parent / REMOVED_DIRNAME
        removed.mkdir(exist_ok=True)
        kept = removed / path.name
        counter = 1
        while kept.exists():
            counter += 1
            kept = removed / f"{path.stem}({counter}){path.suffix}"
        path.rename(kept)
    named = case_words(row.case)
    try:
        with db.atomic():
            row.delete_instance()
            if kept is not None:
                stored_files.rename(row.stored_path, kept.relative_to(base).as_posix())
            audit.record(
                "删除",
                "aid_attachment",
                row.case_id,
                f"{named} 移除附件 {row.filename}"
                + (f"（文件保留在 {kept.relative_to(base).as_posix()}）" if kept else ""),
            )
    except Exception:
        if kept is not None and path is not None:
            kept.rename(path)
        raise
    return kept
