"""One report version, its review, its evidence files, and the issuing unit's roll-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from directives.access import Scope, scope_for
from directives.models import Assignment
from reports.filters_inbox import IssuedTaskFilter
from reports.forms_reports import ReviewForm
from reports.models import CompletionReport
from reports.permissions import can_prepare, can_review, receiving_unit
from reports.selectors_inbox import (
    issued_assignment_rollup,
    issued_task_for,
    issued_task_rollup,
    previous_version,
    report_for,
    report_versions,
    rollup_totals,
    version_changes,
)
from reports.services import TEXT_FIELDS, ReportError, ReportIncomplete, report_accept, report_return

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
        "timeliness": assignment.timeliness(today=today),
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
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
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
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
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
    rows = list(issued_assignment_rollup(task=task, today=today))
    return render(
        request,
        "reports/issued_task_detail.html",
        {
            "task": task,
            "receiver": receiving_unit(task),
            "rows": [
                {"a": a, "timeliness": a.timeliness(today=today), "days_overdue": a.days_overdue(today=today)}
                for a in rows
            ],
            "totals": rollup_totals(rows, today=today),
            "today": today,
        },
    )
