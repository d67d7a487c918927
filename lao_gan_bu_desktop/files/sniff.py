"""Recognising what a unit's file really is, by its content and never by its extension.

Government web systems export "xls" files that are HTML tables or Excel 2003 XML; clerks rename
Word files and pictures; workbooks arrive password-protected or cut short by a mail gateway.
:func:`sniff_format` looks at the bytes and returns one of :data:`FORMATS`, or raises
:class:`SpreadsheetError` whose ``message`` tells the clerk in Chinese what is wrong and what to do.
Text files also get their encoding here (:func:`decode_text`: UTF-8 with or without BOM, else
GB18030, which covers GBK and GB2312).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..core.errors import RuleError

FORMATS = ("xlsx", "ods", "xls", "html", "spreadsheetml", "csv", "docx")
FORMAT_NAMES = {
    "xlsx": "Excel 工作簿（xlsx）",
    "ods": "OpenDocument 表格（ods）",
    "xls": "Excel 97-2003 工作簿（xls）",
    "html": "网页表格（HTML）",
    "spreadsheetml": "Excel 2003 XML 表格",
    "csv": "文本表格（csv/txt）",
    "docx": "Word 文档中的表格（docx）",
}
OLD_WORD_MESSAGE = (
    "这是旧版 Word 文档（.doc），无法直接读取其中的表格。请在 Word 中打开它，"
    "选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入另存后的文件。"
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MESSAGE = (
    "文件已加密（设置了打开密码），无法读取。请在 Excel 中打开它，"
    "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再导入。"
)
DAMAGED_MESSAGE = (
    "文件已损坏或不完整（可能没有下载或复制完整），无法读取。请让单位重新发送，"
    "或在 Excel 中打开后另存为 xlsx 再导入。"
)
EMPTY_MESSAGE = "文件是空的（0 字节），没有可导入的内容。请让单位重新发送。"

_PICTURE_MAGIC = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"%PDF", "PDF 文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)


class SpreadsheetError(RuleError):
    """A file cannot be read as a spreadsheet; ``message`` is the Chinese text for the clerk."""


def not_spreadsheet(what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"这不是表格文件（看起来是{what}，只是扩展名被改成了表格）。"
        "请让单位发送 Excel 表格（xlsx 或 xls）或 csv 文件。"
    )


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# The BOF record (0x0809) that opens a BIFF5/BIFF8 workbook-globals substream: record length 8 or
# 16, version 0x0500 or 0x0600, substream type 0x0005 (globals).
_GLOBALS_BOF = re.compile(rb"\x09\x08([\x08\x10])\x00\x00[\x05\x06]\x05\x00")
_FILEPASS = b"\x2f\x00"


def _biff_encrypted(data: bytes) -> bool:
    """True when an Excel 97-2003 workbook has a FILEPASS record (0x002F) right after the BOF
    of its globals substream: the file is password-protected, by RC4, RC4 CryptoAPI or XOR
    obfuscation. (calamine refuses RC4 itself but reads XOR-obfuscated cells as garbage.)

    A compound file stores a stream in 512-byte sectors, or 64-byte mini sectors inside
    512-byte ones, so the Workbook stream (and its BOF) starts at a multiple of 64 in the file;
    other offsets are cell data that merely look like a BOF.
    """
    for match in _GLOBALS_BOF.finditer(data):
        start = match.start()
        if start % 64:
            continue
        after = start + 4 + match.group(1)[0]
        if data[after : after + 2] == _FILEPASS:
            return True
    return False


def _sniff_ole2(data: bytes) -> str:
    """xls, or an error for encrypted workbooks (OOXML or BIFF), Word, PowerPoint and other
    compound files."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise SpreadsheetError(ENCRYPTED_MESSAGE)
    if _utf16("WordDocument") in data:
        raise SpreadsheetError(OLD_WORD_MESSAGE)
    if _utf16("PowerPoint Document") in data:
        raise not_spreadsheet("PowerPoint 演示文稿")
    if _utf16("Workbook") in data or _utf16("Book") in data:
        if _biff_encrypted(data):
            raise SpreadsheetError(ENCRYPTED_MESSAGE)
        return "xls"
    raise not_spreadsheet("其他 Office 文件")


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            if "content.xml" in names:
                mimetype = archive.read("mimetype") if "mimetype" in names else b""
                if b"spreadsheet" in mimetype or not mimetype:
                    return "ods"
                raise not_spreadsheet("OpenDocument 文字或演示文档")
            if "word/document.xml" in names:
                return "docx"
            if any(n.startswith("ppt/") for n in names):
                raise not_spreadsheet("PowerPoint 演示文稿")
            raise not_spreadsheet("压缩包")
    except (zipfile.BadZipFile, EOFError, OSError, KeyError):
        raise SpreadsheetError(DAMAGED_MESSAGE) from None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file: UTF-8 with BOM, UTF-16 with BOM, UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("gb18030", errors="replace"), "gb18030"


_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|table|meta|head|body)\b", re.IGNORECASE)
_XML_SHEET_HINT = re.compile(
    rb"urn:schemas-microsoft-com:office:spreadsheet|progid=\"Excel\.Sheet\"", re.IGNORECASE
)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # "Unicode text" as Excel saves it: judge the characters, not the UTF-16 bytes.
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        controls = sum(1 for ch in text if ord(ch) < 9 or 13 < ord(ch) < 32)
        return controls > max(4, len(text) // 50)
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(4, len(head) // 50)


def sniff_format(path: Path) -> str:
    """The real format of the file at ``path`` (one of :data:`FORMATS`).

    Raises SpreadsheetError for an empty, damaged, encrypted or non-spreadsheet file.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise SpreadsheetError(f"找不到文件：{path}。请确认文件仍在原处。") from None
    except OSError as exc:
        raise SpreadsheetError(
            f"无法打开文件：{path}（{exc.strerror or exc}）。如果文件正在 Excel 中打开，请先关闭。"
        ) from None
    if size == 0:
        raise SpreadsheetError(EMPTY_MESSAGE)
    if head.startswith(OLE2_MAGIC):
        data = path.read_bytes()
        return _sniff_ole2(data)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    for magic, what in _PICTURE_MAGIC:
        if head.startswith(magic):
            raise not_spreadsheet(what)
    if _looks_binary(head):
        raise not_spreadsheet("无法识别的二进制文件")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if _XML_SHEET_HINT.search(head):
            return "spreadsheetml"
        if _HTML_HINT.search(head) or b"<table" in head.lower():
            return "html"
        if stripped.startswith(b"<?xml"):
            raise not_spreadsheet("XML 文件（不是 Excel 表格格式）")
    if _XML_SHEET_HINT.search(head):
        return "spreadsheetml"
    return "csv"
