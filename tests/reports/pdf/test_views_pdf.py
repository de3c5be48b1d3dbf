"""The PDF pages as people use them: who may open what, the leader's form, reuse and numbering."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from reports.models import CompletionReport, OutgoingDocument, RenderedReport
from tests.factories import AssignmentFactory, CompletionReportFactory, OrganizationFactory
from tests.reports.pdf.conftest import read_pdf

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2023, 11, 5, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _pdf_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


# --- a unit's report -------------------------------------------------------------------------


def test_secretary_opens_own_units_report_as_pdf(client, pdf_cascade, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info = read_pdf(_pdf_bytes(response))
    assert "Số 01-BC/HU" in info.text
    assert "Huyện ủy Trảng Bom báo cáo kết quả thực hiện như sau:" in info.text


def test_secretary_cannot_open_sibling_units_report(client, pdf_cascade, secretary_b):
    client.force_login(secretary_b)
    response = client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}))
    assert response.status_code == 404
    assert not OutgoingDocument.objects.exists()


def test_outsider_cannot_open_a_units_report(client, pdf_cascade, outsider):
    client.force_login(outsider)
    assert client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk})).status_code == 404


def test_leader_whose_scope_covers_the_unit_opens_its_report(client, pdf_cascade, leader):
    client.force_login(leader)
    assert client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_commune.pk})).status_code == 200


def test_a_draft_is_not_an_official_document(client, pdf_cascade, secretary_a):
    draft = CompletionReportFactory(assignment=pdf_cascade.assignments["district_b"], status="draft")
    client.force_login(secretary_a)
    assert client.get(reverse("report_pdf", kwargs={"pk": draft.pk})).status_code == 404


def test_opening_the_same_report_twice_keeps_one_number(client, pdf_cascade, secretary_a):
    client.force_login(secretary_a)
    url = reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk})
    client.get(url)
    client.get(url)
    assert OutgoingDocument.objects.filter(organization=pdf_cascade.tree.district_a).count() == 1
    assert RenderedReport.objects.filter(kind="unit").count() == 1


def test_anonymous_users_are_sent_to_login(client, pdf_cascade):
    response = client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the aggregated report -------------------------------------------------------------------


def _aggregate_url(cascade, unit=None):
    url = reverse("aggregate_report", kwargs={"document_id": cascade.directive.pk})
    return f"{url}?don-vi={unit.pk}" if unit else url


def _form(**overrides):
    data = {
        "narrative": "Các cấp ủy đã triển khai nghiêm túc.\nMột số đơn vị còn chậm.",
        "recipients": "Ban Tuyên giáo Trung ương (để báo cáo)\nLưu Văn phòng",
        "capacity": "T/M",
        "capacity_body": "BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer_name": "Nguyễn Văn Lãnh",
    }
    data.update(overrides)
    return data


def test_leader_sees_the_narrative_prefilled_from_the_figures(client, pdf_cascade, leader):
    client.force_login(leader)
    response = client.get(_aggregate_url(pdf_cascade))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Đến ngày 05/11/2023, có 5 đơn vị trực thuộc được giao triển khai" in body
    assert "Tỉnh ủy Đồng Nai" in body  # the leader's own unit by default (the issuer is above them)


def test_secretary_cannot_open_the_aggregate_report(client, pdf_cascade, secretary_a):
    client.force_login(secretary_a)
    assert client.get(_aggregate_url(pdf_cascade, pdf_cascade.tree.district_a)).status_code == 404


def test_outsider_cannot_open_the_aggregate_report(client, pdf_cascade, outsider):
    client.force_login(outsider)
    assert client.get(_aggregate_url(pdf_cascade)).status_code == 404
    assert client.get(_aggregate_url(pdf_cascade, pdf_cascade.tree.province)).status_code == 404


def test_form_errors_keep_everything_typed_and_issue_nothing(client, pdf_cascade, leader):
    client.force_login(leader)
    typed = _form(narrative="", capacity="K/T", capacity_body="", signer_name="Trần Thị Bích Ngọc")
    typed["recipients"] = "Ban Tuyên giáo Trung ương (để báo cáo)\nThường trực Tỉnh ủy\nLưu Văn phòng"
    response = client.post(_aggregate_url(pdf_cascade), typed)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Hãy viết phần nhận định trước khi tạo báo cáo." in body
    assert "Với T/M, K/T, T/L, T/UQ hãy ghi tập thể hoặc người đứng đầu được thay." in body
    assert "Trần Thị Bích Ngọc" in body
    assert "Thường trực Tỉnh ủy\nLưu Văn phòng" in body
    assert not RenderedReport.objects.exists()
    assert not OutgoingDocument.objects.exists()


def test_posting_issues_a_numbered_report_and_reuses_it_until_the_data_changes(client, pdf_cascade, leader):
    client.force_login(leader)
    first = client.post(_aggregate_url(pdf_cascade), _form())
    assert first.status_code == 302
    render = RenderedReport.objects.get()
    assert render.status == "done"
    assert render.outgoing.symbol == "01-BC/TU"
    page = client.get(first["Location"])
    assert "Mở tệp PDF" in page.content.decode()
    pdf = read_pdf(_pdf_bytes(client.get(reverse("pdf_render_download", kwargs={"pk": render.pk}))))
    assert "Một số đơn vị còn chậm." in pdf.text
    assert "T/M BAN THƯỜNG VỤ" in pdf.text

    again = client.post(_aggregate_url(pdf_cascade), _form())
    assert again["Location"] == first["Location"]  # same data: the stored PDF, no new number

    client.post(_aggregate_url(pdf_cascade), _form(narrative="Đã sửa nhận định."))
    numbers = sorted(OutgoingDocument.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


def test_outsider_cannot_open_someone_elses_render(client, pdf_cascade, leader, outsider):
    client.force_login(leader)
    client.post(_aggregate_url(pdf_cascade), _form())
    render = RenderedReport.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("pdf_render_status", kwargs={"pk": render.pk})).status_code == 404
    assert client.get(reverse("pdf_render_download", kwargs={"pk": render.pk})).status_code == 404


def test_secretary_cannot_download_an_aggregate_of_their_own_unit(client, pdf_cascade, leader, secretary_a):
    client.force_login(leader)
    client.post(_aggregate_url(pdf_cascade, pdf_cascade.tree.district_a), _form())
    render = RenderedReport.objects.get(unit=pdf_cascade.tree.district_a)
    client.force_login(secretary_a)
    assert client.get(reverse("pdf_render_download", kwargs={"pk": render.pk})).status_code == 404


def test_aggregate_page_queries_do_not_grow_with_the_units(client, pdf_cascade, leader, django_assert_num_queries):
    client.force_login(leader)
    with django_assert_num_queries(16):  # the calendar overrides (for "due soon") included
        client.get(_aggregate_url(pdf_cascade))
    district = pdf_cascade.tree.district_b
    for i in range(10):
        cell = OrganizationFactory(parent=district, name=f"Chi bộ khu phố {i}", code=f"kp-{i}", level=4)
        district.refresh_from_db()
        AssignmentFactory(task=pdf_cascade.task, unit=cell, directive=pdf_cascade.directive)
    with django_assert_num_queries(16):
        response = client.get(_aggregate_url(pdf_cascade))
    assert "có 15 đơn vị trực thuộc" in response.content.decode()


# --- the dashboard print ---------------------------------------------------------------------


def test_leader_prints_the_dashboard(client, pdf_cascade, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard_pdf", kwargs={"document_id": pdf_cascade.directive.pk}))
    assert response.status_code == 200
    info = read_pdf(_pdf_bytes(response))
    assert "TÌNH HÌNH TRIỂN KHAI THỰC HIỆN" in info.text
    assert not OutgoingDocument.objects.exists()  # a print, not an issued document


def test_secretary_cannot_print_the_dashboard(client, pdf_cascade, secretary_a):
    client.force_login(secretary_a)
    url = reverse("dashboard_pdf", kwargs={"document_id": pdf_cascade.directive.pk})
    assert client.get(f"{url}?don-vi={pdf_cascade.tree.district_a.pk}").status_code == 404


# --- the index -------------------------------------------------------------------------------


def test_index_lists_directives_and_submitted_reports(client, pdf_cascade, leader, django_assert_num_queries):
    client.force_login(leader)
    with django_assert_num_queries(7):
        response = client.get(reverse("pdf_index"))
    body = response.content.decode()
    assert "57-KL/TW" in body
    assert reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}) in body


def test_index_shows_a_secretary_only_their_units_reports(client, pdf_cascade, secretary_b):
    client.force_login(secretary_b)
    body = client.get(reverse("pdf_index")).content.decode()
    assert reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}) not in body
    assert "Lập báo cáo tổng hợp" not in body
    assert CompletionReport.objects.count() == 3


def test_a_failed_render_says_so_and_the_next_try_renders_it(client, pdf_cascade, secretary_a, monkeypatch):
    import reports.pdf.services as services

    real = services.render_pdf

    def broken(**kwargs):
        raise OSError("Pango is not installed")

    monkeypatch.setattr(services, "render_pdf", broken)
    client.force_login(secretary_a)
    url = reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk})
    response = client.get(url, follow=True)
    assert "Không tạo được tệp PDF" in response.content.decode()
    render = RenderedReport.objects.get()
    assert render.status == "failed"
    assert "Pango is not installed" in render.error

    monkeypatch.setattr(services, "render_pdf", real)
    again = client.get(url)
    assert again["Content-Type"] == "application/pdf"
    assert OutgoingDocument.objects.count() == 1  # the retry keeps the number it was given


# --- rate limits -----------------------------------------------------------------------------


def test_rendering_is_rate_limited_per_person_with_a_vietnamese_429(client, pdf_cascade, leader, secretary_a):
    """PDFs cost a worker seconds: an eleventh aggregate request in a minute is refused, and a
    thirty-first unit report, while another person is not affected."""
    from reports.pdf.views import PDF_RATE, RENDER_RATE

    client.force_login(leader)
    render_limit, pdf_limit = int(RENDER_RATE.split("/")[0]), int(PDF_RATE.split("/")[0])
    statuses = [client.post(_aggregate_url(pdf_cascade), _form(narrative="")).status_code for _ in range(render_limit)]
    assert set(statuses) == {400}, "within the limit the form answers as usual"
    refused = client.post(_aggregate_url(pdf_cascade), _form(narrative=""))
    assert refused.status_code == 429
    assert "thao tác quá nhanh" in refused.content.decode()
    assert client.get(_aggregate_url(pdf_cascade)).status_code == 200, "only POSTs render, only they count"

    client.force_login(secretary_a)
    url = reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk})
    assert {client.get(url).status_code for _ in range(pdf_limit)} == {200}
    assert client.get(url).status_code == 429


def test_with_redis_down_the_pdf_is_served_without_a_limit(client, settings, pdf_cascade, secretary_a):
    """The rate-limit counters live in Redis; an outage skips the limit rather than break the page."""
    settings.CACHES = {
        alias: {**config, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        for alias, config in settings.CACHES.items()
    }
    client.force_login(secretary_a)
    response = client.get(reverse("report_pdf", kwargs={"pk": pdf_cascade.report_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
