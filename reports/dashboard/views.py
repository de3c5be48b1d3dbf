"""The leaders' dashboard: thin views over `reports.selectors_dashboard` / `selectors_overdue`.

Every view starts from the viewer's `DashboardScope`; directives, units and documents are fetched
through the scoped getters below, which 404 outside the viewer's reach. Interactions (expand,
drill down, filter, sort, page) are plain links and GET forms that htmx turns into fragment swaps;
the URL always carries the state, so any view can be bookmarked and shared.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cascade.lib.http import AuthedRequest
from directives.deadlines.scheduling import due_soon_until
from directives.models import Document, Organization
from reports.dashboard.counts import count_source
from reports.dashboard.exports import (
    BACKLOG_HEADER,
    OVERDUE_HEADER,
    XLSX_MAX_ROWS,
    backlog_record,
    export_response,
    overdue_record,
)
from reports.dashboard.filters import SORT_COLUMNS, BacklogForm
from reports.dashboard.selectors.backlog import backlog_ranking
from reports.dashboard.selectors.cascade import cascade_view
from reports.dashboard.selectors.charts import chart_series
from reports.dashboard.selectors.heatmap import heatmap
from reports.dashboard.selectors.latency import cascade_latency
from reports.dashboard.selectors.overdue import issuer_q, overdue_page, overdue_rows
from reports.dashboard.selectors.picker import directive_list, document_search
from reports.dashboard.selectors.unit import unit_overview
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    UNIT_FIELDS,
    DashboardScope,
    DocumentInfo,
    UnitInfo,
    breadcrumb,
    dashboard_scope,
)
from reports.timeliness_sql import Counts

EXPORT_FORMATS = ("csv", "xlsx")
ROW_LIMIT = 60  # children listed per unit before "… and N more" (worst first), unless ?all=1

# --- scoped getters -----------------------------------------------------------------------------


def _scope(request: HttpRequest) -> DashboardScope:
    scope = dashboard_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied("Bảng điều khiển dành cho lãnh đạo, cán bộ tham mưu của cấp ủy, đơn vị.")
    return scope


def _get_unit_for_scope(scope: DashboardScope, unit_id: object) -> UnitInfo:
    try:
        pk = int(str(unit_id))
    except ValueError as exc:
        raise Http404("Không có đơn vị này.") from exc
    row = Organization.objects.filter(pk=pk).values(*UNIT_FIELDS).first()
    if row is None or not scope.covers_path(row["path"]):
        raise Http404("Không có đơn vị này trong phạm vi của đồng chí.")
    return UnitInfo.of(row)


def _optional_unit(scope: DashboardScope, request: HttpRequest) -> UnitInfo | None:
    """The organisation node being looked at: `?unit=`, else the viewer's single top unit."""
    value = request.GET.get("unit")
    if value:
        return _get_unit_for_scope(scope, value)
    return scope.single_root


def _get_document_for_scope(scope: DashboardScope, document_id: int, *, today: dt.date, soon: dt.date) -> DocumentInfo:
    row = Document.objects.filter(pk=document_id).values(*DOCUMENT_FIELDS, "issuer__path").first()
    if row is None:
        raise Http404("Không có văn bản này.")
    document = DocumentInfo.of(row)
    in_reach = scope.covers_path(row["issuer__path"] or "\0")
    if not in_reach:
        totals = count_source().totals_by_document(
            directive_id=document.directive_id,
            document_ids=[document.id],
            paths=scope.paths,
            today=today,
            due_soon_until=soon,
        )
        in_reach = totals.get(document.id, Counts()).total > 0
    if not in_reach:
        raise Http404("Văn bản này không giao việc cho đơn vị nào trong phạm vi của đồng chí.")
    return document


def _ids(value: str | None) -> list[int]:
    result = []
    for part in (value or "").split(","):
        if part.strip().isdigit():
            result.append(int(part))
    return list(dict.fromkeys(result))[:50]


def _query_prefix(request: HttpRequest, name: str) -> str:
    """The current query string with `name` last and empty: append a value to set it."""
    params = request.GET.copy()
    params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}&{name}=" if encoded else f"?{name}="


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _node_totals(
    scope: DashboardScope, directive: DocumentInfo, node: UnitInfo | None, today: dt.date, soon: dt.date
) -> Counts:
    paths = [node.path] if node else list(scope.paths)
    totals = count_source().totals_at(directive_id=directive.id, paths=paths, today=today, due_soon_until=soon)
    return sum(totals.values(), Counts())


