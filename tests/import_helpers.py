"""Builders of real unit spreadsheets for the import tests: valid ID numbers, messy layouts."""

from __future__ import annotations

import datetime as _dt
import struct
from collections.abc import Sequence
from pathlib import Path

from lao_gan_bu_desktop.core.idnumber import check_digit


def make_id(birth: _dt.date, seq: int = 12, male: bool = True, area: str = "410105") -> str:
    """A valid 18-digit ID number for ``birth``; odd 17th digit for men."""
    gender_digit = (seq % 5) * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{seq % 100:02d}{gender_digit}"
    return first17 + check_digit(first17)


ZHANG = make_id(_dt.date(1955, 3, 12), 11, True)
LI = make_id(_dt.date(1960, 7, 1), 22, False)
WANG = make_id(_dt.date(1948, 10, 20), 33, True)


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    *,
    hidden=(),
    merges: dict[str, list[str]] | None = None,
    text_columns: dict[str, str] | None = None,
) -> Path:
    """Write real xlsx sheets (rows of values) with openpyxl; ``hidden`` sheet names hidden."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    """A real Excel 97-2003 file written with xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, _dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_roster_csv(path: Path, count: int) -> Path:
    """A plain UTF-8 csv of ``count`` distinct people (姓名, 身份证号码): quick to write big."""
    first = _dt.date(1940, 1, 1)
    lines = ["姓名,身份证号码"]
    for i in range(count):
        lines.append(f"测试{chr(0x4E00 + i)},{make_id(first + _dt.timedelta(days=i), i)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ENCRYPTION_SCHEMES = ("xor", "rc4", "rc4_cryptoapi")


def _filepass(scheme: str) -> bytes:
    """The body of a FILEPASS record (MS-XLS 2.4.117) for ``scheme``; the keys are made up."""
    if scheme == "xor":  # wEncryptionType 0, key, verifier
        return struct.pack("<HHH", 0, 0x1234, 0xABCD)
    if scheme == "rc4":  # wEncryptionType 1, RC4 1.1: salt, verifier, verifier hash
        return struct.pack("<HHH", 1, 1, 1) + bytes(range(48))
    assert scheme == "rc4_cryptoapi"  # wEncryptionType 1, RC4 CryptoAPI 4.2
    csp = "Microsoft Enhanced Cryptographic Provider v1.0\0".encode("utf-16-le")
    # flags, size extra, AlgID RC4, AlgIDHash SHA-1, key bits, provider type, reserved ×2
    header = struct.pack("<8I", 0x04, 0, 0x6801, 0x8004, 40, 1, 0, 0) + csp
    verifier = struct.pack("<I", 16) + bytes(32) + struct.pack("<I", 20) + bytes(20)
    return struct.pack("<HHHII", 1, 4, 2, 0x04, len(header)) + header + verifier


def write_encrypted_xls(
    path: Path, rows: Sequence[Sequence[object]], scheme: str = "rc4_cryptoapi"
) -> Path:
    """An Excel 97-2003 file marked as password-protected (no tool here writes one).

    xlwt writes the workbook's BIFF stream; a FILEPASS record (0x002F) for ``scheme`` goes in
    right after the first BOF, where Excel puts it, and every BOUNDSHEET's stream offset moves
    by its length. The records after it stay plain (a real file has them encrypted): a reader
    that refuses this file does so because of the FILEPASS record alone.
    """
    import xlwt
    from xlwt.CompoundDoc import XlsDoc

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("名单")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    biff = book.get_biff_data()
    body = _filepass(scheme)
    filepass = struct.pack("<HH", 0x002F, len(body)) + body
    out, pos = bytearray(), 0
    while pos < len(biff):
        typ, size = struct.unpack_from("<HH", biff, pos)
        record = bytearray(biff[pos : pos + 4 + size])
        if typ == 0x0085:  # BOUNDSHEET: lbPlyPos, the sheet's BOF offset in the stream
            (offset,) = struct.unpack_from("<I", record, 4)
            struct.pack_into("<I", record, 4, offset + len(filepass))
        out += record
        if pos == 0:
            assert typ == 0x0809  # BOF
            out += filepass
        pos += 4 + size
    XlsDoc().save(str(path), bytes(out))
    return path


def messy_rows() -> list[list[object]]:
    """A unit sheet with a title, a 填报单位 line, a two-level header, 序号, a footer."""
    return [
        ["经济发展局离退休人员花名册", None, None, None, None, None, None, None],
        ["填报单位：经济发展局", None, None, None, "填报时间：2026年11月", None, None, None],
        [None] * 8,
        ["序号", "姓名", "身份证号码", "出生年月", "离/退休", "联系方式", None, "家庭住址"],
        [None, None, None, None, None, "手机", "固定电话", None],
        [
            1,
            "张 三",
            ZHANG.lower()[:-1] + ZHANG[-1].lower(),
            "1955.03",
            "退休",
            "138 0371 1234",
            "0371-67881234",
            "文化路1号",
        ],
        [2, "李四", LI, "1960年7月1日", "退休", "13903712345", None, "农业路2号"],
        [None] * 8,
        [3, "王五", WANG, "1948-10-20", "离休", "13700000000", None, "经三路3号"],
        ["填表人：赵敏", None, None, "审核人：张卫东", None, None, None, None],
    ]


def write_ods(path: Path, rows: Sequence[Sequence[object]], sheet: str = "名单") -> Path:
    """A minimal but real OpenDocument spreadsheet (strings and floats)."""
    import zipfile
    from xml.sax.saxutils import escape

    cells_xml = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, (int, float)):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                    "</text:p></table:table-cell>"
                )
        cells_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        + "".join(cells_xml)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


