"""Builders for deadline tests: assignments scheduled exactly as document_log schedules them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from directives.deadlines.scheduling import NextCheck
from directives.models import Assignment, DeadlineEvent, Organization
from directives.watcher.sweep import deadlines_sweep
from tests.factories import AssignmentFactory, DocumentFactory, TaskFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    """An instant on a local (Asia/Ho_Chi_Minh) calendar day."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HCM)


def scheduled_assignment(
    *,
    unit: Organization,
    due_on: dt.date | None,
    issuer: Organization | None = None,
    recurrence: str = "",
    requires: str = "action",
    **extra: object,
) -> Assignment:
    document = DocumentFactory(issuer=issuer) if issuer is not None else DocumentFactory()
    task = TaskFactory(document=document, due_on=due_on, recurrence=recurrence, requires=requires)
    assignment = AssignmentFactory(task=task, unit=unit, due_on=due_on, **extra)
    # Tests sweep dates in 2023: schedule every stage (new rows normally start at the catch-up window).
    compute = NextCheck(every_stage=True)
    assignment.next_check_on = compute(due_on=due_on, is_done=assignment.is_done, recurrence=recurrence)
    assignment.save(update_fields=["next_check_on"])
    return assignment


def sweep_days(start: dt.date, end: dt.date, *, hour: int = 8) -> dict[dt.date, list[str]]:
    """Sweep every day from start to end; the ledger events recorded on each day."""
    fired: dict[dt.date, list[str]] = {}
    day = start
    while day <= end:
        before = set(DeadlineEvent.objects.values_list("pk", flat=True))
        deadlines_sweep(now=at(day, hour))
        kinds = sorted(DeadlineEvent.objects.exclude(pk__in=before).values_list("kind", flat=True))
        if kinds:
            fired[day] = kinds
        day += dt.timedelta(days=1)
    return fired
