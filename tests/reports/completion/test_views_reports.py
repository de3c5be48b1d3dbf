from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from directives.models import Notification
from reports.completion.services import ReportData, report_return, report_save_draft, report_submit
from tests.factories import AssignmentFactory, OrganizationFactory
from tests.reports.conftest import DUE

pytestmark = pytest.mark.django_db

FULL = ReportData(deployment="Đã triển khai.", results="Tổ chức 3 hội nghị.", sessions_held=3)


def send(assignment, user, data=FULL, day=DUE):
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return report_submit(
        assignment=assignment, submitted_by=user, data=data, base_lock=None, token=uuid.uuid4(), now=when
    ).report


def test_the_reviewer_returns_with_a_comment_and_the_secretary_is_told(client, cascade, secretary_a, board_staff):
    report = send(cascade.mine, secretary_a)
    client.force_login(board_staff)
    page = client.get(reverse("report_detail", args=[report.pk]))
    assert page.context["review_form"] is not None
    response = client.post(
        reverse("report_review", args=[report.pk]), {"decision": "return", "comment": "Thiếu số liệu."}, follow=True
    )
    assert "Đã trả lại báo cáo lần 1" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == ("returned", "Thiếu số liệu.", board_staff)
    note = Notification.objects.get(recipient=secretary_a, kind="returned")
    assert "Thiếu số liệu." in note.message


def test_returning_without_a_comment_is_refused(client, cascade, secretary_a, board_staff):
    report = send(cascade.mine, secretary_a)
    client.force_login(board_staff)
    response = client.post(reverse("report_review", args=[report.pk]), {"decision": "return"}, follow=True)
    assert "cần ghi rõ lý do" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_revision_shows_what_changed_since_the_returned_version(client, cascade, secretary_a, board_staff):
    first = send(cascade.mine, secretary_a)
    report_return(report=first, reviewer=board_staff, comment="Bổ sung.")
    draft = report_save_draft(
        assignment=cascade.mine,
        user=secretary_a,
        data=ReportData(deployment="Đã triển khai.", results="Tổ chức 5 hội nghị.", sessions_held=5),
        base_lock=None,
    )
    second = report_submit(
        assignment=cascade.mine,
        submitted_by=secretary_a,
        data=ReportData(deployment="Đã triển khai.", results="Tổ chức 5 hội nghị.", sessions_held=5),
        base_lock=draft.lock_version,
        token=uuid.uuid4(),
    ).report
    client.force_login(board_staff)
    response = client.get(reverse("report_detail", args=[second.pk]))
    names = [c.name for c in response.context["changes"]]
    assert names == ["results", "sessions_held"]
    body = response.content.decode()
    assert "Thay đổi so với lần 1" in body
    assert '<ins class="bg-success-subtle">5</ins>' in body
    first_page = client.get(reverse("report_detail", args=[first.pk])).content.decode()
    assert "Bổ sung." in first_page  # every version stays viewable, with its comment


def test_the_issuer_sees_who_sent_who_is_late_and_who_has_not(
    client, cascade, secretary_a, secretary_b, board_staff, tree, django_assert_num_queries
):
    late_unit = OrganizationFactory(parent=tree.province, name="Huyện ủy Định Quán", code="hu-dq", level=2)
    late = AssignmentFactory(task=cascade.task, unit=late_unit)
    send(cascade.mine, secretary_a, day=DUE)
    send(late, board_staff, day=DUE + dt.timedelta(days=2))
    client.force_login(board_staff)
    with time_machine.travel(dt.datetime(2023, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        # session, user, scope, unread count, page count, rows with their annotated counts
        with django_assert_num_queries(6):
            listing = client.get(reverse("issued_task_list"))
        task = next(t for t in listing.context["page"].object_list if t.pk == cascade.task.pk)
        assert (task.total, task.sent, task.awaiting, task.sent_late, task.not_sent, task.overdue) == (3, 2, 2, 1, 1, 1)
        with django_assert_num_queries(7):  # and the calendar overrides, for "due soon"
            detail = client.get(reverse("issued_task_detail", args=[cascade.task.pk]))
    rows = {r["a"].unit.name: r for r in detail.context["rows"]}
    assert rows["Huyện ủy Định Quán"]["a"].latest_is_late
    assert rows["Thành ủy Biên Hòa"]["a"].latest_report_id is None
    assert str(rows["Thành ủy Biên Hòa"]["timeliness"]) == "overdue"
    totals = detail.context["totals"]
    assert (totals.sent, totals.sent_late, totals.not_sent, totals.overdue) == (2, 1, 1, 1)
    body = detail.content.decode()
    assert reverse("report_detail", args=[rows["Huyện ủy Trảng Bom"]["a"].latest_report_id]) in body
    assert "Quá hạn 11 ngày" in body


def test_the_rollup_list_query_count_does_not_grow_with_tasks(
    client, cascade, board_staff, tree, django_assert_num_queries
):
    from tests.factories import TaskFactory

    for _ in range(10):
        AssignmentFactory(task=TaskFactory(document=cascade.document, report_to=tree.board), unit=tree.district_a)
    client.force_login(board_staff)
    with django_assert_num_queries(6):
        response = client.get(reverse("issued_task_list"))
    assert len(response.context["page"].object_list) == 11


def test_a_secretary_has_no_issued_tasks_to_review(client, cascade, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("issued_task_list"))
    assert "không duyệt báo cáo" in response.content.decode()
    assert client.get(reverse("issued_task_detail", args=[cascade.task.pk])).status_code == 404


def test_the_report_page_shows_late_submissions_as_late(client, cascade, secretary_a):
    report = send(cascade.mine, secretary_a, day=DUE + dt.timedelta(days=4))
    client.force_login(secretary_a)
    body = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Gửi quá hạn 4 ngày" in body


def test_the_report_page_links_the_pdf_only_when_that_feature_is_installed(client, cascade, secretary_a):
    report = send(cascade.mine, secretary_a)
    client.force_login(secretary_a)
    body = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    try:
        pdf_url = reverse("report_pdf", args=[report.pk])
    except NoReverseMatch:
        assert "Tải PDF" not in body
    else:
        assert pdf_url in body


def test_the_assignment_page_query_count_does_not_grow_with_versions(
    client, cascade, secretary_a, board_staff, django_assert_max_num_queries
):
    for _ in range(3):
        report_return(report=send(cascade.mine, secretary_a), reviewer=board_staff, comment="Sửa lại.")
    client.force_login(secretary_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assignment_detail", args=[cascade.mine.pk]))
    assert len(response.context["versions"]) == 3
