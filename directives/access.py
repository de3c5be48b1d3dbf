"""Who may see what: every view, export, PDF, download, API and htmx fragment scopes through here.

Leaders, staff and admins see the subtree under each unit they belong to; secretaries see their
own unit. Scopes are path prefixes, so each check is one indexed filter.

How a view uses it (see docs/security.md):

    scope = request_scope(request)                       # one query, cached on the request
    rows = assignments_for(request.user, scope=scope)    # a scoped queryset
    assignment = get_visible_or_404(request.user, Assignment, pk=pk)   # an object check (404 outside)

    @member_required                                     # login + at least one membership
    @with_visible(Assignment, kwarg="pk", as_="assignment")
    def assignment_detail(request, assignment): ...

Every model a person can reach has a rule in `SCOPES` (`visible(user, Model)`). The rules of this
app's models are registered below; an app that builds on `directives` keeps its rules in its own
`access` modules (a `RULES` mapping) and registers them from its `ready()` with `register_rules`.
The URL-walking test (tests/security/) calls every URL of the project as each role against another
unit's objects and fails on any 200.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponseBase

from directives.models import (
    Assignment,
    CalendarFeedToken,
    CalendarOverride,
    DeadlineEvent,
    Document,
    DocumentImport,
    DocumentImportPage,
    EmailDelivery,
    Membership,
    Notification,
    Organization,
    OrganizationAlias,
    Reference,
    Task,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.http import HttpRequest

    # Whoever sent the request, as `request.user` types it: a `User` (AUTH_USER_MODEL) or anonymous.
    # A function that only ever sees signed-in people takes `User`.
    AnyUser = User | AnonymousUser

M = TypeVar("M", bound=Model)

SUBTREE_ROLES = (Membership.Role.LEADER, Membership.Role.STAFF, Membership.Role.ADMIN)
# Who may invite people into a unit (and below it) and remove them.
MANAGER_ROLES = (Membership.Role.LEADER, Membership.Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisation paths a user reaches: whole subtrees, and single units.

    `subtree_paths` / `unit_ids` decide what a user sees. The other fields answer the few questions
    that depend on the role: who may manage members (`manage_paths`), who may search the audit trail
    (`admin_paths`), and which units the user belongs to directly (`member_unit_ids`, any role —
    drafts of a unit's report are visible only there).
    """

    subtree_paths: tuple[str, ...]
    unit_ids: tuple[int, ...]
    manage_paths: tuple[str, ...] = ()
    admin_paths: tuple[str, ...] = ()
    member_unit_ids: tuple[int, ...] = ()
    is_superuser: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.subtree_paths and not self.unit_ids

    def q(self, *, path_field: str, id_field: str) -> Q:
        """A filter on any model that carries an organisation path and id."""
        parts = [Q(**{f"{path_field}__startswith": p}) for p in self.subtree_paths]
        if self.unit_ids:
            parts.append(Q(**{f"{id_field}__in": self.unit_ids}))
        if not parts:
            return Q(pk__in=[])
        return reduce(or_, parts)

    def covers(self, organization: Organization) -> bool:
        return self.covers_path(organization.path, organization.id)

    def covers_path(self, path: str, unit_id: int | None = None) -> bool:
        return unit_id in self.unit_ids or any(path.startswith(p) for p in self.subtree_paths)

    def can_manage(self, organization: Organization) -> bool:
        """Leaders and admins invite into and remove from their unit and the units below it."""
        return any(organization.path.startswith(p) for p in self.manage_paths)

    def manage_q(self, *, path_field: str) -> Q:
        return prefix_q(path_field, self.manage_paths)

    @property
    def is_admin(self) -> bool:
        """May search the audit trail (of their subtree)."""
        return bool(self.admin_paths)

    @property
    def is_manager(self) -> bool:
        return bool(self.manage_paths)


