"""Forms for signing in, inviting people, accepting an invitation and searching the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEntry, Invitation
from directives.models import Membership

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên."),
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Invitation.Role.choices)
    title = forms.CharField(label=_("Chức vụ"), max_length=128, required=False)


class RegisterFromInvitationForm(forms.Form):
    username = UsernameField(label=_("Tên đăng nhập"), max_length=150)
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150)
    first_name = forms.CharField(label=_("Tên"), max_length=150)
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        username_validator = get_user_model().username_validator
        username_validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Tên đăng nhập này đã có người dùng. Hãy chọn tên khác."))
        return str(username)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không giống nhau."))
        elif p1:
            user = get_user_model()(
                username=data.get("username", ""),
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MembershipRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), max_length=500, required=False)


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
    action = forms.ChoiceField(
        label=_("Thao tác"), choices=[("", _("Tất cả")), *list(AuditEntry.Action.choices)], required=False
    )
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    actor = forms.CharField(label=_("Người thực hiện"), max_length=150, required=False)
    date_from = forms.DateField(label=_("Từ ngày"), input_formats=DATE_INPUT_FORMATS, required=False)
    date_to = forms.DateField(label=_("Đến ngày"), input_formats=DATE_INPUT_FORMATS, required=False)

    def __init__(self, *args: Any, object_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Tất cả")), *object_types]  # type: ignore[attr-defined]
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


ROLE_LABELS = dict(Membership.Role.choices)
