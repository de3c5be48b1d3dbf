from __future__ import annotations

from django.contrib import admin

from reports.models import Attachment, CompletionReport
from reports.pdf import admin as pdf_admin


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]


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
