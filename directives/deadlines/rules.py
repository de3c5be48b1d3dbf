"""Deadline arithmetic for the sweep: pure functions of (due date, status, policy, calendar, today).

An assignment passes through *stages*, each on a date:

    reminder_7, reminder_3, reminder_1   N working days before the due date (configurable offsets)
    due_today                            the due date itself (the last day still on time)
    overdue                              the calendar day after the due date
    escalation_1, escalation_2           once overdue for more than N (3) / M (10) working days

plus, for a recurring task, the day its next period must be created (30 days ahead of that
period's due date). `Assignment.next_check_on` stores the earliest stage still ahead; the sweep
reads only that column, fires what is due and moves the column on (`plan_check`).

Nothing here touches the ORM, settings or the clock: callers pass `today` and the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dateutil.rrule import rrulestr

DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATION_1 = "escalation_1"
ESCALATION_2 = "escalation_2"
REMINDER_PREFIX = "reminder_"


class WorkingDays(Protocol):
    """The part of `directives.deadlines.workcal.WorkCalendar` the deadline rules use."""

    def is_working_day(self, day: dt.date) -> bool: ...

    def add_working_days(self, day: dt.date, n: int) -> dt.date: ...


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """When the sweep speaks up. Offsets and delays count working days (weekends, holidays skipped)."""

    reminder_days: tuple[int, ...] = (7, 3, 1)
    escalation_days: int = 3
    escalation_2_days: int = 10
    # Calendar days before a recurring period's due date on which its assignment is created.
    recurrence_lead_days: int = 30
    # After an outage the sweep fires what it missed in this many days; older stages (a document
    # logged long after its deadlines) show on dashboards but notify nobody.
    catch_up_days: int = 30

    def __post_init__(self) -> None:
        if any(n < 1 for n in self.reminder_days):
            raise ValueError("reminder offsets must be positive working-day counts")
        if not 0 <= self.escalation_days < self.escalation_2_days:
            raise ValueError("the second escalation must come after the first")


def reminder_kind(offset: int) -> str:
    return f"{REMINDER_PREFIX}{offset}"


def reminder_offset(kind: str) -> int | None:
    if not kind.startswith(REMINDER_PREFIX):
        return None
    try:
        return int(kind.removeprefix(REMINDER_PREFIX))
    except ValueError:
        return None


def is_pre_due(kind: str) -> bool:
    """Stages that only make sense while the assignment is still in time."""
    return kind == DUE_TODAY or reminder_offset(kind) is not None


def kind_label(kind: str) -> str:
    """A Vietnamese label for any stage, including reminder offsets set in configuration."""
    offset = reminder_offset(kind)
    if offset is not None:
        return f"Nhắc hạn trước {offset} ngày làm việc"
    return _LABELS.get(kind, kind)


_LABELS = {
    DUE_TODAY: "Đến hạn hôm nay",
    OVERDUE: "Quá hạn",
    ESCALATION_1: "Báo cáo cấp trên (lần 1)",
    ESCALATION_2: "Báo cáo cấp trên (lần 2)",
}


def working_days_before(calendar: WorkingDays, day: dt.date, n: int) -> dt.date:
    """The n-th working day strictly before `day` (the mirror of `add_working_days`)."""
    current = day
    remaining = n
    for _ in range(366 * 5):
        if remaining <= 0:
            return current
        current -= dt.timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    raise OverflowError("working-day span too large")


def working_days_after(calendar: WorkingDays, day: dt.date, n: int) -> dt.date:
    return calendar.add_working_days(day, n)


def stage_schedule(
    *, due_on: dt.date, policy: DeadlinePolicy, calendar: WorkingDays
) -> tuple[tuple[str, dt.date], ...]:
    """Every stage of an open assignment with this due date, in date order."""
    stages: list[tuple[str, dt.date]] = [
        (reminder_kind(n), working_days_before(calendar, due_on, n)) for n in sorted(set(policy.reminder_days))
    ]
    stages += [
        (DUE_TODAY, due_on),
        (OVERDUE, due_on + dt.timedelta(days=1)),
        # "Overdue for more than N working days": the (N+1)-th working day after the due date.
        (ESCALATION_1, working_days_after(calendar, due_on, policy.escalation_days + 1)),
        (ESCALATION_2, working_days_after(calendar, due_on, policy.escalation_2_days + 1)),
    ]
    return tuple(sorted(stages, key=lambda s: s[1]))


def next_occurrence(rrule: str, *, after: dt.date) -> dt.date | None:
    """The first date strictly after `after` matching the RRULE(s) (several joined by newlines)."""
    start = dt.datetime(after.year, after.month, after.day)  # noqa: DTZ001 - calendar dates, no instant
    best: dt.date | None = None
    for line in rrule.splitlines():
        line = line.strip().removeprefix("RRULE:")
        if not line:
            continue
        try:
            found = rrulestr(line, dtstart=start).after(start, inc=False)
        except (ValueError, TypeError, OverflowError):
            continue
        if isinstance(found, dt.datetime):
            candidate = found.date()
            best = candidate if best is None or candidate < best else best
    return best


def spawn_date(*, next_due_on: dt.date | None, policy: DeadlinePolicy) -> dt.date | None:
    """When the next period's assignment is created: `recurrence_lead_days` before its due date."""
    if next_due_on is None:
        return None
    return next_due_on - dt.timedelta(days=policy.recurrence_lead_days)


