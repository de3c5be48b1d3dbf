"""PDF report pages. Thin: scope the objects, call a request/service, render or redirect.

Who may see what (directives.access.scope_for):
- a unit's report: members of that unit, or anyone whose scope covers it;
- aggregate report and dashboard print: leaders/staff/admins whose subtree covers the unit.
Everything outside scope is a 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cascade.lib.downloads import file_download
from cascade.lib.http import AuthedRequest
from cascade.lib.ratelimit import ratelimit
from directives.access import Scope, scope_for
from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment, Document, Organization
from reports.models import CompletionReport, RenderedReport
from reports.pdf.access import rendered_reports_for
from reports.pdf.aggregate import aggregate_defaults, unit_counts
from reports.pdf.forms import AggregateReportForm
from reports.pdf.requests import aggregate_request, dashboard_request, unit_report_request
from reports.pdf.rollup import cascade_below
from reports.pdf.services import Claim, render_run
from reports.pdf.tasks import render_report_pdf
from reports.pdf.unit_report import SUBMITTED_STATUSES, report_queryset

# A queued render older than this whose task may have been lost is enqueued again.
REQUEUE_AFTER = dt.timedelta(minutes=1)
# Per person: a unit's report renders in ~0.3 s and is then served from storage; an aggregate or
# dashboard print can take seconds of a worker, so it is limited harder.
PDF_RATE = "30/m"
RENDER_RATE = "10/m"


def _leader_scope(request: HttpRequest) -> Scope:
    """Only subtree memberships (leader, staff, admin) reach aggregate reports and prints."""
    return Scope(scope_for(request.user).subtree_paths, ())


def _get_report_for_user(request: HttpRequest, pk: int) -> CompletionReport:
    scope = scope_for(request.user)
    reports = report_queryset().filter(
        scope.q(path_field="assignment__unit__path", id_field="assignment__unit_id"),
        status__in=SUBMITTED_STATUSES,
    )
    return get_object_or_404(reports, pk=pk)


def _get_directive_for_leader(scope: Scope, document_id: int) -> Document:
    """The cascade's top document, if the leader's subtree has assignments in it or issued it."""
    document = Document.objects.filter(pk=document_id).select_related("root", "root__issuer", "issuer").first()
    if document is None:
        raise Http404
    directive = document.root or document
    in_scope = Assignment.objects.filter(scope.q(path_field="unit_path", id_field="unit_id"), directive=directive)
    issuer_in_scope = directive.issuer is not None and scope.covers(directive.issuer)
    if not issuer_in_scope and not in_scope.exists():
        raise Http404
    return directive


def _get_unit_for_leader(scope: Scope, directive: Document, raw_unit: str | None) -> Organization:
    units = Organization.objects.filter(scope.q(path_field="path", id_field="id"))
    if raw_unit:
        if not raw_unit.isdigit():
            raise Http404
        return get_object_or_404(units, pk=int(raw_unit))
    if directive.issuer and scope.covers(directive.issuer):
        return directive.issuer
    unit = units.filter(path__in=scope.subtree_paths).order_by("path").first() or units.order_by("path").first()
    if unit is None:
        raise Http404
    return unit


def _get_render_for_user(request: HttpRequest, pk: int) -> RenderedReport:
    renders = rendered_reports_for(request.user).select_related("unit", "outgoing", "directive").defer("payload_json")
    return get_object_or_404(renders, pk=pk)


def _pdf_response(render_obj: RenderedReport) -> FileResponse:
    return file_download(render_obj.file, filename=render_obj.download_name, content_type="application/pdf")


def _deliver(request: HttpRequest, claim: Claim, *, open_pdf: bool = True) -> HttpResponseBase:
    """Stored → the PDF; small → render now → the PDF; large → Celery → the progress page.

    With `open_pdf=False` (after a form POST) a finished render redirects to its page instead.
    """
    render_obj = claim.render
    if not render_obj.is_done and claim.runs_in_request:
        try:
            render_obj = render_run(render_id=render_obj.pk)
        except Exception:
            messages.error(request, "Không tạo được tệp PDF. Lỗi đã được ghi lại; hãy thử lại sau.")
            return redirect("pdf_render_status", pk=render_obj.pk)
    if render_obj.is_done:
        return _pdf_response(render_obj) if open_pdf else redirect("pdf_render_status", pk=render_obj.pk)
    if claim.runs_in_request:  # another request is rendering this very snapshot right now
        return redirect("pdf_render_status", pk=render_obj.pk)
    stale = render_obj.status == RenderedReport.Status.QUEUED and (
        timezone.now() - render_obj.created_at > REQUEUE_AFTER
    )
    if claim.created or render_obj.status == RenderedReport.Status.FAILED or stale:
        if render_obj.status == RenderedReport.Status.FAILED:
            RenderedReport.objects.filter(pk=render_obj.pk).update(status=RenderedReport.Status.QUEUED, progress=0)
        render_report_pdf.delay_on_commit(render_obj.pk)
    return redirect("pdf_render_status", pk=render_obj.pk)


@login_required
@require_GET
def pdf_index(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    leader = Scope(scope.subtree_paths, ())
    directives = []
    if leader.subtree_paths:
        in_scope = Assignment.objects.filter(leader.q(path_field="unit_path", id_field="unit_id")).values("directive")
        directives = list(
            Document.objects.filter(pk__in=in_scope).select_related("issuer").order_by("-issued_on", "-id")[:50]
        )
    reports = list(
        report_queryset()
        .filter(
            scope.q(path_field="assignment__unit__path", id_field="assignment__unit_id"),
            status__in=SUBMITTED_STATUSES,
        )
        .order_by("-submitted_at")[:20]
    )
    renders = list(
        RenderedReport.objects.filter(requested_by=request.user)
        .select_related("unit", "outgoing", "directive")
        .defer("payload_json")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "reports/pdf/index.html",
        {"directives": directives, "reports": reports, "renders": renders},
    )


@login_required
@ratelimit(key="user", rate=PDF_RATE)
@require_GET
def report_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A unit's completion report as an official PDF; small, so it renders in the request."""
    report = _get_report_for_user(request, pk)
    claim = unit_report_request(report=report, today=timezone.localdate(), requested_by=request.user)
    return _deliver(request, claim)


