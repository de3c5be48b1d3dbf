"""The deadline watcher: one sweep over `Assignment.next_check_on`, a ledger, notifications.

`deadlines_sweep(now=...)` is what beat runs every 15 minutes. Per batch of assignments whose
next check has come (one transaction, rows locked with SKIP LOCKED so two sweeps share the work
instead of repeating it), it:

1. plans each row with the pure rules (`deadlines.rules.plan_check`), cached per distinct
   (due date, status, last check, rule) — rows of one task share all of them;
2. records ledger events, INSERT … ON CONFLICT DO NOTHING RETURNING on the unique (assignment,
   kind, due date): a second sweep, or a concurrent one, records nothing new and gets nothing back;
3. turns the events it inserted into notifications, one per person (unique per event and person);
4. creates the next period of recurring tasks (unique per task, unit and period);
5. moves `next_check_on` on with a compare-and-swap update.

A batch interrupted half way rolls back whole and the next run redoes it. E-mail is never sent
here: the outbox (`directives.notifications.mail`) is filled set-based at the end; the sweep returns the
ids of the e-mails due and its caller (the Celery task, the command) enqueues them after commit, so a
slow or failing mail server never holds the sweep.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cascade.lib.bulksql import insert_ignore, pg_array
from directives.deadlines import rules
from directives.deadlines.scheduling import NextCheck, deadline_policy, refresh_next_check, work_calendar
from directives.models import (
    Assignment,
    DeadlineEvent,
    Document,
    Membership,
    Notification,
    Organization,
    Reference,
    Task,
)
from directives.notifications.mail import digest_day_for, outbox_add, outbox_fill

logger = logging.getLogger(__name__)

_STEP = Organization.steplen


_COUNTS = ("checked", "reminders", "overdue", "escalations", "recurrences")


@dataclass
class SweepCounts:
    """What one sweep did, and the outbox e-mails now due (the caller enqueues those after commit)."""

    checked: int = 0
    reminders: int = 0
    overdue: int = 0
    escalations: int = 0
    recurrences: int = 0
    email_ids: list[int] = field(default_factory=list)

    def add(self, other: SweepCounts) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNTS}


@dataclass(frozen=True, slots=True)
class _Row:
    pk: int
    due_on: dt.date | None
    status: str
    next_check_on: dt.date
    unit_id: int
    unit_path: str
    task_id: int
    period: int
    directive_id: int | None
    recurrence: str


_ROW_FIELDS = (
    "pk",
    "due_on",
    "status",
    "next_check_on",
    "unit_id",
    "unit_path",
    "task_id",
    "period",
    "directive_id",
    "task__recurrence",
)


@dataclass
class _Planner:
    """Plans per distinct row shape; a sweep sees few shapes (rows of a task share them)."""

    policy: rules.DeadlinePolicy
    calendar: rules.WorkingDays
    today: dt.date
    digest_day: dt.date  # the morning whose digest carries the notices made now
    # People whose digest row a committed batch of this run already made (bounded by the number of
    # users): later batches skip the insert instead of colliding with it. (Urgent rows are always
    # inserted: one may have been sent meanwhile, and new escalations need a new one.)
    digest_made: set[int] = field(default_factory=set)
    _plans: dict[tuple[object, ...], rules.CheckPlan] = field(default_factory=dict)
    _next_due: dict[tuple[str, dt.date], dt.date | None] = field(default_factory=dict)
    # Who hears about a unit's deadlines, read once per unit per run: consecutive batches hold the
    # other tasks of the same units. Bounded by the number of units (tens of thousands of tuples).
    _unit_people: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def unit_people(self, unit_ids: set[int]) -> dict[int, tuple[int, ...]]:
        missing = unit_ids - self._unit_people.keys()
        if missing:
            found = _unit_recipients(missing)
            self._unit_people.update({unit_id: found.get(unit_id, ()) for unit_id in missing})
        return {unit_id: self._unit_people[unit_id] for unit_id in unit_ids}

    def next_due(self, recurrence: str, after: dt.date) -> dt.date | None:
        key = (recurrence, after)
        if key not in self._next_due:
            self._next_due[key] = rules.next_occurrence(recurrence, after=after)
        return self._next_due[key]

    def plan(self, row: _Row) -> rules.CheckPlan:
        is_done = row.status in Assignment.DONE_STATUSES
        key = (row.due_on, is_done, row.next_check_on, row.recurrence)
        plan = self._plans.get(key)
        if plan is None:
            spawn_on = None
            if row.recurrence and row.due_on is not None:
                spawn_on = rules.spawn_date(next_due_on=self.next_due(row.recurrence, row.due_on), policy=self.policy)
            plan = rules.plan_check(
                due_on=row.due_on,
                is_done=is_done,
                checked_from=row.next_check_on,
                today=self.today,
                spawn_on=spawn_on,
                policy=self.policy,
                calendar=self.calendar,
            )
            if len(self._plans) > 50_000:  # bounded memory on pathological data
                self._plans.clear()
            self._plans[key] = plan
        return plan


def deadlines_sweep(*, now: dt.datetime, batch_size: int | None = None) -> SweepCounts:
    """Everything the deadlines need as of `now`; safe to run twice, late, or on two workers at once.

    Returns the counts and the ids of the e-mails now due; nothing is enqueued here."""
    today = timezone.localdate(now)
    calendar = work_calendar()
    planner = _Planner(
        policy=deadline_policy(), calendar=calendar, today=today, digest_day=digest_day_for(now=now, calendar=calendar)
    )
    size = batch_size or settings.DEADLINE_SWEEP_BATCH
    counts = SweepCounts()
    # Periods created by this run may already be due a check (a monthly report whose next period
    # is due in five days needs its reminder now) but sort before the keyset cursor: another pass
    # picks them up, so one run leaves nothing due behind. Each pass only sees rows created by the
    # one before, and spawning is bounded by the catch-up window, so this ends; the cap is a guard.
    for _pass in range(5):
        spawned = counts.recurrences
        after: tuple[dt.date, int] | None = None
        while True:
            after, batch_counts = _sweep_batch(after=after, size=size, now=now, planner=planner)
            if after is None:
                break
            counts.add(batch_counts)
        if counts.recurrences == spawned:
            break
    counts.email_ids = outbox_fill(now=now)
    logger.info("deadline sweep %s: %s", today.isoformat(), counts.as_dict())
    return counts


@transaction.atomic
def _sweep_batch(
    *, after: tuple[dt.date, int] | None, size: int, now: dt.datetime, planner: _Planner
) -> tuple[tuple[dt.date, int] | None, SweepCounts]:
    """One transaction: the next `size` due rows in (next_check_on, id) order, keyset-paginated so
    the partial index answers even an empty sweep at once; rows another sweep holds are skipped."""
    today = planner.today
    if connection.vendor == "postgresql":
        # A batch lost in a database crash is redone whole by the next sweep (its next_check_on
        # rolled back with it), so it need not wait for its commit to reach the disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    due = Assignment.objects.filter(next_check_on__lte=today)
    if after is not None:
        due = due.filter(Q(next_check_on__gt=after[0]) | Q(next_check_on=after[0], pk__gt=after[1]))
    raw = (
        due.order_by("next_check_on", "pk")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list(*_ROW_FIELDS)[:size]
    )
    rows = [_Row(*values) for values in raw]
    if not rows:
        return None, SweepCounts()
    counts = SweepCounts(checked=len(rows))
    plans = {row.pk: planner.plan(row) for row in rows}

    wanted = [(row.pk, kind, row.due_on) for row in rows for kind in plans[row.pk].fire]
    if wanted:
        # Only the events this transaction inserted come back: a concurrent or earlier sweep that
        # recorded one already has notified its people, so nobody hears the same thing twice.
        new_events = _record_events(wanted, now=now)
        if new_events:
            _notify(new_events, rows_by_pk={row.pk: row for row in rows}, now=now, counts=counts, planner=planner)

    spawning = [row for row in rows if plans[row.pk].spawn]
    if spawning:
        counts.recurrences = _spawn_next_periods(spawning, planner=planner, now=now)

    _move_next_checks([(row.pk, row.next_check_on, plans[row.pk].next_check_on) for row in rows])
    return (rows[-1].next_check_on, rows[-1].pk), counts


def _record_events(
    wanted: list[tuple[int, str, dt.date | None]], *, now: dt.datetime
) -> list[tuple[int, int, str, dt.date]]:
    """Ledger rows, skipping any already recorded (unique per assignment, kind and due date).

    Unlike `bulk_create(ignore_conflicts=True)` this returns the rows actually inserted, so counts
    are exact and only new events are notified. Events are delivered in the same transaction,
    hence `processed_at` at once.
    """
    inserted = insert_ignore(
        model=DeadlineEvent,
        columns=("assignment_id", "kind", "due_on"),
        pg_types=("bigint", "varchar", "date"),
        rows=wanted,
        constants={"created_at": now, "processed_at": now},
        returning=("id", "assignment_id", "kind", "due_on"),
    )
    return [
        (pk, a_id, kind, due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due)))  # type: ignore[misc]  # untyped RETURNING row
        for pk, a_id, kind, due in inserted
    ]


def _notify(
    events: list[tuple[int, int, str, dt.date]],
    *,
    rows_by_pk: dict[int, _Row],
    now: dt.datetime,
    counts: SweepCounts,
    planner: _Planner,
) -> None:
    """One notification per new event and person: the unit for reminders and overdue notices, the
    leaders above for escalations; then the e-mails that will carry them (the outbox)."""
    escalating = [rows_by_pk[a_id] for _, a_id, kind, _ in events if kind in (rules.ESCALATION_1, rules.ESCALATION_2)]
    unit_people = planner.unit_people({rows_by_pk[a_id].unit_id for _, a_id, _, _ in events})
    escalation_people = _escalation_recipients(escalating) if escalating else {}
    notifications = []
    for event_pk, a_id, kind, due in events:
        row = rows_by_pk[a_id]
        if kind in (rules.ESCALATION_1, rules.ESCALATION_2):
            counts.escalations += 1
            people = escalation_people.get((row.pk, kind), ())
            n_kind = Notification.Kind.ESCALATION
        else:
            if kind == rules.OVERDUE:
                counts.overdue += 1
                n_kind = Notification.Kind.OVERDUE
            else:
                counts.reminders += 1
                n_kind = Notification.Kind.REMINDER
            people = unit_people.get(row.unit_id, ())
        notifications += [(user_id, n_kind, event_pk, a_id, due) for user_id in people]
    urgent = {n[0] for n in notifications if n[1] == Notification.Kind.ESCALATION}
    digest = {n[0] for n in notifications if n[1] != Notification.Kind.ESCALATION} - planner.digest_made
    outbox_add(urgent=urgent, digest=digest, digest_day=planner.digest_day, today=planner.today)
    transaction.on_commit(lambda: planner.digest_made.update(digest))
    insert_ignore(
        model=Notification,
        columns=("recipient_id", "kind", "event_id", "assignment_id", "due_on"),
        pg_types=("integer", "varchar", "bigint", "bigint", "date"),
        rows=notifications,
        constants={"created_at": now},
    )


def _unit_recipients(unit_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """A unit's secretaries; its leaders when it has none (someone must hear about its deadlines)."""
    by_role: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    members = Membership.objects.filter(
        organization_id__in=list(unit_ids),
        role__in=(Membership.Role.SECRETARY, Membership.Role.LEADER),
        user__is_active=True,
    ).values_list("organization_id", "role", "user_id")
    for org_id, role, user_id in members:
        by_role[org_id][role].append(user_id)
    return {
        org_id: tuple(roles.get(Membership.Role.SECRETARY) or roles.get(Membership.Role.LEADER) or ())
        for org_id, roles in by_role.items()
    }


