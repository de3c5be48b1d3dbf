"""Celery task for large PDFs: takes an id, re-fetches, calls one service."""

from __future__ import annotations

from celery import shared_task

from reports.models import RenderedReport
from reports.pdf.services import render_run


@shared_task(name="reports.pdf.tasks.render_report_pdf", acks_late=True, ignore_result=True)
def render_report_pdf(render_id: int) -> None:
    """Idempotent: a finished or in-progress render is left alone (compare-and-swap in render_run)."""
    if not RenderedReport.objects.filter(pk=render_id).exists():
        return  # deleted meanwhile
    render_run(render_id=render_id)
