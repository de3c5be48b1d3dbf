"""The in-app inbox and what a notification says, for the inbox page and the e-mails alike."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from directives.deadlines import rules
from directives.models import Assignment, CalendarFeedToken, Notification

PAGE_SIZE = 30


def assignment_path(pk: int | None) -> str:
    """The assignment's page (the assignments feature's `assignment_detail`), else the inbox."""
    if pk is not None:
        try:
            return reverse("assignment_detail", kwargs={"pk": pk})
        except NoReverseMatch:
            pass
    return reverse("notification_list")


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's notifications with everything their text needs (no per-row queries)."""
    return Notification.objects.filter(recipient=user).select_related(
        "event", "assignment__unit", "assignment__task__document"
    )


def inbox_page(*, user: User, unread_only: bool, page: int | str | None) -> Page[Notification]:
    qs = notifications_for(user).order_by("-created_at", "-pk")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def notifications_mark_read(*, user: User, pks: list[int] | None = None) -> int:
    """Mark one, several or (pks=None) all of a person's unread notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True, slots=True)
class NoticeText:
    """What a notification says: a short label, one sentence, and the context line."""

    label: str
    colour: str  # the status colours: amber due soon, red overdue/escalation, grey otherwise
    title: str
    context: str


def notice_text(notification: Notification) -> NoticeText:
    """Text for a notification; sweep notifications carry no message and are worded from their event."""
    assignment = notification.assignment
    kind = notification.event.kind if notification.event_id and notification.event else notification.kind
    context = ""
    if assignment is not None:
        task = assignment.task
        number = task.document.number or task.document.get_doc_type_display()
        context = f"{assignment.unit.name} · {number} · nhiệm vụ {task.ordinal}: {_shorten(task.text, 140)}"
    due = notification.due_on or (assignment.due_on if assignment else None)
    due_text = f"{due:%d/%m/%Y}" if due else ""
    if notification.message:
        return NoticeText(str(notification.get_kind_display()), _colour(kind), notification.message, context)
    unit = assignment.unit.name if assignment else ""
    if rules.reminder_offset(kind) is not None:
        title = f"Sắp đến hạn: {unit} cần hoàn thành và báo cáo trước hết ngày {due_text}."
    elif kind == rules.DUE_TODAY:
        title = f"Hôm nay ({due_text}) là hạn cuối: {unit} chưa gửi báo cáo."
    elif kind == rules.OVERDUE:
        title = f"Quá hạn: {unit} chưa hoàn thành, hạn cuối là {due_text}."
    elif kind in (rules.ESCALATION_1, rules.ESCALATION_2):
        level = "lần 2" if kind == rules.ESCALATION_2 else "lần 1"
        title = f"Đơn vị cấp dưới quá hạn ({level}): {unit} chưa báo cáo, hạn cuối là {due_text}."
    else:
        title = str(notification.get_kind_display())
    return NoticeText(rules.kind_label(kind), _colour(kind), title, context)


def _colour(kind: str) -> str:
    if rules.is_pre_due(kind):
        return "amber"
    if kind in (rules.OVERDUE, rules.ESCALATION_1, rules.ESCALATION_2, "escalation", "returned"):
        return "red"
    return "grey"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- Calendar feed tokens -----------------------------------------------------------------------


def feed_token_for(user: User) -> str:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return token.token


def feed_token_regenerate(*, user: User) -> str:
    """A new secret: every calendar subscribed with the old URL stops updating."""
    value = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.update_or_create(user=user, defaults={"token": value})
    return value


def feed_assignments(*, unit_id: int, today: dt.date, limit: int = 500) -> QuerySet[Assignment]:
    """Open assignments of one unit due from 30 days ago on: what a phone calendar should show."""
    return (
        Assignment.objects.open()
        .filter(unit_id=unit_id, due_on__gte=today - dt.timedelta(days=30))
        .select_related("unit", "task__document")
        .order_by("due_on", "pk")[:limit]
    )
