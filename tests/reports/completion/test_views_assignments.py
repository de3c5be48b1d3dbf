from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from directives.models import Assignment, Notification
from reports.models import CompletionReport
from tests.factories import AssignmentFactory, DocumentFactory, TaskFactory
from tests.files import docx_with_member, pdf_bytes
from tests.reports.conftest import upload

pytestmark = pytest.mark.django_db

TODAY = dt.date(2023, 11, 12)  # three days after the report was due


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2023, 11, 12, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def form_fields(client, assignment, **overrides):
    """What the browser would send: the form as rendered, with the person's edits."""
    response = client.get(reverse("report_edit", args=[assignment.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in ("lock_version", "form_token")}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update({"deployment": "Đã ban hành kế hoạch.", "results": "Tổ chức 3 hội nghị, 120 người dự."})
    data.update(overrides)
    return data


# --- Inbox -----------------------------------------------------------------------------------


def test_the_inbox_lists_only_my_units_work_most_urgent_first(client, cascade, secretary_a, tree):
    later = AssignmentFactory(
        task=TaskFactory(document=cascade.document, due_on=dt.date(2023, 12, 31)), unit=tree.district_a
    )
    soon = AssignmentFactory(
        task=TaskFactory(document=cascade.document, due_on=dt.date(2023, 11, 14)), unit=tree.district_a
    )
    client.force_login(secretary_a)
    response = client.get(reverse("assignment_list"))
    rows = [r["assignment"] for r in response.context["rows"]]
    assert rows == [cascade.mine, soon, later]
    body = response.content.decode()
    assert "Quá hạn 3 ngày" in body
    assert "Sắp đến hạn · còn 2 ngày" in body
    assert "Ban Tuyên giáo Tỉnh ủy Đồng Nai" in body  # whom to report to
    assert cascade.sibling not in rows


def test_the_inbox_filters_by_status_directive_and_year(client, cascade, secretary_a, tree):
    other = DocumentFactory(issuer=tree.province, number="9-CT/TU", issued_on=dt.date(2024, 1, 5))
    next_year = AssignmentFactory(task=TaskFactory(document=other, due_on=dt.date(2024, 3, 31)), unit=tree.district_a)
    client.force_login(secretary_a)
    url = reverse("assignment_list")

    def listed(**params):
        return [r["assignment"] for r in client.get(url, params).context["rows"]]

    assert listed(status="overdue") == [cascade.mine]
    assert listed(status="on_track") == [next_year]
    assert listed(directive=str(other.pk)) == [next_year]
    assert listed(year="2023") == [cascade.mine]


def test_an_htmx_filter_request_gets_only_the_list(client, cascade, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("assignment_list"), {"status": "overdue"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="inbox-table">')
    assert "<html" not in body


def test_the_inbox_query_count_does_not_grow_with_rows(client, cascade, secretary_a, tree, django_assert_num_queries):
    for day in range(1, 15):
        AssignmentFactory(
            task=TaskFactory(document=cascade.document, due_on=dt.date(2023, 12, day)), unit=tree.district_a
        )
    client.force_login(secretary_a)
    # session, user, calendar overrides (due soon), memberships (units), scope, unread count,
    # directive choices, years, count, rows
    with django_assert_num_queries(10):
        response = client.get(reverse("assignment_list"))
    assert len(response.context["rows"]) == 15


def test_a_finished_assignment_is_grey_and_says_if_it_was_late(client, cascade, secretary_a, tree):
    from django.utils import timezone

    Assignment.objects.filter(pk=cascade.mine.pk).update(
        status="accepted", submitted_at=timezone.now(), submitted_on=dt.date(2023, 11, 11)
    )
    client.force_login(secretary_a)
    body = client.get(reverse("assignment_list")).content.decode()
    assert "status-grey" in body
    assert "Hoàn thành quá hạn 2 ngày" in body


# --- Assignment page -------------------------------------------------------------------------


def test_the_assignment_page_shows_the_task_in_its_document_and_the_chain(client, cascade, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("assignment_detail", args=[cascade.mine.pk]))
    body = response.content.decode()
    assert "III. TỔ CHỨC THỰC HIỆN" in body
    assert "trước ngày 10/11/2023" in body
    assert [d.pk for d in response.context["chain"]] == [cascade.document.pk]
    assert reverse("assignment_document", args=[cascade.mine.pk]) in body
    full = client.get(reverse("assignment_document", args=[cascade.mine.pk])).content.decode()
    assert 'id="nhiem-vu"' in full


def test_the_chain_runs_up_to_the_top_directive(client, cascade, tree):
    from tests.factories import MembershipFactory, UserFactory

    commune_secretary = UserFactory(username="thuky_xa")
    MembershipFactory(user=commune_secretary, organization=tree.commune_a, role="secretary")
    client.force_login(commune_secretary)
    response = client.get(reverse("assignment_detail", args=[cascade.commune.pk]))
    assert [d.number for d in response.context["chain"]][-1] == "12-HD/HU"
    assert response.context["chain"][0] == cascade.document


# --- Report form -----------------------------------------------------------------------------


def test_a_saved_draft_is_there_after_a_reload(client, cascade, secretary_a):
    client.force_login(secretary_a)
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), form_fields(client, cascade.mine))
    assert response.status_code == 302
    draft = CompletionReport.objects.get(assignment=cascade.mine)
    assert (draft.status, draft.deployment) == ("draft", "Đã ban hành kế hoạch.")
    again = client.get(reverse("report_edit", args=[cascade.mine.pk]))
    assert "Đã ban hành kế hoạch." in again.content.decode()
    assert again.context["form"]["lock_version"].value() == draft.lock_version


def test_an_error_in_one_field_keeps_every_other_field_as_typed(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(
        client,
        cascade.mine,
        members_reached="120",
        members_total="100",
        participants="1.250",
        shortcomings="Một số chi bộ còn chậm.",
        sessions_held="12,5",
    )
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"members_reached", "sessions_held"}
    body = response.content.decode()
    for typed in ("Một số chi bộ còn chậm.", "1.250", "Đã ban hành kế hoạch.", "12,5"):
        assert typed in body
    assert "is-invalid" in body
    assert not CompletionReport.objects.exists()


def test_a_valid_file_is_kept_even_when_a_field_has_an_error(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine, members_reached="5")
    data["attachments"] = upload("bien-ban.pdf", pdf_bytes())
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert response.status_code == 400
    draft = CompletionReport.objects.get(assignment=cascade.mine)
    assert draft.attachments.get().original_name == "bien-ban.pdf"
    assert draft.deployment == ""  # the text waits for the person to fix the error
    assert response.context["form"]["lock_version"].value() == str(draft.lock_version)
    fixed = dict(data, members_total="10")
    fixed.pop("attachments")
    fixed["lock_version"] = str(draft.lock_version)
    assert client.post(reverse("report_edit", args=[cascade.mine.pk]), fixed).status_code == 302


def test_a_file_that_is_not_what_it_claims_is_refused_and_the_text_is_saved(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine)
    data["attachments"] = upload("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert response.status_code == 200
    assert "không phải PDF" in response.content.decode()
    draft = CompletionReport.objects.get(assignment=cascade.mine)
    assert draft.deployment == "Đã ban hành kế hoạch."
    assert not draft.attachments.exists()


def test_a_word_file_with_a_path_out_of_the_archive_is_refused_and_nothing_is_sent(
    client, cascade, secretary_a, settings
):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine, action="submit")
    data["attachments"] = upload("ke-hoach.docx", docx_with_member("../../evil", b"#!/bin/sh\n"))
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tệp “ke-hoach.docx” chứa đường dẫn không hợp lệ bên trong (có thể là tệp độc hại)." in body
    assert "Báo cáo chưa được gửi vì có tệp không hợp lệ." in body
    report = CompletionReport.objects.get(assignment=cascade.mine)
    assert report.status == CompletionReport.Status.DRAFT
    assert not report.attachments.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_a_late_submission_is_recorded_and_shown_as_late(client, cascade, secretary_a, board_staff):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine, action="submit", attachments=upload("bien-ban.pdf", pdf_bytes()))
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data, follow=True)
    report = CompletionReport.objects.get(assignment=cascade.mine)
    assert (report.status, report.is_late, report.submitted_by) == ("submitted", True, secretary_a)
    body = response.content.decode()
    assert "Gửi quá hạn 3 ngày" in body
    assert report.attachments.get().sha256 in body
    assert Notification.objects.filter(recipient=board_staff, kind="submitted").exists()


