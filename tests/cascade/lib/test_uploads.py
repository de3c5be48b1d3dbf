"""validate_upload: size, real type, safe names, zip bombs and zip-slips disguised as .docx, broken
PDFs and images — every refusal a Vietnamese sentence naming the file."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.lib.uploads import (
    KINDS,
    ValidatedFileField,
    clean_name,
    content_type_for,
    stored_name_for,
    validate_upload,
)
from tests.files import docx_bytes, docx_with_member, jpeg_bytes, pdf_bytes, png_bytes
from tests.files import zip_bytes as _zip

PDF = pdf_bytes()
PNG = png_bytes()
FAKE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # the magic bytes, but no page


def _docx(text: str = "Hướng dẫn số 111-HD/BTGTW") -> bytes:
    return docx_bytes(text)


def _code(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc.value.code


def test_a_real_pdf_and_docx_pass_with_a_random_stored_name():
    pdf = validate_upload(SimpleUploadedFile("Báo cáo quý IV.pdf", PDF), allowed={"pdf", "docx"})
    assert pdf.kind == "pdf"
    assert pdf.original_name == "Báo cáo quý IV.pdf"
    assert pdf.stored_name.endswith(".pdf")
    assert "Báo" not in pdf.stored_name
    assert pdf.size == len(PDF)
    assert len(pdf.sha256) == 64
    assert pdf.file.read(5) == b"%PDF-"
    word = validate_upload(SimpleUploadedFile("huong-dan.docx", _docx()), allowed={"docx"})
    assert word.content_type.endswith("wordprocessingml.document")


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match=re.escape("“lon.pdf” quá lớn: tối đa")) as exc:
        validate_upload(SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000), allowed={"pdf"})
    assert _code(exc) == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match=re.escape("Tệp “rong.pdf” rỗng")):
        validate_upload(SimpleUploadedFile("rong.pdf", b""), allowed={"pdf"})


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        pytest.param("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 300, "mismatch", id="exe_named_pdf"),
        pytest.param("bao-cao.pdf.exe", PDF, "bad_extension", id="double_extension"),
        pytest.param("anh.pdf", PNG, "mismatch", id="png_named_pdf"),
        pytest.param("van-ban.docx", PDF, "mismatch", id="pdf_named_docx"),
        pytest.param("van-ban.docx", _zip({"hello.txt": b"hi"}), "mismatch", id="plain_zip_named_docx"),
        pytest.param("van-ban.docx", b"PK\x03\x04 not really a zip", "corrupt", id="broken_zip"),
        pytest.param("bao-cao.txt", b"abc\x00def", "mismatch", id="binary_named_txt"),
        pytest.param("bao-cao.txt", PNG, "mismatch", id="png_named_txt"),
        pytest.param("anh.jpg", PNG, "mismatch", id="png_named_jpg"),
        pytest.param("bao-cao.pdf", FAKE_PDF, "corrupt", id="pdf_without_pages"),
        pytest.param("bao-cao.pdf", PDF[:60], "corrupt", id="truncated_pdf"),
        pytest.param("script.html", b"<script>", "bad_extension", id="html"),
        pytest.param("khong-duoi", PDF, "bad_extension", id="no_extension"),
    ],
)
def test_wrong_types_disguised_by_their_extension_are_refused(name, content, code):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content), allowed={"pdf", "docx", "txt", "jpg"})
    assert _code(exc) == code
    assert exc.value.messages[0][0].isupper()  # a Vietnamese sentence, not an exception name


def test_a_zip_bomb_docx_is_refused_without_inflating_it_all(settings):
    settings.UPLOAD_DOCX_MAX_INFLATED_BYTES = 5 * 1024 * 1024
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\x00" * (50 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(ValidationError, match="giải nén ra quá lớn") as exc:
        validate_upload(SimpleUploadedFile("bom.docx", bomb), allowed={"docx"})
    assert _code(exc) == "zip_bomb"


def test_a_docx_lying_about_its_inflated_size_is_caught_while_inflating(settings):
    settings.UPLOAD_DOCX_MAX_INFLATED_BYTES = 1024 * 1024
    data = bytearray(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"A" * (4 * 1024 * 1024)}))
    # Rewrite the declared (uncompressed) sizes of the big member to look tiny.
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (index := data.find(header, start)) != -1:
            name_len = int.from_bytes(data[index + (26 if header == b"PK\x03\x04" else 28) :][:2], "little")
            name_at = index + (30 if header == b"PK\x03\x04" else 46)
            if data[name_at : name_at + name_len] == b"word/document.xml":
                data[index + offset : index + offset + 4] = (10).to_bytes(4, "little")
            start = index + 4
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("noi-doi.docx", bytes(data)), allowed={"docx"})
    assert _code(exc) in {"zip_bomb", "corrupt"}


@pytest.mark.parametrize("member", ["../../evil", "word/../../evil", "/etc/cron.d/x", "..\\..\\evil.bat", "C:evil"])
def test_path_traversal_inside_a_docx_is_refused(member):
    with pytest.raises(ValidationError, match=re.escape("“zip-slip.docx” chứa đường dẫn không hợp lệ")) as exc:
        validate_upload(SimpleUploadedFile("zip-slip.docx", docx_with_member(member)), allowed={"docx"})
    assert _code(exc) == "unsafe_path"


def test_a_docx_without_its_content_types_part_is_not_a_word_document():
    with pytest.raises(ValidationError, match="không phải Word") as exc:
        validate_upload(SimpleUploadedFile("x.docx", _zip({"word/document.xml": b"<w/>"})), allowed={"docx"})
    assert _code(exc) == "mismatch"


def test_a_password_protected_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError, match="được đặt mật khẩu") as exc:
        validate_upload(SimpleUploadedFile("mat.pdf", out.getvalue()), allowed={"pdf"})
    assert _code(exc) == "encrypted"


def test_images_are_decoded_and_their_pixels_counted(monkeypatch):
    assert validate_upload(SimpleUploadedFile("anh.jpeg", jpeg_bytes()), allowed={"jpg"}).stored_name.endswith(".jpg")
    with pytest.raises(ValidationError, match=re.escape("“anh.png” bị hỏng")) as exc:
        validate_upload(SimpleUploadedFile("anh.png", PNG[:30]), allowed={"png"})
    assert _code(exc) == "corrupt"
    monkeypatch.setattr("cascade.lib.uploads.MAX_IMAGE_PIXELS", 100 * 100)
    with pytest.raises(ValidationError, match="triệu điểm ảnh") as exc:
        validate_upload(SimpleUploadedFile("to.png", png_bytes((101, 100))), allowed={"png"})
    assert _code(exc) == "too_large"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("Hướng dẫn số 111-HD/BTGTW".encode(), id="utf8"),
        pytest.param("\ufeffHướng dẫn".encode("utf-16"), id="utf16_bom"),
        pytest.param(b"Ban Tuy\xean gi\xe1o", id="windows_1258"),
    ],
)
def test_plain_text_in_the_encodings_the_extractor_reads_is_accepted(content):
    assert validate_upload(SimpleUploadedFile("van-ban.txt", content), allowed={"txt"}).content_type == "text/plain"


def test_an_oversized_stream_is_refused_without_a_declared_size(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    stream = io.BytesIO(PDF + b"0" * 2000)
    stream.name = "lon.pdf"
    with pytest.raises(ValidationError, match="quá lớn") as exc:
        validate_upload(stream, allowed={"pdf"})
    assert _code(exc) == "too_large"


def test_stored_files_keep_their_checked_extension_under_a_random_name():
    assert stored_name_for("Ảnh hội nghị.JPEG").endswith(".jpg")
    assert stored_name_for("Báo cáo.pdf") != stored_name_for("Báo cáo.pdf")
    assert content_type_for("documents/2024/05/ab12.pdf") == "application/pdf"
    assert content_type_for("x.html") == "application/octet-stream"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\boot.pdf", "boot.pdf"),
        ("/tmp/bao cao.pdf", "bao cao.pdf"),
        ("bao\x00cao.pdf", "baocao.pdf"),
        ("\u202efdp.exe", "fdp.exe"),
        ("  ..hidden.pdf  ", "hidden.pdf"),
        ("Ba\u0301o ca\u0301o.pdf", "Báo cáo.pdf"),  # NFD → NFC
        ('../../etc/"passwd"\x00', "passwd"),
        ("bao<cao>|?*.pdf", "baocao.pdf"),
    ],
)
def test_client_file_names_are_cleaned_for_display(raw, clean):
    assert clean_name(raw) == clean


def test_a_traversal_name_never_reaches_storage():
    upload = validate_upload(SimpleUploadedFile("../../../etc/passwd.pdf", PDF), allowed={"pdf"})
    assert "/" not in upload.stored_name
    assert ".." not in upload.stored_name
    assert upload.original_name == "passwd.pdf"


def test_a_very_long_name_keeps_its_extension():
    upload = validate_upload(SimpleUploadedFile("a" * 400 + ".pdf", PDF), allowed={"pdf"})
    assert len(upload.original_name) <= 150
    assert upload.original_name.endswith(".pdf")


def test_the_form_field_gives_the_validated_upload_and_vietnamese_errors():
    from django import forms

    class AttachForm(forms.Form):
        file = ValidatedFileField(allowed={"pdf"})

    good = AttachForm(files={"file": SimpleUploadedFile("x.pdf", PDF)})
    assert good.is_valid()
    assert good.cleaned_data["file"].kind == "pdf"
    bad = AttachForm(files={"file": SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 100)})
    assert not bad.is_valid()
    assert bad.errors["file"][0].startswith("Tệp “x.pdf” có đuôi .pdf nhưng nội dung không phải PDF")
    assert 'accept=".pdf,application/pdf"' in str(AttachForm()["file"])


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError, match="Unknown upload kinds"):
        validate_upload(SimpleUploadedFile("x.pdf", PDF), allowed={"exe"})


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(st.text(max_size=40), st.sampled_from(["x.pdf", "x.docx", "x.txt", "x.png", "../x.docx"])),
    content=st.one_of(
        st.binary(max_size=4096),
        st.sampled_from(
            [PDF, PNG, b"PK\x03\x04", _zip({"[Content_Types].xml": b"x", "word/document.xml": b"x"})]
        ).flatmap(lambda head: st.binary(max_size=512).map(lambda tail: head + tail)),
    ),
)
def test_any_bytes_under_any_name_are_accepted_as_what_they_are_or_refused_in_vietnamese(name, content):
    allowed = {"pdf", "docx", "txt", "png"}
    file = io.BytesIO(content)
    file.name = name  # any file object with a name will do (Django refuses some names itself)
    try:
        upload = validate_upload(file, allowed=allowed)
    except ValidationError as exc:
        code = exc.code
        upload = None
    if upload is None:
        assert code in {"empty", "too_large", "bad_extension", "mismatch", "zip_bomb", "corrupt", "unsafe_path"}
        return
    assert upload.kind in allowed
    assert upload.stored_name.endswith("." + KINDS[upload.kind].extensions[0])
    assert "/" not in upload.original_name
    assert "\\" not in upload.original_name
