"""Reads for the leaders' dashboard: plain data for the pages, the exports and the PDF reports.

Every selector takes the viewer's `DashboardScope` (from `dashboard_scope(user)`), the directive
and organisation node being looked at, the filters, and `today` (read once at the edge), and
returns dataclasses of plain values — never a lazy queryset — so the PDF feature can render "the
dashboard's current view" with the same numbers the screen shows.

This module has the directive picker and the cascade view, and re-exports the rest:
`reports.selectors_insights` (heatmap, charts, cascade latency, backlog ranking, one unit),
`reports.dashboard.selectors.overdue` (the overdue-units table and its exports) and the values in
`reports.dashboard.values`. Counts come from `reports.dashboard.counts` (roll-up tables on
PostgreSQL, direct aggregation elsewhere).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from directives.models import Document
from reports.dashboard.counts import count_source
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    DashboardScope,
    DocumentInfo,
    DocumentSummary,
)
from reports.timeliness_sql import Counts

# --- directive picker ---------------------------------------------------------------------------


def directive_list(*, scope: DashboardScope, today: dt.date, due_soon_until: dt.date) -> list[DocumentSummary]:
    """Top directives with assignments in the viewer's reach, newest first, with their figures there."""
    if scope.is_empty:
        return []
    totals = count_source().totals_by_directive(paths=scope.paths, today=today, due_soon_until=due_soon_until)
    documents = Document.objects.filter(pk__in=list(totals)).order_by("-issued_on", "-id").values(*DOCUMENT_FIELDS)
    return [DocumentSummary(DocumentInfo.of(d), totals[d["id"]]) for d in documents if totals[d["id"]].total]


def document_search(
    *,
    scope: DashboardScope,
    query: str,
    today: dt.date,
    due_soon_until: dt.date,
    directive_ids: Iterable[int],
    limit: int = 20,
) -> list[DocumentSummary]:
    """Any document in the viewer's reach whose number, issuer or subject matches (accents optional)."""
    from directives.documents.search import fold

    needle = fold(query)
    if scope.is_empty or len(needle) < 2:
        return []
    directives = list(directive_ids)
    reach = Q(pk__in=directives) | Q(root_id__in=directives) & scope.q("issuer__path")
    rows = list(
        Document.objects.filter(search_text__contains=needle)
        .filter(reach)
        .order_by("-issued_on", "-id")
        .values(*DOCUMENT_FIELDS)[:limit]
    )
    found = [DocumentInfo.of(r) for r in rows]
    totals = count_source().totals_by_document(
        directive_id=None,
        document_ids=[d.id for d in found],
        paths=scope.paths,
        today=today,
        due_soon_until=due_soon_until,
    )
    roots = {
        r["id"]: DocumentInfo.of(r)
        for r in Document.objects.filter(pk__in={d.directive_id for d in found}).values(*DOCUMENT_FIELDS)
    }
    return [DocumentSummary(d, totals.get(d.id, Counts()), roots.get(d.directive_id)) for d in found]


# --- the cascade view ---------------------------------------------------------------------------
