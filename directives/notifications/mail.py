"""The e-mail outbox: daily digests and urgent escalation e-mails, sent by Celery with retries.

Each sweep batch that makes notices calls `outbox_add` for their people: one pending urgent e-mail
per person (it carries every escalation still unsent), one digest per person and morning (notices
made before DEADLINE_DIGEST_HOUR go in that day's, later ones in the next working day's). At the end
of the sweep `outbox_fill` enqueues, after commit, what is due; a row whose task was lost (retries
exhausted, worker died) is enqueued again once its `queued_at` is stale. `email_delivery_send` claims a row with a
compare-and-swap, reads what is still pending for that person, sends one e-mail and marks it all
sent — or records the error and raises, so the task retries and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from cascade.lib.bulksql import insert_ignore
from directives.deadlines import rules
from directives.deadlines.scheduling import work_calendar
from directives.deadlines.workcal import WorkCalendar
from directives.models import Assignment, EmailDelivery, Notification
from directives.notifications.inbox import assignment_path, notice_text, notifications_for

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=10)
MAX_ITEMS = 300  # an e-mail lists at most this many assignments; the rest wait for the next one
DIGEST_KINDS = (Notification.Kind.REMINDER, Notification.Kind.OVERDUE)
URGENT_KINDS = (Notification.Kind.ESCALATION,)


class DeliveryFailed(Exception):
    """The mail server refused or was unreachable; the row stays pending and the task retries."""


def is_digest_day(day: dt.date, *, calendar: rules.WorkingDays) -> bool:
    return settings.DEADLINE_DIGEST_ON_DAYS_OFF or calendar.is_working_day(day)


def digest_day_for(*, now: dt.datetime, calendar: rules.WorkingDays) -> dt.date:
    """The morning whose digest carries a notice made at `now`: today's if made before
    DEADLINE_DIGEST_HOUR on a digest day, else the next digest day's."""
    local = timezone.localtime(now)
    day = local.date()
    if local.hour < settings.DEADLINE_DIGEST_HOUR and is_digest_day(day, calendar=calendar):
        return day
    for _ in range(60):
        day += dt.timedelta(days=1)
        if is_digest_day(day, calendar=calendar):
            return day
    return day


def outbox_add(*, urgent: set[int], digest: set[int], digest_day: dt.date, today: dt.date) -> None:
    """E-mails for people who just got notices: an urgent one now (at most one pending per person:
    it will carry every escalation still unsent), a digest on `digest_day` (one per person and day)."""
    rows = [(pk, EmailDelivery.Kind.URGENT.value, today) for pk in sorted(urgent)]
    rows += [(pk, EmailDelivery.Kind.DIGEST.value, digest_day) for pk in sorted(digest)]
    if rows:
        # Set-based (the sweep may add thousands at once); a pending one already there is kept.
        insert_ignore(
            model=EmailDelivery,
            columns=("recipient_id", "kind", "day"),
            pg_types=("integer", "varchar", "date"),
            rows=rows,
        )


def outbox_fill(*, now: dt.datetime) -> list[int]:
    """Mark as queued, and return, every pending e-mail that is due (urgent ones at once, digests from
    their morning's DEADLINE_DIGEST_HOUR) and not queued in the last EMAIL_REQUEUE_MINUTES (a lost or
    exhausted task). The caller enqueues the returned ids (`notifications.tasks.enqueue_deliveries`)."""
    local = timezone.localtime(now)
    latest_digest = local.date() if local.hour >= settings.DEADLINE_DIGEST_HOUR else local.date() - dt.timedelta(1)
    stale = now - dt.timedelta(minutes=settings.EMAIL_REQUEUE_MINUTES)
    with transaction.atomic():
        if local.hour == settings.DEADLINE_DIGEST_HOUR:
            _reconcile(now=now)
        ids = list(
            EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
            .filter(Q(kind=EmailDelivery.Kind.URGENT) | Q(day__lte=latest_digest))
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:5000]
        )
        if ids:
            EmailDelivery.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def _reconcile(*, now: dt.datetime) -> None:
    """Backstop, run by the sweeps of the digest hour: notices older than half a day that no pending
    e-mail will carry (a race with an e-mail being sent) get one. One indexed scan a day."""
    old = now - dt.timedelta(hours=12)
    pending = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING)
    for kinds, kind in ((URGENT_KINDS, EmailDelivery.Kind.URGENT), (DIGEST_KINDS, EmailDelivery.Kind.DIGEST)):
        people = set(
            Notification.objects.filter(emailed_at__isnull=True, kind__in=kinds, created_at__lt=old)
            .exclude(recipient_id__in=pending.filter(kind=kind).values("recipient_id"))
            .order_by()
            .values_list("recipient_id", flat=True)
            .distinct()
        )
        if people:
            today = timezone.localdate(now)
            urgent = people if kind == EmailDelivery.Kind.URGENT else set()
            outbox_add(urgent=urgent, digest=people - urgent, digest_day=today, today=today)


@dataclass
class MailItem:
    assignment_id: int
    unit: str
    task: str
    document: str
    due_on: dt.date
    url: str
    when: str  # "còn 3 ngày làm việc", "quá hạn 5 ngày"
    label: str


@dataclass
class MailSection:
    key: str
    title: str
    items: list[MailItem] = field(default_factory=list)


