"""Celery discovers `<app>.tasks`; each feature keeps its tasks in its own module."""

from reports.pdf.tasks import render_report_pdf

__all__ = ["render_report_pdf"]