def test_a_double_click_on_submit_sends_one_report(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine, action="submit")
    first = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    second = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CompletionReport.objects.filter(assignment=cascade.mine).count() == 1


def test_a_report_without_its_main_sections_cannot_be_sent(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(client, cascade.mine, action="submit", deployment="")
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), data)
    assert response.status_code == 400
    assert "Cần nêu tình hình triển khai" in response.content.decode()
    cascade.mine.refresh_from_db()
    assert cascade.mine.status == "pending"


def test_a_concurrent_edit_is_not_silently_overwritten(client, cascade, secretary_a, leader):
    client.force_login(secretary_a)
    mine = form_fields(client, cascade.mine, results="Bản của thư ký")
    client.force_login(leader)
    theirs = form_fields(client, cascade.mine, results="Bản của lãnh đạo")
    assert client.post(reverse("report_edit", args=[cascade.mine.pk]), theirs).status_code == 302
    client.force_login(secretary_a)
    response = client.post(reverse("report_edit", args=[cascade.mine.pk]), mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "đã lưu bản nháp này" in body
    assert "Bản của thư ký" in body  # what I typed is still in the form
    assert "Bản của lãnh đạo" in body  # and I can see what they saved
    assert CompletionReport.objects.get().results == "Bản của lãnh đạo"
    # Saving again, having seen their version, overwrites it knowingly.
    again = dict(mine, lock_version=response.context["form"].data["lock_version"])
    assert client.post(reverse("report_edit", args=[cascade.mine.pk]), again).status_code == 302
    assert CompletionReport.objects.get().results == "Bản của thư ký"


def test_a_submitted_report_cannot_be_edited(client, cascade, secretary_a):
    client.force_login(secretary_a)
    client.post(reverse("report_edit", args=[cascade.mine.pk]), form_fields(client, cascade.mine, action="submit"))
    response = client.get(reverse("report_edit", args=[cascade.mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assignment_detail", args=[cascade.mine.pk])


def test_nothing_arose_is_one_click_on_a_periodic_report(client, cascade, secretary_a):
    cascade.task.deadline_kind = "recurring"
    cascade.task.recurrence = "FREQ=MONTHLY;BYMONTHDAY=25"
    cascade.task.save()
    client.force_login(secretary_a)
    page = client.get(reverse("assignment_detail", args=[cascade.mine.pk]))
    assert "Không phát sinh" in page.content.decode()
    token = str(page.context["form_token"])
    url = reverse("report_nothing_arose", args=[cascade.mine.pk])
    client.post(url, {"form_token": token})
    client.post(url, {"form_token": token})
    report = CompletionReport.objects.get(assignment=cascade.mine)
    assert report.nothing_arose
    assert report.status == "submitted"


def test_a_unit_can_attach_its_own_guidance_which_joins_the_tree(client, cascade, secretary_a):
    client.force_login(secretary_a)
    data = form_fields(
        client,
        cascade.mine,
        new_doc_number="45-KH/HU",
        new_doc_type="KH",
        new_doc_issued_on="20/10/2023",
        new_doc_subject="Kế hoạch quán triệt Kết luận 57",
    )
    assert client.post(reverse("report_edit", args=[cascade.mine.pk]), data).status_code == 302
    draft = CompletionReport.objects.get(assignment=cascade.mine)
    assert draft.issued_document.number == "45-KH/HU"
    assert draft.issued_document.primary_parent == cascade.document
