"""Forms for "Nhập văn bản": the paste/upload form and the review form with its formsets.

Organisation fields are plain choice fields over ids computed once per request (no queryset per
row); the ids are resolved to rows in one query when saving. Everything typed is re-rendered as
typed when any part has an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cascade.lib.uploads import ValidatedFileField
from directives.documents.imports import SOURCE_KINDS, NewUnit
from directives.documents.intake import Reviewed, ReviewInitial, assignment_rows, document_input_from_review
from directives.documents.selectors import OrgOption, units_at_level
from directives.documents.services import DocumentInput
from directives.models import DeadlineKind, Document, DocumentType, Organization, Reference, Task

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class FastSelect(forms.Select):
    """A <select> rendered in Python: the review form repeats organisation lists in dozens of rows,
    and Django's one-template-per-option rendering made the page take most of a second."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        parts: list[str] = [format_html("<select{}>", flatatt(final))]
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            mark = mark_safe(" selected") if key in selected else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', key, mark, label))
        parts.append("</select>")
        return mark_safe("".join(parts))


def _org_field(label: str, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=required, coerce=int, empty_value=None, choices=(), widget=FastSelect
    )


def _set_choices(field: forms.Field, choices: list[tuple[Any, str]]) -> None:
    """Assign already-normal (value, label) pairs without Django re-normalising them for every row
    of every formset (that alone cost a quarter of a second on a seed document's review page)."""
    field._choices = field.widget.choices = choices  # type: ignore[attr-defined]


