"""Every permission edge of the report side, read as sentences. Outside one's scope a page is a
404 — exactly like an id that does not exist — so guessing ids in URLs reveals nothing."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cascade.lib.uploads import validate_upload
from reports.completion.evidence import EVIDENCE_KINDS
from reports.completion.services import ReportData, report_save_draft, report_submit
from reports.models import CompletionReport
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

FULL = ReportData(deployment="Đã triển khai.", results="Đã quán triệt.")


def sent_report(assignment, user, *, with_file=True):
    uploads = [validate_upload(SimpleUploadedFile("bien-ban.pdf", pdf_bytes()), allowed=EVIDENCE_KINDS)]
    uploads = uploads if with_file else []
    draft = report_save_draft(assignment=assignment, user=user, data=FULL, base_lock=None, uploads=uploads)
    return report_submit(
        assignment=assignment, submitted_by=user, data=FULL, base_lock=draft.lock_version, token=uuid.uuid4()
    ).report


def draft_report(assignment, user):
    upload = validate_upload(SimpleUploadedFile("nhap.pdf", pdf_bytes(2)), allowed=EVIDENCE_KINDS)
    return report_save_draft(assignment=assignment, user=user, data=FULL, base_lock=None, uploads=[upload])


def unit_urls(assignment):
    return [
        ("get", reverse("assignment_detail", args=[assignment.pk])),
        ("get", reverse("assignment_document", args=[assignment.pk])),
        ("get", reverse("report_edit", args=[assignment.pk])),
        ("post", reverse("report_edit", args=[assignment.pk])),
        ("post", reverse("report_nothing_arose", args=[assignment.pk])),
    ]


def report_urls(report):
    attachment = report.attachments.first()
    return [
        ("get", reverse("report_detail", args=[report.pk])),
        ("post", reverse("report_review", args=[report.pk])),
        ("get", reverse("attachment_download", args=[report.pk, attachment.pk])),
    ]


def call(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(
        url,
        {"form_token": str(uuid.uuid4()), "deployment": "x", "results": "y", "action": "submit", "decision": "accept"},
    )


def test_a_secretary_cannot_see_or_submit_for_a_sibling_unit(client, cascade, secretary_a, secretary_b):
    report = sent_report(cascade.sibling, secretary_b)
    client.force_login(secretary_a)
    for method, url in [*unit_urls(cascade.sibling), *report_urls(report)]:
        assert call(client, method, url).status_code == 404, url
    assert CompletionReport.objects.filter(assignment=cascade.sibling).count() == 1
    listed = [r["assignment"] for r in client.get(reverse("assignment_list")).context["rows"]]
    assert cascade.sibling not in listed


def test_a_secretary_cannot_reach_the_units_below_by_guessing_ids(client, cascade, secretary_a):
    client.force_login(secretary_a)
    for method, url in unit_urls(cascade.commune):
        assert call(client, method, url).status_code == 404, url


def test_an_outsider_sees_nothing(client, cascade, secretary_b, outsider):
    report = sent_report(cascade.sibling, secretary_b)
    client.force_login(outsider)
    for method, url in [*unit_urls(cascade.sibling), *report_urls(report)]:
        assert call(client, method, url).status_code == 404, url
    assert client.get(reverse("issued_task_detail", args=[cascade.task.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, cascade, secretary_b):
    report = sent_report(cascade.sibling, secretary_b)
    urls = [
        *unit_urls(cascade.sibling),
        *report_urls(report),
        ("get", reverse("assignment_list")),
        ("get", reverse("issued_task_list")),
        ("get", reverse("issued_task_detail", args=[cascade.task.pk])),
    ]
    for method, url in urls:
        response = call(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_a_secretary_cannot_review_their_own_units_report(client, cascade, secretary_a):
    report = sent_report(cascade.mine, secretary_a)
    client.force_login(secretary_a)
    assert client.get(reverse("report_detail", args=[report.pk])).context["review_form"] is None
    response = client.post(reverse("report_review", args=[report.pk]), {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_reviewer_only_reviews_reports_addressed_to_their_unit(client, cascade, secretary_a, district_staff, tree):
    """District staff review the commune's report (sent to the district), not the district's own
    report (sent to the provincial board) — though they may prepare that one."""
    from tests.factories import MembershipFactory, UserFactory

    commune_secretary = UserFactory(username="thuky_xa")
    MembershipFactory(user=commune_secretary, organization=tree.commune_a, role="secretary")
    commune_report = sent_report(cascade.commune, commune_secretary)
    district_report = sent_report(cascade.mine, secretary_a)
    client.force_login(district_staff)
    assert client.post(reverse("report_review", args=[district_report.pk]), {"decision": "accept"}).status_code == 403
    response = client.post(reverse("report_review", args=[commune_report.pk]), {"decision": "accept"})
    assert response.status_code == 302
    commune_report.refresh_from_db()
    district_report.refresh_from_db()
    assert (commune_report.status, district_report.status) == ("accepted", "submitted")


def test_a_reviewer_cannot_read_a_units_draft_or_its_files(client, cascade, secretary_a, board_staff):
    draft = draft_report(cascade.mine, secretary_a)
    client.force_login(board_staff)
    assert client.get(reverse("report_detail", args=[draft.pk])).status_code == 404
    download = reverse("attachment_download", args=[draft.pk, draft.attachments.get().pk])
    assert client.get(download).status_code == 404
    page = client.get(reverse("assignment_detail", args=[cascade.mine.pk]))
    assert page.status_code == 200
    assert page.context["versions"] == []
    assert client.get(reverse("report_edit", args=[cascade.mine.pk])).status_code == 404


def test_an_attachment_id_from_another_report_is_not_served(client, cascade, secretary_a, secretary_b):
    mine = sent_report(cascade.mine, secretary_a)
    theirs = sent_report(cascade.sibling, secretary_b)
    client.force_login(secretary_a)
    url = reverse("attachment_download", args=[mine.pk, theirs.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_pdf_evidence_opens_in_the_browser_sandboxed_with_its_hash(client, cascade, secretary_a, board_staff):
    report = sent_report(cascade.mine, secretary_a)
    attachment = report.attachments.get()
    client.force_login(board_staff)
    response = client.get(reverse("attachment_download", args=[report.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bien-ban.pdf"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Checksum-SHA256"] == attachment.sha256
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_uploads_live_outside_the_web_root(settings, cascade, secretary_a):
    report = sent_report(cascade.mine, secretary_a)
    path = report.attachments.get().file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert settings.MEDIA_URL in (None, "")
    assert not path.endswith("bien-ban.pdf")  # stored under a random name, never the uploader's


def test_the_province_leader_may_prepare_for_a_district(client, cascade, leader):
    client.force_login(leader)
    assert client.get(reverse("report_edit", args=[cascade.mine.pk])).status_code == 200


def test_the_python_check_and_the_sql_filter_agree_for_every_persona(
    cascade, leader, staff, secretary_a, secretary_b, outsider, board_staff, district_staff
):
    from directives.access import scope_for
    from directives.models import Assignment
    from reports.completion.permissions import visible_assignment_q
    from reports.completion.selectors import assignment_for

    for user in (leader, staff, secretary_a, secretary_b, outsider, board_staff, district_staff):
        scope = scope_for(user)
        for assignment in (cascade.mine, cascade.sibling, cascade.commune):
            in_sql = Assignment.objects.filter(visible_assignment_q(scope), pk=assignment.pk).exists()
            assert (assignment_for(scope=scope, pk=assignment.pk) is not None) == in_sql, (user, assignment)
