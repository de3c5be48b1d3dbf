"""Celery tasks for the deadline watcher: thin wrappers over `directives.deadlines` and `directives.mail`.

No per-assignment ETA or countdown tasks: Redis redelivers long ETAs after the visibility timeout
and they run twice. One beat entry runs one sweep; the ledger and unique constraints make it
idempotent (see DESIGN, research/format-and-performance.md §B4).
"""

from __future__ import annotations

import datetime as dt
import random

from celery import shared_task
from celery.signals import beat_init
from django.conf import settings
from django.utils import timezone

from directives import mail
from directives.deadlines import deadlines_sweep


@shared_task(ignore_result=False)
def sweep_deadlines(now: str | None = None) -> dict[str, int]:
    """Beat's sweep. `now` (ISO 8601) is for tests and replays; by default the current instant."""
    instant = dt.datetime.fromisoformat(now) if now else timezone.now()
    return deadlines_sweep(now=instant).as_dict()


def retry_countdown(retries: int) -> int:
    """Exponential backoff with jitter, capped well under the broker's visibility timeout."""
    base = settings.EMAIL_RETRY_BASE_SECONDS * (2**retries)
    delay = min(base, settings.EMAIL_RETRY_MAX_SECONDS)
    return int(delay + random.uniform(0, delay / 4))  # jitter, not a secret


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_email_delivery(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send one outbox e-mail; a mail-server failure retries with backoff, the row stays pending."""
    try:
        return mail.email_delivery_send(delivery_id=delivery_id)
    except mail.DeliveryFailed as exc:
        if self.request.retries >= settings.EMAIL_MAX_RETRIES:
            # Give up for now; the sweep re-enqueues the still-pending row after EMAIL_REQUEUE_MINUTES.
            return "failed"
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@beat_init.connect
def _sweep_when_beat_starts(sender: object, **kwargs: object) -> None:
    """Sweep at once after a (re)start instead of waiting a whole interval."""
    sweep_deadlines.apply_async(expires=max(settings.SWEEP_INTERVAL_MINUTES * 60 - 30, 30))