def _choices(options: Sequence[OrgOption], blank: str = "— chọn —") -> list[tuple[Any, str]]:
    return [("", blank), *((o.id, o.label) for o in options)]


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields without per-field markup."""

    def style_fields(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ImportForm(forms.Form):
    """Step 1: paste the text, or upload a .txt/.docx/.pdf or a photo (checked by content, size-limited)."""

    text = forms.CharField(
        label="Dán nội dung văn bản",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = ValidatedFileField(
        allowed=SOURCE_KINDS,
        label="hoặc tải tệp lên (.txt, .docx, .pdf, bản quét hoặc ảnh chụp .jpg, .png)",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("file"):
            return cleaned  # the file's own error says it all
        upload = cleaned.get("file")
        text = (cleaned.get("text") or "").strip()
        if upload and text:
            raise ValidationError("Hãy dán văn bản hoặc tải tệp lên, không cả hai.")
        if not upload and not text:
            raise ValidationError("Hãy dán nội dung văn bản hoặc chọn một tệp.")
        return cleaned


RELATION_CHOICES = [
    (Reference.Relation.IMPLEMENTS, "Thực hiện"),
    (Reference.Relation.BASED_ON, "Căn cứ"),
    (Reference.Relation.MENTIONS, "Dẫn chiếu"),
]
PRECISION_CHOICES = Document.DatePrecision.choices


class DocumentReviewForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=64, required=False)
    doc_type = forms.ChoiceField(label="Loại văn bản", choices=DocumentType.choices)
    issuer = _org_field("Cơ quan ban hành")
    issuer_name = forms.CharField(label="Cơ quan ban hành (như ghi)", max_length=255, required=False)
    issuer_new_name = forms.CharField(label="hoặc tạo đơn vị mới", max_length=255, required=False)
    issuer_new_parent = _org_field("trực thuộc")
    place = forms.CharField(label="Địa danh", max_length=64, required=False)
    issued_on = _date_field("Ngày ban hành")
    date_precision = forms.ChoiceField(label="Độ chính xác", choices=PRECISION_CHOICES, initial="day")
    subject = forms.CharField(label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label="Người ký", max_length=128, required=False)
    signer_capacity = forms.CharField(label="Quyền hạn ký", max_length=128, required=False)
    signer_title = forms.CharField(label="Chức vụ", max_length=128, required=False)
    received_number = forms.CharField(label="Số đến", max_length=32, required=False)
    received_on = _date_field("Ngày đến")
    primary_parent_number = forms.CharField(label="Văn bản cấp trên (số)", max_length=64, required=False)
    copy_number = forms.CharField(label="Số bản sao", max_length=64, required=False)
    copy_kind = forms.CharField(label="Hình thức sao", max_length=32, required=False)
    copy_issuer = _org_field("Cơ quan sao")
    copy_issuer_name = forms.CharField(label="Cơ quan sao (như ghi)", max_length=255, required=False)
    copy_place = forms.CharField(label="Địa danh", max_length=64, required=False)
    copy_issued_on = _date_field("Ngày sao")
    copy_signer_name = forms.CharField(label="Người ký bản sao", max_length=128, required=False)
    copy_signer_capacity = forms.CharField(label="Quyền hạn ký", max_length=128, required=False)
    copy_signer_title = forms.CharField(label="Chức vụ", max_length=128, required=False)
    # "Giao cho cả một cấp": every unit of a level below one organisation.
    level_under = _org_field("Giao cho các đơn vị thuộc")
    level = forms.TypedChoiceField(
        label="ở cấp", required=False, coerce=int, empty_value=None, choices=[("", "—"), *Organization.Level.choices]
    )
    level_kind = forms.ChoiceField(label="loại", required=False, choices=[("", "mọi loại"), *Organization.Kind.choices])

    def __init__(self, *args: Any, scope_options: Sequence[OrgOption], all_options: Sequence[OrgOption], **kw: Any):
        super().__init__(*args, **kw)
        scoped = _choices(scope_options)
        for name in ("issuer", "issuer_new_parent", "level_under"):
            _set_choices(self.fields[name], scoped)
        _set_choices(self.fields["copy_issuer"], _choices(all_options))
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new_name = (cleaned.get("issuer_new_name") or "").strip()
        if new_name and not cleaned.get("issuer_new_parent"):
            self.add_error("issuer_new_parent", "Chọn đơn vị cấp trên cho đơn vị mới.")
        if not cleaned.get("issuer") and not new_name:
            self.add_error("issuer", "Chọn cơ quan ban hành (trong phạm vi của bạn) hoặc tạo đơn vị mới.")
        if cleaned.get("number") == "":
            cleaned["number"] = None
        return cleaned


class ReferenceForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=64)
    # Blank first options in formset rows: a browser posts the first option of an untouched select,
    # which would make the blank extra row look filled in.
    relation = forms.ChoiceField(label="Quan hệ", choices=[("", "—"), *RELATION_CHOICES])
    issued_on = _date_field("Ngày")
    issuer = _org_field("Cơ quan ban hành")
    issuer_name = forms.CharField(label="như ghi", max_length=255, required=False)

    def __init__(self, *args: Any, all_choices: list[tuple[Any, str]], **kw: Any):
        super().__init__(*args, **kw)
        _set_choices(self.fields["issuer"], all_choices)
        self.style_fields()


class TaskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}))
    deadline_text = forms.CharField(label="Thời hạn như ghi", max_length=255, required=False)
    deadline_kind = forms.ChoiceField(label="Loại thời hạn", required=False, choices=[("", "—"), *DeadlineKind.choices])
    due_on = _date_field("Hạn cuối")
    recurrence = forms.CharField(label="Định kỳ (RRULE)", max_length=255, required=False, widget=forms.HiddenInput)
    requires = forms.ChoiceField(label="Yêu cầu", choices=[("", "—"), *Task.Requires.choices])
    report_to = _org_field("Báo cáo về")
    report_to_name = forms.CharField(label="như ghi", max_length=255, required=False)

    def __init__(self, *args: Any, all_choices: list[tuple[Any, str]], **kw: Any):
        super().__init__(*args, **kw)
        _set_choices(self.fields["report_to"], all_choices)
        self.style_fields()


class RecipientForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Nơi nhận (như ghi)", max_length=255)
    purpose = forms.CharField(label="Mục đích", max_length=64, required=False)
    section = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)
    organization = _org_field("Đơn vị")
    assign = forms.BooleanField(label="Giao việc", required=False)
    new_parent = _org_field("hoặc tạo mới, trực thuộc")

    def __init__(self, *args: Any, scope_choices: list[tuple[Any, str]], **kw: Any):
        super().__init__(*args, **kw)
        _set_choices(self.fields["organization"], scope_choices)
        _set_choices(self.fields["new_parent"], scope_choices)
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("assign") and not cleaned.get("organization") and not cleaned.get("new_parent"):
            self.add_error("organization", "Chọn đơn vị, hoặc chọn đơn vị cấp trên để tạo mới.")
        return cleaned


class AssignmentForm(BootstrapMixin, forms.Form):
    task = forms.TypedChoiceField(label="Nhiệm vụ", coerce=int, choices=(), widget=FastSelect)
    unit = _org_field("Đơn vị", required=True)
    due_on = _date_field("Hạn cuối")

    def __init__(self, *args: Any, scope_choices: list[tuple[Any, str]], task_choices: list[tuple[Any, str]], **kw):
        super().__init__(*args, **kw)
        _set_choices(self.fields["unit"], scope_choices)
        _set_choices(self.fields["task"], [("", "—"), *task_choices])
        self.style_fields()


ReferenceFormSet = formset_factory(ReferenceForm, extra=1, can_delete=True)
TaskFormSet = formset_factory(TaskForm, extra=1, can_delete=True)
RecipientFormSet = formset_factory(RecipientForm, extra=1, can_delete=True)
AssignmentFormSet = formset_factory(AssignmentForm, extra=2, can_delete=True)


@dataclass
class LogRequest:
    data: DocumentInput
    new_issuer: NewUnit | None
    new_units: list[NewUnit]


def _rows(formset: forms.BaseFormSet) -> list[tuple[int, dict[str, Any]]]:
    """(1-based position, cleaned data) of the filled, undeleted rows."""
    rows = []
    for index, form in enumerate(formset.forms, start=1):
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append((index, data))
    return rows


class ReviewForms:
    """The review screen: header form + references, tasks, recipients and assignments formsets."""

    def __init__(
        self,
        *,
        data: Any = None,
        initial: ReviewInitial | None = None,
        scope_options: Sequence[OrgOption],
        all_options: Sequence[OrgOption],
        assignments_initial: list[dict[str, Any]] | None = None,
    ) -> None:
        self.scope_options = scope_options
        self.all_options = all_options
        scope_choices = _choices(scope_options)
        all_choices = _choices(all_options)
        self.header = DocumentReviewForm(
            data,
            initial=initial.header if initial else None,
            prefix="doc",
            scope_options=scope_options,
            all_options=all_options,
        )
        self.references = ReferenceFormSet(
            data,
            initial=initial.references if initial else None,
            prefix="ref",
            form_kwargs={"all_choices": all_choices},
        )
        self.tasks = TaskFormSet(
            data, initial=initial.tasks if initial else None, prefix="task", form_kwargs={"all_choices": all_choices}
        )
        self.recipients = RecipientFormSet(
            data,
            initial=initial.recipients if initial else None,
            prefix="rcp",
            form_kwargs={"scope_choices": scope_choices},
        )
        task_count = len(self.tasks.forms)
        task_choices = [(i, f"Nhiệm vụ {i}") for i in range(1, max(task_count, 1) + 1)]
        assignment_data = None if assignments_initial is not None else data
        self.assignments = AssignmentFormSet(
            assignment_data,
            initial=assignments_initial
            if assignments_initial is not None
            else (initial.assignments if initial else None),
            prefix="asg",
            form_kwargs={"scope_choices": scope_choices, "task_choices": task_choices},
        )

    @property
    def all(self) -> list[Any]:
        return [self.header, self.references, self.tasks, self.recipients, self.assignments]

    def is_valid(self) -> bool:
        results = [part.is_valid() for part in self.all]  # validate every part, so every error shows
        return all(results)

    def refreshed(self, data: Any) -> ReviewForms:
        """The same screen with the assignment rows rebuilt from tasks × tasked recipients (+ a level)."""
        for part in (self.header, self.tasks, self.recipients, self.assignments):
            part.is_valid()
        tasks = []
        for position, form in enumerate(self.tasks.forms, start=1):
            row = getattr(form, "cleaned_data", None) or {}
            if row.get("text") and not row.get("DELETE"):
                tasks.append((position, row.get("due_on")))
        units: list[int] = []
        for recipient_form in self.recipients.forms:
            row = getattr(recipient_form, "cleaned_data", None) or {}
            if row.get("assign") and row.get("organization") and not row.get("DELETE"):
                units.append(row["organization"])
        header = getattr(self.header, "cleaned_data", {}) or {}
        if header.get("level_under") and header.get("level") is not None:
            units += units_at_level(
                self.scope_options,
                under_id=header["level_under"],
                level=header["level"],
                kind=header.get("level_kind") or "",
            )
        keep: dict[tuple[int, int], dt.date | None] = {}
        for assignment_form in self.assignments.forms:
            row = getattr(assignment_form, "cleaned_data", None) or {}
            if row.get("task") and row.get("unit") and not row.get("DELETE"):
                keep[(row["task"], row["unit"])] = row.get("due_on")
                if row["unit"] not in units:
                    units.append(row["unit"])
        rows = assignment_rows(tasks=tasks, unit_ids=units, keep=keep)
        return ReviewForms(
            data=data,
            scope_options=self.scope_options,
            all_options=self.all_options,
            assignments_initial=rows,
        )

    def log_request(self, *, text: str) -> LogRequest:
        """What to log, from the valid forms (organisation ids resolved in one query)."""
        header = self.header.cleaned_data
        recipient_rows = _rows(self.recipients)
        reviewed = Reviewed(
            header=header,
            references=[row for _, row in _rows(self.references)],
            tasks=_rows(self.tasks),
            assignments=[row for _, row in _rows(self.assignments)],
        )
        orgs = Organization.objects.in_bulk(reviewed.organization_ids())
        data = document_input_from_review(reviewed, organizations=orgs, text=text)
        new_units = [
            NewUnit(name=row["name"], parent_id=row["new_parent"], tasked=bool(row.get("assign")))
            for _, row in recipient_rows
            if not row.get("organization") and row.get("new_parent") and row.get("assign")
        ]
        new_issuer = None
        if data.issuer is None and header.get("issuer_new_name"):
            new_issuer = NewUnit(name=header["issuer_new_name"], parent_id=header["issuer_new_parent"])
        return LogRequest(data=data, new_issuer=new_issuer, new_units=new_units)
