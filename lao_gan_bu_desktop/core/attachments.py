"""The rule for files kept as attachments (aid cases, notices): how large one may be.

A scan of an application or a receipt is a few megabytes; a file over the limit is a video or
a disk image picked by mistake. It would be copied while the window waits, and into every
backup after.
"""

from __future__ import annotations

from pathlib import Path

MAX_ATTACHMENT_BYTES = 100 << 20


def attachment_too_large(source: Path) -> str | None:
    """The refusal of ``source`` as an attachment in Chinese, or None when its size is fine."""
    size = Path(source).stat().st_size
    if size <= MAX_ATTACHMENT_BYTES:
        return None
    return (
        f"“{Path(source).name}”有 {size / (1 << 20):.0f} MB，附件最大 "
        f"{MAX_ATTACHMENT_BYTES >> 20} MB。请把扫描件调低分辨率、压缩或分成几个文件后再添加。"
    )
