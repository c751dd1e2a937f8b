"""The login form, with throttling of repeated failures, and the form office staff fill in for
the accounts of their own subtree (người dùng).

A user is in scope when their profile's unit is under the office's unit. Superuser accounts are
never listed nor changed here (that is the Django admin's job), and nobody changes their own
unit or role, so an office cannot lock itself out.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from daihoi.web.accounts import gates, throttle
from daihoi.web.accounts.models import Role
from daihoi.web.accounts.scope import visible_organisations
from daihoi.web.core.versions import add_version_field
from daihoi.web.orgs.models import Organisation


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khoá."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_address(self.request) if self.request is not None else "unknown"
        now = timezone.now()
        minutes = throttle.locked_minutes(username, ip, now)
        if minutes:
            raise self._locked_error(minutes)
        try:
            cleaned = super().clean()
        except forms.ValidationError as exc:
            if username and getattr(exc, "code", None) != "refused":
                throttle.record_failure(username, ip, now)
                minutes = throttle.locked_minutes(username, ip, now)
                if minutes:
                    raise self._locked_error(minutes) from None
            raise
        throttle.record_success(username, ip)
        return cleaned

    def confirm_login_allowed(self, user: User) -> None:
        """The right password, but an account the apps refuse now (a station account after its
        congress's counting): refused with their words, not counted as a failed guess."""
        super().confirm_login_allowed(user)
        refusal = gates.login_refusal(user)
        if refusal:
            raise forms.ValidationError(refusal, code="refused")

    @staticmethod
    def _locked_error(minutes: int) -> forms.ValidationError:
        return forms.ValidationError(
            ngettext(
                "Đăng nhập sai quá nhiều lần: tài khoản tạm khoá trên máy này. Vui lòng thử lại sau %(minutes)d phút.",
                "Đăng nhập sai quá nhiều lần: tài khoản tạm khoá trên máy này. Vui lòng thử lại sau %(minutes)d phút.",
                minutes,
            )
            % {"minutes": minutes},
            code="locked",
        )


class UnitCodeField(forms.CharField):
    """A unit given by its code (a select of 50,000 units would be unusable)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mã đơn vị"))
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)


class PersonForm(forms.Form):
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    unit_code = UnitCodeField()
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    password = forms.CharField(
        label=_("Mật khẩu mới"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Để trống nếu không đổi."),
    )

    def __init__(
        self,
        *args: Any,
        office: Any,
        person: User | None = None,
        version: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The account's version this form is filled in from (``services.person_version``).
        add_version_field(self, version)
        self.office = office
        self.person = person
        self.unit: Organisation | None = None
        if person is None:
            self.fields["username"] = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
            self.fields["password"].required = True
            self.fields["password"].label = _("Mật khẩu")
            self.fields["password"].help_text = ""
            self.order_fields(
                [
                    "username",
                    "last_name",
                    "first_name",
                    "unit_code",
                    "role",
                    "is_active",
                    "password",
                ]
            )
        elif person.pk == getattr(office, "pk", None):
            # Nobody changes their own unit, role or status here.
            for name in ("unit_code", "role", "is_active"):
                self.fields[name].disabled = True

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean_unit_code(self) -> str:
        code = str(self.cleaned_data["unit_code"]).strip()
        self.unit = visible_organisations(self.office).filter(code=code).first()
        if self.unit is None:
            raise forms.ValidationError(
                _("Không có đơn vị mã %(code)s trong phạm vi của bạn.") % {"code": code}
            )
        return code

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if password:
            validate_password(password, self.person)
        return password
