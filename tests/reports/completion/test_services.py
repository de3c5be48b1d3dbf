from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from cascade.lib.uploads import ValidatedUpload, validate_upload
from directives.models import Assignment, Document, Notification, Reference
from reports.completion.evidence import EVIDENCE_KINDS
from reports.completion.services import (
    DraftConflict,
    NewDocumentInput,
    ReportData,
    ReportIncomplete,
    ReportStateError,
    report_accept,
    report_return,
    report_save_draft,
    report_submit,
    report_submit_nothing_arose,
    reviewers_of,
)
from reports.models import Attachment, CompletionReport
from tests.files import pdf_bytes
from tests.reports.conftest import DUE

pytestmark = pytest.mark.django_db

FULL = ReportData(deployment="Đã ban hành kế hoạch.", results="Tổ chức 3 hội nghị.", sessions_held=3)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def pdf_upload(content: bytes | None = None) -> ValidatedUpload:
    return validate_upload(SimpleUploadedFile("bien-ban.pdf", content or pdf_bytes()), allowed=EVIDENCE_KINDS)


def submit(assignment, user, data=FULL, token=None, now=None, base_lock=None):
    return report_submit(
        assignment=assignment,
        submitted_by=user,
        data=data,
        base_lock=base_lock,
        token=token or uuid.uuid4(),
        now=now or at(DUE),
    )


def test_a_draft_is_kept_and_a_second_save_must_name_the_version_it_edited(cascade, secretary_a):
    draft = report_save_draft(assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None)
    assert (draft.status, draft.version, draft.lock_version) == ("draft", 1, 1)
    again = report_save_draft(
        assignment=cascade.mine, user=secretary_a, data=ReportData(results="Sửa"), base_lock=draft.lock_version
    )
    assert (again.pk, again.lock_version, again.results) == (draft.pk, 2, "Sửa")


def test_two_people_editing_one_draft_do_not_overwrite_each_other(cascade, secretary_a, leader):
    opened_by_both = report_save_draft(assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None)
    report_save_draft(
        assignment=cascade.mine,
        user=leader,
        data=ReportData(results="Bản của lãnh đạo"),
        base_lock=opened_by_both.lock_version,
    )
    with pytest.raises(DraftConflict, match="đã lưu bản nháp này") as caught:
        report_save_draft(
            assignment=cascade.mine,
            user=secretary_a,
            data=ReportData(results="Bản của thư ký"),
            base_lock=opened_by_both.lock_version,
        )
    assert caught.value.current.results == "Bản của lãnh đạo"
    assert CompletionReport.objects.get(assignment=cascade.mine).results == "Bản của lãnh đạo"


def test_a_form_opened_before_any_draft_existed_conflicts_with_one_saved_since(cascade, secretary_a, leader):
    report_save_draft(assignment=cascade.mine, user=leader, data=FULL, base_lock=None)
    with pytest.raises(DraftConflict):
        report_save_draft(assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None)


def test_submitting_on_the_last_on_time_day_is_on_time_and_updates_the_assignment(cascade, secretary_a):
    result = submit(cascade.mine, secretary_a, now=at(DUE, 23))
    report = result.report
    cascade.mine.refresh_from_db()
    assert (report.status, report.is_late, report.submitted_by) == ("submitted", False, secretary_a)
    assert (cascade.mine.status, cascade.mine.submitted_on) == ("submitted", DUE)
    assert cascade.mine.next_check_on is None  # nothing left for the deadline sweep


def test_submitting_the_day_after_is_late(cascade, secretary_a):
    report = submit(cascade.mine, secretary_a, now=at(DUE + dt.timedelta(days=1), 0)).report
    assert report.is_late
    cascade.mine.refresh_from_db()
    assert (
        cascade.mine.timeliness(today=DUE + dt.timedelta(days=5), due_soon_until=DUE + dt.timedelta(days=8))
        == "done_late"
    )


def test_the_receiving_units_staff_are_told_of_a_submission(cascade, secretary_a, staff, board_staff):
    submit(cascade.mine, secretary_a)
    # The nearest unit with staff is the board itself; the province's staff is not spammed.
    assert set(reviewers_of(cascade.mine)) == {board_staff}
    note = Notification.objects.get(kind=Notification.Kind.SUBMITTED)
    assert note.recipient == board_staff
    assert "Huyện ủy Trảng Bom" in note.message


def test_a_report_needs_content_before_it_is_sent(cascade, secretary_a):
    with pytest.raises(ReportIncomplete) as caught:
        submit(cascade.mine, secretary_a, data=ReportData(results="Chỉ có kết quả"))
    assert set(caught.value.errors) == {"deployment"}
    assert not CompletionReport.objects.exists()


def test_the_same_form_token_submits_once(cascade, secretary_a):
    token = uuid.uuid4()
    first = submit(cascade.mine, secretary_a, token=token)
    second = submit(cascade.mine, secretary_a, token=token)
    assert not first.replayed
    assert second.replayed
    assert second.report.pk == first.report.pk
    assert CompletionReport.objects.filter(assignment=cascade.mine).count() == 1


def test_a_second_submission_with_a_new_token_is_refused_while_under_review(cascade, secretary_a):
    submit(cascade.mine, secretary_a)
    with pytest.raises(ReportStateError, match="đang chờ"):
        submit(cascade.mine, secretary_a)


@pytest.mark.django_db(transaction=True)
def test_a_double_click_racing_on_two_connections_submits_once(cascade, secretary_a):
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results: list[object] = []

    def click() -> None:
        try:
            barrier.wait()
            results.append(submit(Assignment.objects.get(pk=cascade.mine.pk), secretary_a, token=token))
        except Exception as exc:  # pragma: no cover - reported below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.replayed for r in results) == [False, True]
    assert CompletionReport.objects.filter(assignment=cascade.mine).exclude(status="draft").count() == 1


