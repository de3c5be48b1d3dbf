"""A large upload is parsed by a real Celery worker on the Redis broker; the page polls its progress."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cascade.celery import app
from directives.documents.imports import INLINE_PARSE_MAX_BYTES
from directives.models import DocumentImport
from tests.paths import SEEDS

SEED = SEEDS / "001_dongnai_btg_hd_57.txt"


@pytest.fixture
def redis_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def _large_text() -> bytes:
    text = SEED.read_text(encoding="utf-8")
    head, _, tail = text.partition("III. TỔ CHỨC THỰC HIỆN")
    filler = "\n\n".join(f"- Nội dung tuyên truyền bổ sung số {i}: quán triệt sâu rộng." for i in range(2500))
    return (head + filler + "\n\nIII. TỔ CHỨC THỰC HIỆN" + tail).encode("utf-8")


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_parsed_on_the_worker_with_progress(client, staff, redis_worker):
    data = _large_text()
    assert len(data) > INLINE_PARSE_MAX_BYTES
    client.force_login(staff)
    response = client.post(reverse("document_new"), {"file": SimpleUploadedFile("huong-dan.txt", data)})
    assert response.status_code == 302
    doc_import = DocumentImport.objects.get()
    progress_url = reverse("document_import_progress", args=[doc_import.pk])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        doc_import.refresh_from_db()
        if not doc_import.is_pending:
            break
        fragment = client.get(progress_url, headers={"HX-Request": "true"})
        assert 'hx-trigger="every 1s"' in fragment.content.decode()
        time.sleep(0.2)
    assert doc_import.status == DocumentImport.Status.READY, doc_import.error
    assert [t["due"] for t in doc_import.result["tasks"]][-1] == "2023-11-09"
    done = client.get(progress_url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    review = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert "Lưu văn bản" in review
