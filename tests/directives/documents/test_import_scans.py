"""Scans on the logging flow: OCR on a real worker with per-page progress, page images beside the
review form (for the importer only), unsure fields marked, and scans found by document search."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cascade.celery import app
from cascade.lib.uploads import validate_upload
from directives.documents.imports import SOURCE_KINDS, document_import_create, document_import_process
from directives.models import Document, DocumentImport
from tests.directives.documents.test_views_logging import _form_data
from tests.directives.ingest.scans import DONG_NAI, scanned_pdf


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def redis_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_scan_is_ocrd_on_the_worker_page_by_page_then_logged_and_found(client, staff, outsider, media, redis_worker):
    client.force_login(staff)
    upload = SimpleUploadedFile("18-HD-BTGTU.pdf", scanned_pdf(lines=DONG_NAI), content_type="application/pdf")
    response = client.post(reverse("document_new"), {"file": upload})
    assert response.status_code == 302
    doc_import = DocumentImport.objects.get()
    progress_url = reverse("document_import_progress", args=[doc_import.pk])
    seen: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        fragment = client.get(progress_url, headers={"HX-Request": "true"})
        seen.append(fragment.content.decode())
        if fragment.has_header("HX-Refresh"):
            break
        time.sleep(0.2)
    doc_import.refresh_from_db()
    assert doc_import.status == DocumentImport.Status.READY, doc_import.error
    assert any("Đã nhận dạng 0/1 trang" in html for html in seen)  # the page said where OCR was
    assert (doc_import.pages_done, doc_import.pages_total, doc_import.source_kind) == (1, 1, "pdf-ocr")
    assert doc_import.result["number"] == "18-HD/BTGTU"

    review = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    image_url = reverse("document_import_page", args=[doc_import.pk, 1])
    assert f'src="{image_url}"' in review
    assert "nhận dạng chữ (OCR), 1 trang" in review
    image = client.get(image_url)
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(image.streaming_content).startswith(b"\xff\xd8")

    data = _form_data(review)
    data["action"] = "save"
    assert client.post(reverse("document_import", args=[doc_import.pk]), data).status_code == 302
    document = Document.objects.get(number="18-HD/BTGTU")
    assert document.searchable_file
    detail = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    assert "Bản quét có lớp chữ (PDF)" in detail
    found = client.get(reverse("document_list"), {"q": "huyen uy bao cao ket qua"}).content.decode()
    assert reverse("document_detail", args=[document.pk]) in found
    layer = client.get(reverse("document_source", args=[document.pk]), {"ban": "co-chu"})
    assert b"".join(layer.streaming_content).startswith(b"%PDF")

    client.force_login(outsider)  # the page images are the importer's alone
    assert client.get(image_url).status_code == 404
    assert client.get(reverse("document_import_searchable", args=[doc_import.pk])).status_code == 404


@pytest.mark.slow
@pytest.mark.django_db
def test_an_unreadable_scan_still_reaches_the_review_form_beside_its_page_image(client, staff, media):
    upload = validate_upload(SimpleUploadedFile("trang-trang.pdf", scanned_pdf(blank=True)), allowed=SOURCE_KINDS)
    doc_import = document_import_create(user=staff, upload=upload)
    document_import_process(import_id=doc_import.pk, reference_date=timezone.localdate())
    doc_import.refresh_from_db()
    assert doc_import.status == DocumentImport.Status.READY
    client.force_login(staff)
    review = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert 'id="review-form"' in review
    assert reverse("document_import_page", args=[doc_import.pk, 1]) in review
    assert "hãy nhập các trường theo ảnh trang" in review
    assert Document.objects.count() == 0  # nothing saved until the staff press Lưu


@pytest.mark.django_db
def test_a_field_read_from_unsure_words_is_marked_for_checking(client, staff):
    text = "Số: 2 #ˆ /CT-UBND\nCHỦ TỊCH\nTrần Ngọc Căng"
    doc_import = DocumentImport.objects.create(
        created_by=staff,
        filename="101.pdf",
        text=text,
        status=DocumentImport.Status.READY,
        source_kind="pdf-ocr",
        result={"number": "2/CT-UBND"},
        spans=[["number", 0, 17], ["signer", 27, 41]],
        ocr_words=[[0, 3, 95, 1], [4, 5, 41, 1], [6, 8, 12, 1], [9, 17, 88, 1], [27, 31, 93, 1], [32, 41, 90, 1]],
    )
    client.force_login(staff)
    review = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert review.count("Chữ đọc chưa chắc chắn — kiểm tra với ảnh trang") == 1
    number_field = review[review.index('name="doc-number"') :]
    assert number_field.index("Chữ đọc chưa chắc chắn") < number_field.index('name="doc-doc_type"')


@pytest.mark.django_db
def test_a_photo_upload_is_accepted_and_sent_to_ocr_not_parsed_in_the_request(client, staff, media):
    from tests.directives.ingest.scans import photo_jpeg

    client.force_login(staff)
    upload = SimpleUploadedFile("anh-chup.jpg", photo_jpeg(), content_type="image/jpeg")
    response = client.post(reverse("document_new"), {"file": upload})
    assert response.status_code == 302
    doc_import = DocumentImport.objects.get()
    assert (doc_import.content_type, doc_import.status) == ("image/jpeg", DocumentImport.Status.QUEUED)
    fake = SimpleUploadedFile("anh.jpg", b"not a photo", content_type="image/jpeg")
    refused = client.post(reverse("document_new"), {"file": fake}).content.decode()
    assert "nhưng nội dung không phải ảnh JPEG" in refused
