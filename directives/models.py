"""Organisations, documents, the issuance tree, tasks, assignments and the deadline ledger."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from directives.timeliness import DUE_SOON_DAYS, Timeliness, timeliness_of


class Organization(MP_Node):
    """A body or unit; the tree is a materialised path, so a subtree is one indexed prefix scan."""

    class Kind(models.TextChoices):
        PARTY_CENTRAL = "party_central", _("Cơ quan Trung ương Đảng")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy (tỉnh ủy, thành ủy, đảng ủy)")
        ADVISORY_BOARD = "advisory_board", _("Ban tham mưu (ban tuyên giáo, văn phòng…)")
        PARTY_CELL = "party_cell", _("Chi bộ")
        YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
        TRADE_UNION = "trade_union", _("Công đoàn")
        MASS_ORGANIZATION = "mass_organization", _("Mặt trận, đoàn thể khác")
        STATE_BODY = "state_body", _("Cơ quan nhà nước")
        PRESS = "press", _("Cơ quan báo chí")
        OTHER = "other", _("Khác")

    class Level(models.IntegerChoices):
        CENTRAL = 0, _("Trung ương")
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện / xã / đảng ủy trực thuộc")
        GRASSROOTS = 3, _("Cơ sở")
        CELL = 4, _("Chi bộ / tổ")

    # Four characters per level: 36^4 children per parent, room for the widest commune level.
    steplen = 4

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    code = models.SlugField(_("mã"), max_length=64, unique=True, allow_unicode=False)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, default=Level.GRASSROOTS)
    symbol_code = models.CharField(
        _("ký hiệu cơ quan"),
        max_length=32,
        blank=True,
        help_text=_("Phần sau dấu / trong số hiệu, ví dụ BTGTW, TU."),
    )
    is_party = models.BooleanField(
        _("thuộc hệ thống Đảng"),
        default=True,
        help_text=_("Quyết định thể thức văn bản: Đảng hay Nhà nước."),
    )
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    # Accent-folded name and aliases, for matching "BTG Tinh uy" to "Ban Tuyên giáo Tỉnh ủy".
    search_name = models.CharField(max_length=512, blank=True, editable=False)

    node_order_by: list[str] = []  # sibling order = insertion order; never rewrite wide levels

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        indexes = [
            models.Index(fields=["level"], name="org_level_idx"),
            # Prefix scans for subtrees (`path LIKE 'xxxx%'`) on PostgreSQL with a non-C collation.
            models.Index(fields=["path"], name="org_path_pattern_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def subtree_q(self, field: str = "path") -> Q:
        """A filter for this node and everything below it, on any model carrying a copy of the path."""
        return Q(**{f"{field}__startswith": self.path})

    def is_ancestor_or_self_of(self, other: Organization) -> bool:
        return other.path.startswith(self.path)


class OrganizationAlias(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("tên gọi khác"), max_length=255)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="alias_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Cán bộ tham mưu")
        SECRETARY = "secretary", _("Thư ký / văn phòng đơn vị")
        LEADER = "leader", _("Lãnh đạo")
        ADMIN = "admin", _("Quản trị")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


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


class Document(models.Model):
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


class Reference(models.Model):
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


class Task(models.Model):
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


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def open(self) -> AssignmentQuerySet:
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def in_subtree(self, organization: Organization) -> AssignmentQuerySet:
        return self.filter(unit_path__startswith=organization.path)

    def overdue(self, *, today: dt.date) -> AssignmentQuerySet:
        return self.open().filter(due_on__lt=today)


class Assignment(models.Model):
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

    objects = AssignmentQuerySet.as_manager()

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

    def timeliness(self, *, today: dt.date, due_soon_until: dt.date | None = None) -> Timeliness:
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


class DeadlineEvent(models.Model):
    """The ledger between detection (the sweep) and delivery (notifications).

    Unique per (assignment, kind, due date): a sweep run twice, or on two workers at once,
    records each event once. Reminder offsets are configurable, so `kind` may also be
    "reminder_<n>" for an n not listed here (`directives.deadline_rules.kind_label` names it).
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


class CalendarOverride(models.Model):
    """Days the `holidays` package gets wrong: yearly swapped days off and make-up working Saturdays."""

    day = models.DateField(_("ngày"), unique=True)
    is_working = models.BooleanField(_("là ngày làm việc"))
    reason = models.CharField(_("lý do"), max_length=255)
    decision = models.CharField(_("văn bản quyết định"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["day"]

    def __str__(self) -> str:
        kind = _("làm việc") if self.is_working else _("nghỉ")
        return f"{self.day:%d/%m/%Y} — {kind}: {self.reason}"


class DocumentImport(models.Model):
    """A paste or upload on its way to becoming a Document: the bytes, the parse and its progress.

    queued → extracting → parsing → ready → logged; any step may end in failed (with a Vietnamese
    message). Large uploads are processed by a Celery task that advances `progress`; the review form
    is built from `result` (the parser's JSON shape) and `spans` (highlight ranges in `text`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        EXTRACTING = "extracting", _("Đang đọc tệp")
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
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = _("lượt nhập văn bản")
        ordering = ["-created_at"]
        # Declared, so the JSONField system check needs no database connection: `migrate` of the
        # embedded SQLite default runs its checks before the var/ folder holding the file exists.
        required_db_features = {"supports_json_field"}

    def __str__(self) -> str:
        return f"{self.filename or _('Văn bản dán')} · {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.EXTRACTING, self.Status.PARSING)


__all__ = [
    "DUE_SOON_DAYS",
    "Assignment",
    "CalendarOverride",
    "DeadlineEvent",
    "DeadlineKind",
    "Document",
    "DocumentImport",
    "DocumentType",
    "Membership",
    "Notification",
    "Organization",
    "OrganizationAlias",
    "Reference",
    "Task",
    "Timeliness",
]
