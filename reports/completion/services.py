"""Writes for completion reports: drafts, submission, review. One transaction per use case.

Every writer first locks the assignment row (`select_for_update`), so two people of one unit,
a double click, or a retried request are serialised per assignment and decided on fresh data:

* drafts carry `lock_version`; a save names the version it was edited from and fails with
  `DraftConflict` when someone saved in between (nothing is overwritten silently);
* a submission carries the per-form token; the same token again returns the version it created
  (`SubmitResult.replayed`) instead of submitting twice.

Permission is checked by the views' scoped getters (`reports.completion.permissions`) before calling here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cascade.lib.orm import one_or_none
from cascade.lib.uploads import ValidatedUpload
from directives.deadlines.scheduling import NextCheck, refresh_next_check
from directives.documents.services import (
    DocumentAlreadyLogged,
    DocumentInput,
    DocumentTreeCycle,
    document_link_under,
    document_log,
)
from directives.models import (
    Assignment,
    DeadlineKind,
    Document,
    Membership,
    Notification,
    Organization,
    Task,
)
from directives.notifications.notify import notify, unit_members
from reports.completion.permissions import receiving_unit
from reports.models import Attachment, CompletionReport

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FIGURE_FIELDS = ("sessions_held", "participants", "members_reached", "members_total", "documents_issued")
TEXT_FIELDS = ("deployment", "results", "shortcomings", "causes", "next_steps", "proposals")


# --- Inputs and errors ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportData:
    """What the unit typed on the report form."""

    deployment: str = ""
    results: str = ""
    shortcomings: str = ""
    causes: str = ""
    next_steps: str = ""
    proposals: str = ""
    sessions_held: int | None = None
    participants: int | None = None
    members_reached: int | None = None
    members_total: int | None = None
    documents_issued: int | None = None
    nothing_arose: bool = False
    issued_document_id: int | None = None

    @classmethod
    def from_report(cls, report: CompletionReport | None) -> ReportData:
        if report is None:
            return cls()
        return cls(**{f.name: getattr(report, f.name) for f in fields(cls)})

    def apply_to(self, report: CompletionReport) -> None:
        for f in fields(self):
            setattr(report, f.name, getattr(self, f.name))

    def changed_from(self, report: CompletionReport) -> list[str]:
        return [f.name for f in fields(self) if getattr(report, f.name) != getattr(self, f.name)]


@dataclass(frozen=True)
class NewDocumentInput:
    """A guidance or plan the unit issued to the units below it, entered from its report."""

    number: str
    doc_type: str
    issued_on: dt.date
    subject: str


@dataclass(frozen=True)
class SubmitResult:
    report: CompletionReport
    replayed: bool  # True: this token had already submitted; nothing new was written


class ReportError(Exception):
    """A request the workflow refuses; `str(error)` is a Vietnamese message for the person."""


class ReportStateError(ReportError):
    pass


class ReportIncomplete(ReportError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("Báo cáo chưa đủ nội dung để gửi.")
        self.errors = errors


class DraftConflict(ReportError):
    """Someone saved the draft after this person opened it; `current` is what they saved."""

    def __init__(self, current: CompletionReport) -> None:
        who = _display_name(current.updated_by or current.created_by)
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            f"{who} đã lưu bản nháp này lúc {when}, sau khi bạn mở trang. Nội dung bạn đang soạn chưa được lưu "
            "và vẫn còn nguyên bên dưới."
        )
        self.current = current


# --- Rules -----------------------------------------------------------------------------------


def allows_nothing_arose(task: Task) -> bool:
    """ "Không phát sinh" exists for periodic reports: a period in which there was nothing to report."""
    periodic = bool(task.recurrence) or task.deadline_kind == DeadlineKind.RECURRING
    ongoing_report = task.deadline_kind == DeadlineKind.ONGOING and task.requires == Task.Requires.REPORT
    return periodic or ongoing_report


def submission_errors(data: ReportData) -> dict[str, str]:
    """What a report needs before it can be sent (drafts may be saved incomplete)."""
    errors: dict[str, str] = {}
    if data.nothing_arose:
        if any(getattr(data, name) for name in FIGURE_FIELDS):
            errors["nothing_arose"] = "Đã chọn “Không phát sinh” thì không nhập số liệu kết quả."
        return errors
    if not data.deployment.strip():
        errors["deployment"] = "Cần nêu tình hình triển khai trước khi gửi báo cáo."
    if not data.results.strip():
        errors["results"] = "Cần nêu kết quả đạt được trước khi gửi báo cáo."
    return errors


def is_late(*, due_on: dt.date | None, submitted_on: dt.date) -> bool:
    """`due_on` is the last day still on time (DESIGN: deadlines)."""
    return due_on is not None and submitted_on > due_on


# --- Drafts ----------------------------------------------------------------------------------


def report_save_draft(
    *,
    assignment: Assignment,
    user: User,
    data: ReportData,
    base_lock: int | None,
    uploads: Sequence[ValidatedUpload] = (),
    remove_sha256: Sequence[str] = (),
    new_document: NewDocumentInput | None = None,
) -> CompletionReport:
    """Save the unit's draft. `base_lock` is the draft's `lock_version` when the form was opened
    (None: there was no draft yet); a mismatch raises DraftConflict and writes nothing."""
    with _files_discarded_on_error() as stored, transaction.atomic():
        locked = _lock_open_assignment(assignment)
        return _save_draft_locked(
            locked,
            user=user,
            data=data,
            base_lock=base_lock,
            uploads=uploads,
            remove_sha256=remove_sha256,
            new_document=new_document,
            stored=stored,
        )


def report_attach(*, assignment: Assignment, user: User, uploads: Sequence[ValidatedUpload]) -> CompletionReport:
    """Attach files to the draft without touching its text (used when the form has errors, so a
    chosen file is not lost). Does not bump `lock_version`: adding evidence overwrites nothing."""
    with _files_discarded_on_error() as stored, transaction.atomic():
        locked = _lock_open_assignment(assignment)
        draft = _current_draft(locked) or _new_draft(locked, user)
        for upload in uploads:
            _attach(draft, upload, user=user, stored=stored)
        return draft


def _save_draft_locked(
    assignment: Assignment,
    *,
    user: User,
    data: ReportData,
    base_lock: int | None,
    uploads: Sequence[ValidatedUpload],
    remove_sha256: Sequence[str],
    new_document: NewDocumentInput | None,
    stored: list[str],
) -> CompletionReport:
    draft = _current_draft(assignment)
    if draft is not None and draft.lock_version != base_lock:
        raise DraftConflict(draft)
    if new_document is not None:
        document = _issue_unit_document(assignment, new_document, user=user)
        data = replace(data, issued_document_id=document.pk)
    if data.nothing_arose:
        data = replace(
            data, sessions_held=None, participants=None, members_reached=None, members_total=None, documents_issued=None
        )
    if draft is None:
        draft = _new_draft(assignment, user, data=data, lock_version=1)
    else:
        data.apply_to(draft)
        draft.lock_version += 1
        draft.updated_by = user
        draft.save()
    if data.issued_document_id:
        # The unit's own guidance implements the document that assigned the task: it joins the tree
        # (unless it is that very document or lies above it; the report names it all the same).
        with suppress(DocumentTreeCycle):
            document_link_under(
                document=Document.objects.get(pk=data.issued_document_id), parent=assignment.task.document
            )
    if remove_sha256:
        _detach(draft, remove_sha256)
    for upload in uploads:
        _attach(draft, upload, user=user, stored=stored)
    return draft


def _current_draft(assignment: Assignment) -> CompletionReport | None:
    return (
        CompletionReport.objects.select_related("updated_by", "created_by")
        .filter(assignment=assignment, status=CompletionReport.Status.DRAFT)
        .first()
    )


def _new_draft(
    assignment: Assignment, user: User, *, data: ReportData | None = None, lock_version: int = 0
) -> CompletionReport:
    """The next version; a revision starts from the returned version, evidence included.
    `data` (what was typed) replaces the carried-over text; the row is written once."""
    # No draft exists here, so the latest version is also the highest number in use.
    previous = (
        CompletionReport.objects.filter(assignment=assignment)
        .exclude(status=CompletionReport.Status.DRAFT)
        .order_by("-version")
        .first()
    )
    draft = CompletionReport(
        assignment=assignment,
        version=previous.version + 1 if previous else 1,
        created_by=user,
        updated_by=user,
        lock_version=lock_version,
    )
    (data or ReportData.from_report(previous)).apply_to(draft)
    draft.save()
    if previous is not None:
        Attachment.objects.bulk_create(
            Attachment(
                report=draft,
                file=a.file.name,
                original_name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                uploaded_by_id=a.uploaded_by_id,
            )
            for a in previous.attachments.all()
        )
    return draft


# --- Submission ------------------------------------------------------------------------------


def report_submit(
    *,
    assignment: Assignment,
    submitted_by: User,
    data: ReportData,
    base_lock: int | None,
    token: uuid.UUID,
    uploads: Sequence[ValidatedUpload] = (),
    remove_sha256: Sequence[str] = (),
    new_document: NewDocumentInput | None = None,
    now: dt.datetime | None = None,
) -> SubmitResult:
    """Save what was typed and send it to the receiving unit, as one step."""
    errors = submission_errors(data)
    if errors:
        raise ReportIncomplete(errors)
    replay = _replayed(token, assignment)
    if replay is not None:
        return replay
    with _files_discarded_on_error() as stored, transaction.atomic():
        locked = _lock_assignment(assignment)
        replay = _replayed(token, assignment)  # a twin request may have committed while we waited
        if replay is not None:
            return replay
        _ensure_open(locked)
        draft = _save_draft_locked(
            locked,
            user=submitted_by,
            data=data,
            base_lock=base_lock,
            uploads=uploads,
            remove_sha256=remove_sha256,
            new_document=new_document,
            stored=stored,
        )
        return SubmitResult(_submit_locked(locked, draft, submitted_by=submitted_by, token=token, now=now), False)


def report_submit_nothing_arose(
    *, assignment: Assignment, submitted_by: User, token: uuid.UUID, now: dt.datetime | None = None
) -> SubmitResult:
    """One click: "không phát sinh" for this period. Keeps any narrative already drafted."""
    if not allows_nothing_arose(assignment.task):
        raise ReportStateError("Chỉ báo cáo định kỳ mới có thể báo cáo “Không phát sinh”.")
    replay = _replayed(token, assignment)
    if replay is not None:
        return replay
    with transaction.atomic():
        locked = _lock_assignment(assignment)
        replay = _replayed(token, assignment)
        if replay is not None:
            return replay
        _ensure_open(locked)
        draft = _current_draft(locked) or _new_draft(locked, submitted_by)
        draft.nothing_arose = True
        for name in FIGURE_FIELDS:
            setattr(draft, name, None)
        draft.lock_version += 1
        draft.updated_by = submitted_by
        draft.save()
        return SubmitResult(_submit_locked(locked, draft, submitted_by=submitted_by, token=token, now=now), False)


def _submit_locked(
    assignment: Assignment, draft: CompletionReport, *, submitted_by: User, token: uuid.UUID, now: dt.datetime | None
) -> CompletionReport:
    errors = submission_errors(ReportData.from_report(draft))
    if errors:
        raise ReportIncomplete(errors)
    now = now or timezone.now()
    submitted_on = timezone.localtime(now).date()
    draft.status = CompletionReport.Status.SUBMITTED
    draft.submitted_by = submitted_by
    draft.submitted_at = now
    draft.is_late = is_late(due_on=assignment.due_on, submitted_on=submitted_on)
    draft.submission_token = token
    # The token is unique too: a twin that slipped past the checks fails the whole transaction.
    draft.save(update_fields=["status", "submitted_by", "submitted_at", "is_late", "submission_token", "updated_at"])
    assignment.status = Assignment.Status.SUBMITTED
    assignment.submitted_at = now
    assignment.submitted_on = submitted_on
    # What `refresh_next_check` would compute, written in the same UPDATE: the row is locked and
    # loaded already (a done assignment is checked again only to create a recurring next period).
    assignment.next_check_on = NextCheck(since=timezone.localdate())(
        due_on=assignment.due_on, is_done=True, recurrence=assignment.task.recurrence
    )
    assignment.save(update_fields=["status", "submitted_at", "submitted_on", "next_check_on", "updated_at"])
    late = " (quá hạn)" if draft.is_late else ""
    notify(
        recipients=reviewers_of(assignment),
        kind=Notification.Kind.SUBMITTED,
        message=f"{assignment.unit.name} đã gửi báo cáo lần {draft.version}{late}: {_short(assignment.task.text)}",
        assignment=assignment,
    )
    return draft


def _replayed(token: uuid.UUID, assignment: Assignment) -> SubmitResult | None:
    earlier = one_or_none(CompletionReport.objects.filter(submission_token=token))
    if earlier is None:
        return None
    if earlier.assignment_id != assignment.pk:
        raise ReportStateError("Biểu mẫu không hợp lệ. Hãy tải lại trang rồi gửi lại.")
    return SubmitResult(earlier, True)


# --- Review ----------------------------------------------------------------------------------


def report_accept(
    *, report: CompletionReport, reviewer: User, comment: str = "", now: dt.datetime | None = None
) -> CompletionReport:
    return _review(report, reviewer=reviewer, comment=comment.strip(), accept=True, now=now)


def report_return(
    *, report: CompletionReport, reviewer: User, comment: str, now: dt.datetime | None = None
) -> CompletionReport:
    if not comment.strip():
        raise ReportIncomplete({"comment": "Khi trả lại báo cáo, cần ghi rõ lý do để đơn vị sửa."})
    return _review(report, reviewer=reviewer, comment=comment.strip(), accept=False, now=now)


def _review(
    report: CompletionReport, *, reviewer: User, comment: str, accept: bool, now: dt.datetime | None
) -> CompletionReport:
    with transaction.atomic():
        assignment = _lock_assignment(report.assignment)
        current = CompletionReport.objects.select_related("reviewed_by").get(pk=report.pk)
        if current.status != CompletionReport.Status.SUBMITTED:
            who = _display_name(current.reviewed_by) if current.reviewed_by else "Người khác"
            raise ReportStateError(f"Báo cáo này đã được xử lý ({current.get_status_display().lower()}) bởi {who}.")
        if current.submitted_by_id is not None and current.submitted_by_id == reviewer.pk:
            raise ReportStateError("Bạn không thể tự duyệt báo cáo do chính mình gửi.")
        current.status = CompletionReport.Status.ACCEPTED if accept else CompletionReport.Status.RETURNED
        current.reviewed_by = reviewer
        current.reviewed_at = now or timezone.now()
        current.review_comment = comment
        current.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
        assignment.status = Assignment.Status.ACCEPTED if accept else Assignment.Status.RETURNED
        assignment.save(update_fields=["status", "updated_at"])
        refresh_next_check(assignment_ids=[assignment.pk])
        recipients = {u.pk: u for u in unit_members(assignment.unit_id, Membership.Role.SECRETARY)}
        if current.submitted_by is not None:
            recipients.setdefault(current.submitted_by.pk, current.submitted_by)
        receiver = receiving_unit(assignment.task)
        by = receiver.name if receiver else _display_name(reviewer)
        if accept:
            message = f"{by} đã chấp nhận báo cáo lần {current.version}: {_short(assignment.task.text)}"
        else:
            message = f"{by} trả lại báo cáo lần {current.version}: {_short(comment, 160)}"
        notify(
            recipients=recipients.values(),
            kind=Notification.Kind.ACCEPTED if accept else Notification.Kind.RETURNED,
            message=message,
            assignment=assignment,
        )
        return current


def reviewers_of(assignment: Assignment) -> list[User]:
    """Staff and leaders of the receiving unit, or of the nearest unit above it that has any."""
    unit = receiving_unit(assignment.task)
    if unit is None:
        return []
    steplen = Organization.steplen
    prefixes = [unit.path[:i] for i in range(steplen, len(unit.path) + 1, steplen)]
    memberships = (
        Membership.objects.filter(
            organization__path__in=prefixes, role__in=(Membership.Role.STAFF, Membership.Role.LEADER)
        )
        .select_related("user", "organization")
        .order_by("-organization__depth")
    )
    nearest: list[User] = []
    depth = None
    for m in memberships:
        if depth is not None and m.organization.depth != depth:
            break
        depth = m.organization.depth
        nearest.append(m.user)
    return nearest


# --- Issued documents ------------------------------------------------------------------------


def _issue_unit_document(assignment: Assignment, data: NewDocumentInput, *, user: User) -> Document:
    unit = assignment.unit
    try:
        return document_log(
            data=DocumentInput(
                number=data.number,
                symbol=data.number.split("-", 1)[-1] if "-" in data.number else "",
                doc_type=data.doc_type,
                issuer=unit,
                issuer_name=unit.name,
                place=unit.place,
                issued_on=data.issued_on,
                subject=data.subject,
            ),
            created_by=user,
        )
    except DocumentAlreadyLogged as exc:
        return exc.existing


# --- Helpers ---------------------------------------------------------------------------------


def _lock_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task__document__issuer", "task__report_to", "unit")
        .defer("task__document__text", "task__document__search_text")
        .get(pk=assignment.pk)
    )


def _lock_open_assignment(assignment: Assignment) -> Assignment:
    locked = _lock_assignment(assignment)
    _ensure_open(locked)
    return locked


def _ensure_open(assignment: Assignment) -> None:
    if assignment.status == Assignment.Status.SUBMITTED:
        when = timezone.localtime(assignment.submitted_at).strftime("%H:%M %d/%m/%Y") if assignment.submitted_at else ""
        raise ReportStateError(f"Báo cáo đã được gửi lúc {when} và đang chờ đơn vị nhận xem xét.")
    if assignment.status == Assignment.Status.ACCEPTED:
        raise ReportStateError("Báo cáo đã được chấp nhận; việc này đã hoàn thành.")


def _attach(draft: CompletionReport, upload: ValidatedUpload, *, user: User, stored: list[str]) -> None:
    """`upload` was accepted by `reports.completion.evidence.evidence_check`; stored under its random name."""
    if draft.attachments.filter(sha256=upload.sha256).exists():
        return  # the same bytes are already attached
    attachment = Attachment(
        report=draft,
        original_name=upload.original_name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=user,
    )
    attachment.file.save(upload.stored_name, upload.django_file, save=False)
    stored.append(attachment.file.name)
    attachment.save()


def _detach(draft: CompletionReport, sha256s: Sequence[str]) -> None:
    doomed = list(draft.attachments.filter(sha256__in=list(sha256s)))
    names = [a.file.name for a in doomed]
    Attachment.objects.filter(pk__in=[a.pk for a in doomed]).delete()

    def remove_unreferenced() -> None:
        # Earlier versions may share the stored file: they keep it.
        still_used = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        for name in set(names) - still_used:
            Attachment.file.field.storage.delete(name)

    transaction.on_commit(remove_unreferenced)


@contextmanager
def _files_discarded_on_error() -> Iterator[list[str]]:
    """Files written during a transaction that then rolls back must not stay on disk."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        storage = Attachment.file.field.storage
        for name in stored:
            storage.delete(name)
        raise


def _display_name(user: User | None) -> str:
    if user is None:
        return "Một người khác"
    return str(user.get_full_name() or user.get_username())


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
