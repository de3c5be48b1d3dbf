"""Reads for accounts: who may see invitations and audit entries, audit search and display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Invitation
from cascade.lib.audit import AUDITED
from directives.access import Scope, ScopeRule, prefix_q, resolve_scope

if TYPE_CHECKING:
    from directives.access import AnyUser


def invitations_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Invitation]:
    """Invitations of the units one manages."""
    scope = resolve_scope(user, scope)
    return Invitation.objects.filter(scope.manage_q(path_field="organization__path"))


def audit_entries_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[AuditEntry]:
    """Search of the audit trail: superusers all of it, unit admins their subtree's entries.

    (On an object's own page, its history is shown to whoever may see the object.)
    """
    scope = resolve_scope(user, scope)
    if scope.is_superuser:
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(prefix_q("unit_path", scope.admin_paths))


# Registered in the permission layer by `accounts.apps`.
RULES: dict[type[Model] | str, ScopeRule] = {Invitation: invitations_for, AuditEntry: audit_entries_for}


def audited_types() -> list[tuple[str, str]]:
    types = []
    for label in AUDITED:
        model = apps.get_model(label)
        types.append((label, str(model._meta.verbose_name).capitalize()))
    return sorted(types, key=lambda t: t[1])


def audit_search(
    *,
    user: AnyUser,
    scope: Scope | None = None,
    q: str = "",
    action: str = "",
    object_type: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    rows = audit_entries_for(user, scope=scope)
    if q:
        rows = rows.filter(Q(object_repr__icontains=q) | Q(message__icontains=q) | Q(object_id=q))
    if action:
        rows = rows.filter(action=action)
    if object_type:
        rows = rows.filter(object_type=object_type)
    if actor:
        rows = rows.filter(actor_name__icontains=actor)
    tz = timezone.get_current_timezone()
    if date_from:
        rows = rows.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        rows = rows.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return rows.order_by("-at", "-id")


# --- Showing an entry to a person ------------------------------------------------------------


# Labels for fields whose models leave verbose_name to Django's default (the English field name).
FIELD_LABELS = {
    "task": "Nhiệm vụ",
    "user": "Người dùng",
    "organization": "Đơn vị",
    "directive": "Văn bản gốc",
    "document": "Văn bản",
    "report": "Báo cáo",
    "assignment": "Giao việc",
    "child": "Văn bản dẫn chiếu",
    "parent": "Văn bản được dẫn chiếu",
    "recipient": "Người nhận",
    "created_by": "Người tạo",
    "submitted_by": "Người gửi",
    "reviewed_by": "Người duyệt",
    "reviewed_at": "Thời điểm duyệt",
    "uploaded_by": "Người tải lên",
    "accepted_by": "Người nhận lời mời",
    "file": "Tệp",
    "content_type": "Kiểu tệp",
    "size": "Dung lượng (byte)",
    "sha256": "Mã băm SHA-256",
    "event": "Sự kiện",
}


def field_label(field: Any, name: str) -> str:
    verbose = str(getattr(field, "verbose_name", "") or "")
    if not verbose or verbose == name.replace("_", " "):
        return FIELD_LABELS.get(name, name.replace("_", " "))
    return verbose


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str
    new: str


def _display(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        mapping = {str(k): str(v) for k, v in choices}
        if str(value) in mapping:
            return mapping[str(value)]
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
        except ValueError:
            pass
    return str(value)


def describe(entry: AuditEntry) -> list[ChangeRow]:
    """The changed fields with their Vietnamese labels and values as a person reads them."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in (entry.changes or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        label = field_label(field, name)
        label = label[:1].upper() + label[1:]
        old, new = ([*pair, None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append(ChangeRow(label, _display(field, old), _display(field, new)))
    return rows


def type_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type
