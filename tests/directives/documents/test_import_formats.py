"""Nhập văn bản with a Word 97 .doc, an .odt and a TCVN3 .txt: read, parsed, and the conversion said."""

from __future__ import annotations

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cascade.lib.uploads import validate_upload
from directives.documents.imports import SOURCE_KINDS
from directives.models import DocumentImport
from tests.directives.ingest import formats

pytestmark = pytest.mark.django_db
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")


def _upload(client, name: str, data: bytes, content_type: str) -> DocumentImport:
    response = client.post(reverse("document_new"), {"file": SimpleUploadedFile(name, data, content_type=content_type)})
    assert response.status_code == 302, response.content[:800]
    return DocumentImport.objects.latest("pk")


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        pytest.param("huong-dan.doc", formats.doc_file, "application/msword", marks=needs_antiword, id="doc"),
        pytest.param("huong-dan.odt", formats.odt_file, "application/vnd.oasis.opendocument.text", id="odt"),
    ],
)
def test_a_doc_or_odt_upload_reaches_the_review_form_filled_in(client, staff, tree, name, build, content_type):
    client.force_login(staff)
    doc_import = _upload(client, name, build(), content_type)
    assert doc_import.status == DocumentImport.Status.READY
    assert doc_import.source_kind == name.rsplit(".", 1)[1]
    assert doc_import.result["number"] == "215/UBND-VX"
    assert doc_import.result["date"] == "2024-03-12"
    html = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert "215/UBND-VX" in html
    assert "Nguyễn Văn Hùng" in html


def test_a_tcvn3_text_upload_is_converted_and_the_review_page_says_so(client, staff, tree):
    client.force_login(staff)
    doc_import = _upload(client, "huong-dan.txt", formats.tcvn3_txt(), "text/plain")
    assert doc_import.status == DocumentImport.Status.READY
    assert doc_import.result["signer"]["name"] == "Nguyễn Văn Hùng"
    html = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert "Văn bản được chuyển từ mã TCVN3 (ABC) sang Unicode" in html
    assert "Tuyên truyền người dân chủ động phòng" in html  # the text, in Unicode


def test_a_zip_named_odt_that_is_not_a_text_document_is_refused(client, staff):
    client.force_login(staff)
    sheet = formats.odt_archive("<x/>", mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    response = client.post(reverse("document_new"), {"file": SimpleUploadedFile("bang.odt", sheet)})
    assert response.status_code == 200
    assert "không phải OpenDocument (.odt)" in response.content.decode()
    assert not DocumentImport.objects.exists()


def test_a_doc_must_be_an_ole2_file():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("cu.doc", formats.docx_file()), allowed=SOURCE_KINDS)
    assert caught.value.code == "mismatch"
    assert validate_upload(SimpleUploadedFile("cu.doc", formats.doc_file()), allowed=SOURCE_KINDS).kind == "doc"
