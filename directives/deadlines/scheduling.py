"""When the deadline sweep next has something to do for an assignment.

Every service that changes an assignment's due date or status calls `refresh_next_check` so the
sweep, which reads only `next_check_on`, never misses or repeats work. The arithmetic itself is
pure (`directives.deadlines.rules`); this module feeds it the configured policy and the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Case, DateField, Value, When
from django.utils import timezone

from directives.deadlines import rules
from directives.deadlines.workcal import WorkCalendar
from directives.models import Assignment, CalendarOverride


def deadline_policy() -> rules.DeadlinePolicy:
    return rules.DeadlinePolicy(
        reminder_days=tuple(settings.DEADLINE_REMINDER_DAYS),
        escalation_days=settings.DEADLINE_ESCALATION_DAYS,
        escalation_2_days=settings.DEADLINE_ESCALATION_2_DAYS,
        recurrence_lead_days=settings.DEADLINE_RECURRENCE_LEAD_DAYS,
        catch_up_days=settings.DEADLINE_CATCH_UP_DAYS,
    )


def work_calendar() -> WorkCalendar:
    """Weekends and Vietnamese public holidays, completed by the admin-edited overrides."""
    return WorkCalendar(overrides=dict(CalendarOverride.objects.values_list("day", "is_working")))


class NextCheck:
    """`next_check_on` for many rows with one policy and one calendar (cached per due date).

    `since`: stages before it are dropped. Default: the start of today's catch-up window, right for
    new rows; `refresh_next_check` passes today.
    """

    def __init__(
        self,
        *,
        policy: rules.DeadlinePolicy | None = None,
        calendar: rules.WorkingDays | None = None,
        since: dt.date | None = None,
        every_stage: bool = False,
    ) -> None:
        self.policy = policy or deadline_policy()
        self.calendar = calendar or work_calendar()
        if every_stage:
            self.since = None
        else:
            self.since = since or timezone.localdate() - dt.timedelta(days=self.policy.catch_up_days)
        self._cache: dict[tuple[dt.date | None, bool, str], dt.date | None] = {}

    def spawn_on(self, *, recurrence: str, due_on: dt.date | None) -> dt.date | None:
        if not recurrence or due_on is None:
            return None
        return rules.spawn_date(next_due_on=rules.next_occurrence(recurrence, after=due_on), policy=self.policy)

    def __call__(self, *, due_on: dt.date | None, is_done: bool, recurrence: str = "") -> dt.date | None:
        key = (due_on, is_done, recurrence)
        if key not in self._cache:
            self._cache[key] = rules.first_check(
                due_on=due_on,
                is_done=is_done,
                spawn_on=self.spawn_on(recurrence=recurrence, due_on=due_on),
                policy=self.policy,
                calendar=self.calendar,
                since=self.since,
            )
        return self._cache[key]


def next_check_for(*, due_on: dt.date | None, is_done: bool, recurrence: str = "") -> dt.date | None:
    """`next_check_on` for a brand-new assignment (one calendar per call: prefer `NextCheck` in loops)."""
    return NextCheck()(due_on=due_on, is_done=is_done, recurrence=recurrence)


def refresh_next_check(*, assignment_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Recompute `next_check_on` after a due date or status changed; stages before today are dropped
    (a moved deadline starts its reminders afresh, a returned report is reminded again). Returns rows
    changed. One read and one UPDATE per distinct new date, whatever the number of rows."""
    ids = list(assignment_ids)
    if not ids:
        return 0
    compute = NextCheck(since=today or timezone.localdate())
    rows = Assignment.objects.filter(pk__in=ids).values_list("pk", "due_on", "status", "task__recurrence")
    by_date: dict[dt.date | None, list[int]] = {}
    for pk, due_on, status, recurrence in rows:
        is_done = status in Assignment.DONE_STATUSES
        by_date.setdefault(compute(due_on=due_on, is_done=is_done, recurrence=recurrence), []).append(pk)
    if len(by_date) == 1:
        ((new, pks),) = by_date.items()
        return Assignment.objects.filter(pk__in=pks).update(next_check_on=new)
    whens = [When(pk__in=pks, then=Value(new, output_field=DateField())) for new, pks in by_date.items()]
    return Assignment.objects.filter(pk__in=ids).update(
        next_check_on=Case(*whens, default=Value(None, output_field=DateField()), output_field=DateField())
    )


def due_soon_until(*, today: dt.date, calendar: rules.WorkingDays | None = None) -> dt.date:
    """The last due date that counts as "sắp đến hạn" today: DEADLINE_DUE_SOON_DAYS working days ahead.

    The one definition of "due soon" every screen, export and PDF uses: compute it once at the
    edge, next to `today` (one query, for the calendar overrides), and pass both down to
    `Assignment.timeliness`, `directives.timeliness.timeliness_of` or `reports.timeliness_sql`."""
    return rules.due_soon_until(today=today, days=settings.DEADLINE_DUE_SOON_DAYS, calendar=calendar or work_calendar())
