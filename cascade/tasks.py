from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "cascade:worker-heartbeat"


@shared_task(name="cascade.tasks.heartbeat", ignore_result=False)
def heartbeat() -> str:
    """Record that a worker is consuming the queue; `/healthz` reports how long ago."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=24 * 3600)
    return stamp
