"""Plain text out of uploaded files: .txt, .docx and .pdf, detected by content.

The file name is only a hint for messages; the type comes from the magic bytes ("%PDF",
a zip holding ``word/document.xml``), so a renamed file is still read correctly and a
disguised one is refused. Untrusted input: zip bombs and encrypted PDFs are rejected
before any decompression or decryption work.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator

__all__ = ["ExtractionError", "extract_text"]

MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
MAX_COMPRESSION_RATIO = 200
MAX_PDF_PAGES = 500


class ExtractionError(ValueError):
    """The file cannot be read as a document; the message is Vietnamese, for the user."""


def extract_text(data: bytes, filename: str) -> str:
    """Return the text of a .txt, .docx or .pdf file given as bytes."""
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(f"Tệp {filename!r} quá lớn (tối đa 50 MB).")
    if data.startswith(b"%PDF"):
        return _pdf(data, filename)
    if data.startswith(b"PK\x03\x04"):
        return _docx(data, filename)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractionError(f"Tệp {filename!r} là định dạng Word cũ (.doc); hãy lưu lại thành .docx hoặc PDF.")
    return _text(data, filename)


def _text(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if data.count(b"\x00") > max(8, len(data) // 100):
            raise ExtractionError(f"Tệp {filename!r} không phải văn bản thuần (.txt).")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Legacy Windows Vietnamese; it spells tones as combining marks, so recompose.
            text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def _check_zip(archive: zipfile.ZipFile, filename: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_DOCX_ENTRIES:
        raise ExtractionError(f"Tệp {filename!r} có cấu trúc bất thường (quá nhiều thành phần).")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO and info.file_size > 1024 * 1024:
            raise ExtractionError(f"Tệp {filename!r} bị nén bất thường (nghi ngờ zip bomb).")
    if total > MAX_DOCX_UNCOMPRESSED:
        raise ExtractionError(f"Tệp {filename!r} giải nén quá lớn (nghi ngờ zip bomb).")
    if "word/document.xml" not in archive.namelist():
        raise ExtractionError(f"Tệp {filename!r} không phải tài liệu Word (.docx).")


def _docx(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, filename)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document.element.body, document))
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc


def _docx_blocks(body: object, parent: object) -> Iterator[str]:
    """Paragraphs and table cells in document order (headers are often 2-column tables)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in getattr(body, "iterchildren", lambda: iter(()))():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text  # type: ignore[arg-type]
        elif child.tag == qn("w:tbl"):
            table = Table(child, parent)  # type: ignore[arg-type]
            seen: set[int] = set()
            for row in table.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_blocks(cell._tc, cell)


def _pages_in_reading_order(data: bytes) -> list[str]:
    """The pages' text rebuilt from positioned runs (`pdf_layout`); [] when pdfium cannot read it.

    pypdf's stream-order text is the fallback: a file pdfium refuses may still have a readable layer.
    """
    from directives.parsing.pdf_layout import pdf_pages_text

    try:
        pages = pdf_pages_text(data)
    except Exception:  # pdfium raises its own PdfiumError and friends on damaged files
        return []
    return pages if any(p.strip() for p in pages) else []


def _pdf(data: bytes, filename: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError(f"Tệp PDF {filename!r} được mã hóa; hãy gửi bản không đặt mật khẩu.")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ExtractionError(f"Tệp PDF {filename!r} quá nhiều trang (tối đa {MAX_PDF_PAGES}).")
        text = "\n".join(_pages_in_reading_order(data) or [page.extract_text() or "" for page in pages])
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"Tệp PDF {filename!r} bị hỏng, không đọc được.") from exc
    if not text.strip():
        raise ExtractionError(f"Tệp PDF {filename!r} không có lớp chữ (có thể là bản quét); hãy gửi bản có chữ.")
    return unicodedata.normalize("NFC", text)
