"""The directive picker: directives the viewer's scope has work under, and document search."""

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
