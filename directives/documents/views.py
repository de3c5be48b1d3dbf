"""Pages for documents: "Nhập văn bản" (paste/upload → review → save), the document page, search.

Thin: each view checks access through a scoped getter, calls one service or selector, renders.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from cascade.lib.downloads import file_download
from cascade.lib.http import AuthedRequest
from cascade.lib.ratelimit import ratelimit
from directives.access import Scope, document_import_pages_for, document_imports_for
from directives.deadlines.scheduling import due_soon_until
from directives.documents.filters import DocumentFilter
from directives.documents.forms import ImportForm, ReviewForms
from directives.documents.highlight import highlight_html
from directives.documents.imports import (
    UploadRejected,
    document_import_create,
    document_import_discard,
    document_import_log,
    document_import_process,
    runs_inline,
)
from directives.documents.intake import ReviewInitial, review_initial
from directives.documents.selectors import (
    OrgOption,
    document_page,
    existing_logged,
    get_document_for_user,
    logging_scope,
    matches_for,
    org_options,
    source_file_name,
    visible_documents,
)
from directives.documents.selectors import (
    document_list as select_document_list,
)
from directives.documents.services import DocumentAlreadyLogged
from directives.documents.signatures import signature_lines
from directives.documents.tasks import BROKER_ERRORS, process_document_import
from directives.ingest import low_confidence_labels
from directives.models import DocumentImport, Organization

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
# Redis (the Celery broker) down: the paste is re-shown, an upload must be chosen again.
QUEUE_DOWN_TEXT = _("Máy chủ hàng đợi đang không trả lời; văn bản của bạn vẫn còn dưới đây, hãy thử lại sau ít phút.")
QUEUE_DOWN_UPLOAD = _("Máy chủ hàng đợi đang không trả lời; hãy chọn lại tệp và thử lại sau ít phút.")


def _require_logging_scope(request: HttpRequest) -> Scope:
    scope = logging_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied("Chỉ cán bộ tham mưu và lãnh đạo được nhập văn bản.")
    return scope


def _get_import_for_user(request: HttpRequest, pk: int) -> DocumentImport:
    """An import is private to the person who started it (superusers may open any)."""
    doc_import = document_imports_for(request.user).filter(pk=pk).first()
    if doc_import is None:
        raise Http404("Không tìm thấy lượt nhập này")
    return doc_import


# --- Step 1: paste or upload ------------------------------------------------------------------


@login_required
@ratelimit(key="user", rate="30/m", methods=["POST"])  # each POST parses a document (or queues it)
@require_http_methods(["GET", "POST"])
def document_new(request: AuthedRequest) -> HttpResponse:
    if logging_scope(request.user).is_empty:
        # Linked from the menu for everyone: say why, rather than a bare 403.
        return render(request, "documents/cannot_log.html", status=403)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc_import = document_import_create(
                user=request.user,
                text=form.cleaned_data.get("text") or "",
                upload=form.cleaned_data.get("file"),
            )
        except UploadRejected as exc:
            form.add_error(None, str(exc))
        else:
            if runs_inline(doc_import):
                document_import_process(import_id=doc_import.pk, reference_date=timezone.localdate())
                return redirect("document_import", pk=doc_import.pk)
            try:
                process_document_import.delay_on_commit(doc_import.pk)  # autocommit: publishes now
            except BROKER_ERRORS:
                logger.warning("Import %s not queued, broker unavailable", doc_import.pk, exc_info=True)
                document_import_discard(import_id=doc_import.pk)
                form.add_error(None, QUEUE_DOWN_UPLOAD if form.cleaned_data.get("file") else QUEUE_DOWN_TEXT)
            else:
                return redirect("document_import", pk=doc_import.pk)
    recent = DocumentImport.objects.filter(created_by=request.user).select_related("document")[:5]
    return render(request, "documents/new.html", {"form": form, "recent": recent})


# --- Step 2: progress, then review and save ---------------------------------------------------


@login_required
@require_GET
def document_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx-polled progress fragment; when parsing is done it asks the page to reload."""
    doc_import = _get_import_for_user(request, pk)
    response = render(request, "documents/_import_progress.html", {"doc_import": doc_import})
    if not doc_import.is_pending:
        response["HX-Refresh"] = "true"
    return response


def _options(request: HttpRequest) -> tuple[list[OrgOption], list[OrgOption]]:
    scope = _require_logging_scope(request)
    scoped = org_options(scope)
    return scoped, org_options(None)