HTML_XLS = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>导出</title></head><body>
<table border="1">
<tr><td colspan="5">社会事业局离退休干部名单</td></tr>
<tr><th rowspan="2">序号</th><th rowspan="2">姓名</th><th rowspan="2">身份证号</th>
<th colspan="2">联系方式</th></tr>
<tr><th>手机</th><th>固定电话</th></tr>
<tr><td>1</td><td>张三</td><td>{zhang}</td><td>13803711234</td><td>037167881234</td></tr>
<tr><td>2</td><td>李&nbsp;四</td><td>{li}</td><td>13903712345</td><td></td></tr>
</table></body></html>"""


def write_html_xls(path: Path) -> Path:
    path.write_bytes(HTML_XLS.format(zhang=ZHANG, li=LI).encode("gb2312"))
    return path


SPREADSHEETML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <Worksheet ss:Name="隐藏的旧表">
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
  <Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号码</Data></Cell><Cell><Data ss:Type="String">性别</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">旧人</Data></Cell></Row></Table>
 </Worksheet>
 <Worksheet ss:Name="名单">
  <Table>
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">城市管理局离退休人员花名册</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">公民身份号码</Data></Cell>
    <Cell><Data ss:Type="String">出生日期</Data></Cell><Cell><Data ss:Type="String">政治面貌</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">张三</Data></Cell><Cell><Data ss:Type="String">{zhang}</Data></Cell>
    <Cell><Data ss:Type="DateTime">1955-03-12T00:00:00.000</Data></Cell><Cell><Data ss:Type="String">党员</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">李四</Data></Cell><Cell><Data ss:Type="Number">4.10105196007012E+17</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="String">群众</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"""


def write_spreadsheetml(path: Path) -> Path:
    path.write_text(SPREADSHEETML.format(zhang=ZHANG), encoding="utf-8")
    return path


def write_docx(path: Path, tables: list[list[list[str]]], merges=()) -> Path:
    """A Word document: a title paragraph, then each table; ``merges`` are
    (table index, (row, col), (row, col)) cell ranges merged with python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph("经济发展局离退休干部花名册")
    made = []
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    table.cell(r, c).text = value
        made.append(table)
        document.add_paragraph("填表人：赵敏")
    for index, (r0, c0), (r1, c1) in merges:
        table = made[index]
        table.cell(r0, c0).merge(table.cell(r1, c1))
    document.save(str(path))
    return path


ADDRESS_SPACE = 3 << 30  # far below the 550 GB a stray cell at XFD1048576 asks calamine for


def stray_cell_workbook(path: Path) -> Path:
    """A roster of two people with one stray value at XFD1048576 (a 5 KB file whose rectangle
    would need 550 GB if read whole)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "性别", "公民身份号码", "家庭住址"])
    ws.append(["张三", "男", ZHANG, "文化路1号"])
    ws.append(["李四", "女", LI, "西大街2号"])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def limit_memory() -> None:
    """preexec_fn of a subprocess: its address space capped at ADDRESS_SPACE, so that reading
    a stray cell's rectangle aborts it instead of exhausting the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
