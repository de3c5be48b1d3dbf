"""A large report renders on a real Celery worker (Redis broker) with progress, then downloads."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import reverse

from cascade.celery import app
from reports.models import RenderedReport
from tests.reports.pdf.conftest import read_pdf
from tests.reports.pdf.test_views_pdf import _aggregate_url, _form


@pytest.fixture
def redis_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_large_report_renders_on_the_worker_with_progress(client, settings, pdf_cascade, leader, redis_worker):
    settings.PDF_SYNC_MAX_ROWS = 2  # anything above two table rows counts as large here
    client.force_login(leader)

    response = client.post(_aggregate_url(pdf_cascade), _form())
    assert response.status_code == 302
    status_url = response["Location"]
    render = RenderedReport.objects.get()
    assert status_url == reverse("pdf_render_status", kwargs={"pk": render.pk})

    first = client.get(status_url)
    assert first.status_code == 200
    assert "Mở tệp PDF" in first.content.decode() or 'role="progressbar"' in first.content.decode()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.status in ("done", "failed"):
            break
        time.sleep(0.3)
    assert render.status == "done", render.error
    assert render.progress == 100
    assert render.pages >= 2

    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment  # htmx gets the fragment it swaps in
    assert reverse("pdf_render_download", kwargs={"pk": render.pk}) in fragment
    download = client.get(reverse("pdf_render_download", kwargs={"pk": render.pk}))
    info = read_pdf(b"".join(download.streaming_content))
    assert "Số 01-BC/TU" in info.text


@pytest.mark.django_db(transaction=True)
def test_a_render_claimed_twice_runs_once(pdf_cascade):
    from reports.pdf.requests import dashboard_request
    from reports.pdf.services import render_run
    from tests.reports.pdf.conftest import SOON, TODAY

    claim = dashboard_request(
        directive=pdf_cascade.directive,
        unit=pdf_cascade.tree.province,
        today=TODAY,
        due_soon_until=SOON,
        requested_by=None,
    )
    RenderedReport.objects.filter(pk=claim.render.pk).update(status=RenderedReport.Status.RENDERING)
    untouched = render_run(render_id=claim.render.pk)  # another worker holds it: nothing happens
    assert untouched.status == RenderedReport.Status.RENDERING
    assert not untouched.file
