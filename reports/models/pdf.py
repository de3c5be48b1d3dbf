"""Outgoing-document registers, committee terms and stored PDF renders (issue 7).

Imported by `reports.models` so Django sees them as models of the `reports` app.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommitteeTerm(models.Model):
    """A committee's term (nhiệm kỳ cấp ủy): Party documents are numbered from 01 within one term.

    HD 36-HD/VPTW Điểm 1.3.1: the term runs from the day after the congress closes to the closing
    day of the next congress. A term set on a committee also applies to the boards and units
    below it that have none of their own (the nearest ancestor's term wins).
    """

    organization = models.ForeignKey(
        "directives.Organization", verbose_name=_("cấp ủy"), on_delete=models.CASCADE, related_name="terms"
    )
    name = models.CharField(_("tên nhiệm kỳ"), max_length=64, help_text=_("Ví dụ: Nhiệm kỳ 2025 - 2030"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ cấp ủy")
        verbose_name_plural = _("nhiệm kỳ cấp ủy")
        ordering = ["organization", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "starts_on"], name="term_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.name}"


class OutgoingRegister(models.Model):
    """The counter of one sequence in a unit's register of outgoing documents (sổ văn bản đi).

    One row per (issuer, document type, period); `period` is a committee term for Party bodies
    and a calendar year for State bodies. Numbers come from one atomic UPSERT … RETURNING on this
    row (see `reports.pdf.numbering`), so two people issuing at once never get the same number.
    """

    organization = models.ForeignKey(
        "directives.Organization", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="registers"
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=8)
    period = models.CharField(_("kỳ đánh số"), max_length=32, help_text=_("term:<id>, term:default-2025, year:2026"))
    period_label = models.CharField(_("nhiệm kỳ / năm"), max_length=64, blank=True)
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["organization", "doc_type", "period"], name="register_unique_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.doc_type} · {self.period_label or self.period} · {self.last_number}"


class OutgoingDocument(models.Model):
    """One line of the register: a number given to a document the unit issued."""

    organization = models.ForeignKey(
        "directives.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="outgoing"
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=8)
    period = models.CharField(_("kỳ đánh số"), max_length=32)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.TextField(_("trích yếu"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["organization", "doc_type", "-number"]
        constraints = [
            # The guarantee, whatever the counter says: a number is never given twice in a sequence.
            models.UniqueConstraint(
                fields=["organization", "doc_type", "period", "number"], name="outgoing_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.symbol


class RenderedReport(models.Model):
    """A PDF rendered from a frozen snapshot of its input data.

    queued → rendering → done | failed. The same (subject, input hash) is one row: asking again
    with unchanged data returns the stored PDF (and its number) instead of rendering anew.
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("Báo cáo kết quả của đơn vị")
        AGGREGATE = "aggregate", _("Báo cáo tổng hợp")
        DASHBOARD = "dashboard", _("Bản in bảng theo dõi")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RENDERING = "rendering", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    # "unit:<report id>", "aggregate:<directive id>:<unit id>", "dashboard:<directive id>:<unit id>"
    subject_key = models.CharField(max_length=64)
    input_hash = models.CharField(max_length=64)
    # The snapshot as canonical JSON text (what the hash is of); text, not JSONField: the embedded
    # SQLite default must pass system checks before its database file exists.
    payload_json = models.TextField(_("dữ liệu đầu vào (JSON)"), blank=True)
    unit = models.ForeignKey(
        "directives.Organization", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    directive = models.ForeignKey(
        "directives.Document", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    completion_report = models.ForeignKey(
        "reports.CompletionReport", on_delete=models.CASCADE, null=True, blank=True, related_name="renders"
    )
    outgoing = models.OneToOneField(
        OutgoingDocument, verbose_name=_("số văn bản"), on_delete=models.PROTECT, null=True, blank=True
    )
    rows = models.PositiveIntegerField(_("số dòng bảng"), default=0)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(upload_to="reports/pdf/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    issued_on = models.DateField(_("ngày in"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản PDF đã tạo")
        verbose_name_plural = _("bản PDF đã tạo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["subject_key", "input_hash"], name="render_unique_input"),
        ]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="render_requested_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.get_status_display()}"

    @property
    def payload(self) -> dict:
        return json.loads(self.payload_json or "{}")

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def download_name(self) -> str:
        stem = self.outgoing.symbol if self.outgoing else f"{self.kind}-{self.pk}"
        return stem.replace("/", "_") + ".pdf"