def _directive_context(
    request: HttpRequest, scope: DashboardScope, document_id: int, today: dt.date, soon: dt.date, tab: str
) -> dict[str, object]:
    directive = _get_document_for_scope(scope, document_id, today=today, soon=soon)
    if directive.root_id:
        raise _Redirect(directive)
    node = _optional_unit(scope, request)
    return {
        "scope": scope,
        "directive": directive,
        "node": node,
        "crumbs": breadcrumb(scope, node),
        "today": today,
        "tab": tab,
        "unit_param": node.id if node and node != scope.single_root else "",
    }


class _Redirect(Exception):
    def __init__(self, document: DocumentInfo) -> None:
        self.document = document


# --- pages --------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    """The directive picker: every top directive in reach with its figures, and a document search."""
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    directives = directive_list(scope=scope, today=today, due_soon_until=soon)
    query = request.GET.get("q", "").strip()
    found = (
        document_search(
            scope=scope,
            query=query,
            today=today,
            due_soon_until=soon,
            directive_ids=[d.document.id for d in directives],
        )
        if query
        else []
    )
    totals = sum((d.counts for d in directives), Counts())
    context = {"scope": scope, "directives": directives, "query": query, "found": found, "totals": totals}
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "dashboard/picker.html#search-results", context)
    return render(request, "dashboard/picker.html", context)


@login_required
@require_GET
def cascade(request: AuthedRequest, document_id: int) -> HttpResponse:
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    try:
        context = _directive_context(request, scope, document_id, today, soon, "cascade")
    except _Redirect as r:
        url = reverse("dashboard_cascade", kwargs={"document_id": r.document.directive_id})
        return redirect(f"{url}?focus={r.document.id}")
    open_units = [_get_unit_for_scope(scope, pk) for pk in _ids(request.GET.get("open"))]
    target = request.htmx.target if request.htmx else None
    parts = {"units-panel": frozenset({"units"}), "documents-panel": frozenset({"documents"})}.get(
        target or "", frozenset({"units", "documents"})
    )
    focus = request.GET.get("focus")
    data = cascade_view(
        scope=scope,
        directive=context["directive"],  # type: ignore[arg-type]
        node=context["node"],  # type: ignore[arg-type]
        today=today,
        due_soon_until=soon,
        expanded_units=open_units,
        expanded_documents=_ids(request.GET.get("docs")),
        focus=int(focus) if focus and focus.isdigit() else None,
        parts=parts,
    )
    keep = request.GET.copy()
    for name in ("unit", "open", "focus"):
        keep.pop(name, None)
    drill = keep.copy()
    keep.pop("docs", None)
    context.update(
        data=data,
        totals=data.totals,
        # Link prefixes for the rows (cheaper than a {% querystring %} per row on a 170-row tree).
        drill_qs=f"?{drill.urlencode()}{'&' if drill else ''}unit=",
        open_qs=_query_prefix(request, "open"),
        overdue_qs=f"{reverse('dashboard_overdue')}?directive={document_id}&unit=",
        all_qs=_query_prefix(request, "all") + "1",
        row_limit=5000 if request.GET.get("all") else ROW_LIMIT,
        row_limit_neg=-(5000 if request.GET.get("all") else ROW_LIMIT),
    )
    if target in ("units-panel", "documents-panel", "cascade-body"):
        return render(request, f"dashboard/cascade.html#{target}", context)
    return render(request, "dashboard/cascade.html", context)


