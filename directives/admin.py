from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from cascade.lib.uploads import validate_upload
from directives.documents.imports import SOURCE_KINDS
from directives.models import (
    Assignment,
    CalendarOverride,
    DeadlineEvent,
    Document,
    Membership,
    Notification,
    Organization,
    OrganizationAlias,
    Reference,
    Task,
)


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization, exclude=["search_name"])
    list_display = ["name", "code", "kind", "level", "symbol_code"]
    list_filter = ["kind", "level", "is_party"]
    search_fields = ["name", "short_name", "code", "aliases__name"]
    inlines = [AliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "title"]
    list_filter = ["role", "organization__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


class ReferenceInline(admin.TabularInline):
    model = Reference
    fk_name = "child"
    extra = 0
    autocomplete_fields = ["parent"]
    verbose_name = _("văn bản được dẫn chiếu")
    verbose_name_plural = _("văn bản được dẫn chiếu")


class TaskInline(admin.StackedInline):
    model = Task
    extra = 0
    autocomplete_fields = ["report_to"]
    fields = [
        ("ordinal", "requires"),
        "text",
        ("deadline_text", "deadline_kind", "due_on", "recurrence"),
        ("report_to", "report_to_name"),
    ]


class DocumentAdminForm(forms.ModelForm):
    """An original file uploaded here gets the same check as one uploaded to "Nhập văn bản"."""

    class Meta:
        model = Document
        fields = ["source_file"]  # the admin adds the fields of its fieldsets

    def clean_source_file(self) -> Any:
        value = self.cleaned_data.get("source_file")
        if isinstance(value, UploadedFile):
            return validate_upload(value, allowed=SOURCE_KINDS).django_file
        return value


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = ["tree_label", "doc_type", "issuer_display", "issued_on", "state"]
    list_filter = [
        "state",
        "doc_type",
        "date_precision",
        ("issuer__level", admin.AllValuesFieldListFilter),
    ]
    search_fields = ["number", "subject", "issuer_name", "issuer__name", "signer_name"]
    autocomplete_fields = ["issuer", "primary_parent", "root"]
    date_hierarchy = "issued_on"
    inlines = [ReferenceInline, TaskInline]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("number", "symbol", "doc_type", "state"),
                    ("issuer", "issuer_name"),
                    ("place", "issued_on", "date_precision"),
                    "subject",
                ]
            },
        ),
        (_("Cây ban hành"), {"fields": [("primary_parent", "root")]}),
        (_("Người ký"), {"fields": [("signer_capacity", "signer_title", "signer_name")]}),
        (_("Vào sổ văn bản đến"), {"fields": [("received_number", "received_on")]}),
        (_("Nội dung"), {"classes": ["collapse"], "fields": ["text", "source_file"]}),
        (_("Theo dõi"), {"fields": [("created_by", "created_at", "updated_at")]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).select_related("issuer", "primary_parent", "root")

    @admin.display(description=_("Văn bản (trong cây ban hành)"), ordering="number")
    def tree_label(self, obj: Document) -> str:
        # Show where the document sits: its root directive › its primary parent › itself.
        trail = [d for d in (obj.root, obj.primary_parent) if d is not None and d.pk != obj.pk]
        seen: list[str] = []
        for d in trail:
            label = d.number or d.get_doc_type_display()
            if label not in seen:
                seen.append(str(label))
        prefix = " › ".join(seen)
        label = obj.number or f"{obj.get_doc_type_display()} (không số)"
        if prefix:
            return format_html('<span class="text-secondary">{} › </span><strong>{}</strong>', prefix, label)
        return format_html("<strong>{}</strong>", label)

    @admin.display(description=_("Cơ quan ban hành"), ordering="issuer__name")
    def issuer_display(self, obj: Document) -> str:
        return obj.issuer.name if obj.issuer else obj.issuer_name


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["child", "relation", "parent"]
    list_filter = ["relation"]
    search_fields = ["child__number", "parent__number"]
    autocomplete_fields = ["child", "parent"]
    list_select_related = ["child__issuer", "parent__issuer"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["document", "ordinal", "short_text", "requires", "deadline_kind", "due_on"]
    list_filter = ["requires", "deadline_kind"]
    search_fields = ["text", "document__number"]
    autocomplete_fields = ["document", "report_to"]
    list_select_related = ["document__issuer"]

    @admin.display(description=_("Nội dung"))
    def short_text(self, obj: Task) -> str:
        return obj.text[:90]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "task", "period", "due_on", "status", "submitted_on"]
    list_filter = ["status", "unit__level", "task__requires"]
    search_fields = ["unit__name", "task__text", "task__document__number"]
    autocomplete_fields = ["task", "unit"]
    list_select_related = ["unit", "task__document__issuer"]
    date_hierarchy = "due_on"


@admin.register(DeadlineEvent)
class DeadlineEventAdmin(admin.ModelAdmin):
    list_display = ["assignment", "kind", "due_on", "created_at", "processed_at"]
    list_filter = ["kind"]
    list_select_related = ["assignment__unit", "assignment__task__document__issuer"]
    raw_id_fields = ["assignment"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "kind",
        "assignment",
        "due_on",
        "created_at",
        "read_at",
        "emailed_at",
    ]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "message"]
    list_select_related = ["recipient", "assignment__unit", "assignment__task__document__issuer"]
    raw_id_fields = ["assignment", "event", "recipient"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working", "reason", "decision"]
    list_filter = ["is_working"]
    search_fields = ["reason", "decision"]
    date_hierarchy = "day"
