"""Text extraction from .txt, .docx and .pdf bytes (type detected by content)."""

from __future__ import annotations

import io
import zipfile

import pytest

from directives.parsing.cli import run
from directives.parsing.extract import ExtractionError, extract_text

HEADER_LEFT = "TỈNH ỦY ĐỒNG NAI\nBAN TUYÊN GIÁO\n*\nSố 120-HD/BTGTU"
HEADER_RIGHT = "ĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Nai, ngày 05 tháng 9 năm 2024"


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = HEADER_LEFT
    right.text = HEADER_RIGHT
    document.add_paragraph("HƯỚNG DẪN")
    document.add_paragraph("Tuyên truyền kỷ niệm các ngày lễ lớn năm 2024")
    document.add_paragraph(
        "Các huyện ủy báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy trước ngày 20/11/2024."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(html: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


def test_txt_encodings() -> None:
    text = "Kết luận số 57-KL/TW"
    assert extract_text(text.encode("utf-8"), "a.txt") == text
    assert extract_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt") == text
    assert extract_text(text.encode("utf-16"), "a.txt") == text
    # Windows-1258 writes "Hướng dẫn" as ư, ơ + combining acute, â + combining tilde.
    assert extract_text(b"H\xfd\xf5\xecng d\xe2\xden", "a.txt") == "Hướng dẫn"


def test_docx_paragraphs_and_table_cells_in_order() -> None:
    text = extract_text(make_docx(), "renamed.bin")
    assert text.index("TỈNH ỦY ĐỒNG NAI") < text.index("ĐẢNG CỘNG SẢN") < text.index("HƯỚNG DẪN")
    assert "Số 120-HD/BTGTU" in text


def test_docx_end_to_end_through_cli(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "hd.docx"  # type: ignore[operator]
    path.write_bytes(make_docx())
    data = run(str(path))
    assert data["number"] == "120-HD/BTGTU"
    assert data["issuer"] == "Ban Tuyên giáo Tỉnh ủy Đồng Nai"
    assert data["date"] == "2024-09-05"
    assert data["tasks"][0]["due"] == "2024-11-19"


def test_pdf_text_layer() -> None:
    data = make_pdf(
        "<html><body><p>KẾ HOẠCH</p><p>Số 45-KH/TU</p>"
        "<p>Hoàn thành trong tháng 10/2023.</p></body></html>"
    )
    text = extract_text(data, "x.docx")  # the name lies; the content decides
    assert "45-KH/TU" in text
    assert "KẾ HOẠCH" in text


def test_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(make_pdf("<p>Mật</p>")))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match="mã hóa"):
        extract_text(buffer.getvalue(), "secret.pdf")


def test_corrupt_pdf() -> None:
    with pytest.raises(ExtractionError):
        extract_text(b"%PDF-1.7\n garbage", "bad.pdf")


def test_zip_bomb_is_refused_before_reading() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (120 * 1024 * 1024))
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract_text(buffer.getvalue(), "bomb.docx")


def test_zip_without_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ExtractionError, match="không phải tài liệu Word"):
        extract_text(buffer.getvalue(), "a.docx")


def test_corrupt_zip() -> None:
    with pytest.raises(ExtractionError):
        extract_text(b"PK\x03\x04 not really a zip", "a.docx")


def test_binary_and_old_doc_are_refused() -> None:
    with pytest.raises(ExtractionError, match=r"\.doc"):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.doc")
    with pytest.raises(ExtractionError):
        extract_text(b"\x00\x01\x02" * 200, "a.bin")


def test_cli_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    fake = io.TextIOWrapper(io.BytesIO("Số 12-CV/TU\nV/v họp".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    data = run("-")
    assert data["number"] == "12-CV/TU"
    assert data["type"] == "Công văn"
