"""Attachment files stay inside the data folder: a stored path that points outside it is never
opened or moved, and names Windows keeps for devices are renamed on the way in."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core.aid_rules import AidRuleError
from lao_gan_bu_desktop.services import aid, aid_attachments
from lao_gan_bu_desktop.services.roster import create_person
from lao_gan_bu_desktop.storage.aid_models import AidAttachment


@pytest.fixture
def case_id(ctx) -> int:
    person = create_person({"name": "张桂兰", "id_number": "11010519491231002X"})
    return aid.create_case(
        person,
        year=2026,
        category="医疗救助",
        reason="住院自付费用高",
        amount_requested="3000",
        on=_dt.date(2026, 3, 2),
    )


@pytest.mark.parametrize("stored", ["../../secret.txt", "/etc/hostname", "attachments/../x.txt"])
def test_a_stored_path_outside_the_data_folder_is_refused(
    ctx, case_id: int, tmp_path: Path, stored: str
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("不该被打开", encoding="utf-8")
    (ctx.data_dir / "x.txt").write_text("也不该", encoding="utf-8")
    bill = tmp_path / "票据.pdf"
    bill.write_bytes(b"%PDF-1.4")
    att = aid_attachments.add_attachment(case_id, bill)
    AidAttachment.update(stored_path=stored).where(AidAttachment.id == att).execute()
    with pytest.raises(AidRuleError, match="数据文件夹以外"):
        aid_attachments.attachment_path(att)
    aid_attachments.remove_attachment(att)  # the record goes; the file it names is not touched
    assert outside.read_text(encoding="utf-8") == "不该被打开"
    assert (ctx.data_dir / "x.txt").exists()
    assert not (tmp_path / aid_attachments.REMOVED_DIRNAME).exists()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("CON.txt", "_CON.txt"),
        ("prn", "_prn"),
        ("Aux.tar.gz", "_Aux.tar.gz"),
        ("nul.pdf", "_nul.pdf"),
        ("COM1.jpg", "_COM1.jpg"),
        ("lpt9.doc", "_lpt9.doc"),
        ("CONSOLE.txt", "CONSOLE.txt"),  # only the exact device names
        ("COM10.txt", "COM10.txt"),
    ],
)
def test_windows_device_names_are_renamed_on_copy(
    ctx, case_id: int, tmp_path: Path, name: str, stored: str
) -> None:
    source = tmp_path / name
    source.write_bytes(b"x")
    att = aid_attachments.add_attachment(case_id, source)
    assert aid_attachments.attachment_path(att).name == stored