def prefix_q(field: str, paths: tuple[str, ...]) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, [Q(**{f"{field}__startswith": p}) for p in paths])


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one."""
    return tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))


ALL = Scope(("",), (), manage_paths=("",), admin_paths=("",), is_superuser=True)
NOTHING = Scope((), ())


def scope_for(user: AnyUser) -> Scope:
    if not user.is_authenticated or not getattr(user, "is_active", True):
        return NOTHING
    if getattr(user, "is_superuser", False):
        return ALL
    rows = Membership.objects.filter(user_id=user.pk).values_list("role", "organization_id", "organization__path")
    subtrees: set[str] = set()
    units: set[int] = set()
    manage: set[str] = set()
    admin: set[str] = set()
    members: set[int] = set()
    for role, org_id, path in rows:
        members.add(org_id)
        if role in SUBTREE_ROLES:
            subtrees.add(path)
        else:
            units.add(org_id)
        if role in MANAGER_ROLES:
            manage.add(path)
        if role == Membership.Role.ADMIN:
            admin.add(path)
    return Scope(
        _minimal(subtrees),
        tuple(sorted(units)),
        manage_paths=_minimal(manage),
        admin_paths=_minimal(admin),
        member_unit_ids=tuple(sorted(members)),
    )


def request_scope(request: HttpRequest) -> Scope:
    """`scope_for(request.user)`, computed once per request."""
    scope = getattr(request, "_cascade_scope", None)
    if scope is None:
        scope = scope_for(request.user)
        request._cascade_scope = scope  # type: ignore[attr-defined]
    return scope


def resolve_scope(user: AnyUser, scope: Scope | None) -> Scope:
    return scope if scope is not None else scope_for(user)


def visible_organizations(user: AnyUser) -> Q:
    return scope_for(user).q(path_field="path", id_field="id")


# --- Scoped querysets, one per model a person can reach ---------------------------------------


def organizations_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Organization]:
    scope = resolve_scope(user, scope)
    organizations: QuerySet[Organization] = Organization.objects.filter(scope.q(path_field="path", id_field="id"))
    return organizations


def unit_q(scope: Scope, prefix: str = "") -> Q:
    """Rows whose assignment unit (`<prefix>unit_path`) is in scope."""
    return scope.q(path_field=f"{prefix}unit_path", id_field=f"{prefix}unit_id")


def assignments_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Assignment]:
    """Assignments to units in scope (the denormalised `unit_path` makes it one prefix scan)."""
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return Assignment.objects.all()
    return Assignment.objects.filter(unit_q(scope))


def document_q(scope: Scope) -> Q:
    """Documents a scope reaches: issued in it, assigning work to it, the directive its work traces
    back to, or cited by one of its own documents (what it implements). A sibling unit's own
    guidance stays invisible; what is sent to everybody is visible to everybody it was sent to."""
    issued = scope.q(path_field="issuer__path", id_field="issuer_id")
    in_scope = Assignment.objects.filter(unit_q(scope))
    assigned = Exists(in_scope.filter(task__document_id=OuterRef("pk")))
    directive_of = Exists(in_scope.filter(directive_id=OuterRef("pk")))
    own_child = scope.q(path_field="child__issuer__path", id_field="child__issuer_id") | Q(
        Exists(in_scope.filter(task__document_id=OuterRef("child_id")))
    )
    cited = Exists(Reference.objects.filter(own_child, parent_id=OuterRef("pk")))
    return issued | Q(assigned) | Q(directive_of) | Q(cited)


def documents_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Document]:
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return Document.objects.all()
    if scope.is_empty:
        return Document.objects.none()
    return Document.objects.filter(document_q(scope))


def references_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Reference]:
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return Reference.objects.all()
    return Reference.objects.filter(child__in=documents_for(user, scope=scope))


def tasks_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Task]:
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return Task.objects.all()
    return Task.objects.filter(document__in=documents_for(user, scope=scope))


def deadline_events_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[DeadlineEvent]:
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return DeadlineEvent.objects.all()
    return DeadlineEvent.objects.filter(unit_q(scope, "assignment__"))


def memberships_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Membership]:
    """Members of the units in scope, and always one's own memberships."""
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return Membership.objects.all()
    own = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return Membership.objects.filter(scope.q(path_field="organization__path", id_field="organization_id") | own)


def notifications_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Notification]:
    """Notifications are personal: only one's own, whatever the role (superusers included)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def document_imports_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[DocumentImport]:
    """A paste/upload in progress is private to the person who started it (superusers see all)."""
    if not user.is_authenticated:
        return DocumentImport.objects.none()
    if getattr(user, "is_superuser", False):
        return DocumentImport.objects.all()
    return DocumentImport.objects.filter(created_by_id=user.pk)


def document_import_pages_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[DocumentImportPage]:
    """A scan's page images are as private as the import they belong to."""
    return DocumentImportPage.objects.filter(doc_import__in=document_imports_for(user, scope=scope))


def email_deliveries_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[EmailDelivery]:
    """E-mail is personal, like the notifications it carries."""
    if not user.is_authenticated:
        return EmailDelivery.objects.none()
    return EmailDelivery.objects.filter(recipient_id=user.pk)


def calendar_feed_tokens_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[CalendarFeedToken]:
    """A calendar feed's secret belongs to its owner only."""
    if not user.is_authenticated:
        return CalendarFeedToken.objects.none()
    return CalendarFeedToken.objects.filter(user_id=user.pk)


def aliases_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[OrganizationAlias]:
    scope = resolve_scope(user, scope)
    return OrganizationAlias.objects.filter(scope.q(path_field="organization__path", id_field="organization_id"))


def calendar_overrides_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[CalendarOverride]:
    """The working calendar is the same for everybody who is signed in."""
    return CalendarOverride.objects.all() if user.is_authenticated else CalendarOverride.objects.none()


# --- The registry: one rule per model ---------------------------------------------------------

ScopeRule = Callable[..., QuerySet[Any]]
SCOPES: dict[str, ScopeRule] = {}


