"""The four-way status of `directives.timeliness` as SQL: one annotation, filters and counts.

`timeliness_of(due_on, done, done_on, today, due_soon_until)` decides a row in Python; the unit
inbox (its status filter) and the dashboard need the same decision inside queries (filter the
overdue, count per state over half a million rows). This module is the only SQL spelling of the
rule, kept beside neither screen so both use it; everything here is tested row by row against the
Python function:

* done (submitted or accepted): late when both dates are known and submitted_on > due_on;
* not done: no due date → on track; today > due_on → overdue; due_on <= due_soon_until → due soon;
  else on track.

`due_soon_until` is `directives.deadlines.scheduling.due_soon_until(today=...)`, computed once per
request (or per PDF, per export) with today and passed down with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import Case, Count, DateField, F, Func, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from directives.models import Assignment
from directives.timeliness import Timeliness

DONE_STATUSES = tuple(str(s) for s in Assignment.DONE_STATUSES)
OPEN_STATUSES = tuple(str(s) for s in Assignment.OPEN_STATUSES)


class DaysBetween(Func):
    """Whole days from `earlier` to `later` (dates), as an integer, on PostgreSQL and SQLite."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, later: object, earlier: object) -> None:
        super().__init__(_as_date(later), _as_date(earlier))

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "sqlite":
            sql = f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        else:
            sql = f"({later} - {earlier})"
        return sql, (*later_params, *earlier_params)


def _as_date(value: object) -> object:
    if isinstance(value, dt.date):
        return Value(value, output_field=DateField())
    if isinstance(value, str):
        return F(value)
    return value


def done_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": DONE_STATUSES})


def open_q(prefix: str = "") -> Q:
    """Not done. Spelled positively (pending, returned) so partial indexes on open work apply;
    the statuses are exactly these four (tested), so it is the complement of `done_q`."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES})


def _late(prefix: str) -> Q:
    due = f"{prefix}due_on"
    submitted = f"{prefix}submitted_on"
    return Q(**{f"{due}__isnull": False, f"{submitted}__isnull": False, f"{submitted}__gt": F(due)})


def done_late_q(prefix: str = "") -> Q:
    """Done after the due date (both dates known)."""
    return done_q(prefix) & _late(prefix)


def done_on_time_q(prefix: str = "") -> Q:
    return done_q(prefix) & ~_late(prefix)


def overdue_q(*, today: dt.date, prefix: str = "") -> Q:
    """Not done, and the due date has passed."""
    return open_q(prefix) & Q(**{f"{prefix}due_on__lt": today})


def timeliness_q(state: Timeliness, *, today: dt.date, due_soon_until: dt.date, prefix: str = "") -> Q:
    """Rows in `state` on `today`; `prefix` reaches assignments through a relation ("assignment__")."""
    due = f"{prefix}due_on"
    if state is Timeliness.DONE_LATE:
        return done_late_q(prefix)
    if state is Timeliness.DONE_ON_TIME:
        return done_on_time_q(prefix)
    if state is Timeliness.OVERDUE:
        return overdue_q(today=today, prefix=prefix)
    if state is Timeliness.DUE_SOON:
        return open_q(prefix) & Q(**{f"{due}__gte": today, f"{due}__lte": due_soon_until})
    return open_q(prefix) & (Q(**{f"{due}__isnull": True}) | Q(**{f"{due}__gt": due_soon_until}))


def timeliness_annotation(*, today: dt.date, due_soon_until: dt.date, prefix: str = "") -> Case:
    """`.annotate(timeliness=timeliness_annotation(today=..., due_soon_until=...))`: each row's Timeliness value."""
    return Case(
        *(
            When(
                timeliness_q(state, today=today, due_soon_until=due_soon_until, prefix=prefix),
                then=Value(state.value),
            )
            for state in Timeliness
        ),
        default=Value(Timeliness.ON_TRACK.value),
    )


def days_overdue_annotation(*, today: dt.date, prefix: str = "") -> Case:
    """`Assignment.days_overdue(today=)` in SQL: days past the due date until done, or until today."""
    due = f"{prefix}due_on"
    submitted = f"{prefix}submitted_on"
    return Case(
        When(Q(**{f"{due}__isnull": True}), then=Value(0)),
        When(done_q(prefix) & Q(**{f"{submitted}__gt": F(due)}), then=DaysBetween(submitted, due)),
        When(done_q(prefix), then=Value(0)),
        When(Q(**{f"{due}__lt": today}), then=DaysBetween(today, due)),
        default=Value(0),
        output_field=IntegerField(),
    )