def _initial(doc_import: DocumentImport, scoped: list[OrgOption], everyone: list[OrgOption]) -> ReviewInitial:
    if not doc_import.result:
        return ReviewInitial(header={"doc_type": "KHAC"})
    return review_initial(
        doc_import.result,
        match_issuer=lambda name: matches_for(name, scoped),
        match_unit=lambda name: matches_for(name, scoped),
        match_any=lambda name: matches_for(name, everyone),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_import(request: AuthedRequest, pk: int) -> HttpResponse:
    doc_import = _get_import_for_user(request, pk)
    if doc_import.status == DocumentImport.Status.LOGGED and doc_import.document_id:
        return redirect("document_detail", pk=doc_import.document_id)
    if doc_import.is_pending:
        return render(request, "documents/import_progress.html", {"doc_import": doc_import})
    scoped, everyone = _options(request)
    if doc_import.status == DocumentImport.Status.FAILED and not doc_import.text:
        return render(request, "documents/import_progress.html", {"doc_import": doc_import})

    initial = _initial(doc_import, scoped, everyone)
    duplicate = None
    if request.method == "POST":
        forms = ReviewForms(data=request.POST, scope_options=scoped, all_options=everyone)
        if request.POST.get("action") == "refresh":
            forms = forms.refreshed(request.POST)
            messages.info(request, "Đã cập nhật danh sách giao việc; kiểm tra rồi bấm Lưu.")
        elif forms.is_valid():
            log = forms.log_request(text=doc_import.text)
            try:
                document = document_import_log(
                    user=request.user,
                    data=log.data,
                    doc_import=doc_import,
                    new_issuer=log.new_issuer,
                    new_units=log.new_units,
                )
            except DocumentAlreadyLogged as exc:
                duplicate = exc.existing
                forms.header.add_error(
                    None,
                    format_html(
                        'Văn bản {} của {} đã được nhập trước đó: <a href="{}">mở văn bản đã nhập</a>.',
                        duplicate.number,
                        duplicate.issuer_name,
                        reverse("document_detail", args=[duplicate.pk]),
                    ),
                )
            else:
                count = sum(len(t.assignees) for t in log.data.tasks)
                messages.success(
                    request, f"Đã lưu văn bản {document} với {len(log.data.tasks)} nhiệm vụ và {count} lượt giao việc."
                )
                return redirect("document_detail", pk=document.pk)
        else:
            messages.error(request, "Chưa lưu được: hãy sửa các ô được đánh dấu đỏ. Mọi nội dung bạn đã nhập vẫn còn.")
    else:
        forms = ReviewForms(initial=initial, scope_options=scoped, all_options=everyone)
        duplicate = existing_logged(initial.header.get("number"), initial.header.get("issuer"))

    hints = _hints(initial, everyone)
    for prefix, formset in (("reference", forms.references), ("task", forms.tasks), ("recipient", forms.recipients)):
        for i, form in enumerate(formset.forms):
            form.src_label = f"{prefix}-{i}"  # type: ignore[attr-defined]  # read by the review template
            form.hint = hints.get(f"{prefix}-{i}", "")  # type: ignore[attr-defined]
    spans = doc_import.spans or []
    context = {
        "doc_import": doc_import,
        "pages": list(doc_import.pages.all()),
        "unsure_labels": low_confidence_labels(spans, doc_import.ocr_words or []),
        "forms": forms,
        "source_html": highlight_html(doc_import.text, spans),
        "span_labels": {label for label, _start, _end in spans},
        "issuer_hint": hints.get("issuer", ""),
        "duplicate": duplicate,
        "signatures": signature_lines(doc_import.signatures),
    }
    return render(request, "documents/review.html", context)


@login_required
@require_GET
def document_import_page(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """A page image of the import's scan, for its importer only."""
    page = document_import_pages_for(request.user).filter(doc_import_id=pk, number=number).first()
    if page is None:
        raise Http404("Không có ảnh trang này")
    response = FileResponse(page.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def document_import_searchable(request: HttpRequest, pk: int) -> FileResponse:
    """The scan with its OCR text layer (a PDF you can search and copy from), for its importer only."""
    doc_import = _get_import_for_user(request, pk)
    if not doc_import.searchable_pdf:
        raise Http404("Lượt nhập này không có bản PDF có lớp chữ")
    name = doc_import.searchable_pdf.name.rsplit("/", 1)[-1]
    return FileResponse(doc_import.searchable_pdf.open("rb"), as_attachment=True, filename=name)


def _hints(initial: ReviewInitial, everyone: list[OrgOption]) -> dict[str, str]:
    """ "Gợi ý: Ban Tuyên giáo Tỉnh ủy Đồng Nai (96%), …" under each matched organisation field."""
    names = {o.id: o.name for o in everyone}
    return {
        key: "Gợi ý: " + ", ".join(f"{names.get(org_id, '?')} ({score}%)" for org_id, score in matches)
        for key, matches in initial.suggestions.items()
        if matches
    }


# --- The document page, its source file, and search -------------------------------------------


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    today = timezone.localdate()
    page = document_page(request.user, document, today=today, due_soon_until=due_soon_until(today=today))
    can_log = not logging_scope(request.user).is_empty
    context = {
        "page": page,
        "document": document,
        "can_log": can_log,
        "signatures": signature_lines(document.signatures),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_GET
def document_source(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for_user(request.user, pk)
    # "?ban=co-chu": the searchable copy of a scan (text layer added by OCR), else the original.
    file = document.searchable_file if request.GET.get("ban") == "co-chu" else document.source_file
    if not file:
        raise Http404("Văn bản này không có tệp này")
    name = source_file_name(document) if file is document.source_file else file.name.rsplit("/", 1)[-1]
    return file_download(file, filename=name)


@login_required
@require_GET
def document_list(request: AuthedRequest) -> HttpResponse:
    base = select_document_list(request.user)
    issuers = Organization.objects.filter(
        pk__in=visible_documents(request.user).filter(issuer__isnull=False).values("issuer_id")
    ).order_by("path")
    filterset = DocumentFilter(request.GET or None, queryset=base, issuers=issuers)
    issuer_choices = [(str(org.pk), org.name) for org in issuers]
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "issuer_choices": issuer_choices,
        "page_obj": page,
        "querystring": query.urlencode(),
        "can_log": not logging_scope(request.user).is_empty,
    }
    if request.htmx:
        return render(request, "documents/_list_results.html", context)
    return render(request, "documents/list.html", context)
