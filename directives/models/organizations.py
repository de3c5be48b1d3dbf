"""Organisations (the materialised-path tree), their aliases, memberships and the working calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from cascade.lib.audit import AuditedModel


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


class Membership(AuditedModel):
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