def _escalation_recipients(rows: list[_Row]) -> dict[tuple[int, str], tuple[int, ...]]:
    """Level 1: leaders of the unit's parent and of the unit that issued the task.
    Level 2: the same people again, plus the leaders of the issuer's own parent (e.g. the standing
    committee above a propaganda board)."""
    issuers = dict(
        Task.objects.filter(pk__in={row.task_id for row in rows}).values_list("pk", "document__issuer__path")
    )
    paths: set[str] = set()
    for row in rows:
        paths.add(row.unit_path[:-_STEP])
        issuer_path = issuers.get(row.task_id) or ""
        paths.update({issuer_path, issuer_path[:-_STEP]})
    paths.discard("")
    org_by_path = dict(Organization.objects.filter(path__in=paths).values_list("path", "pk"))
    leaders: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in Membership.objects.filter(
        organization_id__in=list(org_by_path.values()), role=Membership.Role.LEADER, user__is_active=True
    ).values_list("organization_id", "user_id"):
        leaders[org_id].append(user_id)

    def people(*org_paths: str) -> list[int]:
        return [u for p in org_paths if p and p in org_by_path for u in leaders.get(org_by_path[p], ())]

    result: dict[tuple[int, str], tuple[int, ...]] = {}
    for row in rows:
        issuer_path = issuers.get(row.task_id) or ""
        level_1 = people(row.unit_path[:-_STEP], issuer_path)
        level_2 = level_1 + people(issuer_path[:-_STEP])
        result[(row.pk, rules.ESCALATION_1)] = tuple(dict.fromkeys(level_1))
        result[(row.pk, rules.ESCALATION_2)] = tuple(dict.fromkeys(level_2))
    return result


