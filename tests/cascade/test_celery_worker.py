"""A real worker consumes a task through the real Redis broker."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache

from cascade.celery import app
from cascade.tasks import HEARTBEAT_KEY, heartbeat


@pytest.fixture
def redis_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_task_through_the_broker(redis_worker):
    cache.delete(HEARTBEAT_KEY)
    result = heartbeat.delay()
    stamp = result.get(timeout=20)
    assert cache.get(HEARTBEAT_KEY) == stamp
