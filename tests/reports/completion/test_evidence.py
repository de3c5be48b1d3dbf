from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from reports.completion.evidence import DOCX_MIME, UploadRejected, clean_original_name, inspect_upload
from tests.reports.conftest import docx_bytes, pdf_bytes, png_bytes

LIMIT = 1024 * 1024


def check(content: bytes, name: str = "tep.bin", max_bytes: int = LIMIT):
    return inspect_upload(io.BytesIO(content), name=name, max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("content", "mime", "ext"),
    [
        pytest.param(pdf_bytes(), "application/pdf", "pdf", id="pdf"),
        pytest.param(docx_bytes(), DOCX_MIME, "docx", id="docx"),
        pytest.param(png_bytes(), "image/png", "png", id="png"),
    ],
)
def test_it_accepts_real_evidence_files_whatever_they_are_called(content, mime, ext):
    checked = check(content, name="bao-cao.txt")
    assert (checked.content_type, checked.extension, checked.size) == (mime, ext, len(content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_it_refuses_a_program_renamed_to_pdf():
    with pytest.raises(UploadRejected, match="không phải PDF"):
        check(b"MZ\x90\x00" + b"\x00" * 200, name="bao-cao.pdf")


def test_it_refuses_html_renamed_to_pdf():
    with pytest.raises(UploadRejected, match="không phải PDF"):
        check(b"<html><script>alert(1)</script></html>", name="bao-cao.pdf")


def test_it_refuses_a_truncated_pdf():
    with pytest.raises(UploadRejected, match="hỏng"):
        check(pdf_bytes()[:60], name="bao-cao.pdf")


def test_it_refuses_a_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "không phải docx")
    with pytest.raises(UploadRejected):
        check(out.getvalue(), name="ke-hoach.docx")


def test_it_refuses_a_docx_that_inflates_absurdly(monkeypatch):
    monkeypatch.setattr("reports.completion.evidence.DOCX_MAX_UNCOMPRESSED", 1000)
    with pytest.raises(UploadRejected, match="bất thường"):
        check(docx_bytes("x" * 5000), name="ke-hoach.docx")


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(UploadRejected, match="vượt quá dung lượng"):
        check(pdf_bytes(), max_bytes=100)


def test_it_refuses_an_empty_file():
    with pytest.raises(UploadRejected, match="rỗng"):
        check(b"")


def test_a_corrupt_image_is_refused():
    with pytest.raises(UploadRejected, match="hỏng"):
        check(png_bytes()[:30], name="anh.png")


def test_names_are_reduced_to_a_safe_display_name():
    assert clean_original_name("C:\\Users\\a\\Báo cáo 57.pdf") == "Báo cáo 57.pdf"
    assert clean_original_name('../../etc/"passwd"\x00') == "passwd"
    assert clean_original_name("") == "tep-dinh-kem"