@login_required
@require_GET
def overdue(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    filterset, page = overdue_page(
        scope=scope, filters=request.GET, today=today, due_soon_until=soon, page=_page(request)
    )
    directives = directive_list(scope=scope, today=today, due_soon_until=soon)
    form = filterset.form
    selected = form.cleaned_data.get("unit") if form.is_valid() else None
    context = {
        "scope": scope,
        "filterset": filterset,
        "form": form,
        "page": page,
        "today": today,
        "directives": directives,
        "unit_choices": _unit_choices(scope, selected),
        "base_depth": min(len(p) for p in scope.paths) // 4,
        "issuer_choices": _issuer_choices(scope),
        "sort": form.cleaned_data.get("sort", "-days") if form.is_valid() else "-days",
        "columns": SORT_COLUMNS,
    }
    if request.htmx and request.htmx.target == "overdue-results":
        return render(request, "dashboard/overdue.html#overdue-results", context)
    return render(request, "dashboard/overdue.html", context)


def _unit_choices(scope: DashboardScope, selected: Organization | None) -> list[UnitInfo]:
    """The subtree picker: the viewer's top units and their children (a bounded list), plus the
    selected unit wherever it is (deeper units are reached by drilling down)."""
    depth = min(len(p) for p in scope.paths) // 4
    rows = Organization.objects.filter(scope.q("path"), depth__lte=depth + 1).order_by("path").values(*UNIT_FIELDS)
    choices = [UnitInfo.of(r) for r in rows[:400]]
    if selected is not None and all(c.id != selected.pk for c in choices):
        choices.append(UnitInfo.of(selected))
    return choices


def _issuer_choices(scope: DashboardScope) -> list[tuple[int, str]]:
    """Central bodies, and the viewer's own and their children, that issued documents."""
    depth = min(len(p) for p in scope.paths) // 4
    rows = (
        Organization.objects.filter(issuer_q(scope))
        .filter(Q(level=Organization.Level.CENTRAL) | Q(depth__lte=depth + 1))
        .filter(Exists(Document.objects.filter(issuer=OuterRef("pk"))))
        .order_by("path")
        .values_list("id", "name")
    )
    return list(rows[:300])


@login_required
@require_GET
def overdue_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in EXPORT_FORMATS:
        raise Http404("Chỉ xuất được CSV hoặc Excel (xlsx).")
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    filterset, page = overdue_page(
        scope=scope, filters=request.GET, today=today, due_soon_until=soon, page=1, per_page=1
    )
    if not filterset.is_valid():
        messages.error(request, "Bộ lọc chưa hợp lệ; hãy sửa rồi xuất lại.")
        return redirect(f"{reverse('dashboard_overdue')}?{request.GET.urlencode()}")
    stamp = f"{today:%Y%m%d}"
    rows = overdue_rows(scope=scope, filters=request.GET, today=today, due_soon_until=soon)
    records = (overdue_record(i, row) for i, row in enumerate(rows, 1))
    if fmt != "csv" and page.total > XLSX_MAX_ROWS:
        messages.error(
            request,
            f"Bộ lọc chọn {page.total:,} dòng, quá {XLSX_MAX_ROWS:,} dòng cho một tệp Excel; "
            "hãy thu hẹp bộ lọc hoặc xuất CSV.".replace(",", "."),
        )
        return redirect(f"{reverse('dashboard_overdue')}?{request.GET.urlencode()}")
    return export_response(
        fmt,
        filename=f"don-vi-qua-han-{stamp}",
        header=OVERDUE_HEADER,
        records=records,
        title="Đơn vị chưa hoàn thành nhiệm vụ",
        subtitle=f"Số liệu ngày {today:%d/%m/%Y} · {page.total} dòng theo bộ lọc",
    )


def _backlog(request: HttpRequest, scope: DashboardScope, today: dt.date, *, page: int, per_page: int):
    data = request.GET.copy()
    depth = min(len(p) for p in scope.paths) // 4
    if not data.get("level"):
        default_level = (
            Organization.objects.filter(scope.q("path"), depth=depth + 1)
            .values_list("level", flat=True)
            .order_by("-level")
            .first()
        )
        data["level"] = str(default_level if default_level is not None else Organization.Level.GRASSROOTS)
    form = BacklogForm(data, scope_q=scope.q("path"))
    ranking = None
    if form.is_valid():
        unit = form.cleaned_data.get("unit")
        directive = form.cleaned_data.get("directive")
        due_from, due_to = form.period()
        ranking = backlog_ranking(
            scope=scope,
            node=UnitInfo.of(unit) if unit else None,
            level=form.cleaned_data["level"],
            today=today,
            directive_id=directive.pk if directive else None,
            due_from=due_from,
            due_to=due_to,
            page=page,
            per_page=per_page,
        )
    return form, ranking


@login_required
@require_GET
def backlog(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    form, ranking = _backlog(request, scope, today, page=_page(request), per_page=50)
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    context = {
        "scope": scope,
        "form": form,
        "ranking": ranking,
        "today": today,
        "directives": directive_list(scope=scope, today=today, due_soon_until=soon),
        "unit_choices": _unit_choices(scope, form.cleaned_data.get("unit") if form.is_valid() else None),
        "base_depth": min(len(p) for p in scope.paths) // 4,
        "months": [
            (f"{this_month:%Y-%m}", f"Tháng {this_month:%m/%Y}"),
            (f"{last_month:%Y-%m}", f"Tháng {last_month:%m/%Y}"),
        ],
    }
    if request.htmx and request.htmx.target == "backlog-results":
        return render(request, "dashboard/backlog.html#backlog-results", context)
    return render(request, "dashboard/backlog.html", context)


@login_required
@require_GET
def backlog_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in EXPORT_FORMATS:
        raise Http404("Chỉ xuất được CSV hoặc Excel (xlsx).")
    today = timezone.localdate()
    scope = _scope(request)
    _form, ranking = _backlog(request, scope, today, page=1, per_page=XLSX_MAX_ROWS)
    if ranking is None:
        messages.error(request, "Bộ lọc chưa hợp lệ; hãy sửa rồi xuất lại.")
        return redirect(f"{reverse('dashboard_backlog')}?{request.GET.urlencode()}")
    records = [backlog_record(r) for r in ranking.rows]
    stamp = f"{today:%Y%m%d}"
    return export_response(
        fmt,
        filename=f"no-dong-{stamp}",
        header=BACKLOG_HEADER,
        records=records,
        title="Danh sách đơn vị nợ đọng",
        subtitle=f"Số liệu ngày {today:%d/%m/%Y}",
    )


@login_required
@require_GET
def heatmap_view(request: AuthedRequest, document_id: int) -> HttpResponse:
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    try:
        context = _directive_context(request, scope, document_id, today, soon, "heatmap")
    except _Redirect as r:
        return redirect("dashboard_heatmap", document_id=r.document.directive_id)
    node: UnitInfo | None = context["node"]  # type: ignore[assignment]
    try:
        level = int(request.GET.get("level", ""))
        Organization.Level(level)
    except ValueError:
        top = node.level if node else min(u.level for u in scope.roots)
        level = min(top + 1, max(Organization.Level.values))
    data = heatmap(
        scope=scope,
        directive=context["directive"],  # type: ignore[arg-type]
        node=node,
        level=level,
        today=today,
        due_soon_until=soon,
        page=_page(request),
    )
    context.update(
        data=data,
        level=level,
        levels=Organization.Level.choices,
        totals=_node_totals(scope, context["directive"], node, today, soon),  # type: ignore[arg-type]
    )
    if request.htmx and request.htmx.target == "heatmap-results":
        return render(request, "dashboard/heatmap.html#heatmap-results", context)
    return render(request, "dashboard/heatmap.html", context)


def _directive_page(request: HttpRequest, document_id: int, name: str, selector, template: str) -> HttpResponse:
    """A page about one directive below the viewer's node: the node totals plus the page's data,
    `selector(scope, directive, node, today, soon)`."""
    today = timezone.localdate()
    soon = due_soon_until(today=today)
    scope = _scope(request)
    try:
        context = _directive_context(request, scope, document_id, today, soon, name)
    except _Redirect as r:
        return redirect(f"dashboard_{name}", document_id=r.document.directive_id)
    directive, node = context["directive"], context["node"]
    context.update(
        data=selector(scope, directive, node, today, soon),
        totals=_node_totals(scope, directive, node, today, soon),  # type: ignore[arg-type]
    )
    return render(request, template, context)


@login_required
@require_GET
def charts(request: HttpRequest, document_id: int) -> HttpResponse:
    def data(scope, directive, node, today, soon):
        return chart_series(scope=scope, directive=directive, node=node, today=today, due_soon_until=soon)

    return _directive_page(request, document_id, "charts", data, "dashboard/charts.html")


@login_required
@require_GET
def latency(request: HttpRequest, document_id: int) -> HttpResponse:
    def data(scope, directive, node, today, _soon):
        return cascade_latency(scope=scope, directive=directive, node=node, today=today)

    return _directive_page(request, document_id, "latency", data, "dashboard/latency.html")


@login_required
@require_GET
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    today = timezone.localdate()
    scope = _scope(request)
    unit = _get_unit_for_scope(scope, unit_id)
    directive = request.GET.get("directive")
    data = unit_overview(
        scope=scope,
        unit=unit,
        today=today,
        due_soon_until=due_soon_until(today=today),
        directive_id=int(directive) if directive and directive.isdigit() else None,
    )
    return render(request, "dashboard/unit.html", {"scope": scope, "data": data, "today": today, "unit": unit})
