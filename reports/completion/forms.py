"""Forms for the completion report and its review: parse and validate, then hand to services."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from directives.models import Document, DocumentType
from reports.completion.services import FIGURE_FIELDS, NewDocumentInput, ReportData, submission_errors

MAX_COUNT = 10_000_000
MAX_TEXT = 20_000
_DIGITS = re.compile(r"^\d+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# Types a unit issues downward to implement a directive.
UNIT_DOCUMENT_TYPES = [
    (t.value, t.label) for t in (DocumentType.KH, DocumentType.HD, DocumentType.CV, DocumentType.CTR, DocumentType.TB)
]


class CountField(forms.CharField):
    """A whole number as people type it: "1.200" and "1 200" are 1200; "12,5" or "-3" are refused."""

    def __init__(self, *, max_value: int = MAX_COUNT, **kwargs: Any) -> None:
        self.max_value = max_value
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in ("", None):
            return None
        compact = re.sub(r"[\s.\u00a0]", "", str(text))
        if not _DIGITS.match(compact):
            raise forms.ValidationError("Chỉ nhập số nguyên không âm (ví dụ 1.200).", code="invalid")
        number = int(compact)
        if number > self.max_value:
            raise forms.ValidationError(f"Số quá lớn (tối đa {self.max_value:,}).".replace(",", "."), code="max")
        return number

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        return None


class HashListField(forms.Field):
    """A list of SHA-256 hex digests (the checkboxes next to each attachment)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value] if value else []

    def validate(self, value: Any) -> None:
        if any(not _SHA256.match(v) for v in value):
            raise forms.ValidationError("Danh sách tệp cần gỡ không hợp lệ. Hãy tải lại trang.", code="invalid")


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class ReportForm(forms.Form):
    deployment = forms.CharField(
        label="I. Tình hình triển khai",
        help_text="Cấp ủy, đơn vị đã lãnh đạo, chỉ đạo, tổ chức thực hiện thế nào; văn bản đã ban hành.",
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(5),
    )
    results = forms.CharField(
        label="II. Kết quả đạt được",
        help_text="Kết quả học tập, quán triệt, tuyên truyền; các nhiệm vụ, chỉ tiêu cụ thể.",
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(5),
    )
    sessions_held = CountField(label="Số hội nghị, buổi học tập đã tổ chức", max_value=100_000)
    participants = CountField(label="Số người tham dự")
    members_reached = CountField(label="Số đảng viên, đoàn viên được quán triệt")
    members_total = CountField(label="Tổng số đảng viên, đoàn viên của đơn vị")
    documents_issued = CountField(label="Số văn bản đơn vị đã ban hành", max_value=10_000)
    shortcomings = forms.CharField(label="III. Hạn chế", required=False, max_length=MAX_TEXT, widget=_textarea())
    causes = forms.CharField(label="Nguyên nhân", required=False, max_length=MAX_TEXT, widget=_textarea(3))
    next_steps = forms.CharField(
        label="IV. Phương hướng, nhiệm vụ thời gian tới", required=False, max_length=MAX_TEXT, widget=_textarea()
    )
    proposals = forms.CharField(label="V. Kiến nghị, đề xuất", required=False, max_length=MAX_TEXT, widget=_textarea(3))
    nothing_arose = forms.BooleanField(
        label="Không phát sinh trong kỳ báo cáo",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    issued_document = forms.ModelChoiceField(
        label="Văn bản đơn vị đã ban hành để triển khai",
        queryset=Document.objects.none(),
        required=False,
        empty_label="— Không chọn —",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    new_doc_number = forms.CharField(
        label="Số, ký hiệu",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "ví dụ 45-KH/HU"}),
    )
    new_doc_type = forms.ChoiceField(
        label="Loại văn bản",
        choices=UNIT_DOCUMENT_TYPES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    new_doc_issued_on = forms.DateField(
        label="Ngày ban hành",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
        error_messages={"invalid": "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 20/10/2023."},
    )
    new_doc_subject = forms.CharField(
        label="Trích yếu",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    # SHA-256s of evidence to take off the draft; the service ignores any the draft does not carry.
    remove_attachments = HashListField(required=False)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        unit_documents: QuerySet[Document],
        require_complete: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.require_complete = require_complete
        issued = self.fields["issued_document"]
        assert isinstance(issued, forms.ModelChoiceField)
        issued.queryset = unit_documents

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Bootstrap marks a field red through its class; every error path goes through here.
        names = [field] if field else []
        if isinstance(error, dict):
            names = list(error)
        elif hasattr(error, "error_dict"):
            names = list(error.error_dict)
        for name in names:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()

    def clean_form_token(self) -> uuid.UUID:
        token = self.cleaned_data["form_token"]
        if not isinstance(token, uuid.UUID):
            raise forms.ValidationError("Biểu mẫu đã cũ. Hãy tải lại trang.")
        return token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reached, total = data.get("members_reached"), data.get("members_total")
        if reached is not None and total is not None and reached > total:
            self.add_error("members_reached", "Số được quán triệt không thể lớn hơn tổng số đảng viên, đoàn viên.")
        elif reached is not None and total is None and "members_total" not in self.errors:
            self.add_error("members_total", "Nhập tổng số để tính tỷ lệ được quán triệt.")
        participants, sessions = data.get("participants"), data.get("sessions_held")
        if participants and not sessions:
            self.add_error("sessions_held", "Có người tham dự thì phải có ít nhất một hội nghị, buổi học tập.")
        if data.get("nothing_arose") and any(data.get(name) for name in FIGURE_FIELDS):
            self.add_error("nothing_arose", "Đã chọn “Không phát sinh” thì để trống các số liệu kết quả.")
        self._clean_new_document(data)
        if self.require_complete and not self.errors:
            for field, message in submission_errors(self.report_data()).items():
                self.add_error(field, message)
        return data

    def _clean_new_document(self, data: dict[str, Any]) -> None:
        parts = {
            "new_doc_number": data.get("new_doc_number", "").strip(),
            "new_doc_issued_on": data.get("new_doc_issued_on"),
            "new_doc_subject": data.get("new_doc_subject", "").strip(),
        }
        if not any(parts.values()):
            return
        if data.get("issued_document"):
            self.add_error("new_doc_number", "Đã chọn văn bản có sẵn; để trống phần nhập văn bản mới.")
            return
        missing = {
            "new_doc_number": "Nhập số, ký hiệu.",
            "new_doc_issued_on": "Nhập ngày ban hành.",
            "new_doc_subject": "Nhập trích yếu.",
        }
        for name, message in missing.items():
            if not parts[name] and name not in self.errors:
                self.add_error(name, message)

    def report_data(self) -> ReportData:
        d = self.cleaned_data
        doc = d.get("issued_document")
        return ReportData(
            deployment=d.get("deployment", "").strip(),
            results=d.get("results", "").strip(),
            shortcomings=d.get("shortcomings", "").strip(),
            causes=d.get("causes", "").strip(),
            next_steps=d.get("next_steps", "").strip(),
            proposals=d.get("proposals", "").strip(),
            sessions_held=d.get("sessions_held"),
            participants=d.get("participants"),
            members_reached=d.get("members_reached"),
            members_total=d.get("members_total"),
            documents_issued=d.get("documents_issued"),
            nothing_arose=bool(d.get("nothing_arose")),
            issued_document_id=doc.pk if doc else None,
        )

    def new_document(self) -> NewDocumentInput | None:
        d = self.cleaned_data
        if not d.get("new_doc_number"):
            return None
        return NewDocumentInput(
            number=d["new_doc_number"].strip(),
            doc_type=d.get("new_doc_type") or DocumentType.KH,
            issued_on=d["new_doc_issued_on"],
            subject=d["new_doc_subject"].strip(),
        )


def initial_from(data: ReportData, *, lock_version: int | None, token: uuid.UUID) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "deployment": data.deployment,
        "results": data.results,
        "shortcomings": data.shortcomings,
        "causes": data.causes,
        "next_steps": data.next_steps,
        "proposals": data.proposals,
        "nothing_arose": data.nothing_arose,
        "issued_document": data.issued_document_id,
        "lock_version": lock_version,
        "form_token": token,
    }
    for name in FIGURE_FIELDS:
        value = getattr(data, name)
        initial[name] = "" if value is None else f"{value:,}".replace(",", ".")
    return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Chấp nhận"), ("return", "Trả lại")])
    comment = forms.CharField(
        label="Ý kiến",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Khi trả lại báo cáo, cần ghi rõ lý do để đơn vị sửa.")
        return data
