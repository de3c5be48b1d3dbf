"""file_download: stored files go out sandboxed, unsniffable, uncached, with a clean name."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from cascade.lib.downloads import file_download
from reports.models import Attachment
from tests.factories import CompletionReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(content: bytes, name: str, stored_as: str = "x.bin") -> Attachment:
        attachment = Attachment(report=CompletionReportFactory(), original_name=name, content_type="", size=0)
        attachment.file.save(stored_as, ContentFile(content), save=False)
        attachment.save()
        return attachment

    return make


def test_a_pdf_is_shown_inline_in_a_sandbox(stored):
    attachment = stored(b"%PDF-1.4", "Báo cáo.pdf")
    response = file_download(attachment.file, filename="Báo cáo.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_anything_else_is_downloaded_never_rendered(stored):
    attachment = stored(b"<script>alert(1)</script>", "../../bad.html")
    response = file_download(attachment.file, filename="../../bad.html", content_type="text/html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="bad.html"' in response["Content-Disposition"]


def test_a_missing_file_is_a_404(stored):
    attachment = stored(b"x", "x.pdf")
    attachment.file.delete(save=False)
    attachment.file.name = "reports/khong-con.pdf"
    with pytest.raises(Http404):
        file_download(attachment.file, filename="x.pdf", content_type="application/pdf")


def test_a_vietnamese_name_is_offered_in_ascii_and_exactly_per_rfc_6266(stored):
    attachment = stored(b"%PDF-1.4", "Báo cáo Đảng ủy.pdf")
    response = file_download(attachment.file, filename="Báo cáo Đảng ủy.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == (
        'inline; filename="Bao cao Dang uy.pdf"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%90%E1%BA%A3ng%20%E1%BB%A7y.pdf"
    )


def test_quotes_and_paths_cannot_break_out_of_the_header(stored):
    attachment = stored(b"x", "x")
    response = file_download(attachment.file, filename='a"; filename=evil.html\r\nX: y', content_type="text/plain")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="a; filename=evil.html')
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert disposition.count('"') == 2


def test_without_a_type_the_stored_extension_decides(stored):
    attachment = stored(b"%PDF-1.4", "x.pdf", stored_as="0f3a.pdf")
    assert file_download(attachment.file, filename="x.pdf")["Content-Type"] == "application/pdf"
    other = stored(b"MZ", "x.exe", stored_as="0f3b.exe")
    assert file_download(other.file, filename="x.exe")["Content-Type"] == "application/octet-stream"
