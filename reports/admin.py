from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from reports.models import Attachment, CompletionReport
from reports.pdf import admin as pdf_admin


class AttachmentInline(admin.TabularInline):
    """Evidence is added only through the report form, which checks the file and records its hash."""

    model = Attachment
    extra = 0
    readonly_fields = [
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest, obj: CompletionReport | None = None) -> bool:
        return False


@admin.register(CompletionReport)
class CompletionReportAdmin(admin.ModelAdmin):
    list_display = ["assignment", "version", "status", "submitted_at", "is_late", "reviewed_at"]
    list_filter = ["status", "is_late", "nothing_arose"]
    search_fields = ["assignment__unit__name", "assignment__task__document__number", "results"]
    raw_id_fields = ["assignment", "issued_document"]
    list_select_related = ["assignment__unit", "assignment__task__document__issuer"]
    inlines = [AttachmentInline]


for model, model_admin in pdf_admin.MODEL_ADMINS.items():
    admin.site.register(model, model_admin)
