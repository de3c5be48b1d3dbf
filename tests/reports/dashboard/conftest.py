"""Fixtures for the dashboard: the demo cascade, a small generated nation, and brute-force counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction

from cascade.devtools.demo.loader import load_demo
from cascade.devtools.synthetic import seed_synthetic
from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment, Document, Membership, Organization
from directives.timeliness import Timeliness
from reports.timeliness_sql import Counts

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def today():
    """Freeze the clock so views and fixtures agree on "today"."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@contextmanager
def _loaded_for_module(django_db_blocker, load):
    """Load data once for a test module, inside a transaction rolled back at its end; each test
    still runs in its own savepoint (pytest-django's `db`), so changes never leak between tests.
    Use in modules whose tests all share the data (a module mixing fixtures would see it too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker):
    with _loaded_for_module(django_db_blocker, lambda: load_demo(today=TODAY)):
        yield


@pytest.fixture(scope="module")
def _nation_data(django_db_setup, django_db_blocker):
    def load():
        seed_synthetic(units=700, directives=3, seed=7, as_of=TODAY, log=lambda _message: None)

    with _loaded_for_module(django_db_blocker, load):
        yield


@pytest.fixture
def soon(db, today):
    """The last "due soon" day on TODAY, as the screens compute it (DEADLINE_DUE_SOON_DAYS working days)."""
    return due_soon_until(today=today)


@pytest.fixture
def demo(_demo_data, db, today):
    """The demo cascade (77 organisations, 18 documents, 68 assignments) and its users."""
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def nation(_nation_data, db, today):
    """A generated national tree (700 units, 3 directives) with its cascade, loaded the way the
    benchmark loads 300,000 units; returns the national leader."""
    return get_user_model().objects.get(username="lanhdao.tw")


def brute_counts(rows: Iterable[Assignment], today: dt.date) -> Counts:
    """Four-way counts the slow, obvious way: directives.timeliness on every row."""
    tally = dict.fromkeys(Timeliness, 0)
    overdue_days = late_days = 0
    soon = due_soon_until(today=today)
    for a in rows:
        state = a.timeliness(today=today, due_soon_until=soon)
        tally[state] += 1
        if state is Timeliness.OVERDUE:
            overdue_days += (today - a.due_on).days
        if state is Timeliness.DONE_LATE:
            late_days += (a.submitted_on - a.due_on).days
    return Counts(
        done_on_time=tally[Timeliness.DONE_ON_TIME],
        done_late=tally[Timeliness.DONE_LATE],
        on_track=tally[Timeliness.ON_TRACK],
        due_soon=tally[Timeliness.DUE_SOON],
        overdue=tally[Timeliness.OVERDUE],
        overdue_days=overdue_days,
        late_days=late_days,
    )


def subtree_assignments(directive: Document | int, path: str) -> list[Assignment]:
    directive_id = directive if isinstance(directive, int) else directive.pk
    return [a for a in Assignment.objects.filter(directive_id=directive_id) if a.unit_path.startswith(path)]


def leader_of(organization: Organization, username: str):
    user = get_user_model().objects.create_user(username=username, password="mat-khau-dai-1")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.LEADER)
    return user
