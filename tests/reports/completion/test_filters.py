"""The unit inbox's status filter decides with the one SQL rule, and agrees with the Python one."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment
from directives.timeliness import Timeliness
from reports.completion.filters import STATUS_CHOICES, InboxFilter
from tests.reports.conftest import EDGE_DAY

pytestmark = pytest.mark.django_db

TIMELINESS_CHOICES = [value for value, _label in STATUS_CHOICES if value in Timeliness.__members__.values()]


def _filtered(queryset, status: str, today: dt.date) -> set[int]:
    soon = due_soon_until(today=today)
    inbox = InboxFilter(
        {"status": status}, queryset=queryset, today=today, due_soon_until=soon, directives=[], years=[], units=[]
    )
    assert inbox.is_valid(), inbox.errors
    return set(inbox.qs.values_list("pk", flat=True))


def test_the_inbox_offers_four_timeliness_states_and_the_edge_cases_hold_each(every_case):
    assert set(TIMELINESS_CHOICES) == {"overdue", "due_soon", "on_track", "done_late"}
    soon = due_soon_until(today=EDGE_DAY)
    assert {a.timeliness(today=EDGE_DAY, due_soon_until=soon) for a in every_case} >= set(TIMELINESS_CHOICES)


@pytest.mark.parametrize("today", [EDGE_DAY, EDGE_DAY - dt.timedelta(days=2), EDGE_DAY + dt.timedelta(days=45)])
@pytest.mark.parametrize("state", TIMELINESS_CHOICES)
def test_filtering_by_a_state_lists_exactly_the_assignments_in_that_state(every_case, state, today):
    soon = due_soon_until(today=today)
    expected = {a.pk for a in every_case if a.timeliness(today=today, due_soon_until=soon) == state}
    assert _filtered(every_case, state, today) == expected


@pytest.mark.parametrize("status", ["returned", "submitted", "accepted"])
def test_filtering_by_a_reporting_status_lists_the_assignments_with_it(every_case, status):
    assert _filtered(every_case, status, EDGE_DAY) == {a.pk for a in every_case if a.status == status}
    assert Assignment.objects.filter(status=status).exists()
