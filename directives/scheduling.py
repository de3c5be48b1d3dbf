"""When the deadline sweep next has something to do for an assignment.

Every service that changes an assignment's due date or status calls `refresh_next_check` so the
sweep, which reads only `next_check_on`, never misses or repeats work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from directives.models import Assignment

FIRST_REMINDER_DAYS = 7


def next_check_for(*, due_on: dt.date | None, is_done: bool) -> dt.date | None:
    if is_done or due_on is None:
        return None
    return due_on - dt.timedelta(days=FIRST_REMINDER_DAYS)


def refresh_next_check(*, assignment_ids: Iterable[int]) -> None:
    rows = Assignment.objects.filter(pk__in=list(assignment_ids)).only("pk", "due_on", "status")
    for row in rows:
        row.next_check_on = next_check_for(due_on=row.due_on, is_done=row.is_done)
    Assignment.objects.bulk_update(rows, ["next_check_on"], batch_size=1000)
