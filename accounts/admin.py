from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEntry, Invitation
from accounts.selectors import describe


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only (no add, change or delete, not even for superusers)."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "source"]
    list_filter = ["action", "object_type", "source"]
    search_fields = ["object_repr", "actor_name", "message", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "unit_path",
        "change_table",
        "message",
        "source",
        "ip_address",
    ]
    exclude = ["actor", "changes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Thay đổi"))
    def change_table(self, obj: AuditEntry) -> str:
        return format_html_join(
            "", "<div><strong>{}</strong>: {} → {}</div>", ((r.label, r.old, r.new) for r in describe(obj))
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at", "accepted_by", "revoked_at"]
    autocomplete_fields = ["organization"]
