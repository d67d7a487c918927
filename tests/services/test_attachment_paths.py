"""Attachment files stay inside the data folder: a stored path that points outside it is never
opened or moved, and names Windows keeps for devices, names too long for Linux and names with
direction overrides are made safe on the way in (aid cases and notices alike)."""

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


# A scan saved by a phone app under its whole caption: longer than 120 characters, the stored
# name is cut, and it keeps its extension (else it no longer opens in the PDF reader).
LONG_NAME = "scan_" + "2026-03-02_zhang_gui_lan_hospital_bill_" * 4 + ".pdf"
HOSTILE_NAMES = [
    (LONG_NAME, ".pdf"),
    ("CON.pdf", "_CON.pdf"),
    ("申请书\u202efdp.exe", "申请书_fdp.exe"),  # shown as "申请书exe.pdf" otherwise
    ("...", "附件"),
]


@pytest.mark.parametrize(("name", "stored_end"), HOSTILE_NAMES)
def test_hostile_attachment_names_are_stored_and_open_again(
    ctx, case_id: int, tmp_path: Path, name: str, stored_end: str
) -> None:
    from lao_gan_bu_desktop.core import clock
    from lao_gan_bu_desktop.services import notices

    source = tmp_path / "来源" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(b"%PDF-1.4 scan")
    att = aid_attachments.add_attachment(case_id, source)
    stored = aid_attachments.attachment_path(att)
    assert stored.name.endswith(stored_end) and stored.read_bytes() == b"%PDF-1.4 scan"
    with clock.frozen(_dt.date(2026, 3, 2)):
        notice = notices.create_notice(
            "关于体检安排的通报", _dt.date(2026, 3, 2), "", attachment=source
        )
    kept = notices.attachment_file(notice)
    assert kept is not None and kept.name.endswith(stored_end)
    assert kept.read_bytes() == b"%PDF-1.4 scan"


def test_the_same_long_chinese_name_added_twice_still_fits_the_system(
    ctx, case_id: int, tmp_path: Path
) -> None:
    # 83 Chinese characters and ".pdf": 253 bytes, a name Linux just holds; the second copy's
    # "(2)" made it 256, past the limit, and the clerk saw the system's error.
    source = tmp_path / ("住院费用票据" * 13 + "扫描件五页.pdf")
    source.write_bytes(b"%PDF-1.4 bill")
    first = aid_attachments.attachment_path(aid_attachments.add_attachment(case_id, source))
    second = aid_attachments.attachment_path(aid_attachments.add_attachment(case_id, source))
    assert first != second and first.suffix == second.suffix == ".pdf"
    assert second.read_bytes() == b"%PDF-1.4 bill"
