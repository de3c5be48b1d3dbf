"""Assignments: one task given to one unit, with its status and the next check date."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cascade.lib.audit import AuditedModel, AuditedQuerySet
from directives.models.documents import Document, Task
from directives.models.organizations import Organization
from directives.timeliness import Timeliness, timeliness_of

# The row type of a queryset (django-stubs), so rows of `.annotate()` and `.values()` keep their fields.
_Row = TypeVar("_Row", covariant=True)


class AssignmentQuerySet(AuditedQuerySet["Assignment", _Row]):
    def open(self) -> Self:
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def in_subtree(self, organization: Organization) -> Self:
        return self.filter(unit_path__startswith=organization.path)

    def overdue(self, *, today: dt.date) -> Self:
        return self.open().filter(due_on__lt=today)


# Named, so `objects` can be annotated a ClassVar: django-stubs types the `objects` it replaces
# (AuditedModel's) as one.
AssignmentManager = models.Manager.from_queryset(AssignmentQuerySet)


class Assignment(AuditedModel):
    class Status(models.TextChoices):
        """pending → submitted → accepted; submitted → returned → submitted (revised) → accepted."""

        PENDING = "pending", _("Chưa báo cáo")
        SUBMITTED = "submitted", _("Đã gửi báo cáo")
        ACCEPTED = "accepted", _("Đã được chấp nhận")
        RETURNED = "returned", _("Bị trả lại")

    OPEN_STATUSES = (Status.PENDING, Status.RETURNED)
    DONE_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)

    # No single-column indexes on task, unit and directive: the unique (task, unit, period) and the
    # (unit, status) and (directive, unit_path) indexes lead with them. Every index costs the deadline
    # sweep a write per row it moves (next_check_on is indexed, so its updates are never HOT).
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", db_index=False)
    unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    # Each period of a recurring task is its own assignment (0 for one-off tasks).
    period = models.PositiveIntegerField(_("kỳ"), default=0)
    due_on = models.DateField(_("hạn cuối"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("thời điểm gửi báo cáo"), null=True, blank=True)
    # Local calendar day of the (last) submission, kept so lateness is a column comparison in SQL.
    submitted_on = models.DateField(_("ngày gửi báo cáo"), null=True, blank=True)
    # Denormalised for the dashboards: a subtree roll-up is a prefix scan on one table.
    unit_path = models.CharField(max_length=255, db_index=False, editable=False, default="")
    directive = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        db_index=False,
        null=True,
        blank=True,
        related_name="cascade_assignments",
        editable=False,
    )
    # When the deadline sweep next has something to do for this row (reminder, overdue, escalation).
    next_check_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[AssignmentManager[Assignment]] = AssignmentManager()

    class Meta:
        verbose_name = _("giao việc")
        verbose_name_plural = _("giao việc")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="assignment_unique_task_unit_period"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "returned"]) | Q(submitted_at__isnull=False),
                name="assignment_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["directive", "unit_path"],
                name="assignment_directive_path_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["unit", "status"], name="assignment_unit_status_idx"),
            models.Index(
                fields=["next_check_on"],
                condition=Q(next_check_on__isnull=False),
                name="assignment_next_check_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.unit_path and self.unit_id:
            self.unit_path = self.unit.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE_STATUSES

    def timeliness(self, *, today: dt.date, due_soon_until: dt.date) -> Timeliness:
        """The four-way status on `today`; `due_soon_until` from `scheduling.due_soon_until(today=)`."""
        return timeliness_of(
            due_on=self.due_on,
            done=self.is_done,
            done_on=self.submitted_on,
            today=today,
            due_soon_until=due_soon_until,
        )

    def days_overdue(self, *, today: dt.date) -> int:
        if self.due_on is None:
            return 0
        end = self.submitted_on if self.is_done and self.submitted_on else today
        return max(0, (end - self.due_on).days)