@login_required
@ratelimit(key="user", rate=RENDER_RATE, methods=["POST"])
@require_http_methods(["GET", "POST"])
def aggregate_report(request: AuthedRequest, document_id: int) -> HttpResponseBase:
    scope = _leader_scope(request)
    directive = _get_directive_for_leader(scope, document_id)
    unit = _get_unit_for_leader(scope, directive, request.GET.get("don-vi") or request.POST.get("don-vi"))
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    cascade = cascade_below(directive=directive, unit=unit, today=today, due_soon_until=soon)
    if request.method == "POST":
        form = AggregateReportForm(request.POST)
        if form.is_valid():
            claim = aggregate_request(
                directive=directive,
                unit=unit,
                today=today,
                due_soon_until=soon,
                requested_by=request.user,
                data=form.to_input(),
                cascade=cascade,
            )
            return _deliver(request, claim, open_pdf=False)
    else:
        form = AggregateReportForm(initial=AggregateReportForm.initial_from(aggregate_defaults(cascade)))
    units: Iterable[Organization] = Organization.objects.filter(path__in=scope.subtree_paths).order_by("path")
    if unit.pk not in {u.pk for u in units}:
        units = [*units, unit]
    previous = (
        RenderedReport.objects.filter(subject_key=f"aggregate:{directive.pk}:{unit.pk}")
        .select_related("outgoing")
        .defer("payload_json")
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "reports/pdf/aggregate_form.html",
        {
            "directive": directive,
            "unit": unit,
            "units": units,
            "form": form,
            "cascade": cascade,
            "counts": unit_counts(cascade),
            "previous": previous,
            "dashboard_url": reverse("dashboard_pdf", kwargs={"document_id": directive.pk}) + f"?don-vi={unit.pk}",
        },
        status=200 if request.method == "GET" or not form.errors else 400,
    )


@login_required
@ratelimit(key="user", rate=RENDER_RATE)
@require_GET
def dashboard_pdf(request: AuthedRequest, document_id: int) -> HttpResponseBase:
    scope = _leader_scope(request)
    directive = _get_directive_for_leader(scope, document_id)
    unit = _get_unit_for_leader(scope, directive, request.GET.get("don-vi"))
    today = timezone.localdate()
    claim = dashboard_request(
        directive=directive,
        unit=unit,
        today=today,
        due_soon_until=due_soon_until(today=today),
        requested_by=request.user,
    )
    return _deliver(request, claim)


@login_required
@require_GET
def render_status(request: AuthedRequest, pk: int) -> HttpResponse:
    render_obj = _get_render_for_user(request, pk)
    template = "reports/pdf/_render_progress.html" if request.htmx else "reports/pdf/render_status.html"
    return render(request, template, {"r": render_obj})


@login_required
@require_GET
def render_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    render_obj = _get_render_for_user(request, pk)
    if not render_obj.is_done:
        return redirect("pdf_render_status", pk=render_obj.pk)
    return _pdf_response(render_obj)
