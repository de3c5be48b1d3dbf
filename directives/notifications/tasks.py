"""Celery task for the e-mail outbox: send one delivery, retrying with backoff (`notifications.mail`).

Task names are pinned (`name=`) so messages queued before a code move still find their task.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings

from directives.notifications import mail


def retry_countdown(retries: int) -> int:
    """Exponential backoff with jitter, capped well under the broker's visibility timeout."""
    base = settings.EMAIL_RETRY_BASE_SECONDS * (2**retries)
    delay = min(base, settings.EMAIL_RETRY_MAX_SECONDS)
    return int(delay + random.uniform(0, delay / 4))  # jitter, not a secret


@shared_task(name="directives.tasks.send_email_delivery", bind=True, acks_late=True, max_retries=None)
def send_email_delivery(self, delivery_id: int) -> str:
    """Send one outbox e-mail; a mail-server failure retries with backoff, the row stays pending."""
    try:
        return mail.email_delivery_send(delivery_id=delivery_id)
    except mail.DeliveryFailed as exc:
        if self.request.retries >= settings.EMAIL_MAX_RETRIES:
            # Give up for now; the sweep re-enqueues the still-pending row after EMAIL_REQUEUE_MINUTES.
            return "failed"
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


def enqueue_deliveries(delivery_ids: Iterable[int]) -> None:
    """One send task per outbox row, each enqueued once the caller's transaction commits."""
    for pk in delivery_ids:
        send_email_delivery.delay_on_commit(pk)