def register_scope(model: type[Model] | str) -> Callable[[ScopeRule], ScopeRule]:
    """Register `rule(user, *, scope=None) -> QuerySet` as the visibility rule of `model`."""
    label = model if isinstance(model, str) else model._meta.label_lower

    def decorator(rule: ScopeRule) -> ScopeRule:
        SCOPES[label.lower()] = rule
        return rule

    return decorator


for _model, _rule in (
    (Organization, organizations_for),
    (OrganizationAlias, aliases_for),
    (Membership, memberships_for),
    (Document, documents_for),
    (Reference, references_for),
    (Task, tasks_for),
    (Assignment, assignments_for),
    (DeadlineEvent, deadline_events_for),
    (Notification, notifications_for),
    (CalendarOverride, calendar_overrides_for),
    (DocumentImport, document_imports_for),
    (DocumentImportPage, document_import_pages_for),
    (EmailDelivery, email_deliveries_for),
    (CalendarFeedToken, calendar_feed_tokens_for),
):
    register_scope(_model)(_rule)


def register_rules(rules: Mapping[type[Model] | str, ScopeRule]) -> None:
    """Register a feature's rules, from its app's `ready()` (apps that build on `directives` call this)."""
    for model, rule in rules.items():
        register_scope(model)(rule)


def scope_rule(model: type[Model] | str) -> ScopeRule:
    label = (model if isinstance(model, str) else model._meta.label_lower).lower()
    try:
        return SCOPES[label]
    except KeyError:
        raise LookupError(f"{label} has no visibility rule: add one with @register_scope") from None


def visible(user: AnyUser, model: type[M], *, scope: Scope | None = None) -> QuerySet[M]:
    """Everything of `model` that `user` may see."""
    return scope_rule(model)(user, scope=scope)


def get_visible_or_404(user: AnyUser, model: type[M] | QuerySet[M], *, scope: Scope | None = None, **lookup: Any) -> M:
    """The object, if the user may see it; 404 otherwise (never say that it exists elsewhere).

    `model` may be a queryset of that model (e.g. with select_related); it is narrowed to the scope.
    """
    if isinstance(model, QuerySet):
        queryset = model & visible(user, model.model, scope=scope)
    else:
        queryset = visible(user, model, scope=scope)
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see(user: AnyUser, obj: Model, *, scope: Scope | None = None) -> bool:
    return visible(user, type(obj), scope=scope).filter(pk=obj.pk).exists()


def check_visible(user: AnyUser, obj: Model, *, scope: Scope | None = None) -> None:
    """Object check for code that already holds the object (e.g. an attachment's report)."""
    if not can_see(user, obj, scope=scope):
        raise Http404


def can_manage_members(user: AnyUser, organization: Organization, *, scope: Scope | None = None) -> bool:
    return resolve_scope(user, scope).can_manage(organization)


def roles_in(user: AnyUser, organization: Organization) -> set[str]:
    """The roles `user` holds over `organization`: directly, or (subtree roles) on an ancestor."""
    if not user.is_authenticated:
        return set()
    ancestors = [
        organization.path[:i] for i in range(Organization.steplen, len(organization.path) + 1, Organization.steplen)
    ]
    rows = Membership.objects.filter(user_id=user.pk).filter(
        Q(organization_id=organization.pk) | Q(organization__path__in=ancestors, role__in=SUBTREE_ROLES)
    )
    return set(rows.values_list("role", flat=True))


# --- Decorators and a mixin for views ---------------------------------------------------------

View = Callable[..., HttpResponseBase]


def member_required(view: View) -> View:
    """Signed in and a member of at least one unit (or a superuser); 403 otherwise."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request_scope(request).is_empty:
            raise PermissionDenied("Bạn chưa được gán vào đơn vị nào.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def manager_required(view: View) -> View:
    """Signed in as a leader or admin of some unit (object checks still decide which)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request_scope(request).is_manager:
            raise PermissionDenied("Chỉ lãnh đạo hoặc quản trị đơn vị được làm việc này.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def with_visible(
    model: type[Model] | Callable[[], QuerySet[Any]],
    *,
    kwarg: str = "pk",
    as_: str | None = None,
    field: str = "pk",
) -> Callable[[View], View]:
    """Replace the URL kwarg `kwarg` by the object it names, loaded through the scope (404 outside).

    `model` may be a callable returning a base queryset carrying its select_related.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            value = kwargs.pop(kwarg)
            base = model() if callable(model) and not isinstance(model, type) else model
            obj = get_visible_or_404(request.user, base, scope=request_scope(request), **{field: value})
            kwargs[as_ or obj._meta.model_name] = obj
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


class ScopedQuerysetMixin:
    """For class-based views: `get_queryset()` only ever returns what the user may see.

    Set `model` (or override `get_base_queryset()` to add select_related); DetailView/UpdateView
    then 404 outside the scope by themselves.
    """

    model: type[Model] | None = None
    request: HttpRequest

    def get_base_queryset(self) -> QuerySet[Any]:
        assert self.model is not None, "ScopedQuerysetMixin needs `model`"
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet[Any]:
        base = self.get_base_queryset()
        return base & visible(self.request.user, base.model, scope=request_scope(self.request))
