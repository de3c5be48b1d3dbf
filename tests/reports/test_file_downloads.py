"""Every stored file leaves through `cascade.lib.downloads.file_download`: a document's original,
a report's evidence and a generated PDF all carry the same strict headers and an RFC 6266 name."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cascade.lib.uploads import stored_name_for, validate_upload
from directives.models import DocumentImport
from reports.completion.evidence import EVIDENCE_KINDS
from reports.completion.services import ReportData, report_save_draft, report_submit
from reports.models import RenderedReport
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

STRICT = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _logged_original(document, user, name: str):
    """What "Nhập văn bản" leaves behind: the file under a random name, the uploaded name on the import."""
    document.source_file.save(stored_name_for(name), ContentFile(pdf_bytes()), save=True)
    DocumentImport.objects.create(
        created_by=user, filename=name, status=DocumentImport.Status.LOGGED, document=document, size=1
    )


def _submitted_with_evidence(assignment, user, name: str):
    evidence = validate_upload(SimpleUploadedFile(name, pdf_bytes(2)), allowed=EVIDENCE_KINDS)
    data = ReportData(deployment="Đã triển khai.", results="Đã quán triệt.")
    draft = report_save_draft(assignment=assignment, user=user, data=data, base_lock=None, uploads=[evidence])
    return report_submit(
        assignment=assignment, submitted_by=user, data=data, base_lock=draft.lock_version, token=uuid.uuid4()
    ).report


def test_the_three_file_downloads_send_the_same_strict_headers(client, cascade, secretary_a, staff):
    _logged_original(cascade.document, staff, "Hướng dẫn 18-HD.pdf")
    report = _submitted_with_evidence(cascade.mine, secretary_a, "Biên bản hội nghị.pdf")
    client.force_login(secretary_a)

    original = client.get(reverse("document_source", args=[cascade.document.pk]))
    evidence = client.get(reverse("attachment_download", args=[report.pk, report.attachments.get().pk]))
    unit_pdf = client.get(reverse("report_pdf", args=[report.pk]))
    stored_pdf = client.get(reverse("pdf_render_download", args=[RenderedReport.objects.get().pk]))

    responses = {"original": original, "evidence": evidence, "unit_pdf": unit_pdf, "stored_pdf": stored_pdf}
    for label, response in responses.items():
        assert response.status_code == 200, label
        assert {header: response.get(header) for header in STRICT} == STRICT, label
        assert response["Content-Type"] == "application/pdf", label
        assert response["Content-Disposition"].startswith('inline; filename="'), label
        assert b"".join(response.streaming_content).startswith(b"%PDF-"), label
    # The name people uploaded, in ASCII for old clients and exactly (RFC 5987) for the others.
    assert original["Content-Disposition"] == (
        "inline; filename=\"Huong dan 18-HD.pdf\"; filename*=UTF-8''H%C6%B0%E1%BB%9Bng%20d%E1%BA%ABn%2018-HD.pdf"
    )
    assert 'filename="Bien ban hoi nghi.pdf"' in evidence["Content-Disposition"]
    assert evidence["X-Checksum-SHA256"] == report.attachments.get().sha256
    assert unit_pdf["Content-Disposition"] == stored_pdf["Content-Disposition"]


def test_an_original_that_is_not_a_pdf_or_image_is_downloaded_never_shown(client, cascade, secretary_a, staff):
    cascade.document.source_file.save(stored_name_for("huong-dan.txt"), ContentFile(b"<script>x</script>"), save=True)
    client.force_login(secretary_a)
    response = client.get(reverse("document_source", args=[cascade.document.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert {header: response.get(header) for header in STRICT} == STRICT


def test_a_file_gone_from_storage_is_a_404_not_a_crash(client, cascade, secretary_a):
    report = _submitted_with_evidence(cascade.mine, secretary_a, "bien-ban.pdf")
    attachment = report.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(secretary_a)
    assert client.get(reverse("attachment_download", args=[report.pk, attachment.pk])).status_code == 404
