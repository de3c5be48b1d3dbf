"""The unit's side: the inbox ("Việc của đơn vị"), the assignment page and the report form.

Thin views: scoped getters decide access (404 outside scope, like a wrong id), services write.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cascade.lib.downloads import file_download
from cascade.lib.http import AuthedRequest
from cascade.lib.uploads import ValidatedUpload
from directives.access import Scope, scope_for
from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment, Document
from reports.completion.evidence import ACCEPT_ATTRIBUTE, evidence_check
from reports.completion.filters import InboxFilter, IssuedTaskFilter
from reports.completion.forms import ReportForm, ReviewForm, initial_from
from reports.completion.permissions import can_prepare, can_review, receiving_unit
from reports.completion.selectors import (
    assignment_for,
    assignment_inbox,
    current_draft,
    guidance_chain,
    inbox_directives,
    inbox_units,
    inbox_years,
    issued_assignment_rollup,
    issued_task_for,
    issued_task_rollup,
    latest_version,
    previous_version,
    report_for,
    report_versions,
    rollup_totals,
    version_changes,
)
from reports.completion.services import (
    TEXT_FIELDS,
    DraftConflict,
    ReportData,
    ReportError,
    ReportIncomplete,
    ReportStateError,
    allows_nothing_arose,
    report_accept,
    report_attach,
    report_return,
    report_save_draft,
    report_submit,
    report_submit_nothing_arose,
)
from reports.completion.textcontext import split_paragraphs, task_context
from reports.models import Attachment, CompletionReport

PAGE_SIZE = 25


# --- Scoped getters ---------------------------------------------------------------------------


def _get_assignment_for_user(request: HttpRequest, pk: int, *, with_text: bool = False) -> tuple[Assignment, Scope]:
    """The assignment if this user may prepare or review its report; 404 otherwise (a guessed id
    looks exactly like a missing one)."""
    scope = scope_for(request.user)
    assignment = assignment_for(scope=scope, pk=pk, with_text=with_text)
    if assignment is None:
        raise Http404("Không tìm thấy việc này.")
    return assignment, scope


def _get_preparable_assignment(request: HttpRequest, pk: int) -> tuple[Assignment, Scope]:
    assignment, scope = _get_assignment_for_user(request, pk)
    if not can_prepare(scope, assignment):
        raise Http404("Không tìm thấy việc này.")
    return assignment, scope


# --- Inbox ------------------------------------------------------------------------------------


@login_required
@require_GET
def assignment_list(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = scope_for(request.user)
    units = inbox_units(request.user)
    base = assignment_inbox(scope=scope, unit_ids=[u.pk for u in units], today=today)
    filterset = InboxFilter(
        request.GET or None,
        queryset=base,
        today=today,
        due_soon_until=soon,
        directives=inbox_directives(base),
        years=inbox_years(base),
        units=[(u.pk, u.name) for u in units] if len(units) > 1 else [],
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_inbox_row(a, today=today, due_soon_until=soon) for a in page.object_list]
    context = {"filter": filterset, "page": page, "rows": rows, "units": units, "today": today}
    is_htmx = bool(getattr(request, "htmx", False))
    template = "reports/assignment_list.html#inbox-table" if is_htmx else "reports/assignment_list.html"
    return render(request, template, context)


def _inbox_row(assignment: Assignment, *, today: Any, due_soon_until: Any) -> dict[str, Any]:
    return {
        "assignment": assignment,
        "timeliness": assignment.timeliness(today=today, due_soon_until=due_soon_until),
        "days_overdue": assignment.days_overdue(today=today),
        "days_left": (assignment.due_on - today).days if assignment.due_on else None,
        "receiver": receiving_unit(assignment.task),
    }


# --- Assignment page --------------------------------------------------------------------------


@login_required
@require_GET
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment, scope = _get_assignment_for_user(request, pk, with_text=True)
    today = timezone.localdate()
    preparer = can_prepare(scope, assignment)
    reviewer = can_review(scope, assignment)
    task = assignment.task
    versions = report_versions(assignment=assignment, include_drafts=preparer)
    draft = next((v for v in versions if v.status == CompletionReport.Status.DRAFT), None)
    awaiting = next((v for v in versions if v.status == CompletionReport.Status.SUBMITTED), None)
    is_open = assignment.status in Assignment.OPEN_STATUSES
    context = {
        "assignment": assignment,
        "task": task,
        "document": task.document,
        "timeliness": assignment.timeliness(today=today, due_soon_until=due_soon_until(today=today)),
        "days_overdue": assignment.days_overdue(today=today),
        "days_left": (assignment.due_on - today).days if assignment.due_on else None,
        "receiver": receiving_unit(task),
        "chain": guidance_chain(task.document),
        "context": task_context(document_text=task.document.text, task_text=task.text),
        "versions": versions,
        "draft": draft,
        "awaiting": awaiting,
        "can_prepare": preparer,
        "can_review": reviewer,
        "is_open": is_open,
        "offers_nothing_arose": preparer and is_open and allows_nothing_arose(task),
        "form_token": uuid.uuid4(),
        "today": today,
    }
    return render(request, "reports/assignment_detail.html", context)


@login_required
@require_GET
def assignment_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The full text of the document that set this task, with the task's paragraph marked."""
    assignment, _scope = _get_assignment_for_user(request, pk, with_text=True)
    document = assignment.task.document
    found = task_context(document_text=document.text, task_text=assignment.task.text)
    match = next((p.text for p in found.paragraphs if p.is_match), None) if found else None
    paragraphs = [(text, text == match) for text in split_paragraphs(document.text)]
    return render(
        request,
        "reports/assignment_document.html",
        {"assignment": assignment, "document": document, "paragraphs": paragraphs},
    )


