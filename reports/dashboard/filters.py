"""django-filter sets for the dashboard's overdue-units table (and the form of the backlog ranking).

The filter set is built on the viewer's scoped queryset, so nothing outside their reach can be
filtered into view; the unit filter accepts only organisations inside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from directives.models import Assignment, Document, DocumentType, Organization
from directives.timeliness import Timeliness
from reports.timeliness_sql import days_overdue_annotation, due_soon_label, timeliness_q

T = Timeliness
STATUS_STATES: dict[str, frozenset[Timeliness]] = {
    "overdue": frozenset({T.OVERDUE}),
    "due_soon": frozenset({T.DUE_SOON}),
    "in_time": frozenset({T.ON_TRACK, T.DUE_SOON}),
    "not_done": frozenset({T.ON_TRACK, T.DUE_SOON, T.OVERDUE}),
    "done_late": frozenset({T.DONE_LATE}),
    "done_on_time": frozenset({T.DONE_ON_TIME}),
    "all": frozenset(T),
}
STATUS_CHOICES = (
    ("overdue", "Chưa hoàn thành, quá hạn"),
    ("due_soon", "Sắp đến hạn"),  # the label names the configured days: `due_soon_label()`
    ("in_time", "Chưa hoàn thành, trong hạn"),
    ("not_done", "Chưa hoàn thành (tất cả)"),
    ("done_late", "Hoàn thành quá hạn"),
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("all", "Tất cả"),
)
OPEN_STATES = frozenset({T.ON_TRACK, T.DUE_SOON, T.OVERDUE})

# Column → ordering; the table headers toggle "key" / "-key".
SORT_COLUMNS = {
    "unit": "Đơn vị",
    "parent": "Đơn vị cấp trên",
    "level": "Cấp",
    "task": "Nhiệm vụ",
    "due": "Hạn",
    "days": "Số ngày quá hạn",
    "reminders": "Đã nhắc",
    "escalations": "Báo cáo cấp trên",
    "contact": "Người liên hệ",
}
SORT_CHOICES = tuple((f"{sign}{key}", label) for key, label in SORT_COLUMNS.items() for sign in ("", "-"))


class OverdueForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("overdue_min"), data.get("overdue_max")
        if low is not None and high is not None and low > high:
            self.add_error("overdue_max", "Số ngày “đến” phải lớn hơn hoặc bằng số ngày “từ”.")
        return data


class OverdueFilterSet(django_filters.FilterSet):
    directive = django_filters.ModelChoiceFilter(
        label="Văn bản chỉ đạo",
        queryset=Document.objects.filter(primary_parent__isnull=True),
        field_name="directive",
        empty_label="Tất cả văn bản",
    )
    unit = django_filters.ModelChoiceFilter(
        label="Địa bàn, đơn vị (cả cấp dưới)",
        queryset=Organization.objects.none(),
        method="filter_unit",
        empty_label="Toàn bộ phạm vi",
    )
    level = django_filters.ChoiceFilter(
        label="Cấp", choices=Organization.Level.choices, field_name="unit__level", empty_label="Mọi cấp"
    )
    status = django_filters.ChoiceFilter(
        label="Tình trạng", choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    overdue_min = django_filters.NumberFilter(label="Quá hạn từ (ngày)", method="keep", min_value=0)
    overdue_max = django_filters.NumberFilter(label="đến (ngày)", method="keep", min_value=0)
    doc_type = django_filters.ChoiceFilter(
        label="Loại văn bản",
        choices=DocumentType.choices,
        field_name="task__document__doc_type",
        empty_label="Mọi loại",
    )
    issuer = django_filters.ModelChoiceFilter(
        label="Cơ quan ban hành",
        queryset=Organization.objects.none(),
        field_name="task__document__issuer",
        empty_label="Mọi cơ quan",
    )
    year = django_filters.NumberFilter(
        label="Năm ban hành", field_name="task__document__issued_on__year", min_value=1945, max_value=2100
    )
    sort = django_filters.ChoiceFilter(
        label="Sắp xếp", choices=SORT_CHOICES, method="keep", empty_label=None
    )  # applied last, in filter_queryset

    class Meta:
        model = Assignment
        fields: list[str] = []
        form = OverdueForm

    def __init__(
        self, data=None, *args, scope_q=None, today: dt.date, due_soon_until: dt.date, issuer_q=None, **kwargs
    ):
        data = data.copy() if data is not None else {}
        if hasattr(data, "setdefault"):
            if not data.get("status"):
                data["status"] = "overdue"
            if not data.get("sort"):
                data["sort"] = "-days"
        super().__init__(data, *args, **kwargs)
        self.today = today
        self.due_soon_until = due_soon_until
        self.filters["status"].extra["choices"] = [
            (value, due_soon_label() if value == "due_soon" else label) for value, label in STATUS_CHOICES
        ]
        self.filters["unit"].queryset = Organization.objects.filter(scope_q) if scope_q is not None else None
        if issuer_q is not None:
            issuers = Organization.objects.filter(issuer_q)
            self.filters["issuer"].queryset = issuers
            self.filters["directive"].queryset = Document.objects.filter(
                primary_parent__isnull=True, issuer__in=issuers
            )

    # --- filter methods -------------------------------------------------------------------------
    def keep(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: Organization) -> QuerySet:
        return queryset.filter(unit_path__startswith=value.path)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        states = STATUS_STATES.get(value, STATUS_STATES["overdue"])
        if len(states) == len(Timeliness):
            return queryset
        condition = None
        for state in states:
            q = timeliness_q(state, today=self.today, due_soon_until=self.due_soon_until)
            condition = q if condition is None else condition | q
        return queryset.filter(condition)

    @property
    def states(self) -> frozenset[Timeliness]:
        value = self.form.cleaned_data.get("status") if self.is_bound and self.form.is_valid() else "overdue"
        return STATUS_STATES.get(value or "overdue", STATUS_STATES["overdue"])

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        low, high = data.get("overdue_min"), data.get("overdue_max")
        if low is not None or high is not None:
            if self.states <= OPEN_STATES:
                # Days overdue of an open assignment = today - due date: a due-date window (indexable).
                if low is not None:
                    queryset = queryset.filter(due_on__lte=self.today - dt.timedelta(days=int(low)))
                if high is not None:
                    queryset = queryset.filter(due_on__gte=self.today - dt.timedelta(days=int(high)))
            else:
                queryset = queryset.annotate(days_overdue=days_overdue_annotation(today=self.today))
                if low is not None:
                    queryset = queryset.filter(days_overdue__gte=int(low))
                if high is not None:
                    queryset = queryset.filter(days_overdue__lte=int(high))
        return queryset

    # --- what the roll-up tables can count ------------------------------------------------------
    def rollup_countable(self) -> bool:
        """The count needs only filters the roll-up tables carry (directive, subtree, level, state,
        days overdue on open work)."""
        data = self.form.cleaned_data
        if data.get("doc_type") or data.get("issuer") or data.get("year"):
            return False
        has_range = data.get("overdue_min") is not None or data.get("overdue_max") is not None
        return not (has_range and not self.states <= OPEN_STATES)


class BacklogForm(forms.Form):
    """The backlog ranking (nợ đọng): which units, which level, which directive, which period."""

    unit = forms.ModelChoiceField(
        label="Địa bàn, đơn vị", queryset=Organization.objects.none(), required=False, empty_label="Toàn bộ phạm vi"
    )
    level = forms.TypedChoiceField(label="Cấp được xếp hạng", choices=Organization.Level.choices, coerce=int)
    directive = forms.ModelChoiceField(
        label="Văn bản chỉ đạo",
        queryset=Document.objects.filter(primary_parent__isnull=True),
        required=False,
        empty_label="Tất cả văn bản",
    )
    month = forms.CharField(label="Tháng (hạn trong tháng)", required=False)
    due_from = forms.DateField(label="Hạn từ ngày", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    due_to = forms.DateField(label="đến ngày", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args: Any, scope_q: Q | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(scope_q) if scope_q is not None else None  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[dt.date, dt.date] | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(x) for x in value.split("-"))
            first = dt.date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError("Tháng phải có dạng năm-tháng, ví dụ 2025-10.") from exc
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return first, last

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("due_from"), data.get("due_to")
        if low and high and low > high:
            self.add_error("due_to", "Ngày “đến” phải sau ngày “từ”.")
        return data

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        data = self.cleaned_data
        if data.get("month"):
            return data["month"]
        return data.get("due_from"), data.get("due_to")
