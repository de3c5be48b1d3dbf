"""Admin for the outgoing-document registers, committee terms and stored PDF renders.

`reports.admin` registers `MODEL_ADMINS` on the site.
"""

from __future__ import annotations

from django.contrib import admin

from reports.models import CommitteeTerm, OutgoingDocument, OutgoingRegister, RenderedReport


class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["organization", "name", "starts_on", "ends_on"]
    search_fields = ["organization__name", "name"]
    raw_id_fields = ["organization"]


class OutgoingRegisterAdmin(admin.ModelAdmin):
    """`last_number` may be set once when a unit starts using Cascade mid-term."""

    list_display = ["organization", "doc_type", "period_label", "last_number"]
    search_fields = ["organization__name"]
    raw_id_fields = ["organization"]


class OutgoingDocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "organization", "issued_on", "subject"]
    search_fields = ["symbol", "organization__name", "subject"]
    list_select_related = ["organization"]
    readonly_fields = ["organization", "doc_type", "period", "number", "symbol", "issued_on", "created_by"]


class RenderedReportAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "unit", "outgoing", "status", "pages", "render_seconds", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["unit", "outgoing"]
    exclude = ["payload_json"]
    # The file is what the renderer wrote; replacing it by hand would serve something else as the report.
    readonly_fields = ["kind", "subject_key", "input_hash", "file", "rows", "pages", "size", "error"]
    raw_id_fields = ["unit", "directive", "completion_report", "outgoing", "requested_by"]


MODEL_ADMINS: dict[type, type[admin.ModelAdmin]] = {
    CommitteeTerm: CommitteeTermAdmin,
    OutgoingRegister: OutgoingRegisterAdmin,
    OutgoingDocument: OutgoingDocumentAdmin,
    RenderedReport: RenderedReportAdmin,
}