@dataclass(frozen=True, slots=True)
class Counts:
    """Assignments in the four-way status, with "due soon" picked out of "not done, in time"."""

    done_on_time: int = 0
    done_late: int = 0
    on_track: int = 0
    due_soon: int = 0
    overdue: int = 0
    overdue_days: int = 0  # sum over the overdue of days past the due date
    late_days: int = 0  # sum over the done late of days late

    @classmethod
    def from_row(cls, row: dict) -> Counts:
        return cls(**{f.name: int(row.get(f.name) or 0) for f in fields(cls)})

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.on_track + self.due_soon + self.overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def in_time(self) -> int:
        """Chưa hoàn thành trong hạn (due soon included)."""
        return self.on_track + self.due_soon

    @property
    def not_done(self) -> int:
        return self.in_time + self.overdue

    def share(self, part: int) -> float:
        return round(100 * part / self.total, 1) if self.total else 0.0

    @property
    def done_share(self) -> float:
        return self.share(self.done)

    @property
    def on_time_share(self) -> float:
        """On time among those whose outcome is known: done, or past their deadline."""
        settled = self.done + self.overdue
        return round(100 * self.done_on_time / settled, 1) if settled else 0.0

    def segments(self) -> list[tuple[str, str, int, float]]:
        """(state, label, count, percent) for a completion bar, in reading order."""
        return [(state, label, getattr(self, state), self.share(getattr(self, state))) for state, label in bar_labels()]


def due_soon_label() -> str:
    """ "Sắp đến hạn (≤ 3 ngày làm việc)": the wording follows DEADLINE_DUE_SOON_DAYS."""
    return f"Sắp đến hạn (≤ {settings.DEADLINE_DUE_SOON_DAYS} ngày làm việc)"


def bar_labels() -> tuple[tuple[str, str], ...]:
    """Short labels for a bar's legend: "trong hạn" there means not yet due soon."""
    return (
        (Timeliness.DONE_ON_TIME.value, "Hoàn thành đúng hạn"),
        (Timeliness.DONE_LATE.value, "Hoàn thành quá hạn"),
        (Timeliness.ON_TRACK.value, "Trong hạn"),
        (Timeliness.DUE_SOON.value, due_soon_label()),
        (Timeliness.OVERDUE.value, "Quá hạn"),
    )


def assignment_counts(*, today: dt.date, due_soon_until: dt.date, prefix: str = "") -> dict[str, object]:
    """Aggregates over assignment rows giving the `Counts` fields (use with `.aggregate`/`.annotate`)."""
    pk = f"{prefix}id"
    aggregates: dict[str, object] = {
        state.value: Count(pk, filter=timeliness_q(state, today=today, due_soon_until=due_soon_until, prefix=prefix))
        for state in Timeliness
    }
    aggregates["overdue_days"] = Coalesce(
        Sum(DaysBetween(today, f"{prefix}due_on"), filter=overdue_q(today=today, prefix=prefix)),
        0,
    )
    aggregates["late_days"] = Coalesce(
        Sum(DaysBetween(f"{prefix}submitted_on", f"{prefix}due_on"), filter=done_late_q(prefix)),
        0,
    )
    return aggregates


def rollup_counts(*, today: dt.date, due_soon_until: dt.date) -> dict[str, object]:
    """The same `Counts` fields summed over roll-up rows: open work is stored per due date, so any
    `due_soon_until` splits it (the triggers never need to know the setting)."""
    return {
        "done_on_time": Coalesce(Sum("on_time_n"), 0),
        "done_late": Coalesce(Sum("late_n"), 0),
        "on_track": Coalesce(Sum("open_n", filter=Q(due_on__gt=due_soon_until)), 0),
        "due_soon": Coalesce(Sum("open_n", filter=Q(due_on__gte=today, due_on__lte=due_soon_until)), 0),
        "overdue": Coalesce(Sum("open_n", filter=Q(due_on__lt=today)), 0),
        "overdue_days": Coalesce(Sum(F("open_n") * DaysBetween(today, "due_on"), filter=Q(due_on__lt=today)), 0),
        "late_days": Coalesce(Sum("late_days"), 0),
    }


COUNT_FIELDS = tuple(f.name for f in fields(Counts))
