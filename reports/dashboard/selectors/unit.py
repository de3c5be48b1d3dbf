"""One unit's page: its assignments under one directive with their status and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from directives.models import Assignment, Document
from directives.timeliness import Timeliness
from reports.dashboard.counts import count_source
from reports.dashboard.selectors.overdue import event_counts
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    Contact,
    DashboardScope,
    DocumentInfo,
    DocumentSummary,
    UnitInfo,
    breadcrumb,
    secretaries,
)
from reports.timeliness_sql import Counts

# --- heatmap ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitAssignment:
    id: int
    document: DocumentInfo
    directive_id: int | None
    task_text: str
    task_ordinal: int
    due_on: dt.date | None
    status: str
    status_label: str
    submitted_on: dt.date | None
    timeliness: Timeliness
    days_overdue: int
    reminders: int
    escalations: int


@dataclass(frozen=True)
class UnitOverview:
    unit: UnitInfo
    breadcrumb: list[UnitInfo]
    contacts: tuple[Contact, ...]
    directives: tuple[DocumentSummary, ...]
    assignments: tuple[UnitAssignment, ...]
    own_totals: Counts = field(default_factory=Counts)


def unit_overview(
    *, scope: DashboardScope, unit: UnitInfo, today: dt.date, due_soon_until: dt.date, directive_id: int | None = None
) -> UnitOverview:
    totals = count_source().totals_by_directive(paths=[unit.path], today=today, due_soon_until=due_soon_until)
    directives = {
        d["id"]: DocumentInfo.of(d) for d in Document.objects.filter(pk__in=list(totals)).values(*DOCUMENT_FIELDS)
    }
    summaries = tuple(
        sorted(
            (DocumentSummary(directives[i], c) for i, c in totals.items() if i in directives and c.total),
            key=lambda s: (-(s.document.issued_on or dt.date.min).toordinal(), s.document.id),
        )
    )
    own = Assignment.objects.filter(unit_id=unit.id).select_related("task__document")
    if directive_id:
        own = own.filter(directive_id=directive_id)
    own_list = list(own.order_by("due_on", "id")[:200])
    events = event_counts([a.id for a in own_list])
    rows = tuple(
        UnitAssignment(
            id=a.id,
            document=DocumentInfo.of(a.task.document),
            directive_id=a.directive_id,
            task_text=a.task.text,
            task_ordinal=a.task.ordinal,
            due_on=a.due_on,
            status=a.status,
            status_label=a.get_status_display(),
            submitted_on=a.submitted_on,
            timeliness=a.timeliness(today=today, due_soon_until=due_soon_until),
            days_overdue=a.days_overdue(today=today),
            reminders=events.get(a.id, (0, 0))[0],
            escalations=events.get(a.id, (0, 0))[1],
        )
        for a in own_list
    )
    own_totals = Counts(
        **{
            state.value: sum(1 for r in rows if r.timeliness is state)
            for state in Timeliness
        }
    )  # fmt: skip
    return UnitOverview(
        unit=unit,
        breadcrumb=breadcrumb(scope, unit),
        contacts=tuple(secretaries([unit.id]).get(unit.id, [])),
        directives=summaries,
        assignments=rows,
        own_totals=own_totals,
    )


# --- backlog ranking (nợ đọng) ------------------------------------------------------------------