# --- Report form ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment, _scope = _get_preparable_assignment(request, pk)
    if request.method == "POST":
        return _report_post(request, assignment)
    if assignment.status not in Assignment.OPEN_STATUSES:
        messages.info(request, "Báo cáo của việc này đã được gửi; không thể sửa nữa.")
        return redirect("assignment_detail", pk=assignment.pk)
    draft = current_draft(assignment)
    base = draft or latest_version(assignment)
    initial = initial_from(
        ReportData.from_report(base), lock_version=draft.lock_version if draft else None, token=uuid.uuid4()
    )
    return _render_form(request, assignment, _report_form(assignment, initial=initial), report=base)


def _report_form(assignment: Assignment, *args: Any, **kwargs: Any) -> ReportForm:
    unit_documents = Document.objects.filter(issuer=assignment.unit, state=Document.State.LOGGED).order_by(
        "-issued_on", "-id"
    )
    return ReportForm(*args, unit_documents=unit_documents, **kwargs)


def _report_post(request: AuthedRequest, assignment: Assignment) -> HttpResponse:
    """Save or submit. The happy path reads nothing beyond the assignment: the service locks it,
    recognises a repeated form token, and refuses a closed assignment."""
    action = request.POST.get("action", "save")
    form = _report_form(assignment, request.POST, require_complete=action == "submit")
    files = request.FILES.getlist("attachments")
    already = (
        Attachment.objects.filter(report__assignment=assignment, report__status=CompletionReport.Status.DRAFT).count()
        if files
        else 0
    )
    uploads, file_errors = evidence_check(files, already_attached=already)
    if not form.is_valid():
        return _invalid_form(request, assignment, form, uploads=uploads, file_errors=file_errors)
    data = form.report_data()
    base_lock = form.cleaned_data.get("lock_version")
    remove = form.cleaned_data.get("remove_attachments") or []
    new_document = form.new_document()
    try:
        if action == "submit" and not file_errors:
            result = report_submit(
                assignment=assignment,
                submitted_by=request.user,
                data=data,
                base_lock=base_lock,
                token=form.cleaned_data["form_token"],
                uploads=uploads,
                remove_sha256=remove,
                new_document=new_document,
                now=timezone.now(),
            )
            _say_submitted(request, result.report, replayed=result.replayed)
            return redirect("report_detail", pk=result.report.pk)
        saved = report_save_draft(
            assignment=assignment,
            user=request.user,
            data=data,
            base_lock=base_lock,
            uploads=uploads,
            remove_sha256=remove,
            new_document=new_document,
        )
    except DraftConflict as conflict:
        return _conflict(request, assignment, form, conflict)
    except ReportIncomplete as exc:
        for field, message in exc.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _render_form(request, assignment, form, report=_base_report(assignment), status=400)
    except ReportStateError as exc:
        messages.error(request, str(exc))
        return redirect("assignment_detail", pk=assignment.pk)

    saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M %d/%m/%Y")
    if file_errors:
        not_sent = " Báo cáo chưa được gửi vì có tệp không hợp lệ." if action == "submit" else ""
        messages.warning(request, f"Đã lưu bản nháp lúc {saved_at}.{not_sent}")
        initial = initial_from(ReportData.from_report(saved), lock_version=saved.lock_version, token=uuid.uuid4())
        fresh = _report_form(assignment, initial=initial)
        return _render_form(request, assignment, fresh, report=saved, file_errors=file_errors)
    messages.success(request, f"Đã lưu bản nháp lúc {saved_at}. Bản nháp được giữ trên máy chủ cho đến khi gửi.")
    return redirect("report_edit", pk=assignment.pk)


