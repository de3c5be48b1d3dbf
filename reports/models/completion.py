"""Completion reports (báo cáo kết quả) that units send upward on their assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cascade.lib.audit import AuditedModel
from directives.models import Assignment


class CompletionReport(AuditedModel):
    """One version of a unit's report on an assignment; every submitted version is kept.

    draft → submitted → accepted; submitted → returned (a new draft version revises it).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        RETURNED = "returned", _("Bị trả lại")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    version = models.PositiveIntegerField(_("lần gửi"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    nothing_arose = models.BooleanField(_("không phát sinh"), default=False)
    # Narrative sections of the genre (Part A4 of the research notes).
    deployment = models.TextField(_("tình hình triển khai"), blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    next_steps = models.TextField(_("phương hướng, nhiệm vụ tiếp theo"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # Figures that roll up by summing; percentages are recomputed, never averaged.
    sessions_held = models.PositiveIntegerField(_("số hội nghị, buổi học tập"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    members_reached = models.PositiveIntegerField(_("số đảng viên, đoàn viên được quán triệt"), null=True, blank=True)
    members_total = models.PositiveIntegerField(_("tổng số đảng viên, đoàn viên"), null=True, blank=True)
    documents_issued = models.PositiveIntegerField(_("số văn bản đơn vị ban hành"), null=True, blank=True)
    issued_document = models.ForeignKey(
        "directives.Document",
        verbose_name=_("văn bản triển khai của đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi quá hạn"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của đơn vị nhận"), blank=True)
    # Optimistic locking: a save must name the version it was edited from.
    lock_version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The per-form token of the POST that submitted this version: a double click or a retried
    # request carries the same token and finds this row instead of submitting twice.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        # By the column, not the relation: "assignment" would follow Assignment's own ordering and
        # join its table into every query of reports that does not choose an order.
        ordering = ["assignment_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="report_unique_version"),
            # At most one draft per assignment at a time.
            models.UniqueConstraint(fields=["assignment"], condition=Q(status="draft"), name="report_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(members_reached__isnull=True)
                | Q(members_total__isnull=True)
                | Q(members_reached__lte=models.F("members_total")),
                name="report_reached_not_above_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · lần {self.version} · {self.get_status_display()}"

    @property
    def reach_percent(self) -> float | None:
        if not self.members_total or self.members_reached is None:
            return None
        return round(100 * self.members_reached / self.members_total, 1)


class Attachment(AuditedModel):
    report = models.ForeignKey(CompletionReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]
        constraints = [
            # The same evidence twice on one version says nothing more; the hash identifies it.
            models.UniqueConstraint(fields=["report", "sha256"], name="attachment_unique_per_report"),
        ]

    def __str__(self) -> str:
        return self.original_name
