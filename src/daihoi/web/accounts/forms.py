"""The login form, with throttling of repeated failures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from daihoi.web.accounts import throttle


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
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, ip, now)
                minutes = throttle.locked_minutes(username, ip, now)
                if minutes:
                    raise self._locked_error(minutes) from None
            raise
        throttle.record_success(username, ip)
        return cleaned

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
