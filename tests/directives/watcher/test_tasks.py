"""The sweep and the e-mail through a real Celery worker on the Redis broker, and under concurrency."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection

from cascade.celery import app
from directives.models import Assignment, DeadlineEvent, EmailDelivery, Notification
from directives.notifications.tasks import enqueue_deliveries
from directives.watcher.sweep import SweepCounts, deadlines_sweep
from directives.watcher.tasks import sweep_deadlines
from tests.directives import flaky_mail
from tests.directives.deadline_helpers import at, scheduled_assignment

D = dt.date
DUE = D(2023, 11, 15)


@pytest.fixture
def redis_worker():
    assert django_settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_sweeps_through_the_worker(redis_worker, tree, secretary_a, leader):
    scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
    result = sweep_deadlines.delay(now=at(D(2023, 11, 21), 0, 5).isoformat())
    assert result.get(timeout=30) == {"checked": 1, "reminders": 0, "overdue": 1, "escalations": 1, "recurrences": 0}
    assert Notification.objects.filter(recipient=secretary_a, kind="overdue").count() == 1
    assert Notification.objects.filter(recipient=leader, kind="escalation").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_failure_is_retried_without_loss(redis_worker, tree, leader, settings):
    settings.EMAIL_BACKEND = "tests.directives.flaky_mail.FlakyBackend"
    settings.EMAIL_RETRY_BASE_SECONDS = 0  # retry at once; production backs off 30 s, 60 s, 120 s…
    flaky_mail.FlakyBackend.attempts = 0
    flaky_mail.FlakyBackend.failures = 2
    mail.outbox = []
    scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
    # The sweep returns the urgent e-mail's id at once, mail server or not; the caller enqueues it.
    enqueue_deliveries(deadlines_sweep(now=at(D(2023, 11, 21), 0, 5)).email_ids)
    delivery = EmailDelivery.objects.get()
    wait_for(lambda: EmailDelivery.objects.get(pk=delivery.pk).status == EmailDelivery.Status.SENT)
    delivery.refresh_from_db()
    assert flaky_mail.FlakyBackend.attempts == 3
    assert delivery.attempts == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [leader.email]
    assert not Notification.objects.filter(recipient=leader, emailed_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_create_each_notice_exactly_once(tree, secretary_a, secretary_b, leader):
    for unit in (tree.district_a, tree.district_b):
        for _ in range(60):
            scheduled_assignment(unit=unit, due_on=DUE, issuer=tree.board)
    now = at(D(2023, 11, 21), 0, 5)
    barrier = threading.Barrier(2)
    results: list[SweepCounts] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(deadlines_sweep(now=now, batch_size=7))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(r.overdue for r in results) == 120
    assert sum(r.escalations for r in results) == 120
    assert DeadlineEvent.objects.count() == 240
    # Each secretary: one overdue notice per assignment; the province leader: one escalation each.
    assert Notification.objects.filter(recipient=secretary_a).count() == 60
    assert Notification.objects.filter(recipient=secretary_b).count() == 60
    assert Notification.objects.filter(recipient=leader).count() == 120
    assert EmailDelivery.objects.filter(kind="urgent").count() == 1
    assert not Assignment.objects.filter(next_check_on__lte=now.date()).exists()
    # And a third run afterwards finds nothing to do.
    assert deadlines_sweep(now=now).as_dict()["checked"] == 0
