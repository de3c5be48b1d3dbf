"""Logged documents, the issuance tree's references, tasks and document imports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cascade.lib.audit import AuditedModel
from directives.models.organizations import Organization


class DocumentType(models.TextChoices):
    """Document kinds with the code used in the symbol ("111-HD/BTGTW")."""

    KL = "KL", _("Kết luận")
    NQ = "NQ", _("Nghị quyết")
    CT = "CT", _("Chỉ thị")
    QD = "QĐ", _("Quyết định")
    QDI = "QĐi", _("Quy định")
    HD = "HD", _("Hướng dẫn")
    KH = "KH", _("Kế hoạch")
    CTR = "CTr", _("Chương trình")
    CV = "CV", _("Công văn")
    TB = "TB", _("Thông báo")
    TT = "TT", _("Thông tri")
    BC = "BC", _("Báo cáo")
    TTR = "TTr", _("Tờ trình")
    BS = "BS", _("Bản sao (sao lục, sao y, trích sao)")
    OTHER = "KHAC", _("Khác")


class Document(AuditedModel):
    class State(models.TextChoices):
        """placeholder → logged (when the real document is logged, the placeholder merges into it)."""

        PLACEHOLDER = "placeholder", _("Chỉ được dẫn chiếu")
        LOGGED = "logged", _("Đã nhập")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("ngày")
        MONTH = "month", _("tháng")
        YEAR = "year", _("năm")

    number = models.CharField(_("số, ký hiệu"), max_length=64, null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64, blank=True)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    issuer_name = models.CharField(_("cơ quan ban hành (như ghi trên văn bản)"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    date_precision = models.CharField(
        _("độ chính xác của ngày"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    subject = models.TextField(_("trích yếu"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_capacity = models.CharField(_("quyền hạn ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    text = models.TextField(_("toàn văn"), blank=True)
    source_file = models.FileField(_("tệp gốc"), upload_to="documents/%Y/%m/", blank=True)
    # A scan with its OCR text laid under the image: selectable and findable in any PDF reader.
    searchable_file = models.FileField(_("bản có lớp chữ"), upload_to="documents/%Y/%m/", blank=True)
    # The source PDF's digital signatures as read at import (`PdfSignature.as_json()` rows).
    signatures = models.JSONField(_("chữ ký số"), default=list, blank=True)
    received_number = models.CharField(_("số đến"), max_length=32, blank=True)
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.LOGGED)
    # The tree people see follows each document's primary parent; `root` is the top directive,
    # so a whole cascade is one indexed filter.
    primary_parent = models.ForeignKey(
        "self",
        verbose_name=_("văn bản cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_children",
    )
    root = models.ForeignKey(
        "self",
        verbose_name=_("văn bản gốc của chuỗi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cascade_documents",
    )
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            # The same number from the same issuer is one document (log refuses a duplicate).
            models.UniqueConstraint(
                fields=["number", "issuer"],
                condition=Q(number__isnull=False) & Q(issuer__isnull=False),
                name="document_unique_number_issuer",
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(number__isnull=False) & Q(issuer__isnull=True),
                name="document_unique_number_without_issuer",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="document_number_null_not_blank"),
        ]
        indexes = [
            models.Index(fields=["root", "issued_on"], name="document_root_idx"),
            models.Index(fields=["state", "doc_type"], name="document_state_type_idx"),
        ]

    def __str__(self) -> str:
        label = self.number or f"{self.get_doc_type_display()} (không số)"
        return f"{label} — {self.issuer_name or self.issuer or ''}".strip(" —")

    @property
    def type_name(self) -> str:
        return str(self.get_doc_type_display())

    @property
    def is_placeholder(self) -> bool:
        return self.state == self.State.PLACEHOLDER

    def display_date(self) -> str:
        if self.issued_on is None:
            return ""
        if self.date_precision == self.DatePrecision.YEAR:
            return f"{self.issued_on:%Y}"
        if self.date_precision == self.DatePrecision.MONTH:
            return f"{self.issued_on:%m/%Y}"
        return f"{self.issued_on:%d/%m/%Y}"


class Reference(AuditedModel):
    class Relation(models.TextChoices):
        IMPLEMENTS = "implements", _("Thực hiện")
        BASED_ON = "based_on", _("Căn cứ")
        COPIES = "copies", _("Sao lục / sao y")
        MENTIONS = "mentions", _("Dẫn chiếu")

    child = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references_out")
    parent = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references_in")
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("dẫn chiếu")
        verbose_name_plural = _("dẫn chiếu")
        constraints = [
            models.UniqueConstraint(fields=["child", "parent"], name="reference_unique_pair"),
            models.CheckConstraint(condition=~Q(child=models.F("parent")), name="reference_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent} ({self.get_relation_display()})"


class DeadlineKind(models.TextChoices):
    WITHIN_MONTH = "within_month", _("Trong tháng")
    BEFORE_DATE = "before_date", _("Trước ngày")
    BY_DATE = "by_date", _("Chậm nhất ngày")
    WITHIN_QUARTER = "within_quarter", _("Trong quý")
    WITHIN_HALF_YEAR = "within_half_year", _("Trong 6 tháng")
    WITHIN_YEAR = "within_year", _("Trong năm")
    RELATIVE = "relative", _("Tính từ ngày ban hành")
    RECURRING = "recurring", _("Định kỳ")
    ONGOING = "ongoing", _("Thường xuyên")


class Task(AuditedModel):
    class Requires(models.TextChoices):
        ACTION = "action", _("Tổ chức thực hiện")
        DOCUMENT = "document", _("Ban hành văn bản của đơn vị")
        REPORT = "report", _("Báo cáo kết quả")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tasks")
    ordinal = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    text = models.TextField(_("nội dung nhiệm vụ"))
    deadline_text = models.CharField(_("thời hạn như ghi"), max_length=255, blank=True)
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=24, choices=DeadlineKind.choices, blank=True)
    due_on = models.DateField(_("hạn cuối (ngày cuối còn đúng hạn)"), null=True, blank=True)
    recurrence = models.CharField(_("quy tắc định kỳ (RRULE)"), max_length=255, blank=True)
    requires = models.CharField(_("yêu cầu"), max_length=16, choices=Requires.choices, default=Requires.ACTION)
    report_to = models.ForeignKey(
        Organization,
        verbose_name=_("báo cáo về"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    report_to_name = models.CharField(_("báo cáo về (như ghi)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["document", "ordinal"], name="task_unique_ordinal"),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.ordinal}. {self.text[:60]}"


def import_upload_to(instance: models.Model, filename: str) -> str:
    """Files of an import live under its own folder, so they go (and are found) with it."""
    doc_import: Any = getattr(instance, "doc_import", instance)
    return f"imports/{doc_import.created_at:%Y/%m}/{doc_import.pk}/{filename}"


class DocumentImport(models.Model):
    """A paste or upload on its way to becoming a Document: the bytes, the parse and its progress.

    queued → extracting → [ocr →] parsing → ready → logged; any step may end in failed (with a
    Vietnamese message). Scans and photos pass through ocr, one page at a time (`pages_done` of
    `pages_total`). Large uploads are processed by a Celery task that advances `progress`; the review
    form is built from `result` (the parser's JSON shape) and `spans` (highlight ranges in `text`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        EXTRACTING = "extracting", _("Đang đọc tệp")
        OCR = "ocr", _("Đang nhận dạng chữ trên ảnh (OCR)")
        PARSING = "parsing", _("Đang phân tích")
        READY = "ready", _("Sẵn sàng kiểm tra")
        FAILED = "failed", _("Lỗi")
        LOGGED = "logged", _("Đã nhập")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_imports")
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    data = models.BinaryField(_("nội dung tệp"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    # The normalised text the parser works on; every span in `spans` points into it.
    text = models.TextField(_("văn bản"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    result = models.JSONField(_("kết quả phân tích"), null=True, blank=True)
    spans = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    parse_ms = models.PositiveIntegerField(null=True, blank=True)
    # What the upload turned out to be: txt, docx, pdf (text layer), pdf-ocr or image-ocr.
    source_kind = models.CharField(_("loại nguồn"), max_length=16, blank=True)
    pages_total = models.PositiveSmallIntegerField(_("số trang nhận dạng"), default=0)
    pages_done = models.PositiveSmallIntegerField(_("số trang đã nhận dạng"), default=0)
    # OCR words as [start, end, confidence 0–100, page], offsets into `text`, sorted by start.
    ocr_words = models.JSONField(default=list, blank=True)
    searchable_pdf = models.FileField(_("bản PDF có lớp chữ"), upload_to=import_upload_to, blank=True)
    signatures = models.JSONField(_("chữ ký số"), default=list, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = _("lượt nhập văn bản")
        ordering = ["-created_at"]
        # Declared, so the JSONField system check needs no database connection: `migrate` of the
        # embedded SQLite default runs its checks before the var/ folder holding the file exists.
        required_db_features = ["supports_json_field"]

    def __str__(self) -> str:
        return f"{self.filename or _('Văn bản dán')} · {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.EXTRACTING, self.Status.OCR, self.Status.PARSING)

    @property
    def is_ocr(self) -> bool:
        return self.source_kind in ("pdf-ocr", "image-ocr")


class DocumentImportPage(models.Model):
    """A page image of a scanned upload, shown beside the review form (served only to its importer)."""

    doc_import = models.ForeignKey(DocumentImport, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("trang"))
    image = models.FileField(_("ảnh trang"), upload_to=import_upload_to)

    class Meta:
        verbose_name = _("ảnh trang")
        verbose_name_plural = _("ảnh trang")
        ordering = ["doc_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["doc_import", "number"], name="import_page_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_import_id} · {self.number}"
