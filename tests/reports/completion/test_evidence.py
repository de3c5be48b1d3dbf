"""Evidence policy: a report takes PDF, Word (.docx) and JPEG/PNG files, a few at a time, each one
checked by `cascade.lib.uploads.validate_upload` and refused with a Vietnamese sentence naming it."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from reports.completion.evidence import ACCEPT_ATTRIBUTE, MAX_FILES_PER_REPORT, MAX_FILES_PER_REQUEST, evidence_check
from tests.files import docx_bytes, docx_with_member, jpeg_bytes, pdf_bytes, png_bytes, zip_bytes

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check(content: bytes, name: str):
    """(accepted, errors) for one file, as the report form sees it."""
    return evidence_check([SimpleUploadedFile(name, content)], already_attached=0)


def refused(content: bytes, name: str) -> str:
    accepted, errors = check(content, name)
    assert accepted == []
    assert len(errors) == 1
    return errors[0]


@pytest.mark.parametrize(
    ("name", "content", "mime", "ext"),
    [
        pytest.param("bien-ban.pdf", pdf_bytes(), "application/pdf", "pdf", id="pdf"),
        pytest.param("Kế hoạch.docx", docx_bytes(), DOCX_MIME, "docx", id="docx"),
        pytest.param("anh.png", png_bytes(), "image/png", "png", id="png"),
        pytest.param("anh.JPEG", jpeg_bytes(), "image/jpeg", "jpg", id="jpeg"),
    ],
)
def test_it_accepts_real_evidence_files(name, content, mime, ext):
    (upload,), errors = check(content, name)
    assert errors == []
    assert (upload.content_type, upload.extension, upload.size) == (mime, ext, len(content))
    assert upload.original_name == name
    assert upload.stored_name.endswith(f".{ext}")
    assert name not in upload.stored_name
    assert upload.sha256 == hashlib.sha256(content).hexdigest()


def test_the_file_picker_offers_the_evidence_kinds():
    assert ACCEPT_ATTRIBUTE.startswith(".docx,.jpg,.jpeg,.pdf,.png,")
    assert "image/jpeg" in ACCEPT_ATTRIBUTE


def test_a_word_file_hiding_a_path_out_of_the_archive_is_refused():
    message = refused(docx_with_member("../../evil", b"#!/bin/sh\nrm -rf ~\n"), "ke-hoach.docx")
    assert message == "Tệp “ke-hoach.docx” chứa đường dẫn không hợp lệ bên trong (có thể là tệp độc hại)."


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "bao-cao.pdf",
            b"MZ\x90\x00" + b"\x00" * 200,
            "“bao-cao.pdf” có đuôi .pdf nhưng nội dung không phải PDF",
            id="exe_as_pdf",
        ),
        pytest.param("bao-cao.pdf", b"<html><script>alert(1)</script></html>", "không phải PDF", id="html_as_pdf"),
        pytest.param(
            "bao-cao.pdf", pdf_bytes()[:60], "“bao-cao.pdf” bị hỏng hoặc không mở được như PDF", id="truncated_pdf"
        ),
        pytest.param("ke-hoach.docx", zip_bytes({"notes.txt": b"x"}), "không phải Word (.docx)", id="zip_as_docx"),
        pytest.param("anh.png", png_bytes()[:30], "“anh.png” bị hỏng hoặc không mở được như ảnh PNG", id="broken_png"),
        pytest.param("anh.jpg", png_bytes(), "có đuôi .jpg nhưng nội dung không phải ảnh JPEG", id="png_named_jpg"),
        pytest.param(
            "bao-cao.pdf.exe",
            pdf_bytes(),
            "Không nhận tệp “bao-cao.pdf.exe”: chỉ nhận .docx, .jpg, .jpeg, .pdf, .png.",
            id="double_extension",
        ),
        pytest.param("ghi-chu.txt", b"Ghi chu", "chỉ nhận .docx", id="text_file"),
        pytest.param("rong.pdf", b"", "Tệp “rong.pdf” rỗng.", id="empty"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_in_vietnamese(name, content, expected):
    assert expected in refused(content, name)


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    assert "được đặt mật khẩu" in refused(out.getvalue(), "bien-ban.pdf")


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert refused(pdf_bytes(), "bien-ban.pdf").startswith("Tệp “bien-ban.pdf” quá lớn: tối đa")


def test_a_word_file_that_inflates_absurdly_is_refused(settings):
    settings.UPLOAD_DOCX_MAX_INFLATED_BYTES = 1000
    assert "giải nén ra quá lớn" in refused(docx_bytes("x" * 5000), "ke-hoach.docx")


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr("cascade.lib.uploads.MAX_IMAGE_PIXELS", 10_000)
    assert "quá lớn" in refused(png_bytes((200, 200)), "anh.png")


def test_good_files_pass_while_bad_ones_are_named():
    files = [SimpleUploadedFile("bien-ban.pdf", pdf_bytes()), SimpleUploadedFile("virus.pdf", b"MZ" + b"\0" * 99)]
    accepted, errors = evidence_check(files, already_attached=0)
    assert [u.original_name for u in accepted] == ["bien-ban.pdf"]
    assert len(errors) == 1
    assert "“virus.pdf”" in errors[0]


def test_at_most_a_few_files_per_request_and_per_report():
    many = [SimpleUploadedFile(f"{i}.pdf", pdf_bytes(i + 1)) for i in range(MAX_FILES_PER_REQUEST + 1)]
    accepted, errors = evidence_check(many, already_attached=0)
    assert len(accepted) == MAX_FILES_PER_REQUEST
    assert errors == [f"Mỗi lần chỉ tải lên tối đa {MAX_FILES_PER_REQUEST} tệp."]
    accepted, errors = evidence_check(many[:3], already_attached=MAX_FILES_PER_REPORT - 1)
    assert len(accepted) == 1
    assert errors == [f"Mỗi báo cáo có tối đa {MAX_FILES_PER_REPORT} tệp đính kèm."]