@dataclass(frozen=True, slots=True)
class CheckPlan:
    """What the sweep does for one assignment today, and when it next needs to look."""

    fire: tuple[str, ...]
    spawn: bool
    next_check_on: dt.date | None


def _collapse(due: Sequence[tuple[str, dt.date]], *, due_on: dt.date, today: dt.date) -> tuple[str, ...]:
    """Of the stages due at once (a new assignment, a sweep catching up), fire only what still matters:
    the latest reminder while in time (none once overdue), the overdue notice, the highest escalation."""
    pre_due = [s for s in due if is_pre_due(s[0])]
    fire: list[str] = []
    if pre_due and today <= due_on:
        fire.append(max(pre_due, key=lambda s: (s[1], s[0] == DUE_TODAY))[0])
    if any(kind == OVERDUE for kind, _ in due):
        fire.append(OVERDUE)
    escalations = [kind for kind, _ in due if kind in (ESCALATION_1, ESCALATION_2)]
    if escalations:
        fire.append(max(escalations))
    return tuple(fire)


def plan_check(
    *,
    due_on: dt.date | None,
    is_done: bool,
    checked_from: dt.date | None,
    today: dt.date,
    spawn_on: dt.date | None,
    policy: DeadlinePolicy,
    calendar: WorkingDays,
) -> CheckPlan:
    """Stages dated in [checked_from, today] fire now (collapsed); `next_check_on` is the next one ahead.

    `checked_from` is the row's current `next_check_on`: every stage before it was handled already.
    A recurring row spawns its next period whenever its spawn date has come (idempotent: periods are
    unique), done or not.
    """
    stages = () if is_done or due_on is None else stage_schedule(due_on=due_on, policy=policy, calendar=calendar)
    oldest = today - dt.timedelta(days=policy.catch_up_days)
    low = max(checked_from, oldest) if checked_from is not None else oldest
    due = [s for s in stages if low <= s[1] <= today]
    fire = _collapse(due, due_on=due_on, today=today) if due and due_on is not None else ()
    spawn = spawn_on is not None and spawn_on <= today
    ahead = [day for _, day in stages if day > today]
    if spawn_on is not None and spawn_on > today:
        ahead.append(spawn_on)
    return CheckPlan(fire=fire, spawn=spawn, next_check_on=min(ahead, default=None))


def first_check(
    *,
    due_on: dt.date | None,
    is_done: bool,
    spawn_on: dt.date | None,
    policy: DeadlinePolicy,
    calendar: WorkingDays,
    since: dt.date | None = None,
) -> dt.date | None:
    """`next_check_on` for a new or changed row: its earliest stage from `since` on, or a pending spawn.

    For a new row `since` is the start of the catch-up window (the sweep collapses stages already
    past, and a row whose stages all lie before the window is never visited); after a change it is
    today (a moved deadline starts afresh). None: every stage."""
    stages = () if is_done or due_on is None else stage_schedule(due_on=due_on, policy=policy, calendar=calendar)
    days = [day for _, day in stages if since is None or day >= since]
    if spawn_on is not None:
        days.append(spawn_on)
    return min(days, default=None)


def due_soon_until(*, today: dt.date, days: int, calendar: WorkingDays) -> dt.date:
    """The last due date counted as "due soon" today: `days` working days ahead."""
    return calendar.add_working_days(today, days)


# --- Deadline conflicts: units below due after their issuer must itself report upward ----------


@dataclass(frozen=True, slots=True)
class DownwardDeadline:
    """A deadline a document sets for the units below it."""

    task_ordinal: int
    task_text: str
    due_on: dt.date
    requires_report: bool


@dataclass(frozen=True, slots=True)
class UpwardDeadline:
    """A date by which the issuer must itself report to the level above."""

    due_on: dt.date
    report_to: str
    source: str  # the document that set it, e.g. "111-HD/BTGTW"


@dataclass(frozen=True, slots=True)
class DeadlineConflict:
    downward: DownwardDeadline
    upward: UpwardDeadline

    @property
    def message(self) -> str:
        target = f"về {self.upward.report_to}" if self.upward.report_to else "lên cấp trên"
        source = f" (theo {self.upward.source})" if self.upward.source else ""
        return (
            f"Đơn vị cấp dưới có hạn đến {self.downward.due_on:%d/%m/%Y} (nhiệm vụ {self.downward.task_ordinal}), "
            f"nhưng đơn vị ban hành phải báo cáo {target} chậm nhất ngày {self.upward.due_on:%d/%m/%Y}{source}."
        )


def find_deadline_conflicts(
    downward: Iterable[DownwardDeadline], upward: Iterable[UpwardDeadline]
) -> list[DeadlineConflict]:
    """Each downward deadline later than the issuer's earliest upward report date, paired with it.

    Dates are last-on-time days, so equal dates are fine: units report that day, the issuer too.
    """
    ups = sorted(upward, key=lambda u: u.due_on)
    if not ups:
        return []
    earliest = ups[0]
    return [
        DeadlineConflict(downward=d, upward=earliest)
        for d in sorted(downward, key=lambda d: (d.due_on, d.task_ordinal))
        if d.due_on > earliest.due_on
    ]
