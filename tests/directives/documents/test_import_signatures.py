"""A digitally signed PDF on the logging flow: its signature shown on the review page and, once
logged, on the document page; a tampered copy shown as changed; the chain "hợp lệ" only with roots."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from cascade.lib.uploads import validate_upload
from directives.documents.imports import SOURCE_KINDS, document_import_create, document_import_process
from directives.models import Document, DocumentImport
from tests.directives.documents.test_views_logging import _form_data
from tests.directives.ingest.scans import DONG_NAI
from tests.directives.ingest.signing import Pki, make_pki, sign_pdf, tamper

SIGNED_BY = "Đã ký số bởi Nguyễn Văn An (Ủy ban nhân dân tỉnh Đồng Nai) lúc "
BODY = (
    "Để kịp thời tuyên truyền Kết luận, Ban Tuyên giáo Tỉnh ủy đề nghị các huyện ủy, thành ủy chỉ đạo"
    " các cơ quan báo chí, đội ngũ báo cáo viên và tuyên truyền viên các cấp tổ chức quán triệt sâu rộng"
    " nội dung của Kết luận đến cán bộ, đảng viên và các tầng lớp nhân dân trên địa bàn tỉnh."
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def signed_guidance(pki: Pki) -> bytes:
    """The Đồng Nai guidance as a PDF with a real text layer, signed."""
    lines = [text for _style, text in DONG_NAI]
    paragraphs = [*lines[:6], BODY, *lines[6:]]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return sign_pdf(HTML(string=f"<html lang='vi'><body>{body}</body></html>").write_pdf(), pki)


def _review(client, staff, data: bytes) -> tuple[DocumentImport, str]:
    upload = validate_upload(SimpleUploadedFile("18-HD-BTGTU.pdf", data), allowed=SOURCE_KINDS)
    doc_import = document_import_create(user=staff, upload=upload)
    document_import_process(import_id=doc_import.pk, reference_date=timezone.localdate())
    doc_import.refresh_from_db()
    assert doc_import.status == DocumentImport.Status.READY, doc_import.error
    client.force_login(staff)
    return doc_import, client.get(reverse("document_import", args=[doc_import.pk])).content.decode()


@pytest.mark.django_db
def test_the_review_and_document_pages_show_who_signed_and_that_nothing_changed(client, staff, media, signed_guidance):
    doc_import, review = _review(client, staff, signed_guidance)
    assert doc_import.source_kind == "pdf"  # read from its text layer, not OCR'd
    assert doc_import.result["number"] == "18-HD/BTGTU"
    assert SIGNED_BY in review
    assert "nội dung toàn vẹn; chưa kiểm tra chuỗi chứng thư." in review
    assert "chứng thư hợp lệ" not in review

    data = _form_data(review)
    data["action"] = "save"
    assert client.post(reverse("document_import", args=[doc_import.pk]), data).status_code == 302
    document = Document.objects.get(number="18-HD/BTGTU")
    detail = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    assert SIGNED_BY in detail
    assert "nội dung toàn vẹn; chưa kiểm tra chuỗi chứng thư." in detail


@pytest.mark.django_db
def test_a_copy_with_one_byte_changed_is_shown_as_changed_after_signing(client, staff, media, signed_guidance):
    _doc_import, review = _review(client, staff, tamper(signed_guidance))
    assert SIGNED_BY in review
    assert "nội dung đã bị thay đổi sau khi ký" in review
    assert "nội dung toàn vẹn" not in review


@pytest.mark.django_db
def test_with_the_deployments_trust_root_the_certificate_is_valid(
    client, staff, media, settings, tmp_path, pki, signed_guidance
):
    settings.SIGNATURE_TRUST_ROOTS = str(pki.write_ca(tmp_path))
    _doc_import, review = _review(client, staff, signed_guidance)
    assert "nội dung toàn vẹn; chứng thư hợp lệ." in review