def email_delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """Send one pending e-mail. Returns what happened: sent, skipped, or not-pending (someone else has it)."""
    now = now or timezone.now()
    claimed = (
        EmailDelivery.objects.filter(pk=delivery_id, status=EmailDelivery.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "not-pending"
    delivery = EmailDelivery.objects.select_related("recipient").get(pk=delivery_id)
    user = delivery.recipient
    kinds = URGENT_KINDS if delivery.kind == EmailDelivery.Kind.URGENT else DIGEST_KINDS
    if not user.email or not user.is_active:
        reason = "Người nhận không có địa chỉ thư điện tử."
        with transaction.atomic():
            Notification.objects.filter(recipient=user, emailed_at__isnull=True, kind__in=kinds).update(
                emailed_at=now, email_error=reason
            )
            _finish(delivery, now=now, skipped=reason)
        return "skipped"
    notes = list(
        notifications_for(user)
        .filter(emailed_at__isnull=True, kind__in=kinds, created_at__lte=now)
        .order_by("assignment__due_on", "pk")[: MAX_ITEMS * 4]
    )
    calendar = work_calendar()
    live = [n for n in notes if n.assignment is not None and n.assignment.status in Assignment.OPEN_STATUSES]
    live_pks = {n.pk for n in live}
    dropped = [n.pk for n in notes if n.pk not in live_pks]
    sections = _sections(delivery, live, calendar=calendar)
    listed = {item.assignment_id for section in sections for item in section.items}
    included = [n.pk for n in live if n.assignment_id in listed]
    if not any(s.items for s in sections):
        with transaction.atomic():
            _mark(dropped, now=now, error="Không gửi: đơn vị đã báo cáo trước khi gửi thư.")
            _finish(delivery, now=now, skipped="Không còn việc cần báo.")
            _follow_up(delivery, kinds=kinds, now=now, calendar=calendar)
        return "skipped"
    message = _render(delivery, sections)
    try:
        message.send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        with transaction.atomic():
            EmailDelivery.objects.filter(pk=delivery.pk).update(last_error=error, claimed_until=None)
            Notification.objects.filter(pk__in=included).update(email_error=error)
        logger.warning("e-mail %s to %s failed (attempt %s): %s", delivery.pk, user.email, delivery.attempts, error)
        raise DeliveryFailed(error) from exc
    with transaction.atomic():
        _mark(included, now=now, error="")
        _mark(dropped, now=now, error="Không gửi: đơn vị đã báo cáo trước khi gửi thư.")
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=EmailDelivery.Status.SENT, finished_at=now, claimed_until=None, last_error=""
        )
        _follow_up(delivery, kinds=kinds, now=now, calendar=calendar)
    return "sent"


def _follow_up(delivery: EmailDelivery, *, kinds: tuple[str, ...], now: dt.datetime, calendar: WorkCalendar) -> None:
    """Notices that arrived while this e-mail was being written (or past its item limit) get the next one."""
    pending = Notification.objects.filter(recipient_id=delivery.recipient_id, emailed_at__isnull=True, kind__in=kinds)
    if not pending.exists():
        return
    if delivery.kind == EmailDelivery.Kind.URGENT:
        outbox_add(urgent={delivery.recipient_id}, digest=set(), digest_day=delivery.day, today=timezone.localdate(now))
    else:
        next_day = digest_day_for(now=now, calendar=calendar)
        outbox_add(urgent=set(), digest={delivery.recipient_id}, digest_day=next_day, today=delivery.day)


def _mark(pks: list[int], *, now: dt.datetime, error: str) -> None:
    if pks:
        Notification.objects.filter(pk__in=pks).update(emailed_at=now, email_error=error)


def _finish(delivery: EmailDelivery, *, now: dt.datetime, skipped: str) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=EmailDelivery.Status.SKIPPED, finished_at=now, claimed_until=None, skipped_reason=skipped
    )


def _sections(delivery: EmailDelivery, notes: list[Notification], *, calendar: WorkCalendar) -> list[MailSection]:
    day = delivery.day
    if delivery.kind == EmailDelivery.Kind.URGENT:
        sections = [MailSection("escalation", "Đơn vị cấp dưới quá hạn")]
    else:
        sections = [
            MailSection("due_today", "Đến hạn hôm nay"),
            MailSection("due_soon", "Sắp đến hạn"),
            MailSection("overdue", "Quá hạn"),
        ]
    seen: set[int] = set()
    for note in sorted(notes, key=lambda n: -n.pk):  # newest notice per assignment wins
        assignment = note.assignment
        if assignment is None or assignment.pk in seen or assignment.due_on is None:
            continue
        seen.add(assignment.pk)
        due = assignment.due_on
        if delivery.kind == EmailDelivery.Kind.URGENT:
            section = sections[0]
            when = f"quá hạn {calendar.working_days_between(due, day)} ngày làm việc"
        elif due == day:
            section, when = sections[0], "hạn cuối hôm nay"
        elif due > day:
            section, when = sections[1], f"còn {calendar.working_days_between(day, due)} ngày làm việc"
        else:
            section, when = sections[2], f"quá hạn {(day - due).days} ngày"
        task = assignment.task
        section.items.append(
            MailItem(
                assignment_id=assignment.pk,
                unit=assignment.unit.name,
                task=" ".join(task.text.split())[:200],
                document=task.document.number or str(task.document.get_doc_type_display()),
                due_on=due,
                url=settings.SITE_URL + assignment_path(assignment.pk),
                when=when,
                label=notice_text(note).label,
            )
        )
    budget = MAX_ITEMS
    for section in sections:
        section.items.sort(key=lambda i: (i.due_on, i.unit))
        section.items = section.items[: max(budget, 0)]
        budget -= len(section.items)
    return sections


def _render(delivery: EmailDelivery, sections: list[MailSection]) -> EmailMultiAlternatives:
    name = "escalation" if delivery.kind == EmailDelivery.Kind.URGENT else "digest"
    user = delivery.recipient
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "day": delivery.day,
        "sections": [s for s in sections if s.items],
        "total": sum(len(s.items) for s in sections),
        "inbox_url": settings.SITE_URL + assignment_path(None),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    body = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
