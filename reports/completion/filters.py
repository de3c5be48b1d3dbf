"""django-filter sets for the unit's inbox and the issuer's roll-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from directives.models import Assignment
from directives.timeliness import Timeliness
from reports.timeliness_sql import timeliness_q

STATUS_CHOICES = [
    ("overdue", "Quá hạn"),
    ("due_soon", "Sắp đến hạn"),
    ("on_track", "Trong hạn"),
    ("returned", "Bị trả lại"),
    ("submitted", "Chờ duyệt"),
    ("accepted", "Đã được chấp nhận"),
    ("done_late", "Hoàn thành quá hạn"),
]

# The choices that are a reporting status rather than a four-way timeliness state.
_STATUS_ONLY = frozenset({Assignment.Status.RETURNED, Assignment.Status.SUBMITTED, Assignment.Status.ACCEPTED})

_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class InboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Tình trạng", choices=STATUS_CHOICES, method="filter_status", empty_label="Tất cả", widget=_SELECT
    )
    directive = django_filters.ChoiceFilter(
        label="Văn bản chỉ đạo", method="filter_directive", empty_label="Tất cả", widget=_SELECT
    )
    year = django_filters.ChoiceFilter(label="Năm", method="filter_year", empty_label="Tất cả", widget=_SELECT)
    unit = django_filters.ChoiceFilter(label="Đơn vị", method="filter_unit", empty_label="Tất cả", widget=_SELECT)

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        due_soon_until: dt.date,
        directives: list[tuple[int, str]],
        years: list[int],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.due_soon_until = due_soon_until
        self.filters["directive"].extra["choices"] = [(str(pk), label) for pk, label in directives]
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
        self.filters["unit"].extra["choices"] = [(str(pk), name) for pk, name in units]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in _STATUS_ONLY:
            return queryset.filter(status=value)
        return queryset.filter(timeliness_q(Timeliness(value), today=self.today, due_soon_until=self.due_soon_until))

    def filter_directive(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(directive_id=int(value))

    def filter_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(due_on__year=int(value))

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(unit_id=int(value))


class IssuedTaskFilter(django_filters.FilterSet):
    pending_review = django_filters.BooleanFilter(
        label="Chỉ việc có báo cáo chờ duyệt",
        method="filter_pending_review",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    year = django_filters.NumberFilter(
        label="Năm",
        field_name="due_on",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 2000, "max": 2100}),
    )

    def filter_pending_review(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return queryset.filter(awaiting__gt=0) if value else queryset
