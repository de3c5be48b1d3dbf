"""Search and filters for the document list (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from directives.documents.search import fold
from directives.models import Document, DocumentType, Organization


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm kiếm",
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": "Số hiệu, cơ quan, trích yếu, nội dung… (gõ không dấu cũng được)"}
        ),
    )
    doc_type = django_filters.ChoiceFilter(label="Loại", choices=DocumentType.choices, empty_label="Mọi loại")
    issuer = django_filters.ModelChoiceFilter(label="Cơ quan ban hành", queryset=Organization.objects.none())
    year = django_filters.NumberFilter(label="Năm", field_name="issued_on", lookup_expr="year", min_value=1945)
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Document.State.choices, empty_label="Mọi trạng thái"
    )

    class Meta:
        model = Document
        fields = ["q", "doc_type", "issuer", "year", "state"]

    def __init__(self, *args: Any, issuers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["issuer"].queryset = issuers

    def search(self, queryset: QuerySet[Document], name: str, value: str) -> QuerySet[Document]:
        """Accent-insensitive: `search_text` is stored folded, so the folded words are searched with
        a plain `contains`, which the pg_trgm index serves. Every word must appear."""
        words = fold(value).split()
        condition = Q()
        for word in words[:8]:
            condition &= Q(search_text__contains=word)
        return queryset.filter(condition)