def _spawn_next_periods(rows: list[_Row], *, planner: _Planner, now: dt.datetime) -> int:
    """The next period of each recurring row, due on the rule's next date. Periods more than
    `catch_up_days` in the past are skipped (a rule logged long after it started)."""
    oldest = planner.today - dt.timedelta(days=planner.policy.catch_up_days)
    compute = NextCheck(policy=planner.policy, calendar=planner.calendar, since=oldest)
    new_rows: dict[tuple[int, int, int], tuple[object, ...]] = {}
    for row in rows:
        if row.due_on is None:
            continue
        due = planner.next_due(row.recurrence, max(row.due_on, oldest))
        if due is None:
            continue
        key = (row.task_id, row.unit_id, row.period + 1)
        next_check = compute(due_on=due, is_done=False, recurrence=row.recurrence)
        new_rows[key] = (*key, due, row.unit_path, row.directive_id, next_check)
    if not new_rows:
        return 0
    # Set-based, like the ledger: one INSERT per chunk, and the unique (task, unit, period) makes a
    # period that a concurrent sweep or a person already created a no-op. Only inserted rows count.
    inserted = insert_ignore(
        model=Assignment,
        columns=("task_id", "unit_id", "period", "due_on", "unit_path", "directive_id", "next_check_on"),
        pg_types=("bigint", "bigint", "integer", "date", "varchar", "bigint", "date"),
        rows=list(new_rows.values()),
        constants={"created_at": now, "updated_at": now},
        returning=("id",),
    )
    return len(inserted)


