"""The three report requests, shared by the views and the `render_report` command.

Each builds its snapshot, claims the render (numbered when official) and returns the Claim;
the caller decides whether to render in place or on Celery.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from directives.models import Document, Organization
from reports.models import CompletionReport, RenderedReport
from reports.pdf.aggregate import AggregateInput, aggregate_defaults, aggregate_payload
from reports.pdf.dashboard_data import dashboard_snapshot
from reports.pdf.rollup import Cascade, cascade_below
from reports.pdf.services import Claim, render_request
from reports.pdf.unit_report import unit_report_payload

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def unit_report_request(*, report: CompletionReport, today: dt.date, requested_by: User | None) -> Claim:
    payload = unit_report_payload(report=report, today=today)
    return render_request(
        kind=RenderedReport.Kind.UNIT,
        subject_key=f"unit:{report.pk}",
        unit=report.assignment.unit,
        payload=payload,
        today=today,
        requested_by=requested_by,
        directive=report.assignment.directive,
        completion_report=report,
    )


def aggregate_request(
    *,
    directive: Document,
    unit: Organization,
    today: dt.date,
    due_soon_until: dt.date,
    requested_by: User | None,
    data: AggregateInput | None = None,
    cascade: Cascade | None = None,
) -> Claim:
    """`data` is what the leader typed; None takes the pre-filled defaults (the command)."""
    cascade = cascade or cascade_below(directive=directive, unit=unit, today=today, due_soon_until=due_soon_until)
    payload = aggregate_payload(cascade=cascade, data=data or aggregate_defaults(cascade))
    return render_request(
        kind=RenderedReport.Kind.AGGREGATE,
        subject_key=f"aggregate:{directive.pk}:{unit.pk}",
        unit=unit,
        payload=payload,
        today=today,
        requested_by=requested_by,
        directive=directive,
    )


def dashboard_request(
    *, directive: Document, unit: Organization, today: dt.date, due_soon_until: dt.date, requested_by: User | None
) -> Claim:
    payload = dashboard_snapshot(directive=directive, unit=unit, today=today, due_soon_until=due_soon_until)
    return render_request(
        kind=RenderedReport.Kind.DASHBOARD,
        subject_key=f"dashboard:{directive.pk}:{unit.pk}",
        unit=unit,
        payload=payload,
        today=today,
        requested_by=requested_by,
        directive=directive,
    )
