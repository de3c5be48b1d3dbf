"""The deadline ledger: events, in-app notifications, the e-mail outbox and calendar feed tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models.assignments import Assignment


class DeadlineEvent(models.Model):
    """The ledger between detection (the sweep) and delivery (notifications).

    Unique per (assignment, kind, due date): a sweep run twice, or on two workers at once,
    records each event once. Reminder offsets are configurable, so `kind` may also be
    "reminder_<n>" for an n not listed here (`directives.deadlines.rules.kind_label` names it).
    """

    class Kind(models.TextChoices):
        REMINDER_7 = "reminder_7", _("Nhắc hạn trước 7 ngày")
        REMINDER_3 = "reminder_3", _("Nhắc hạn trước 3 ngày")
        REMINDER_1 = "reminder_1", _("Nhắc hạn trước 1 ngày")
        DUE_TODAY = "due_today", _("Đến hạn hôm nay")
        OVERDUE = "overdue", _("Quá hạn")
        ESCALATION_1 = "escalation_1", _("Báo cáo cấp trên (lần 1)")
        ESCALATION_2 = "escalation_2", _("Báo cáo cấp trên (lần 2)")

    # Indexed by the unique (assignment, kind, due_on) below.
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện thời hạn")
        verbose_name_plural = _("sự kiện thời hạn")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "due_on"], name="event_unique_per_due_date"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(processed_at__isnull=True),
                name="event_unprocessed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.assignment} · {self.due_on:%d/%m/%Y}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Nhắc hạn")
        OVERDUE = "overdue", _("Quá hạn")
        ESCALATION = "escalation", _("Đơn vị cấp dưới quá hạn")
        RETURNED = "returned", _("Báo cáo bị trả lại")
        ACCEPTED = "accepted", _("Báo cáo được chấp nhận")
        SUBMITTED = "submitted", _("Có báo cáo mới")
        ASSIGNED = "assigned", _("Nhiệm vụ mới")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Indexed by the unique (event, recipient) below.
    event = models.ForeignKey(
        DeadlineEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications", db_index=False
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    due_on = models.DateField(null=True, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the e-mail step finished for this row: sent in a digest or an urgent e-mail, or dropped
    # with the reason in `email_error` (e.g. the unit reported before the e-mail went out).
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [
            # One notification per assignment, kind, due date and person (features calling `notify`).
            models.UniqueConstraint(
                fields=["recipient", "assignment", "kind", "due_on"],
                condition=Q(assignment__isnull=False) & Q(due_on__isnull=False) & Q(event__isnull=True),
                name="notification_unique_per_due_date",
            ),
            # The deadline sweep: one notification per ledger event and person (the 7-, 3- and 1-day
            # reminders share a kind and a due date, so the event tells them apart).
            models.UniqueConstraint(
                fields=["event", "recipient"],
                condition=Q(event__isnull=False),
                name="notification_unique_per_event",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # Who still has deadline notices waiting for an e-mail (digest or urgent).
            models.Index(
                fields=["recipient", "kind"],
                condition=Q(emailed_at__isnull=True) & Q(kind__in=["reminder", "overdue", "escalation"]),
                name="notification_unemailed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class EmailDelivery(models.Model):
    """One e-mail to one person: the outbox between the deadline sweep and the mail server.

    A *digest* gathers a person's reminders and overdue notices once a day; an *urgent* e-mail
    carries escalations at once. What an e-mail says is read from the person's notifications when
    it is sent, so a delayed e-mail still carries everything pending, and nothing twice.
    pending → sent | skipped (nothing left to say, or no address).
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Thư tổng hợp hằng ngày")
        URGENT = "urgent", _("Thư khẩn (báo cáo cấp trên)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        SKIPPED = "skipped", _("Không cần gửi")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    day = models.DateField(_("ngày"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Last time a send task was enqueued; the sweep re-enqueues a pending row once this is stale.
    queued_at = models.DateTimeField(null=True, blank=True)
    # A worker is sending it until then (a compare-and-swap claim, so two workers never both send).
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    skipped_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("thư điện tử gửi đi")
        verbose_name_plural = _("thư điện tử gửi đi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"], condition=Q(kind="digest"), name="email_one_digest_per_day"
            ),
            models.UniqueConstraint(
                fields=["recipient"],
                condition=Q(kind="urgent") & Q(status="pending"),
                name="email_one_pending_urgent",
            ),
        ]
        indexes = [
            models.Index(fields=["queued_at"], condition=Q(status="pending"), name="email_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.day:%d/%m/%Y})"


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar-feed URLs (phone calendars cannot log in); regenerating it
    revokes every URL given out before."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mã lịch đăng ký")
        verbose_name_plural = _("mã lịch đăng ký")

    def __str__(self) -> str:
        return f"{self.user}"