def _base_report(assignment: Assignment) -> CompletionReport | None:
    return current_draft(assignment) or latest_version(assignment)


@login_required
@require_POST
def report_nothing_arose(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment, _scope = _get_preparable_assignment(request, pk)
    try:
        token = uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        messages.error(request, "Biểu mẫu đã cũ. Hãy tải lại trang rồi bấm lại.")
        return redirect("assignment_detail", pk=assignment.pk)
    try:
        result = report_submit_nothing_arose(
            assignment=assignment, submitted_by=request.user, token=token, now=timezone.now()
        )
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect("assignment_detail", pk=assignment.pk)
    _say_submitted(request, result.report, replayed=result.replayed)
    return redirect("report_detail", pk=result.report.pk)


# --- Helpers ----------------------------------------------------------------------------------


def _invalid_form(
    request: AuthedRequest,
    assignment: Assignment,
    form: ReportForm,
    *,
    uploads: list[ValidatedUpload],
    file_errors: list[str],
) -> HttpResponse:
    """Field errors: nothing typed is saved or lost; valid files go onto the draft so the person
    does not have to pick them again."""
    draft = current_draft(assignment)
    report = draft or latest_version(assignment)
    if uploads:
        try:
            report = report_attach(assignment=assignment, user=request.user, uploads=uploads)
        except ReportError as exc:
            file_errors = [*file_errors, str(exc)]
        else:
            names = ", ".join(u.original_name for u in uploads)
            messages.info(request, f"Đã đính kèm vào bản nháp: {names}. Các mục khác chưa được lưu.")
            if draft is None:
                _set_lock(form, report.lock_version)
    messages.error(request, "Báo cáo chưa được lưu: hãy sửa các mục có lỗi bên dưới. Nội dung đã nhập vẫn giữ nguyên.")
    return _render_form(request, assignment, form, report=report, file_errors=file_errors, status=400)


def _set_lock(form: ReportForm, lock_version: int) -> None:
    """Re-rendered forms carry the draft's current lock (the POSTed QueryDict is immutable)."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["lock_version"] = str(lock_version)
    form.data = data


def _conflict(request: HttpRequest, assignment: Assignment, form: ReportForm, conflict: DraftConflict) -> HttpResponse:
    current = conflict.current
    typed = form.report_data()
    differing = []
    for name in typed.changed_from(current):
        field = form.fields.get(name if name != "issued_document_id" else "issued_document")
        label = field.label if field else name
        value = getattr(current, name)
        differing.append({"label": label, "theirs": "" if value is None else value})
    # Saving again now overwrites their version knowingly: the form carries the current lock.
    _set_lock(form, current.lock_version)
    return _render_form(
        request,
        assignment,
        form,
        report=current,
        conflict={"message": str(conflict), "differing": differing},
        status=409,
    )


def _render_form(
    request: HttpRequest,
    assignment: Assignment,
    form: ReportForm,
    *,
    report: CompletionReport | None,
    file_errors: list[str] | None = None,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    attachments = list(report.attachments.all()) if report is not None else []
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "receiver": receiving_unit(assignment.task),
        "timeliness": assignment.timeliness(today=today, due_soon_until=due_soon_until(today=today)),
        "days_overdue": assignment.days_overdue(today=today),
        "days_left": (assignment.due_on - today).days if assignment.due_on else None,
        "crumb": "Báo cáo kết quả",
        "form": form,
        "report": report,
        "is_draft": report is not None and report.status == CompletionReport.Status.DRAFT,
        "attachments": attachments,
        "file_errors": file_errors or [],
        "conflict": conflict,
        "accept": ACCEPT_ATTRIBUTE,
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "offers_nothing_arose": allows_nothing_arose(assignment.task),
    }
    return render(request, "reports/report_form.html", context, status=status)


def _say_submitted(request: HttpRequest, report: CompletionReport, *, replayed: bool) -> None:
    if replayed:
        messages.info(request, "Báo cáo này đã được gửi trước đó; không gửi lại lần nữa.")
        return
    late = " Báo cáo được ghi nhận là gửi quá hạn." if report.is_late else ""
    when = timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y")
    messages.success(request, f"Đã gửi báo cáo lần {report.version} lúc {when}.{late}")


PAGE_SIZE = 25
SECTION_LABELS = {
    "deployment": "I. Tình hình triển khai",
    "results": "II. Kết quả đạt được",
    "shortcomings": "III. Hạn chế",
    "causes": "Nguyên nhân",
    "next_steps": "IV. Phương hướng, nhiệm vụ thời gian tới",
    "proposals": "V. Kiến nghị, đề xuất",
}


def _get_report_for_user(request: HttpRequest, pk: int) -> tuple[CompletionReport, Scope]:
    """The version if this user may read it (the unit's people; reviewers once it was sent)."""
    scope = scope_for(request.user)
    report = report_for(scope=scope, pk=pk)
    if report is None:
        raise Http404("Không tìm thấy báo cáo này.")
    return report, scope


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report, scope = _get_report_for_user(request, pk)
    assignment = report.assignment
    today = timezone.localdate()
    reviewer = can_review(scope, assignment)
    preparer = can_prepare(scope, assignment)
    before = previous_version(report)
    may_review = (
        reviewer and report.status == CompletionReport.Status.SUBMITTED and report.submitted_by_id != request.user.pk
    )
    context = {
        "report": report,
        "assignment": assignment,
        "task": assignment.task,
        "receiver": receiving_unit(assignment.task),
        "timeliness": assignment.timeliness(today=today, due_soon_until=due_soon_until(today=today)),
        "days_late": (timezone.localtime(report.submitted_at).date() - assignment.due_on).days
        if report.is_late and report.submitted_at and assignment.due_on
        else 0,
        "attachments": list(report.attachments.all()),
        "sections": [(SECTION_LABELS[name], getattr(report, name)) for name in TEXT_FIELDS],
        "versions": report_versions(assignment=assignment, include_drafts=preparer),
        "previous": before,
        "changes": version_changes(before, report) if before is not None else [],
        "can_prepare": preparer,
        "can_review": reviewer,
        "may_review": may_review,
        "own_submission": reviewer and report.submitted_by_id == request.user.pk,
        "review_form": ReviewForm() if may_review else None,
        "is_open": assignment.status in Assignment.OPEN_STATUSES,
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_POST
def report_review(request: AuthedRequest, pk: int) -> HttpResponse:
    report, scope = _get_report_for_user(request, pk)
    if not can_review(scope, report.assignment):
        raise PermissionDenied("Chỉ cán bộ của đơn vị nhận báo cáo mới được duyệt.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("report_detail", pk=report.pk)
    comment = form.cleaned_data.get("comment", "")
    try:
        if form.cleaned_data["decision"] == "accept":
            report_accept(report=report, reviewer=request.user, comment=comment, now=timezone.now())
            messages.success(request, f"Đã chấp nhận báo cáo lần {report.version} của {report.assignment.unit}.")
        else:
            report_return(report=report, reviewer=request.user, comment=comment, now=timezone.now())
            messages.success(request, f"Đã trả lại báo cáo lần {report.version} để {report.assignment.unit} sửa.")
    except ReportIncomplete as exc:
        messages.error(request, " ".join(exc.errors.values()))
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect("report_detail", pk=report.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Evidence is streamed after the same check as the report page; never served as a page."""
    report, _scope = _get_report_for_user(request, pk)
    attachment = next((a for a in report.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404("Không tìm thấy tệp này.")
    response = file_download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
    response["X-Checksum-SHA256"] = attachment.sha256
    return response


# --- Roll-up for the receiving unit ----------------------------------------------------------


@login_required
@require_GET
def issued_task_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scope = scope_for(request.user)
    filterset = IssuedTaskFilter(request.GET or None, queryset=issued_task_rollup(scope=scope, today=today))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/issued_task_list.html",
        {"filter": filterset, "page": page, "reviews_anything": bool(scope.subtree_paths), "today": today},
    )


@login_required
@require_GET
def issued_task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    task = issued_task_for(scope=scope, pk=pk)
    if task is None:
        raise Http404("Không tìm thấy việc này.")
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    rows = list(issued_assignment_rollup(task=task, today=today))
    return render(
        request,
        "reports/issued_task_detail.html",
        {
            "task": task,
            "receiver": receiving_unit(task),
            "rows": [
                {
                    "a": a,
                    "timeliness": a.timeliness(today=today, due_soon_until=soon),
                    "days_overdue": a.days_overdue(today=today),
                }
                for a in rows
            ],
            "totals": rollup_totals(rows, today=today),
            "today": today,
        },
    )