def _move_next_checks(updates: list[tuple[int, dt.date, dt.date | None]]) -> int:
    """Compare-and-swap: a row moves only if nobody changed its `next_check_on` meanwhile.
    One statement per batch on PostgreSQL; one per distinct (old, new) pair elsewhere."""
    changed = [u for u in updates if u[1] != u[2]]
    if not changed:
        return 0
    if connection.vendor == "postgresql":
        table = Assignment._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS a SET next_check_on = v.new "
                "FROM unnest(%s::bigint[], %s::date[], %s::date[]) AS v(id, old, new) "
                "WHERE a.id = v.id AND a.next_check_on = v.old",
                [
                    pg_array([u[0] for u in changed]),
                    pg_array([u[1] for u in changed]),
                    pg_array([u[2] for u in changed]),
                ],
            )
            return cursor.rowcount
    groups: dict[tuple[dt.date, dt.date | None], list[int]] = defaultdict(list)
    for pk, old, new in changed:
        groups[(old, new)].append(pk)
    return sum(
        Assignment.objects.filter(pk__in=pks, next_check_on=old).update(next_check_on=new)
        for (old, new), pks in groups.items()
    )


# --- A unit meets a "issue your own plan/guidance" task by logging that document ----------------


def assignments_fulfil_by_document(*, document: Document, now: dt.datetime | None = None) -> list[int]:
    """Mark as submitted the open `requires=document` assignments that `document` answers.

    They are the assignments of the document's parents (its primary parent and what it implements
    or is based on) held by its issuer — or by the committee above, when the issuer is that
    committee's advisory board (a district's plan is often issued by its propaganda board).
    Submitted at the moment the document is logged; returns the assignment ids changed.
    """
    if document.state != Document.State.LOGGED or document.issuer_id is None:
        return []
    now = now or timezone.now()
    parent_ids = set(
        Reference.objects.filter(
            child=document, relation__in=(Reference.Relation.IMPLEMENTS, Reference.Relation.BASED_ON)
        ).values_list("parent_id", flat=True)
    )
    if document.primary_parent_id:
        parent_ids.add(document.primary_parent_id)
    if not parent_ids:
        return []
    issuer = Organization.objects.only("pk", "path", "kind").get(pk=document.issuer_id)
    units = Q(unit_id=issuer.pk)
    if issuer.kind == Organization.Kind.ADVISORY_BOARD and len(issuer.path) > _STEP:
        units |= Q(unit__path=issuer.path[:-_STEP])
    with transaction.atomic():
        ids = list(
            Assignment.objects.select_for_update(of=("self",))
            .filter(units, task__document_id__in=parent_ids, task__requires=Task.Requires.DOCUMENT)
            .filter(status__in=Assignment.OPEN_STATUSES)
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        Assignment.objects.filter(pk__in=ids).update(
            status=Assignment.Status.SUBMITTED, submitted_at=now, submitted_on=timezone.localdate(now), updated_at=now
        )
        refresh_next_check(assignment_ids=ids, today=timezone.localdate(now))
    return ids
