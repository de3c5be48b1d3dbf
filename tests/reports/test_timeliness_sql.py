"""The SQL four-way status equals directives.timeliness, row by row, on every edge of the rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment
from directives.timeliness import Timeliness
from reports.timeliness_sql import Counts, assignment_counts, days_overdue_annotation, timeliness_annotation
from tests.reports.conftest import EDGE_DAY as TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [TODAY, TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=45)])
def test_the_annotation_gives_every_row_the_python_status(every_case, today):
    soon = due_soon_until(today=today)
    annotated = every_case.annotate(
        state=timeliness_annotation(today=today, due_soon_until=soon), days=days_overdue_annotation(today=today)
    )
    assert annotated.count() == 216
    for row in annotated:
        assert row.state == row.timeliness(today=today, due_soon_until=soon).value, (row.status, row.due_on)
        assert row.days == row.days_overdue(today=today), (row.status, row.due_on, row.submitted_on)


def test_the_aggregate_counts_equal_a_python_tally(every_case):
    soon = due_soon_until(today=TODAY)
    counts = Counts.from_row(every_case.aggregate(**assignment_counts(today=TODAY, due_soon_until=soon)))
    tally = Counter(row.timeliness(today=TODAY, due_soon_until=soon) for row in every_case)
    assert counts.done_on_time == tally[Timeliness.DONE_ON_TIME]
    assert counts.done_late == tally[Timeliness.DONE_LATE]
    assert counts.on_track == tally[Timeliness.ON_TRACK]
    assert counts.due_soon == tally[Timeliness.DUE_SOON]
    assert counts.overdue == tally[Timeliness.OVERDUE]
    assert counts.total == every_case.count()
    assert counts.overdue_days == sum(
        r.days_overdue(today=TODAY)
        for r in every_case
        if r.timeliness(today=TODAY, due_soon_until=soon) is Timeliness.OVERDUE
    )


def test_done_statuses_are_the_ones_the_rollup_triggers_know():
    # The PostgreSQL triggers (migration reports.0003) name these statuses in SQL, and "open" is
    # spelled as the other two: a new status must be placed on one side explicitly.
    assert tuple(Assignment.DONE_STATUSES) == ("submitted", "accepted")
    assert set(Assignment.Status.values) == {*Assignment.DONE_STATUSES, *Assignment.OPEN_STATUSES}
