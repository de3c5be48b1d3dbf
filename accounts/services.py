"""Writes for accounts: invitations into a unit, accepting them, removing members."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEntry, Invitation
from directives.access import scope_for
from directives.models import Membership, Organization


class InvitationError(Exception):
    """An invitation that cannot be used; the message is shown to the person as is."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str

    @property
    def path(self) -> str:
        return reverse("invitation_accept", kwargs={"token": self.token})

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    email: str,
    role: str,
    title: str = "",
    invited_by: User,
    now: dt.datetime | None = None,
) -> IssuedInvitation:
    """Invite `email` into `organization` with `role`; an open invitation for the same is replaced.

    Only a leader or admin whose scope covers the unit may invite (PermissionDenied otherwise).
    """
    if not scope_for(invited_by).can_manage(organization):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    if role not in Invitation.Role.values:
        raise ValueError(f"Role {role!r} cannot be given by invitation")
    now = now or timezone.now()
    email = email.strip()
    with audit.acting_as(invited_by):
        for old in Invitation.objects.select_for_update().filter(
            email__iexact=email, organization=organization, role=role, accepted_at=None, revoked_at=None
        ):
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            email=email,
            organization=organization,
            role=role,
            title=title.strip(),
            token_hash=token_hash(token),
            invited_by=invited_by,
            expires_at=now + dt.timedelta(days=settings.INVITATION_TTL_DAYS),
        )
    issued = IssuedInvitation(invitation, token)
    transaction.on_commit(lambda: _send_invitation(issued))
    return issued


def _send_invitation(issued: IssuedInvitation) -> None:
    invitation = issued.invitation
    context = {
        "invitation": invitation,
        "url": issued.url,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "ttl_days": settings.INVITATION_TTL_DAYS,
    }
    subject = " ".join(render_to_string("emails/invitation-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation-body.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string("emails/invitation-body.html", context), "text/html")
    message.send(fail_silently=True)  # the inviter also sees the link and can pass it on


def invitation_by_token(token: str, *, now: dt.datetime | None = None) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationError("Đường dẫn mời không đúng. Hãy kiểm tra lại thư mời.")
    status = invitation.status(now=now)
    if status == Invitation.Status.ACCEPTED:
        raise InvitationError("Lời mời này đã được sử dụng.")
    if status == Invitation.Status.REVOKED:
        raise InvitationError("Lời mời này đã bị thu hồi. Hãy liên hệ người mời.")
    if status == Invitation.Status.EXPIRED:
        raise InvitationError("Lời mời này đã hết hạn. Hãy đề nghị người mời gửi lại.")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User, now: dt.datetime | None = None) -> Membership:
    """Make `user` a member as the invitation says. The invitation is used up."""
    now = now or timezone.now()
    invitation = invitation_by_token(token, now=now)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status(now=now) != Invitation.Status.PENDING:
        raise InvitationError("Lời mời này không còn hiệu lực.")
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise InvitationError(
            f"Lời mời được gửi tới {invitation.email}; bạn đang đăng nhập bằng tài khoản khác. "
            "Hãy đăng xuất rồi mở lại đường dẫn."
        )
    with audit.acting_as(user):
        membership, _created = Membership.objects.get_or_create(
            user=user, organization=invitation.organization, role=invitation.role, defaults={"title": invitation.title}
        )
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def user_register_from_invitation(
    *, token: str, username: str, first_name: str, last_name: str, password: str
) -> tuple[User, Membership]:
    """A new person accepts: their account is created with the invited e-mail address."""
    invitation = invitation_by_token(token)
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("Địa chỉ thư này đã có tài khoản: hãy đăng nhập để nhận lời mời.")
    user = user_model.objects.create_user(
        username=username, email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )
    return user, invitation_accept(token=token, user=user)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User, now: dt.datetime | None = None) -> None:
    if not scope_for(by).can_manage(invitation.organization):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    if invitation.accepted_at or invitation.revoked_at:
        return
    with audit.acting_as(by):
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def membership_remove(*, membership: Membership, by: User, reason: str = "") -> None:
    """Take a role away. Nobody removes their own role here (no locking oneself out by mistake)."""
    scope = scope_for(by)
    if not scope.can_manage(membership.organization):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    if membership.user_id == by.pk and not scope.is_superuser:
        raise PermissionDenied("Bạn không thể tự gỡ vai trò của mình; hãy nhờ lãnh đạo hoặc quản trị.")
    if membership.role == Membership.Role.ADMIN and not scope.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống được gỡ vai trò quản trị.")
    pk = membership.pk
    with audit.acting_as(by):
        membership.delete()
        if reason:
            audit.record(
                action=AuditEntry.Action.EVENT,
                object_type="directives.membership",
                object_id=pk,
                object_repr=str(membership),
                unit_path=membership.organization.path,
                message=f"Lý do gỡ: {reason}",
            )
