"""Invitations into a unit, and the append-only audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cascade.lib.audit import AuditedModel
from directives.models import Membership


class Invitation(AuditedModel):
    """An e-mailed link that makes its holder a member of a unit with a role.

    pending → accepted | revoked | expired (time passes). Only the SHA-256 of the token is stored.
    """

    class Role(models.TextChoices):
        # Admins are appointed in the admin site, never by invitation.
        STAFF = Membership.Role.STAFF.value, Membership.Role.STAFF.label
        SECRETARY = Membership.Role.SECRETARY.value, Membership.Role.SECRETARY.label
        LEADER = Membership.Role.LEADER.value, Membership.Role.LEADER.label

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        ACCEPTED = "accepted", _("Đã nhận")
        REVOKED = "revoked", _("Đã thu hồi")
        EXPIRED = "expired", _("Hết hạn")

    email = models.EmailField(_("thư điện tử"))
    organization = models.ForeignKey(
        "directives.Organization", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=128, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mời"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày mời"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    accepted_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời")
        verbose_name_plural = _("lời mời")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address, unit and role: inviting again replaces it.
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                "role",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"

    def status(self, *, now: dt.datetime | None = None) -> Invitation.Status:
        now = now or timezone.now()
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= now:
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_open(self) -> bool:
        return self.status() == self.Status.PENDING


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """Who changed what, when. Append-only: no update or delete here, in the admin, or (PostgreSQL
    trigger, migration 0002) in the database.

    The actor and the object are kept as snapshots (ids and labels, no foreign-key constraint), so
    deleting a user or the object itself never rewrites history.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        EVENT = "event", _("Sự kiện")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    # The organisation subtree the object belongs to, so unit admins search only their own.
    unit_path = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    message = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=16, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
            models.Index(fields=["unit_path"], name="audit_unit_path_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name or '—'} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")
