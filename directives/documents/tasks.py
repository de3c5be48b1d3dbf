"""Celery task for the logging flow: read (OCR, page by page), and parse an upload off the request."""

from __future__ import annotations

import redis.exceptions
from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError

from directives.documents.imports import document_import_process

# What publishing raises when the broker (Redis) does not answer: kombu wraps the connection error
# after its retries; a bare socket or redis-py error may also come through.
BROKER_ERRORS: tuple[type[Exception], ...] = (OperationalError, redis.exceptions.RedisError, OSError)


@shared_task(
    name="directives.process_document_import",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    # A scan is OCR'd at ~5–20 s a page; `directives.ingest` caps a scan at 100 pages.
    soft_time_limit=55 * 60,
    time_limit=58 * 60,
)
def process_document_import(import_id: int) -> None:
    """Idempotent: a finished import is left alone, a deleted one is skipped."""
    document_import_process(import_id=import_id, reference_date=timezone.localdate())
