"""Celery task for the logging flow: extract and parse a large upload off the request."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from directives.documents.imports import document_import_process


@shared_task(
    name="directives.process_document_import",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
)
def process_document_import(import_id: int) -> None:
    """Idempotent: a finished import is left alone, a deleted one is skipped."""
    document_import_process(import_id=import_id, reference_date=timezone.localdate())
