"""One short guidance document in every form an office sends it: .docx, .doc, .odt, TCVN3 and VNI .txt.

The .docx and .odt are built here; the .doc is checked in (see README.md: Word 97 cannot be
written without a word processor). The texts are the document's lines in reading order: header
cells row by row, then the body, then the Nơi nhận / signer cells.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from directives.ingest.legacy import from_unicode

HERE = Path(__file__).parent

# (left cell, right cell) of the header table.
HEADER = (
    ["UỶ BAN NHÂN DÂN", "HUYỆN BÌNH SƠN", "Số: 215/UBND-VX"],
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Sơn, ngày 12 tháng 3 năm 2024"],
)
BODY = [
    "V/v tăng cường công tác phòng, chống dịch bệnh mùa mưa",
    "Kính gửi: Uỷ ban nhân dân các xã, thị trấn.",
    "Thực hiện Công văn số 88/SYT-NVY ngày 05/3/2024 của Sở Y tế tỉnh Quảng Ngãi, Uỷ ban nhân dân huyện"
    " yêu cầu các xã, thị trấn thực hiện tốt một số nội dung sau:",
    "1. Tuyên truyền người dân chủ động phòng, chống dịch bệnh; vệ sinh môi trường, diệt lăng quăng.",
    "2. Báo cáo kết quả thực hiện về Phòng Y tế huyện trước ngày 30 tháng 4 năm 2024.",
]
FOOTER = (
    ["Nơi nhận:", "- Như trên;", "- Lưu: VT."],
    ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hùng"],
)


def lines() -> list[str]:
    return [*HEADER[0], *HEADER[1], *BODY, *FOOTER[0], *FOOTER[1]]


def text() -> str:
    return "\n".join(lines()) + "\n"


def tcvn3_txt() -> bytes:
    return from_unicode(text(), "TCVN3").encode("cp1252")


def vni_txt() -> bytes:
    return from_unicode(text(), "VNI").encode("cp1252")


def docx_file(*, font: str | None = None, encoding: str | None = None) -> bytes:
    """The document as .docx; with `font`/`encoding`, every run typed in that legacy font."""
    import docx

    document = docx.Document()

    def fill(paragraph: object, line: str) -> None:
        run = paragraph.add_run(from_unicode(line, encoding) if encoding else line)  # type: ignore[attr-defined]
        if font:
            run.font.name = font

    def table(left: list[str], right: list[str]) -> None:
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        for cell, cell_lines in zip(cells, (left, right), strict=True):
            fill(cell.paragraphs[0], cell_lines[0])
            for line in cell_lines[1:]:
                fill(cell.add_paragraph(), line)

    table(*HEADER)
    for line in BODY:
        fill(document.add_paragraph(), line)
    table(*FOOTER)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt_cell(cell_lines: list[str]) -> str:
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in cell_lines)
    return f"<table:table-cell>{paragraphs}</table:table-cell>"


def _odt_table(left: list[str], right: list[str]) -> str:
    return (
        '<table:table table:name="t"><table:table-column table:number-columns-repeated="2"/>'
        f"<table:table-row>{_odt_cell(left)}{_odt_cell(right)}</table:table-row></table:table>"
    )


def odt_file() -> bytes:
    """The document as .odt, as LibreOffice lays one out (mimetype first and stored)."""
    body = "".join(f"<text:p>{escape(line)}</text:p>" for line in BODY)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
        f"<office:body><office:text>{_odt_table(*HEADER)}{body}{_odt_table(*FOOTER)}</office:text></office:body>"
        "</office:document-content>"
    )
    return odt_archive(content)


def odt_archive(content: str, *, mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def doc_file() -> bytes:
    """The document as Word 97–2003, made once from `docx_file()` (README.md)."""
    return (HERE / "huong-dan.doc").read_bytes()


def doc_tcvn3_file() -> bytes:
    """The document as Word 97–2003 typed in .VnTime, made once from `docx_file(font=".VnTime", …)`."""
    return (HERE / "huong-dan-vntime.doc").read_bytes()