def test_return_then_revise_keeps_every_version_and_its_evidence(cascade, secretary_a, board_staff):
    draft = report_save_draft(
        assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None, uploads=[pdf_upload()]
    )
    first = submit(cascade.mine, secretary_a, base_lock=draft.lock_version).report
    report_return(report=first, reviewer=board_staff, comment="Bổ sung số liệu đảng viên.")
    cascade.mine.refresh_from_db()
    assert cascade.mine.status == "returned"
    assert Notification.objects.filter(kind="returned", recipient=secretary_a).exists()

    revised = report_save_draft(
        assignment=cascade.mine,
        user=secretary_a,
        data=replace(FULL, members_reached=90, members_total=100),
        base_lock=None,
    )
    assert revised.version == 2
    assert [a.sha256 for a in revised.attachments.all()] == [a.sha256 for a in first.attachments.all()]
    second = submit(cascade.mine, secretary_a, base_lock=revised.lock_version, now=at(DUE + dt.timedelta(days=3)))
    assert second.report.is_late
    report_accept(report=second.report, reviewer=board_staff)
    versions = list(CompletionReport.objects.filter(assignment=cascade.mine).values_list("version", "status"))
    assert sorted(versions) == [(1, "returned"), (2, "accepted")]
    cascade.mine.refresh_from_db()
    assert cascade.mine.status == "accepted"


def test_returning_needs_a_reason(cascade, secretary_a, board_staff):
    report = submit(cascade.mine, secretary_a).report
    with pytest.raises(ReportIncomplete):
        report_return(report=report, reviewer=board_staff, comment="  ")


def test_nobody_reviews_their_own_submission(cascade, staff):
    report = submit(cascade.mine, staff).report  # province staff may prepare for a district
    with pytest.raises(ReportStateError, match="tự duyệt"):
        report_accept(report=report, reviewer=staff)


def test_a_report_is_reviewed_once(cascade, secretary_a, board_staff, staff):
    report = submit(cascade.mine, secretary_a).report
    report_accept(report=report, reviewer=board_staff)
    with pytest.raises(ReportStateError, match="đã được xử lý"):
        report_return(report=report, reviewer=staff, comment="Trả lại")


def test_removing_evidence_from_a_draft_keeps_the_file_an_earlier_version_uses(cascade, secretary_a, board_staff):
    draft = report_save_draft(
        assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None, uploads=[pdf_upload()]
    )
    first = submit(cascade.mine, secretary_a, base_lock=draft.lock_version).report
    report_return(report=first, reviewer=board_staff, comment="Sửa")
    revision = report_save_draft(assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None)
    sha = first.attachments.get().sha256
    report_save_draft(
        assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=revision.lock_version, remove_sha256=[sha]
    )
    assert not revision.attachments.exists()
    kept = first.attachments.get()
    assert kept.file.storage.exists(kept.file.name)


def test_nothing_arose_is_one_step_for_a_periodic_report(cascade, secretary_a):
    cascade.task.deadline_kind = "recurring"
    cascade.task.recurrence = "FREQ=MONTHLY;BYMONTHDAY=25"
    cascade.task.save()
    result = report_submit_nothing_arose(assignment=cascade.mine, submitted_by=secretary_a, token=uuid.uuid4())
    assert result.report.nothing_arose
    assert result.report.status == "submitted"


def test_a_submitted_periodic_report_stays_on_the_sweep_until_its_next_period_is_created(cascade, secretary_a):
    """Submitting writes the same next check as a full recompute would: for a recurring task, the
    day its next period is to be created."""
    from directives.deadlines.scheduling import refresh_next_check

    cascade.task.recurrence = "FREQ=MONTHLY;BYMONTHDAY=25"
    cascade.task.save()
    submit(cascade.mine, secretary_a)
    cascade.mine.refresh_from_db()
    written = cascade.mine.next_check_on
    assert written is not None
    Assignment.objects.filter(pk=cascade.mine.pk).update(next_check_on=None)
    refresh_next_check(assignment_ids=[cascade.mine.pk])
    cascade.mine.refresh_from_db()
    assert cascade.mine.next_check_on == written


def test_nothing_arose_is_refused_for_a_one_off_task(cascade, secretary_a):
    with pytest.raises(ReportStateError, match="định kỳ"):
        report_submit_nothing_arose(assignment=cascade.mine, submitted_by=secretary_a, token=uuid.uuid4())


def test_a_unit_guidance_entered_with_the_report_joins_the_tree(cascade, secretary_a, tree):
    draft = report_save_draft(
        assignment=cascade.mine,
        user=secretary_a,
        data=FULL,
        base_lock=None,
        new_document=NewDocumentInput("45-KH/HU", "KH", dt.date(2023, 10, 20), "Kế hoạch triển khai Kết luận 57"),
    )
    issued = Document.objects.get(number="45-KH/HU")
    assert draft.issued_document == issued
    assert (issued.issuer, issued.primary_parent, issued.root) == (tree.district_a, cascade.document, cascade.document)
    assert Reference.objects.filter(child=issued, parent=cascade.document, relation="implements").exists()


def test_a_failed_save_leaves_no_file_behind(cascade, secretary_a, leader, settings):
    report_save_draft(assignment=cascade.mine, user=leader, data=FULL, base_lock=None)
    with pytest.raises(DraftConflict):
        report_save_draft(assignment=cascade.mine, user=secretary_a, data=FULL, base_lock=None, uploads=[pdf_upload()])
    assert Attachment.objects.count() == 0
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
