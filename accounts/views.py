"""Accounts pages: sign in/out, passwords, one's own account, unit members and invitations, audit."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import AuditSearchForm, InvitationForm, LoginForm, MembershipRemoveForm, RegisterFromInvitationForm
from accounts.models import AuditEntry, Invitation
from accounts.selectors import audit_search, audited_types, describe
from cascade.lib.http import AuthedRequest
from cascade.lib.ratelimit import ratelimit
from directives.access import SCOPES, get_visible_or_404, request_scope, visible
from directives.models import Membership, Organization

# --- Signing in and passwords (Django's views, our templates and messages) -------------------

login_view = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm)
logout_view = auth_views.LogoutView.as_view()

password_change_view = auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done"))
password_change_done_view = auth_views.PasswordChangeDoneView.as_view()

# E-mails are cheap to ask for and expensive to receive: 5 an hour from one address.
password_reset_view = method_decorator(ratelimit(key="ip", rate="5/h", methods=["POST"]), name="dispatch")(
    auth_views.PasswordResetView
).as_view(
    success_url=reverse_lazy("password_reset_done"),
    subject_template_name="emails/password_reset-subject.txt",
    email_template_name="emails/password_reset-body.txt",
    html_email_template_name="emails/password_reset-body.html",
)
password_reset_done_view = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view()


# --- One's own account -----------------------------------------------------------------------


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    """Your units and roles, the units you manage, and links to your password and the audit trail."""
    scope = request_scope(request)
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("organization").order_by("organization__path")
    )
    managed = [m for m in memberships if m.role in (Membership.Role.LEADER, Membership.Role.ADMIN)]
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "managed": managed, "scope": scope},
    )


# --- Unit members and invitations ------------------------------------------------------------


def _managed_unit_or_404(request: HttpRequest, org_id: int) -> Organization:
    """The unit, if the user may see it (404 otherwise) and manage it (403 otherwise)."""
    scope = request_scope(request)
    organization = get_visible_or_404(request.user, Organization, scope=scope, pk=org_id)
    if not scope.can_manage(organization):
        raise PermissionDenied("Chỉ lãnh đạo hoặc quản trị của đơn vị được quản lý thành viên.")
    return organization


def _members_page(
    request: HttpRequest, organization: Organization, form: InvitationForm, *, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    members = (
        Membership.objects.filter(organization=organization).select_related("user").order_by("role", "user__username")
    )
    invitations = [
        inv
        for inv in Invitation.objects.filter(organization=organization, accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .order_by("-created_at")
        if inv.expires_at > now
    ]
    children = Organization.objects.get_children(organization).order_by("name")
    return render(
        request,
        "accounts/unit_members.html",
        {
            "organization": organization,
            "ancestors": Organization.objects.get_ancestors(organization),
            "members": members,
            "invitations": invitations,
            "children": children,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def unit_members(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = _managed_unit_or_404(request, org_id)
    return _members_page(request, organization, InvitationForm())


@login_required
@require_POST
def invitation_create(request: AuthedRequest, org_id: int) -> HttpResponse:
    organization = _managed_unit_or_404(request, org_id)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _members_page(request, organization, form, status=400)
    issued = services.invitation_create(
        organization=organization,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        title=form.cleaned_data["title"],
        invited_by=request.user,
    )
    messages.success(
        request,
        f"Đã gửi lời mời tới {issued.invitation.email}. Nếu thư không tới, có thể gửi đường dẫn này "
        f"(hiệu lực {issued.invitation.expires_at:%d/%m/%Y}): {issued.url}",
    )
    return redirect("unit_members", org_id=organization.pk)


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    invitation = get_visible_or_404(
        request.user, Invitation.objects.select_related("organization"), scope=request_scope(request), pk=pk
    )
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, f"Đã thu hồi lời mời gửi {invitation.email}.")
    return redirect("unit_members", org_id=invitation.organization_id)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    membership = get_visible_or_404(
        request.user, Membership.objects.select_related("user", "organization"), scope=scope, pk=pk
    )
    if not scope.can_manage(membership.organization):
        raise PermissionDenied("Chỉ lãnh đạo hoặc quản trị của đơn vị được gỡ thành viên.")
    form = MembershipRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        org_id = membership.organization_id
        label = f"{membership.user.get_full_name() or membership.user.username} — {membership.get_role_display()}"
        services.membership_remove(membership=membership, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Đã gỡ {label} khỏi {membership.organization.name}.")
        return redirect("unit_members", org_id=org_id)
    return render(
        request,
        "accounts/membership_remove.html",
        {"membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Accepting an invitation (public: the token in the link is the credential) ---------------


@ratelimit(key="ip", rate="30/m")
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_by_token(token)
    except services.InvitationError as exc:
        return render(request, "accounts/invitation_invalid.html", {"error": str(exc)}, status=404)
    has_account = _account_exists(invitation.email)
    context: dict[str, Any] = {"invitation": invitation, "has_account": has_account, "token": token}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept(token=token, user=request.user)
            except services.InvitationError as exc:
                context["error"] = str(exc)
                return render(request, "accounts/invitation_accept.html", context, status=400)
            messages.success(
                request, f"Bạn đã là {membership.get_role_display().lower()} của {membership.organization.name}."
            )
            return redirect("account")
        return render(request, "accounts/invitation_accept.html", context)
    if has_account:
        login_url = f"{reverse('login')}?next={request.path}"
        context["login_url"] = login_url
        return render(request, "accounts/invitation_accept.html", context)
    form = RegisterFromInvitationForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user, membership = services.user_register_from_invitation(
                token=token,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as exc:
            context["error"] = str(exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Chào mừng! Bạn đã là thành viên của {membership.organization.name}.")
            return redirect("home")
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context, status=400 if request.method == "POST" else 200)


def _account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


# --- The audit trail -------------------------------------------------------------------------

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def audit_list(request: HttpRequest) -> HttpResponse:
    """Search the audit trail: superusers everything, unit admins their subtree."""
    scope = request_scope(request)
    if not scope.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được tra cứu nhật ký.")
    form = AuditSearchForm(request.GET or None, object_types=audited_types())
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    rows = audit_search(user=request.user, scope=scope, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    entries = [(entry, describe(entry)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET"])
def audit_object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The history fragment of one object (htmx), for whoever may see the object."""
    scope = request_scope(request)
    if object_type not in SCOPES:
        raise Http404
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not visible(request.user, model, scope=scope).filter(pk=_pk(object_id)).exists():
        raise Http404
    entries = list(
        AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-at", "-id")[:51]
    )
    return render(
        request,
        "audit/_object_history.html",
        {
            "entries": [(e, describe(e)) for e in entries[:50]],
            "truncated": len(entries) > 50,
            "object_type": object_type,
            "object_id": object_id,
        },
    )


def _pk(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    return render(request, "home.html", {"memberships": memberships})
