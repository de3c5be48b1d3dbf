"""The leader's form before rendering an aggregated report: narrative, Nơi nhận, signer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.pdf.aggregate import AggregateInput
from reports.pdf.common import Signature

CAPACITY_CHOICES = [
    ("", _("Người đứng đầu ký trực tiếp")),
    ("T/M", _("T/M — thay mặt tập thể")),
    ("K/T", _("K/T — ký thay người đứng đầu")),
    ("T/L", _("T/L — thừa lệnh")),
    ("T/UQ", _("T/UQ — thừa ủy quyền")),
]
MAX_RECIPIENT_LINES = 30


class AggregateReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("Tình hình triển khai, thực hiện (phần nhận định của lãnh đạo)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_("Mỗi dòng là một đoạn văn. Đã điền sẵn từ số liệu; hãy bổ sung đánh giá, hạn chế, kiến nghị."),
        error_messages={"required": _("Hãy viết phần nhận định trước khi tạo báo cáo.")},
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Mỗi dòng một nơi nhận; dòng cuối thường là nơi lưu."),
        error_messages={"required": _("Hãy ghi ít nhất một nơi nhận.")},
    )
    capacity = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=CAPACITY_CHOICES, required=False)
    capacity_body = forms.CharField(
        label=_("Thay mặt / ký thay cho"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: BAN THƯỜNG VỤ, TRƯỞNG BAN."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=100,
        error_messages={"required": _("Hãy ghi chức vụ người ký.")},
    )
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=100, required=False)

    def clean_recipients(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Hãy ghi ít nhất một nơi nhận."))
        if len(lines) > MAX_RECIPIENT_LINES:
            raise forms.ValidationError(
                _("Nơi nhận có %(n)d dòng; tối đa %(max)d dòng."), params={"n": len(lines), "max": MAX_RECIPIENT_LINES}
            )
        too_long = [line for line in lines if len(line) > 200]
        if too_long:
            raise forms.ValidationError(
                _("Mỗi nơi nhận tối đa 200 ký tự: “%(line)s…”"), params={"line": too_long[0][:40]}
            )
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("capacity") and not (data.get("capacity_body") or "").strip():
            self.add_error("capacity_body", _("Với T/M, K/T, T/L, T/UQ hãy ghi tập thể hoặc người đứng đầu được thay."))
        return data

    @classmethod
    def initial_from(cls, defaults: AggregateInput) -> dict[str, str]:
        return {
            "narrative": defaults.narrative,
            "recipients": "\n".join(defaults.recipients),
            "capacity": defaults.signature.capacity,
            "capacity_body": defaults.signature.body,
            "signer_title": defaults.signature.title,
            "signer_name": defaults.signature.name,
        }

    def to_input(self) -> AggregateInput:
        data = self.cleaned_data
        return AggregateInput(
            narrative=data["narrative"],
            recipients=data["recipients"],
            signature=Signature(
                capacity=data["capacity"],
                body=data["capacity_body"].strip(),
                title=data["signer_title"].strip(),
                name=data["signer_name"].strip(),
            ),
        )
