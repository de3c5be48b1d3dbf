"""Celery task for the deadline watcher: beat's entry point, a thin wrapper over `watcher.sweep`.

No per-assignment ETA or countdown tasks: Redis redelivers long ETAs after the visibility timeout
and they run twice. One beat entry runs one sweep; the ledger and unique constraints make it
idempotent (see DESIGN, research/format-and-performance.md §B4).
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from celery.signals import beat_init
from django.conf import settings
from django.utils import timezone

from directives.notifications.tasks import enqueue_deliveries
from directives.watcher.sweep import deadlines_sweep


@shared_task(name="directives.tasks.sweep_deadlines", ignore_result=False)
def sweep_deadlines(now: str | None = None) -> dict[str, int]:
    """Beat's sweep. `now` (ISO 8601) is for tests and replays; by default the current instant."""
    instant = dt.datetime.fromisoformat(now) if now else timezone.now()
    result = deadlines_sweep(now=instant)
    enqueue_deliveries(result.email_ids)
    return result.as_dict()


@beat_init.connect
def _sweep_when_beat_starts(sender: object, **kwargs: object) -> None:
    """Sweep at once after a (re)start instead of waiting a whole interval."""
    sweep_deadlines.apply_async(expires=max(settings.SWEEP_INTERVAL_MINUTES * 60 - 30, 30))
